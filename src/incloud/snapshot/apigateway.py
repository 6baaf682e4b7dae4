"""Amazon API Gateway: REST APIs (v1) with their methods and resource policies, and
deployment stages; HTTP and WebSocket APIs (v2) with their routes, and their stages.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, JsonDict, Resource


class ApiMethod(Frozen):
    """One method of a REST API resource. ``authorization_type`` is ``NONE``, ``AWS_IAM``,
    ``CUSTOM`` (a Lambda authorizer) or ``COGNITO_USER_POOLS``.
    """

    path: str
    http_method: str
    authorization_type: str = "NONE"
    api_key_required: bool = False


class RestApi(Resource):
    """A REST API. ``endpoint_types`` are ``EDGE``, ``REGIONAL`` or ``PRIVATE``;
    ``methods`` is None when its resources could not be read.
    """

    kind: Literal["apigateway.rest-api"] = "apigateway.rest-api"
    api_id: str
    endpoint_types: tuple[str, ...] = ()
    disable_execute_api_endpoint: bool = False
    methods: tuple[ApiMethod, ...] | None = None
    policy: JsonDict | None = None
    """The API's resource policy (who may invoke it, ``execute-api:Invoke``); None when it has
    none. Read from ``GetRestApis``; a policy that could not be parsed is a gap on it."""

    service: ClassVar[str] = "apigateway"
    listed_by: ClassVar[tuple[str, ...]] = ("apigateway:GetRestApis",)


class ApiStage(Resource):
    """A deployed stage of a REST API.

    ``execution_logging`` is the stage-wide (``*/*``) CloudWatch logging level (``OFF``,
    ``ERROR``, ``INFO``); ``method_logging`` holds per-method overrides
    (``resource/METHOD`` -> level). ``access_log_destination`` is the access log's
    destination ARN; ``web_acl_arn`` the associated WAF web ACL; None when absent.
    """

    kind: Literal["apigateway.stage"] = "apigateway.stage"
    api_id: str
    api_name: str = ""
    stage_name: str
    endpoint_types: tuple[str, ...] = ()
    execution_logging: str = "OFF"
    method_logging: dict[str, str] = {}
    access_log_destination: str | None = None
    web_acl_arn: str | None = None
    client_certificate_id: str | None = None
    """The client certificate API Gateway presents to the integration endpoints; None when
    the stage has none."""
    tracing_enabled: bool = False
    """AWS X-Ray active tracing of the stage's requests."""
    cache_cluster_enabled: bool = False
    """The stage has a cache cluster (provisioned; each method settings entry says whether
    it caches)."""
    method_caching: dict[str, bool] = {}
    """Method settings entries that cache (``*/*`` stage-wide, or ``resource/METHOD``) ->
    whether their cached data is encrypted (``cacheDataEncrypted``)."""

    service: ClassVar[str] = "apigateway"
    listed_by: ClassVar[tuple[str, ...]] = ("apigateway:GetRestApis", "apigateway:GetStages")

    def in_use(self) -> bool:
        """Stages only accompany their API, which counts as the use."""
        return False


# --- HTTP and WebSocket APIs (API Gateway V2) -----------------------------------------------


class ApiRoute(Frozen):
    """A route of an HTTP or WebSocket API: ``route_key`` (``GET /items``, ``$default``,
    ``$connect``) and its ``authorization_type`` (``NONE``, ``AWS_IAM``, ``JWT``, ``CUSTOM``).
    """

    route_key: str
    authorization_type: str = "NONE"


class HttpApi(Resource):
    """An HTTP or WebSocket API (``protocol_type`` ``HTTP`` or ``WEBSOCKET``); ``routes`` is
    None when its routes could not be read.
    """

    kind: Literal["apigateway.v2-api"] = "apigateway.v2-api"
    api_id: str
    protocol_type: str
    routes: tuple[ApiRoute, ...] | None = None

    service: ClassVar[str] = "apigateway"
    listed_by: ClassVar[tuple[str, ...]] = ("apigatewayv2:GetApis",)


class HttpApiStage(Resource):
    """A stage of an HTTP or WebSocket API; ``access_log_destination`` is the access log's
    destination ARN, None when access logging is off.
    """

    kind: Literal["apigateway.v2-stage"] = "apigateway.v2-stage"
    api_id: str
    api_name: str = ""
    stage_name: str
    protocol_type: str
    access_log_destination: str | None = None

    service: ClassVar[str] = "apigateway"
    listed_by: ClassVar[tuple[str, ...]] = ("apigatewayv2:GetApis", "apigatewayv2:GetStages")

    def in_use(self) -> bool:
        """Stages only accompany their API, which counts as the use."""
        return False
