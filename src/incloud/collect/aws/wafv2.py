"""WAFv2 collector: web ACLs and the Application Load Balancers each one protects.

Regional web ACLs are listed in every region; CloudFront web ACLs (scope CLOUDFRONT) only
exist in us-east-1 and are listed there. Associations are read per regional web ACL with
``ListResourcesForWebACL``; CloudFront distributions and API Gateway stages carry their
own association, collected with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.wafv2 import WebAcl
from ..registry import collector
from ..unit import Unit

CLOUDFRONT_HOME = "us-east-1"
"""The only region whose WAFv2 endpoint manages CLOUDFRONT-scope web ACLs."""


@collector(
    service="wafv2",
    scope="regional",
    operations=("wafv2:ListWebACLs", "wafv2:ListResourcesForWebACL"),
)
def collect_wafv2(unit: Unit) -> Iterator[Resource]:
    """Regional web ACLs with their ALB associations, and CloudFront web ACLs in us-east-1."""
    regional = _web_acls(unit, "REGIONAL")
    yield from unit.fan_out(lambda raw: _web_acl(unit, raw, "REGIONAL"), regional)
    if unit.region == CLOUDFRONT_HOME:
        for raw in _web_acls(unit, "CLOUDFRONT"):
            yield _web_acl(unit, raw, "CLOUDFRONT")


def _web_acls(unit: Unit, scope: str) -> list[dict[str, Any]]:
    """Every web ACL summary of ``scope`` (the boto3 client has no paginator for it)."""
    found: list[dict[str, Any]] = []
    marker: dict[str, str] = {}
    while True:
        page = unit.call("list_web_acls", Scope=scope, **marker)
        if page is None:
            return found
        found.extend(page.get("WebACLs", []))
        if not page.get("NextMarker") or not page.get("WebACLs"):
            return found
        marker = {"NextMarker": page["NextMarker"]}


def _web_acl(unit: Unit, raw: dict[str, Any], scope: str) -> WebAcl:
    # ARN, Name and Id are optional in botocore's model but identify the web ACL: AWS omits
    # them only in a malformed answer, whose KeyError is a CollectorError gap.
    arn = raw["ARN"]
    albs: tuple[str, ...] | None = None
    if scope == "REGIONAL":
        answer = unit.call(
            "list_resources_for_web_acl",
            resource_arn=arn,
            WebACLArn=arn,
            ResourceType="APPLICATION_LOAD_BALANCER",
        )
        albs = tuple(answer.get("ResourceArns", [])) if answer is not None else None
    return WebAcl(
        arn=arn,
        name=raw["Name"],
        account_id=unit.account_id,
        region=unit.region,
        web_acl_id=raw["Id"],
        scope=scope,
        associated_alb_arns=albs,
    )
