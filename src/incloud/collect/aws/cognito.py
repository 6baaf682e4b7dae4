"""Amazon Cognito collector: user pools (``ListUserPools`` names them; one
``DescribeUserPool`` each for the threat protection add-on).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.cognito import CognitoUserPool
from ..registry import collector
from ..unit import Unit

PAGE = 60
"""The most user pools ``ListUserPools`` returns per page (its ``MaxResults`` is required)."""


@collector(
    service="cognito-idp",
    scope="regional",
    operations=("cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool"),
)
def collect_cognito(unit: Unit) -> Iterator[Resource]:
    """Every user pool in the region, with its threat protection mode."""
    pools = unit.pages("list_user_pools", "UserPools", MaxResults=PAGE)
    yield from unit.fan_out(lambda raw: _pool(unit, raw), pools)


def _pool(unit: Unit, summary: dict[str, Any]) -> CognitoUserPool:
    pool_id = summary["Id"]  # identifies the pool (optional in botocore's model)
    arn = unit.arn(f"userpool/{pool_id}")
    answer = unit.call("describe_user_pool", resource_arn=arn, UserPoolId=pool_id)
    mode = None
    if answer is not None:
        pool = answer.get("UserPool", {})
        arn = pool.get("Arn", arn)
        # A pool never given the add-on is described without it: threat protection is off.
        mode = pool.get("UserPoolAddOns", {}).get("AdvancedSecurityMode", "OFF")
    return CognitoUserPool(
        arn=arn,
        name=summary.get("Name") or pool_id,
        account_id=unit.account_id,
        region=unit.region,
        pool_id=pool_id,
        threat_protection=mode,
    )
