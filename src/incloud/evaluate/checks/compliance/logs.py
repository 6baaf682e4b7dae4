"""CloudWatch Logs retention."""

from __future__ import annotations

from ....snapshot.logs import LogGroup
from ...check import Domain, Outcome, Severity, check, failed, passed
from ...context import Context


@check(
    id="logs.log-group-retention",
    domain=Domain.COMPLIANCE,
    severity=Severity.LOW,
    resource=LogGroup,
)
def log_group_retention(group: LogGroup, ctx: Context) -> Outcome:
    """Log groups keep their events at least as long as the retention you require.

    Investigations reach back months, and most frameworks ask for a year of logs; a log group
    set to expire events after a week or a month loses the evidence before anyone needs it.
    The minimum is the setting `log_retention_days` (365 by default); a group whose events
    never expire passes (Security Hub CloudWatch.16; CloudWatch Logs User Guide, "Change log
    data retention in CloudWatch Logs").

    Remediation: `aws logs put-retention-policy --log-group-name GROUP --retention-in-days
    365` (or more); Terraform `aws_cloudwatch_log_group` `retention_in_days`. Export older
    events to S3 with a lifecycle policy if keeping them in CloudWatch Logs costs too much.
    """
    minimum = ctx.settings.log_retention_days
    if group.retention_in_days is None:
        return passed("events never expire", retention_in_days=None)
    if group.retention_in_days < minimum:
        return failed(
            f"events expire after {group.retention_in_days} days, under the {minimum} required",
            retention_in_days=group.retention_in_days,
            minimum=minimum,
        )
    return passed(
        f"events kept {group.retention_in_days} days (at least {minimum})",
        retention_in_days=group.retention_in_days,
    )
