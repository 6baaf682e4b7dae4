"""AWS Security Hub, with a security standard, in every scanned region."""

from __future__ import annotations

from ....snapshot.securityhub import SecurityHubRegion
from ...check import Domain, Outcome, Severity, check, failed, passed
from ...context import Context

ACTIVE_STATUSES = frozenset({"READY", "INCOMPLETE", "PENDING"})
"""Subscription statuses of a standard that is on: ready, being enabled, or on with some
controls failing to enable (Security Hub API Reference, ``StandardsSubscription``)."""


@check(
    id="securityhub.enabled",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=SecurityHubRegion,
    requires=("securityhub:DescribeHub", "securityhub:GetEnabledStandards"),
)
def enabled(region: SecurityHubRegion, ctx: Context) -> Outcome:
    """Security Hub is enabled in the region with at least one security standard.

    Security Hub gathers GuardDuty, Inspector, Access Analyzer and partner findings in one
    place and runs a standard's controls (AWS Foundational Security Best Practices, CIS)
    continuously, so drift is seen between audits (CIS 4.16 in v3.0). Enabled without any
    standard it only aggregates findings and checks nothing.

    Remediation: `aws securityhub enable-security-hub --enable-default-standards` in each
    region (or central configuration from the delegated administrator), or add a standard
    with `aws securityhub batch-enable-standards --standards-subscription-requests
    StandardsArn=arn:aws:securityhub:REGION::standards/aws-foundational-security-best-practices/v/1.0.0`;
    Terraform `aws_securityhub_account` and `aws_securityhub_standards_subscription`.
    """
    if not region.enabled:
        return failed(f"Security Hub is not enabled in {region.region}")
    active = [
        s.standards_arn.split("standards/")[-1]
        for s in region.standards
        if s.status in ACTIVE_STATUSES
    ]
    if active:
        return passed(f"enabled with {', '.join(active)}", standards=active)
    return failed(
        "enabled, but no security standard is on",
        standards={s.standards_arn: s.status for s in region.standards},
    )
