"""AWS WAF Classic collectors: global (``waf``, the web ACLs CloudFront uses) and regional
(``waf-regional``, for ALBs and API Gateway) web ACLs with their rules and logging, rules
with their conditions, rule groups with their rules.

The two APIs answer the same shapes. Listings carry ids and names only: a web ACL's rules
come from ``GetWebACL``, a rule's conditions from ``GetRule`` and a rule group's rules from
``ListActivatedRulesInRuleGroup``, one call each; logging configurations are listed in bulk
(``ListLoggingConfigurations``). An account that never used AWS WAF Classic lists nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.wafv2 import (
    ClassicRule,
    ClassicRuleGroup,
    ClassicWebAcl,
    GlobalClassicRule,
    GlobalClassicRuleGroup,
    GlobalClassicWebAcl,
    RegionalClassicRule,
    RegionalClassicRuleGroup,
    RegionalClassicWebAcl,
)
from ..registry import collector
from ..unit import Unit

READS = (
    "ListWebACLs",
    "GetWebACL",
    "ListLoggingConfigurations",
    "ListRules",
    "GetRule",
    "ListRuleGroups",
    "ListActivatedRulesInRuleGroup",
)
"""What both collectors call, under their own service prefix."""


@collector(service="waf", scope="global", operations=tuple(f"waf:{op}" for op in READS))
def collect_waf(unit: Unit) -> Iterator[Resource]:
    """Global AWS WAF Classic web ACLs, rules and rule groups."""
    yield from _collect(unit, (GlobalClassicWebAcl, GlobalClassicRule, GlobalClassicRuleGroup))


@collector(
    service="waf-regional", scope="regional", operations=tuple(f"waf-regional:{op}" for op in READS)
)
def collect_waf_regional(unit: Unit) -> Iterator[Resource]:
    """Regional AWS WAF Classic web ACLs, rules and rule groups."""
    yield from _collect(
        unit, (RegionalClassicWebAcl, RegionalClassicRule, RegionalClassicRuleGroup)
    )


Models = tuple[type[ClassicWebAcl], type[ClassicRule], type[ClassicRuleGroup]]


def _collect(unit: Unit, models: Models) -> Iterator[Resource]:
    """The unit's web ACLs, rules and rule groups (the global unit's region is ``global``)."""
    acl_model, rule_model, group_model = models
    common = {"account_id": unit.account_id, "region": unit.region}

    def arn(kind: str, ident: str) -> str:
        # arn:aws:waf::ACCOUNT:webacl/ID, arn:aws:waf-regional:REGION:ACCOUNT:rule/ID (Service
        # Authorization Reference, "Resource types defined by AWS WAF" and "... Regional").
        return unit.arn(f"{kind}/{ident}")

    logging = _logging(unit)

    def web_acl(raw: dict[str, Any]) -> ClassicWebAcl:
        ident = raw["WebACLId"]  # required: identifies the web ACL
        here = arn("webacl", ident)
        answer = unit.call("get_web_acl", resource_arn=here, WebACLId=ident)
        detail = _member(unit, answer, "get_web_acl", "WebACL", "Rules", here)
        return acl_model(
            arn=here,
            name=raw.get("Name") or ident,
            web_acl_id=ident,
            rule_ids=tuple(r["RuleId"] for r in detail) if detail is not None else None,
            logging_destinations=logging.get(here, ()) if logging is not None else None,
            **common,
        )

    def rule(raw: dict[str, Any]) -> ClassicRule:
        ident = raw["RuleId"]  # required: identifies the rule
        here = arn("rule", ident)
        answer = unit.call("get_rule", resource_arn=here, RuleId=ident)
        found = _member(unit, answer, "get_rule", "Rule", "Predicates", here)
        return rule_model(
            arn=here,
            name=raw.get("Name") or ident,
            rule_id=ident,
            predicates=tuple(f"{p['Type']}:{p['DataId']}" for p in found)
            if found is not None
            else None,
            **common,
        )

    def group(raw: dict[str, Any]) -> ClassicRuleGroup:
        ident = raw["RuleGroupId"]  # required: identifies the group
        here = arn("rulegroup", ident)
        activated = _paged(
            unit, "list_activated_rules_in_rule_group", "ActivatedRules", here, RuleGroupId=ident
        )
        return group_model(
            arn=here,
            name=raw.get("Name") or ident,
            rule_group_id=ident,
            rule_ids=tuple(r["RuleId"] for r in activated) if activated is not None else None,
            **common,
        )

    yield from unit.fan_out(web_acl, _paged(unit, "list_web_acls", "WebACLs") or [])
    yield from unit.fan_out(rule, _paged(unit, "list_rules", "Rules") or [])
    yield from unit.fan_out(group, _paged(unit, "list_rule_groups", "RuleGroups") or [])


def _paged(
    unit: Unit, method: str, key: str, resource_arn: str | None = None, **params: Any
) -> list[dict[str, Any]] | None:
    """Every item of a Classic listing (paged with ``NextMarker`` by hand: the clients have
    no paginators); None when a page could not be read (a gap for the resource, or for the
    operation).
    """
    found: list[dict[str, Any]] = []
    marker: dict[str, str] = {}
    while True:
        page = unit.call(method, resource_arn=resource_arn, Limit=100, **params, **marker)
        if page is None:
            return None
        items = page.get(key) or []
        found.extend(items)
        if not page.get("NextMarker") or not items:
            return found
        marker = {"NextMarker": page["NextMarker"]}


def _logging(unit: Unit) -> dict[str, tuple[str, ...]] | None:
    """Web ACL ARN -> the Firehose streams it logs to; None when not read."""
    configurations = _paged(unit, "list_logging_configurations", "LoggingConfigurations")
    if configurations is None:
        return None
    # ResourceArn and LogDestinationConfigs are required members of the model.
    return {c["ResourceArn"]: tuple(c["LogDestinationConfigs"]) for c in configurations}


def _member(
    unit: Unit,
    answer: dict[str, Any] | None,
    method: str,
    outer: str,
    inner: str,
    resource_arn: str,
) -> list[dict[str, Any]] | None:
    """``answer[outer][inner]`` (a list botocore's model requires); None when the call failed,
    and a malformed-answer gap when AWS left it out.
    """
    if answer is None:
        return None
    try:
        return list(answer[outer][inner])
    except (KeyError, TypeError):
        unit.malformed(method, f"no {outer}.{inner} in the answer", resource_arn=resource_arn)
        return None
