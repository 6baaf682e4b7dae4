"""AWS WAF logging and metrics: web ACL logs (WAFv2 and WAF Classic global), rule group
CloudWatch metrics.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TypeVar

from ....snapshot import Resource
from ....snapshot.wafv2 import GlobalClassicWebAcl, RuleGroup, WebAcl
from ...check import CheckFn, Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context

R = TypeVar("R", bound=Resource)


def logging_check(
    *,
    id: str,
    resource: type[R],
    destinations: Callable[[R], tuple[str, ...] | None],
    severity: Severity,
    requires: tuple[str, ...],
    doc: str,
) -> CheckFn[R]:
    """Register a check that passes when a web ACL sends its logs somewhere
    (``destinations(acl)`` not empty) and says unknown when the logging configurations were
    not read (None). Declared by the module that calls it.
    """

    def judge(acl: R, ctx: Context) -> Outcome:
        found = destinations(acl)
        if found is None:
            return unknown("the logging configurations were not read")
        if not found:
            return failed("logging is off: no record of the requests it inspected")
        return passed(f"logs to {', '.join(found)}", destinations=list(found))

    return check(
        id=id,
        domain=Domain.COMPLIANCE,
        severity=severity,
        resource=resource,
        requires=requires,
        name=id.replace(".", "_").replace("-", "_"),
        doc=textwrap.dedent(doc),
    )(judge)


wafv2_web_acl_logging = logging_check(
    id="wafv2.web-acl-logging",
    resource=WebAcl,
    destinations=lambda acl: acl.logging_destinations,
    severity=Severity.LOW,
    requires=("wafv2:ListLoggingConfigurations",),
    doc="""\
    AWS WAF web ACLs log the requests they inspect.

    Web ACL logs record each request's source, headers, the rule that matched and the action
    taken: the evidence of an attack the firewall met, and of legitimate traffic it blocked
    (Security Hub WAF.11; AWS WAF Developer Guide, "Logging AWS WAF web ACL traffic").

    Remediation: `aws wafv2 put-logging-configuration --logging-configuration
    ResourceArn=ACL_ARN,LogDestinationConfigs=DESTINATION_ARN` (a CloudWatch Logs group, S3
    bucket or Firehose stream whose name starts with `aws-waf-logs-`); Terraform
    `aws_wafv2_web_acl_logging_configuration`.
    """,
)

wafv2_classic_global_web_acl_logging = logging_check(
    id="wafv2.classic-global-web-acl-logging",
    resource=GlobalClassicWebAcl,
    destinations=lambda acl: acl.logging_destinations,
    severity=Severity.MEDIUM,
    requires=("waf:ListLoggingConfigurations",),
    doc="""\
    AWS WAF Classic global web ACLs log the requests they inspect.

    A global (CloudFront) web ACL's logs, delivered to a Kinesis Data Firehose stream, record
    each request's source, headers, the rule that matched and the action taken: the evidence
    of an attack the firewall met (Security Hub WAF.1; AWS WAF Classic Developer Guide,
    "Logging Web ACL traffic information").

    Remediation: create a Firehose stream whose name starts with `aws-waf-logs-`, then `aws
    waf put-logging-configuration --logging-configuration
    ResourceArn=ACL_ARN,LogDestinationConfigs=FIREHOSE_ARN`; Terraform `logging_configuration`
    on `aws_waf_web_acl`. AWS WAF Classic is superseded by AWS WAF: migrating the web ACL to
    `aws_wafv2_web_acl` with `aws_wafv2_web_acl_logging_configuration` fixes this for good.
    """,
)


@check(
    id="wafv2.rule-group-metrics",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=RuleGroup,
    requires=("wafv2:GetRuleGroup",),
)
def rule_group_metrics(group: RuleGroup, ctx: Context) -> Outcome:
    """AWS WAF rule groups and their rules send CloudWatch metrics.

    With `CloudWatchMetricsEnabled`, AWS WAF publishes how many requests a rule group and
    each of its rules matched, allowed and blocked: what shows an attack starting, or a rule
    blocking legitimate traffic, and what alarms can watch (Security Hub WAF.12, which
    judges the group's own visibility configuration; incloud asks it of each rule too).

    Remediation: `aws wafv2 update-rule-group --name NAME --scope REGIONAL --id ID
    --lock-token TOKEN --rules file://rules.json --visibility-config
    SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=NAME` (each rule's
    `VisibilityConfig` in rules.json likewise); Terraform `cloudwatch_metrics_enabled = true`
    in every `visibility_config` of `aws_wafv2_rule_group`.
    """
    if group.metrics_enabled is None or group.rules_without_metrics is None:
        return unknown("the rule group's visibility configuration was not read")
    quiet = list(group.rules_without_metrics)
    if not group.metrics_enabled:
        return failed("CloudWatch metrics are off for the rule group", rules_without_metrics=quiet)
    if quiet:
        return failed(f"CloudWatch metrics are off for rules {', '.join(quiet)}", rules=quiet)
    return passed("CloudWatch metrics on for the group and each of its rules")
