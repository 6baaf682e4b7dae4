"""Amazon GuardDuty threat detection in every scanned region."""

from __future__ import annotations

from ....snapshot.guardduty import GuardDutyRegion
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context


@check(
    id="guardduty.enabled",
    domain=Domain.COMPLIANCE,
    severity=Severity.HIGH,
    resource=GuardDutyRegion,
    requires=("guardduty:ListDetectors",),
)
def enabled(region: GuardDutyRegion, ctx: Context) -> Outcome:
    """GuardDuty is enabled in the region.

    GuardDuty watches CloudTrail, VPC flow and DNS logs for compromised credentials,
    crypto-mining, reconnaissance and calls from known-bad addresses. It works per region,
    and attackers favour the regions nobody watches, so every region needs an enabled
    detector (Security Hub GuardDuty.1; AWS Security Reference Architecture). Protection
    plans (S3, EKS, malware, RDS) and where findings are sent are not judged here.

    Remediation: `aws guardduty create-detector --enable` in each region (or, for an
    organisation, a delegated administrator with auto-enable); a suspended detector:
    `aws guardduty update-detector --detector-id ID --enable`; Terraform
    `aws_guardduty_detector` with `enable = true`.
    """
    if not region.detectors:
        return failed(f"GuardDuty is not enabled in {region.region}: no detector")
    on = [d.detector_id for d in region.detectors if d.status == "ENABLED"]
    if on:
        return passed("detector enabled", detectors=on)
    unread = [d.detector_id for d in region.detectors if d.status is None]
    if unread:
        return unknown("the detector's status could not be read", detectors=unread)
    return failed(
        "the detector is suspended",
        status={d.detector_id: d.status for d in region.detectors},
    )
