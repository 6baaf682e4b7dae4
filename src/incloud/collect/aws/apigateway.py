"""API Gateway collector: REST APIs (v1) with their methods and resource policies, and their
stages.

HTTP and WebSocket APIs (``apigatewayv2``) are not collected here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.apigateway import ApiMethod, ApiStage, RestApi
from ..registry import collector
from ..unit import Unit

STAGE_WIDE = "*/*"
"""The methodSettings key that applies to every method of a stage."""


@collector(
    service="apigateway",
    scope="regional",
    operations=("apigateway:GetRestApis", "apigateway:GetResources", "apigateway:GetStages"),
)
def collect_apigateway(unit: Unit) -> Iterator[Resource]:
    """Every REST API in the region with its methods, and every stage of each."""
    apis = unit.pages("get_rest_apis", "items")
    for found in unit.fan_out(lambda raw: _api(unit, raw), apis):
        yield from found


def _api(unit: Unit, raw: dict[str, Any]) -> list[Resource]:
    # ``id`` is optional in botocore's model but identifies the API: AWS omits it only in a
    # malformed answer, whose KeyError is a CollectorError gap (likewise ``stageName``).
    api_id, name = raw["id"], raw.get("name") or raw["id"]
    arn = f"arn:{unit.partition}:apigateway:{unit.region}::/restapis/{api_id}"
    endpoint_types = tuple(raw.get("endpointConfiguration", {}).get("types", []))
    api = RestApi(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        api_id=api_id,
        endpoint_types=endpoint_types,
        disable_execute_api_endpoint=raw.get("disableExecuteApiEndpoint", False),
        methods=_methods(unit, api_id, arn),
        policy=unit.document(_policy_text(raw.get("policy")), "get_rest_apis", resource_arn=arn),
    )
    # A failed GetStages leaves the region's stage inventory incomplete: recorded for the
    # operation (no resource ARN), so stage checks in the region say unknown.
    stages = unit.call("get_stages", restApiId=api_id)
    return [
        api,
        *(_stage(unit, api, raw_stage) for raw_stage in (stages or {}).get("item", [])),
    ]


def _policy_text(answered: str | None) -> str | None:
    r"""The JSON text of a REST API's ``policy`` member, or None when the API has none.

    API Gateway API Reference, "RestApi": ``policy`` is "a stringified JSON policy document";
    AWS answers it escaped as the contents of a JSON string (``{\"Version\":...``, with
    ``\/`` for ``/``), which is not JSON until unescaped, while emulators (moto) answer the
    document as it was put. Text that reads as a string's contents is unescaped; any other is
    given as it is, and :meth:`Unit.document` records a gap when that is not JSON either.
    """
    if not answered:
        return None
    try:
        unescaped = json.loads(f'"{answered}"')
    except json.JSONDecodeError:  # not escaped (an unescaped quote ends the string early)
        return answered
    return str(unescaped)


def _methods(unit: Unit, api_id: str, api_arn: str) -> tuple[ApiMethod, ...] | None:
    """Every method of the API, or None when its resources could not all be read.

    Paged by hand: ``Unit.pages`` would record a failure for the whole region, and this one
    concerns one API.
    """
    resources: list[dict[str, Any]] = []
    position: dict[str, str] = {}
    while True:
        page = unit.call(
            "get_resources",
            resource_arn=api_arn,
            restApiId=api_id,
            embed=["methods"],
            limit=500,
            **position,
        )
        if page is None:
            return None
        resources.extend(page.get("items", []))
        if not page.get("position") or not page.get("items"):
            break
        position = {"position": page["position"]}
    return tuple(
        ApiMethod(
            path=resource.get("path", ""),
            http_method=verb,
            authorization_type=method.get("authorizationType", ""),
            api_key_required=method.get("apiKeyRequired", False),
        )
        for resource in resources
        for verb, method in sorted((resource.get("resourceMethods") or {}).items())
    )


def _stage(unit: Unit, api: RestApi, raw: dict[str, Any]) -> ApiStage:
    stage_name = raw["stageName"]
    settings = raw.get("methodSettings") or {}
    overall = settings.get(STAGE_WIDE, {}).get("loggingLevel", "OFF")
    return ApiStage(
        arn=f"{api.arn}/stages/{stage_name}",
        name=f"{api.name}/{stage_name}",
        account_id=unit.account_id,
        region=unit.region,
        api_id=api.api_id,
        api_name=api.name,
        stage_name=stage_name,
        endpoint_types=api.endpoint_types,
        execution_logging=overall,
        method_logging={
            key: value["loggingLevel"]
            for key, value in sorted(settings.items())
            if key != STAGE_WIDE and "loggingLevel" in value
        },
        access_log_destination=(raw.get("accessLogSettings") or {}).get("destinationArn"),
        web_acl_arn=raw.get("webAclArn") or None,
        client_certificate_id=raw.get("clientCertificateId") or None,
        # Optional members, left out by API Gateway at their default (false).
        tracing_enabled=bool(raw.get("tracingEnabled", False)),
        cache_cluster_enabled=bool(raw.get("cacheClusterEnabled", False)),
        method_caching={
            key: bool(value.get("cacheDataEncrypted", False))
            for key, value in sorted(settings.items())
            if value.get("cachingEnabled")
        },
    )
