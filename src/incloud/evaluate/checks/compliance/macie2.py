"""Amazon Macie enabled in every scanned region."""

from __future__ import annotations

from ....snapshot.macie2 import MacieRegion
from ...check import Domain, Outcome, Severity, check, failed, passed
from ...context import Context


@check(
    id="macie2.enabled",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=MacieRegion,
    requires=("macie2:GetMacieSession",),
)
def enabled(region: MacieRegion, _: Context) -> Outcome:
    """Amazon Macie is enabled in the region.

    Macie inventories the region's S3 buckets, reports those that are public, shared or
    unencrypted, and discovers sensitive data (credentials, personal and financial data) in
    their objects: without it, where such data sits is not known (Security Hub Macie.1;
    Amazon Macie User Guide, "Getting started with Amazon Macie"). A paused Macie evaluates
    nothing and fails.

    Remediation: `aws macie2 enable-macie --status ENABLED` in each region (or from the
    organisation's delegated Macie administrator, with auto-enable for members); Terraform
    `aws_macie2_account` with `status = "ENABLED"`.
    """
    if region.status == "ENABLED":
        return passed(f"Macie is enabled in {region.region}")
    if region.status is None:
        return failed(f"Macie is not enabled in {region.region}")
    return failed(f"Macie is {region.status.lower()} in {region.region}", status=region.status)
