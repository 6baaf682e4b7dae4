"""WAFv2 collector: web ACLs with their rules, logging and the Application Load Balancers each
one protects, and rule groups with their CloudWatch metrics settings.

Regional web ACLs and rule groups are listed in every region; CloudFront ones (scope
CLOUDFRONT) only exist in us-east-1 and are listed there. Logging configurations are listed
in bulk, once per scope (``ListLoggingConfigurations``); a web ACL's rules and a rule group's
visibility settings are read one by one (``GetWebACL``, ``GetRuleGroup``: the listings carry
neither). Associations are read per regional web ACL with ``ListResourcesForWebACL``;
CloudFront distributions and API Gateway stages carry their own association, collected with
them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.wafv2 import RuleGroup, WebAcl
from ..registry import collector
from ..unit import Unit

CLOUDFRONT_HOME = "us-east-1"
"""The only region whose WAFv2 endpoint manages CLOUDFRONT-scope web ACLs."""


@collector(
    service="wafv2",
    scope="regional",
    operations=(
        "wafv2:ListWebACLs",
        "wafv2:ListResourcesForWebACL",
        "wafv2:GetWebACL",
        "wafv2:ListLoggingConfigurations",
        "wafv2:ListRuleGroups",
        "wafv2:GetRuleGroup",
    ),
)
def collect_wafv2(unit: Unit) -> Iterator[Resource]:
    """Regional web ACLs and rule groups, and CloudFront ones in us-east-1."""
    scopes = ["REGIONAL"] + (["CLOUDFRONT"] if unit.region == CLOUDFRONT_HOME else [])
    for scope in scopes:
        yield from _scope(unit, scope)


def _scope(unit: Unit, scope: str) -> Iterator[Resource]:
    """The web ACLs and rule groups of one scope."""
    logging = _logging(unit, scope)
    acls = _listing(unit, "list_web_acls", "WebACLs", scope)
    yield from unit.fan_out(lambda raw: _web_acl(unit, raw, scope, logging), acls)
    groups = _listing(unit, "list_rule_groups", "RuleGroups", scope)
    yield from unit.fan_out(lambda raw: _rule_group(unit, raw, scope), groups)


def _listing(unit: Unit, method: str, key: str, scope: str) -> list[dict[str, Any]]:
    """Every item of a WAFv2 listing of ``scope`` (the boto3 client has no paginator for it)."""
    found: list[dict[str, Any]] = []
    marker: dict[str, str] = {}
    while True:
        page = unit.call(method, Scope=scope, **marker)
        if page is None:
            return found
        found.extend(page.get(key, []))
        if not page.get("NextMarker") or not page.get(key):
            return found
        marker = {"NextMarker": page["NextMarker"]}


def _logging(unit: Unit, scope: str) -> dict[str, tuple[str, ...]] | None:
    """Web ACL ARN -> its log destinations, for every web ACL of ``scope`` that logs; None
    when the configurations could not all be read (a gap on the operation).
    """
    found: dict[str, tuple[str, ...]] = {}
    marker: dict[str, str] = {}
    while True:
        page = unit.call("list_logging_configurations", Scope=scope, **marker)
        if page is None:
            return None
        configurations = page.get("LoggingConfigurations", [])
        for configuration in configurations:
            # ResourceArn and LogDestinationConfigs are required members of the model.
            found[configuration["ResourceArn"]] = tuple(configuration["LogDestinationConfigs"])
        if not page.get("NextMarker") or not configurations:
            return found
        marker = {"NextMarker": page["NextMarker"]}


def _web_acl(
    unit: Unit, raw: dict[str, Any], scope: str, logging: dict[str, tuple[str, ...]] | None
) -> WebAcl:
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
    detail = unit.call("get_web_acl", resource_arn=arn, Name=raw["Name"], Scope=scope, Id=raw["Id"])
    acl = (detail or {}).get("WebACL")
    if detail is not None and acl is None:
        unit.malformed("get_web_acl", "no WebACL in the answer", resource_arn=arn)
    return WebAcl(
        arn=arn,
        name=raw["Name"],
        account_id=unit.account_id,
        region=unit.region,
        web_acl_id=raw["Id"],
        scope=scope,
        associated_alb_arns=albs,
        # A rule's Name is required in the model; Rules is optional (absent: none).
        rule_names=tuple(r["Name"] for r in acl.get("Rules") or []) if acl else None,
        firewall_manager_rule_groups=len(acl.get("PreProcessFirewallManagerRuleGroups") or [])
        + len(acl.get("PostProcessFirewallManagerRuleGroups") or [])
        if acl
        else 0,
        logging_destinations=logging.get(arn, ()) if logging is not None else None,
    )


def _rule_group(unit: Unit, raw: dict[str, Any], scope: str) -> RuleGroup:
    arn = raw["ARN"]  # identifies the group (see _web_acl)
    detail = unit.call(
        "get_rule_group", resource_arn=arn, Name=raw["Name"], Scope=scope, Id=raw["Id"]
    )
    group = (detail or {}).get("RuleGroup")
    metrics: bool | None = None
    quiet: tuple[str, ...] | None = None
    if group is not None:
        # VisibilityConfig and its CloudWatchMetricsEnabled are required members: a missing
        # one is a malformed answer, a gap, never a default.
        try:
            metrics = bool(group["VisibilityConfig"]["CloudWatchMetricsEnabled"])
            quiet = tuple(
                rule["Name"]
                for rule in group.get("Rules") or []
                if not rule["VisibilityConfig"]["CloudWatchMetricsEnabled"]
            )
        except KeyError as missing:
            metrics, quiet = None, None
            unit.malformed("get_rule_group", f"no {missing} in the answer", resource_arn=arn)
    elif detail is not None:
        unit.malformed("get_rule_group", "no RuleGroup in the answer", resource_arn=arn)
    return RuleGroup(
        arn=arn,
        name=raw["Name"],
        account_id=unit.account_id,
        region=unit.region,
        rule_group_id=raw["Id"],
        scope=scope,
        metrics_enabled=metrics,
        rules_without_metrics=quiet,
    )
