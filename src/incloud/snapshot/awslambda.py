"""Lambda functions with their resource policies and function URLs."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, JsonDict, Resource
from .secrets import SecretFinding


class FunctionUrl(Frozen):
    """A function URL: ``auth_type`` is ``AWS_IAM`` or ``NONE`` (public)."""

    url: str
    auth_type: str
    qualifier: str | None = None


class LambdaFunction(Resource):
    """A Lambda function. ``runtime`` is None for container-image functions.

    Environment variables are recorded by name only: their values may hold secrets. What
    looked like a secret among them is kept as a masked finding.
    """

    kind: Literal["lambda.function"] = "lambda.function"
    runtime: str | None = None
    package_type: str = "Zip"
    role_arn: str = ""
    last_modified: str | None = None
    """As the API gives it (ISO 8601 with a ``+0000`` offset)."""
    policy: JsonDict | None = None
    urls: tuple[FunctionUrl, ...] = ()
    environment_variable_names: tuple[str, ...] = ()
    environment_secrets: tuple[SecretFinding, ...] = ()
    vpc_id: str | None = None
    subnet_ids: tuple[str, ...] = ()
    """The subnets of a VPC function (``VpcConfig.SubnetIds``); empty outside a VPC."""

    service: ClassVar[str] = "lambda"
    listed_by: ClassVar[tuple[str, ...]] = ("lambda:ListFunctions",)
