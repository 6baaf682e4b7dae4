"""S3 Control collector: the account's S3 access points in each region.

``ListAccessPoints`` is regional (an access point lives in its bucket's region) and has no
paginator in botocore, so its ``NextToken`` is followed here; it does not carry the access
point's Block Public Access settings, so ``GetAccessPoint`` is read for each one (no read
covers several). A region without access points costs one call.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.s3 import PublicAccessBlock, S3AccessPoint
from ..registry import collector
from ..unit import Unit


@collector(
    service="s3control",
    scope="regional",
    operations=("s3control:ListAccessPoints", "s3control:GetAccessPoint"),
)
def collect_s3control(unit: Unit) -> Iterator[Resource]:
    """Every access point of the account in the region, with its Block Public Access."""
    listed = _access_points(unit)
    yield from unit.fan_out(lambda raw: _access_point(unit, raw), listed)


def _access_points(unit: Unit) -> list[dict[str, Any]]:
    """Every listed access point (what was read, when a page fails: the gap says so)."""
    found: list[dict[str, Any]] = []
    token: dict[str, str] = {}
    while True:
        page = unit.call("list_access_points", AccountId=unit.account_id, **token)
        if page is None:
            return found
        found.extend(page.get("AccessPointList", []))
        if not page.get("NextToken"):
            return found
        token = {"NextToken": page["NextToken"]}


def _access_point(unit: Unit, raw: dict[str, Any]) -> S3AccessPoint:
    # Name is required in botocore's model; AccessPointArn optional but AWS always sends it.
    name = raw["Name"]
    arn = raw.get("AccessPointArn") or unit.arn(f"accesspoint/{name}", service="s3")
    answer = unit.call("get_access_point", resource_arn=arn, AccountId=unit.account_id, Name=name)
    block = None
    if answer is not None:
        config = answer.get("PublicAccessBlockConfiguration")
        if config is None:
            unit.malformed(
                "get_access_point",
                "the answer has no PublicAccessBlockConfiguration",
                resource_arn=arn,
            )
        else:
            block = PublicAccessBlock(
                block_public_acls=bool(config.get("BlockPublicAcls")),
                ignore_public_acls=bool(config.get("IgnorePublicAcls")),
                block_public_policy=bool(config.get("BlockPublicPolicy")),
                restrict_public_buckets=bool(config.get("RestrictPublicBuckets")),
            )
    return S3AccessPoint(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        bucket=raw.get("Bucket", ""),
        bucket_account_id=raw.get("BucketAccountId"),
        network_origin=raw.get("NetworkOrigin", ""),
        public_access_block=block,
    )
