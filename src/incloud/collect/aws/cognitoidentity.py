"""Amazon Cognito identity pools collector: ``ListIdentityPools`` names them (sixty a page),
one ``DescribeIdentityPool`` each for its guest access and flow.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.cognitoidentity import CognitoIdentityPool
from ..registry import collector
from ..unit import Unit

PAGE = 60
"""The most identity pools ``ListIdentityPools`` returns per page (its ``MaxResults`` is
required)."""


@collector(
    service="cognito-identity",
    scope="regional",
    operations=("cognito-identity:ListIdentityPools", "cognito-identity:DescribeIdentityPool"),
)
def collect_cognitoidentity(unit: Unit) -> Iterator[Resource]:
    """Every identity pool in the region."""
    pools = unit.pages("list_identity_pools", "IdentityPools", MaxResults=PAGE)
    yield from unit.fan_out(lambda raw: _pool(unit, raw), pools)


def _pool(unit: Unit, summary: dict[str, Any]) -> CognitoIdentityPool:
    pool_id = summary["IdentityPoolId"]  # identifies the pool (required in botocore's model)
    arn = unit.arn(f"identitypool/{pool_id}")
    answer = unit.call("describe_identity_pool", resource_arn=arn, IdentityPoolId=pool_id)
    fields: dict[str, Any] = {}
    if answer is not None:
        fields = {
            "described": True,
            "allow_unauthenticated": bool(answer.get("AllowUnauthenticatedIdentities", False)),
            # Absent, the basic flow is off (Cognito API Reference, IdentityPool).
            "allow_classic_flow": bool(answer.get("AllowClassicFlow", False)),
        }
    return CognitoIdentityPool(
        arn=arn,
        name=summary.get("IdentityPoolName") or pool_id,
        account_id=unit.account_id,
        region=unit.region,
        **fields,
    )
