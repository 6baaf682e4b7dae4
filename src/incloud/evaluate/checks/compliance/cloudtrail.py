"""CloudTrail audit logging."""

from __future__ import annotations

from ....snapshot.cloudtrail import Trail
from ....snapshot.iam import IamAccount
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ..factories import flag_check


@check(
    id="cloudtrail.multi-region-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.HIGH,
    resource=IamAccount,
)
def multi_region_logging(account: IamAccount, ctx: Context) -> Outcome:
    """The account has a multi-region trail that is logging management events.

    CloudTrail is the audit record of every API call; a trail limited to one region misses
    activity in the others, which is where attackers like to work (CIS 3.1).

    Remediation: `aws cloudtrail create-trail --name org-trail --s3-bucket-name BUCKET
    --is-multi-region-trail` then `aws cloudtrail start-logging --name org-trail`; or an
    organisation trail from the management account.
    """
    trails = list(ctx.resources(Trail, account_id=account.account_id))
    good = [t.name for t in trails if _logs_everywhere(t, ctx)]
    if good:
        return passed("multi-region trail logging", trails=good)
    gaps = [
        g.describe()
        for action in TRAIL_READS
        for g in ctx.gaps(action)
        if g.account_id == account.account_id
    ]
    if gaps:
        return unknown(
            "no logging multi-region trail found, but trails could not all be read: "
            + "; ".join(gaps)
        )
    return failed(
        "no multi-region trail is logging management events", trails=[t.name for t in trails]
    )


TRAIL_READS = (
    "cloudtrail:DescribeTrails",
    "cloudtrail:GetTrailStatus",
    "cloudtrail:GetEventSelectors",
)


def _logs_everywhere(trail: Trail, ctx: Context) -> bool:
    """A multi-region trail, logging, recording management writes, every fact actually read."""
    if ctx.blocking_gaps(trail, TRAIL_READS):
        return False
    return bool(trail.multi_region and trail.is_logging and trail.logs_management_writes)


log_file_validation = flag_check(
    id="cloudtrail.log-file-validation",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=Trail,
    is_ok=lambda t: t.log_file_validation,
    ok="log file validation enabled",
    bad="log file validation disabled: tampering with delivered logs would go unnoticed",
    doc="""Trails sign their log files so tampering can be detected.

    Validation writes signed digest files; without them nobody can prove the logs were not
    edited or deleted after delivery, which auditors and incident responders rely on
    (CIS 3.2).

    Remediation: `aws cloudtrail update-trail --name TRAIL --enable-log-file-validation`.
    """,
)
