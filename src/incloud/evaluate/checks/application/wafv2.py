"""AWS WAF web ACLs, rules and rule groups that inspect something (WAFv2 and WAF Classic).

An empty web ACL applies only its default action, an empty rule group adds nothing to the
web ACLs that use it, and a WAF Classic rule without conditions matches no request: each
looks like protection and filters nothing. One family, :func:`not_empty_check`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TypeVar

from ....snapshot import Resource
from ....snapshot.wafv2 import (
    ClassicRule,
    ClassicRuleGroup,
    ClassicWebAcl,
    GlobalClassicRule,
    GlobalClassicRuleGroup,
    GlobalClassicWebAcl,
    RegionalClassicRule,
    RegionalClassicRuleGroup,
    RegionalClassicWebAcl,
    WebAcl,
)
from ...check import CheckFn, Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context

R = TypeVar("R", bound=Resource)


def not_empty_check(
    *,
    id: str,
    resource: type[R],
    members: Callable[[R], tuple[str, ...] | None],
    what: str,
    requires: tuple[str, ...],
    doc: str,
) -> CheckFn[R]:
    """Register a check that passes when ``members(resource)`` (``what``: "rules",
    "conditions") is not empty, and says unknown when it was not read (None).

    Declared by the module that calls it (``@check``'s default ``module``).
    """

    def judge(item: R, ctx: Context) -> Outcome:
        found = members(item)
        if found is None:
            return unknown(f"its {what} were not read")
        if not found:
            return failed(f"no {what}: it inspects nothing")
        return passed(f"{len(found)} {what}", count=len(found))

    return check(
        id=id,
        domain=Domain.APPLICATION,
        severity=Severity.MEDIUM,
        resource=resource,
        requires=requires,
        name=id.replace(".", "_").replace("-", "_"),
        doc=textwrap.dedent(doc),
    )(judge)


wafv2_web_acl_not_empty = not_empty_check(
    id="wafv2.web-acl-not-empty",
    resource=WebAcl,
    members=lambda acl: (
        None
        if acl.rule_names is None
        else acl.rule_names + ("Firewall Manager rule group",) * acl.firewall_manager_rule_groups
    ),
    what="rules or rule groups",
    requires=("wafv2:GetWebACL",),
    doc="""\
    AWS WAF web ACLs have at least one rule or rule group.

    A web ACL without rules applies its default action to every request: associated with a
    load balancer, API or distribution it looks like protection and filters nothing
    (Security Hub WAF.10). Rule groups that AWS Firewall Manager adds count as rules.

    Remediation: add rules, e.g. the AWS managed rule groups AWSManagedRulesCommonRuleSet and
    AWSManagedRulesKnownBadInputsRuleSet: `aws wafv2 update-web-acl --name NAME --scope
    REGIONAL --id ID --lock-token TOKEN --default-action Allow={} --rules file://rules.json
    --visibility-config ...`; Terraform `rule` blocks on `aws_wafv2_web_acl`.
    """,
)


# --- AWS WAF Classic: the same three questions of the global and the regional API -----------


class Classic:
    """One AWS WAF Classic API as the family needs it: its models, Security Hub ids and CLI
    and Terraform names.
    """

    def __init__(
        self,
        scope: str,
        cli: str,
        models: tuple[type[ClassicWebAcl], type[ClassicRule], type[ClassicRuleGroup]],
        controls: tuple[str, str, str],
        terraform: tuple[str, str, str],
    ) -> None:
        self.scope, self.cli, self.models = scope, cli, models
        self.controls, self.terraform = controls, terraform


CLASSIC = (
    Classic(
        "global",
        "waf",
        (GlobalClassicWebAcl, GlobalClassicRule, GlobalClassicRuleGroup),
        ("WAF.8", "WAF.6", "WAF.7"),
        (
            "`rules` on `aws_waf_web_acl`",
            "`predicates` on `aws_waf_rule`",
            "`activated_rule` on `aws_waf_rule_group`",
        ),
    ),
    Classic(
        "regional",
        "waf-regional",
        (RegionalClassicWebAcl, RegionalClassicRule, RegionalClassicRuleGroup),
        ("WAF.4", "WAF.2", "WAF.3"),
        (
            "`rule` on `aws_wafregional_web_acl`",
            "`predicate` on `aws_wafregional_rule`",
            "`activated_rule` on `aws_wafregional_rule_group`",
        ),
    ),
)

MIGRATE = (
    "AWS WAF Classic is superseded by AWS WAF: migrating the web ACL (console: AWS WAF "
    "Classic, Migrate web ACL) and its rules to `aws_wafv2_web_acl` fixes this for good."
)


def _classic_doc(title: str, why: str, control: str, cli: str, command: str, tf: str) -> str:
    """A Classic check's documentation: title, why (with the control), remediation."""
    return (
        f"{title}\n\n{why} (Security Hub {control}).\n\n"
        f"Remediation: get a change token (`aws {cli} get-change-token`), then `aws {cli} "
        f"{command}`; Terraform {tf}. {MIGRATE}\n"
    )


for api in CLASSIC:
    acl_model, rule_model, group_model = api.models
    acl_control, rule_control, group_control = api.controls
    acl_tf, rule_tf, group_tf = api.terraform
    not_empty_check(
        id=f"wafv2.classic-{api.scope}-web-acl-not-empty",
        resource=acl_model,
        members=lambda acl: acl.rule_ids,
        what="rules or rule groups",
        requires=(f"{api.cli}:GetWebACL",),
        doc=_classic_doc(
            f"AWS WAF Classic {api.scope} web ACLs have at least one rule or rule group.",
            "A web ACL without rules applies its default action to every request: it looks "
            "like protection and filters nothing",
            acl_control,
            api.cli,
            "update-web-acl --web-acl-id ID --change-token TOKEN --updates "
            "Action=INSERT,ActivatedRule={Priority=1,RuleId=RULE_ID,Action={Type=BLOCK}}",
            acl_tf,
        ),
    )
    not_empty_check(
        id=f"wafv2.classic-{api.scope}-rule-conditions",
        resource=rule_model,
        members=lambda rule: rule.predicates,
        what="conditions",
        requires=(f"{api.cli}:GetRule",),
        doc=_classic_doc(
            f"AWS WAF Classic {api.scope} rules have at least one condition.",
            "A rule's conditions (IP sets, byte, SQL injection, cross-site scripting, size and "
            "geo match sets) say which requests it matches; a rule without any matches "
            "nothing, so its action never applies",
            rule_control,
            api.cli,
            "update-rule --rule-id ID --change-token TOKEN --updates "
            "Action=INSERT,Predicate={Negated=false,Type=IPMatch,DataId=IP_SET_ID}",
            rule_tf,
        ),
    )
    not_empty_check(
        id=f"wafv2.classic-{api.scope}-rule-group-not-empty",
        resource=group_model,
        members=lambda group: group.rule_ids,
        what="rules",
        requires=(f"{api.cli}:ListActivatedRulesInRuleGroup",),
        doc=_classic_doc(
            f"AWS WAF Classic {api.scope} rule groups have at least one rule.",
            "A rule group without rules adds nothing to the web ACLs that use it, while they "
            "appear to apply it",
            group_control,
            api.cli,
            "update-rule-group --rule-group-id ID --change-token TOKEN "
            "--updates Action=INSERT,ActivatedRule={Priority=1,RuleId=RULE_ID,"
            "Action={Type=BLOCK}}",
            group_tf,
        ),
    )
