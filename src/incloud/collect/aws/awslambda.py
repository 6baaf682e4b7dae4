"""Lambda collector: functions, their resource policies and function URLs.

Environment variable values are never stored: only their names, and what looked like a
secret among them (masked, see :mod:`incloud.collect.secrets`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.awslambda import FunctionUrl, LambdaFunction
from ..registry import collector
from ..secrets import scan_mapping
from ..unit import Unit


@collector(
    service="lambda",
    scope="regional",
    operations=("lambda:ListFunctions", "lambda:GetPolicy", "lambda:ListFunctionUrlConfigs"),
)
def collect_lambda(unit: Unit) -> Iterator[Resource]:
    """Every function in the region (latest version)."""
    functions = unit.pages("list_functions", "Functions")
    yield from unit.fan_out(lambda raw: _function(unit, raw), functions)


def _function(unit: Unit, raw: dict[str, Any]) -> LambdaFunction:
    # Both are optional in botocore's model but identify the function: AWS omits them only
    # in a malformed answer, whose KeyError is a CollectorError gap.
    name, arn = raw["FunctionName"], raw["FunctionArn"]
    variables = raw.get("Environment", {}).get("Variables", {})
    policy = unit.call(
        "get_policy",
        resource_arn=arn,
        absent_on=("ResourceNotFoundException",),
        FunctionName=name,
    )
    urls = unit.call(
        "list_function_url_configs",
        resource_arn=arn,
        absent_on=("ResourceNotFoundException",),
        FunctionName=name,
    )
    return LambdaFunction(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        runtime=raw.get("Runtime"),
        package_type=raw.get("PackageType", "Zip"),
        role_arn=raw.get("Role", ""),
        last_modified=raw.get("LastModified"),
        policy=unit.document((policy or {}).get("Policy"), "get_policy", resource_arn=arn),
        urls=tuple(
            FunctionUrl(
                url=u["FunctionUrl"],
                auth_type=u.get("AuthType", "AWS_IAM"),
                qualifier=u.get("Qualifier"),
            )
            for u in (urls or {}).get("FunctionUrlConfigs", [])
        ),
        environment_variable_names=tuple(sorted(variables)),
        environment_secrets=scan_mapping(variables),
        vpc_id=raw.get("VpcConfig", {}).get("VpcId") or None,
        subnet_ids=tuple(raw.get("VpcConfig", {}).get("SubnetIds") or ()),
    )
