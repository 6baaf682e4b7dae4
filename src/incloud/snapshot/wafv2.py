"""AWS WAF (v2): web ACLs and the regional resources they protect, rule groups; and AWS WAF
Classic (the ``waf`` and ``waf-regional`` APIs): web ACLs, rules and rule groups.

Both APIs are one service to the customer (AWS WAF), so every model here is credited to
``wafv2``, the prefix the service catalogue knows AWS WAF by; AWS WAF Classic's own IAM
prefixes are ``waf`` and ``waf-regional``.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class WebAcl(Resource):
    """A WAFv2 web ACL. ``scope`` is ``REGIONAL`` or ``CLOUDFRONT`` (listed in us-east-1).

    ``associated_alb_arns`` are the Application Load Balancers it protects
    (``ListResourcesForWebACL``); None when that was not read, and always None for
    CLOUDFRONT web ACLs, whose association is carried by each distribution (``WebACLId``).
    API Gateway stages carry their association too (``webAclArn``).
    """

    kind: Literal["wafv2.web-acl"] = "wafv2.web-acl"
    web_acl_id: str
    scope: str
    associated_alb_arns: tuple[str, ...] | None = None
    rule_names: tuple[str, ...] | None = None
    """Its rules (``GetWebACL``), rule group references included; None when not read."""
    firewall_manager_rule_groups: int = 0
    """Rule groups AWS Firewall Manager runs before and after its rules."""
    logging_destinations: tuple[str, ...] | None = None
    """Where its logs go (``ListLoggingConfigurations``), empty when it logs nowhere; None
    when the logging configurations were not read."""

    service: ClassVar[str] = "wafv2"
    listed_by: ClassVar[tuple[str, ...]] = ("wafv2:ListWebACLs",)


class RuleGroup(Resource):
    """A WAFv2 rule group of the account (``scope`` as for :class:`WebAcl`).

    ``metrics_enabled`` is the group's own ``VisibilityConfig.CloudWatchMetricsEnabled``,
    ``rules_without_metrics`` its rules with that flag off; both from ``GetRuleGroup``,
    None when it was not read.
    """

    kind: Literal["wafv2.rule-group"] = "wafv2.rule-group"
    rule_group_id: str
    scope: str
    metrics_enabled: bool | None = None
    rules_without_metrics: tuple[str, ...] | None = None

    service: ClassVar[str] = "wafv2"
    listed_by: ClassVar[tuple[str, ...]] = ("wafv2:ListRuleGroups",)


# --- AWS WAF Classic ---------------------------------------------------------------------------
#
# Global (``waf``, for CloudFront; region ``global``) and regional (``waf-regional``, for ALBs
# and API Gateway) resources answer the same shapes from two APIs: one shared base per type,
# and a kind per API, so Security Hub's global and regional controls judge their own.


class ClassicWebAcl(Resource):
    """An AWS WAF Classic web ACL. Not a snapshot kind itself: see its two subclasses.

    ``rule_ids`` are its activated rules and rule groups (``GetWebACL``);
    ``logging_destinations`` the Kinesis Data Firehose streams it logs to
    (``ListLoggingConfigurations``), empty when none; each None when not read.
    """

    web_acl_id: str
    rule_ids: tuple[str, ...] | None = None
    logging_destinations: tuple[str, ...] | None = None

    service: ClassVar[str] = "wafv2"


class GlobalClassicWebAcl(ClassicWebAcl):
    """A global AWS WAF Classic web ACL (``waf``)."""

    kind: Literal["waf.web-acl"] = "waf.web-acl"
    listed_by: ClassVar[tuple[str, ...]] = ("waf:ListWebACLs",)


class RegionalClassicWebAcl(ClassicWebAcl):
    """A regional AWS WAF Classic web ACL (``waf-regional``)."""

    kind: Literal["waf-regional.web-acl"] = "waf-regional.web-acl"
    listed_by: ClassVar[tuple[str, ...]] = ("waf-regional:ListWebACLs",)


class ClassicRule(Resource):
    """An AWS WAF Classic rule; ``predicates`` are its conditions (``GetRule``: match sets
    and IP sets, as ``Type:DataId``), None when not read. Not a snapshot kind itself.
    """

    rule_id: str
    predicates: tuple[str, ...] | None = None

    service: ClassVar[str] = "wafv2"


class GlobalClassicRule(ClassicRule):
    """A global AWS WAF Classic rule (``waf``)."""

    kind: Literal["waf.rule"] = "waf.rule"
    listed_by: ClassVar[tuple[str, ...]] = ("waf:ListRules",)


class RegionalClassicRule(ClassicRule):
    """A regional AWS WAF Classic rule (``waf-regional``)."""

    kind: Literal["waf-regional.rule"] = "waf-regional.rule"
    listed_by: ClassVar[tuple[str, ...]] = ("waf-regional:ListRules",)


class ClassicRuleGroup(Resource):
    """An AWS WAF Classic rule group; ``rule_ids`` are the rules it activates
    (``ListActivatedRulesInRuleGroup``), None when not read. Not a snapshot kind itself.
    """

    rule_group_id: str
    rule_ids: tuple[str, ...] | None = None

    service: ClassVar[str] = "wafv2"


class GlobalClassicRuleGroup(ClassicRuleGroup):
    """A global AWS WAF Classic rule group (``waf``)."""

    kind: Literal["waf.rule-group"] = "waf.rule-group"
    listed_by: ClassVar[tuple[str, ...]] = ("waf:ListRuleGroups",)


class RegionalClassicRuleGroup(ClassicRuleGroup):
    """A regional AWS WAF Classic rule group (``waf-regional``)."""

    kind: Literal["waf-regional.rule-group"] = "waf-regional.rule-group"
    listed_by: ClassVar[tuple[str, ...]] = ("waf-regional:ListRuleGroups",)
