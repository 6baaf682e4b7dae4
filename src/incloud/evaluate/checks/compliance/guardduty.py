"""Amazon GuardDuty threat detection in every scanned region, and its protection plans."""

from __future__ import annotations

from ....snapshot.guardduty import GuardDutyRegion
from ...check import (
    CheckFn,
    Domain,
    Outcome,
    Severity,
    check,
    failed,
    not_applicable,
    passed,
    unknown,
)
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


def _protection_check(check_id: str, feature: str, plan: str, doc: str) -> CheckFn[GuardDutyRegion]:
    """A check that passes when the region's enabled detector has ``feature`` enabled."""

    def judge(region: GuardDutyRegion, ctx: Context) -> Outcome:
        on = [d for d in region.detectors if d.status == "ENABLED"]
        if not on:
            if any(d.status is None for d in region.detectors):
                return unknown("the detector's status could not be read")
            return not_applicable("no enabled detector (guardduty.enabled judges the region)")
        statuses = {d.detector_id: d.features.get(feature) for d in on}
        if any(status == "ENABLED" for status in statuses.values()):
            return passed(f"{plan} is enabled", detectors=list(statuses))
        if any(status is None for status in statuses.values()):
            return unknown(f"GuardDuty did not report the {feature} feature", detectors=statuses)
        return failed(f"{plan} is off on the enabled detector", detectors=statuses)

    return check(
        id=check_id,
        domain=Domain.COMPLIANCE,
        severity=Severity.HIGH,
        resource=GuardDutyRegion,
        requires=("guardduty:ListDetectors", "guardduty:GetDetector"),
        name=check_id.replace(".", "_").replace("-", "_"),
        doc=doc,
    )(judge)


s3_protection = _protection_check(
    "guardduty.s3-protection",
    "S3_DATA_EVENTS",
    "S3 Protection",
    """GuardDuty S3 Protection is enabled where GuardDuty runs.

    S3 Protection analyses CloudTrail data events on S3 objects for exfiltration, unusual
    deletions and access from known-bad addresses, which the foundational detector does not
    look at (Security Hub GuardDuty.10; GuardDuty User Guide, "Amazon S3 Protection in Amazon
    GuardDuty"). Regions without an enabled detector are `guardduty.enabled`'s finding.

    Remediation: `aws guardduty update-detector --detector-id ID --features
    Name=S3_DATA_EVENTS,Status=ENABLED`; Terraform `aws_guardduty_detector_feature` with
    `name = "S3_DATA_EVENTS"` and `status = "ENABLED"`.
    """,
)

rds_protection = _protection_check(
    "guardduty.rds-protection",
    "RDS_LOGIN_EVENTS",
    "RDS Protection",
    """GuardDuty RDS Protection is enabled where GuardDuty runs.

    RDS Protection profiles login activity on Aurora and RDS databases and reports brute
    force, anomalous and known-bad logins, attacks the foundational detector does not see
    (Security Hub GuardDuty.9; GuardDuty User Guide, "GuardDuty RDS Protection"). Regions
    without an enabled detector are `guardduty.enabled`'s finding.

    Remediation: `aws guardduty update-detector --detector-id ID --features
    Name=RDS_LOGIN_EVENTS,Status=ENABLED`; Terraform `aws_guardduty_detector_feature` with
    `name = "RDS_LOGIN_EVENTS"` and `status = "ENABLED"`.
    """,
)
