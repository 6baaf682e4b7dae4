"""AWS Glue: jobs and development endpoints, with the roles they run as."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class GlueJob(Resource):
    """A Glue job: its runs execute its script as ``role_arn``."""

    kind: Literal["glue.job"] = "glue.job"
    role_arn: str | None = None

    service: ClassVar[str] = "glue"
    listed_by: ClassVar[tuple[str, ...]] = ("glue:GetJobs",)


class GlueDevEndpoint(Resource):
    """A Glue development endpoint: a host whose sessions run as ``role_arn``, reached by SSH
    with the public keys it lists (``UpdateDevEndpoint`` adds one).
    """

    kind: Literal["glue.dev-endpoint"] = "glue.dev-endpoint"
    role_arn: str | None = None
    status: str = "READY"

    service: ClassVar[str] = "glue"
    listed_by: ClassVar[tuple[str, ...]] = ("glue:GetDevEndpoints",)
