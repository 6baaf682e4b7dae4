"""CloudTrail delivery to CloudWatch Logs, where metric filters and alarms can watch it."""

from __future__ import annotations

from datetime import timedelta

from ....snapshot.cloudtrail import Trail
from ....snapshot.iam import IamAccount
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ._trails import TRAIL_READS, account_gaps, trail_problem


@check(
    id="cloudtrail.cloudwatch-logs",
    domain=Domain.COMPLIANCE,
    severity=Severity.LOW,
    resource=IamAccount,
)
def cloudwatch_logs(account: IamAccount, ctx: Context) -> Outcome:
    """The account's multi-region trail delivers its events to CloudWatch Logs.

    A trail that only writes to S3 is an archive: nothing watches it as events arrive.
    Delivered to a CloudWatch Logs log group, the events can drive metric filters and alarms
    (the cloudwatch.alarm-* checks) and be searched within minutes (CIS AWS Foundations
    Benchmark v1.4.0, 3.4; Security Hub CloudTrail.5). The trail must also be multi-region and
    logging management writes, or the log group sees only part of the account, and its last
    delivery must have succeeded and be at most {trail_delivery_stale_hours} hours older than
    the collection (the setting `trail_delivery_stale_hours`; CloudTrail delivers to
    CloudWatch Logs within minutes; ``GetTrailStatus`` ``LatestCloudWatchLogsDeliveryError`` /
    ``...DeliveryTime``). Gaps are judged
    here, as in cloudtrail.multi-region-logging: a good trail passes despite a failed read
    elsewhere; without one, any failed trail read in the account makes the verdict unknown.

    Remediation: create a log group and a role CloudTrail can assume to write to it, then
    `aws cloudtrail update-trail --name TRAIL --cloud-watch-logs-log-group-arn
    arn:aws:logs:REGION:ACCOUNT:log-group:GROUP:* --cloud-watch-logs-role-arn ROLE_ARN`
    (CloudTrail User Guide, "Sending events to CloudWatch Logs"); Terraform `aws_cloudtrail`
    `cloud_watch_logs_group_arn`.
    """
    trails = list(ctx.resources(Trail, account_id=account.account_id))
    delivering = [t for t in trails if t.cloudwatch_logs_log_group_arn]
    good = [t for t in delivering if _problem(t, ctx) is None]
    if good:
        return passed(
            "multi-region trail delivers to CloudWatch Logs",
            trails=[t.name for t in good],
            log_groups=sorted({t.cloudwatch_logs_log_group_arn or "" for t in good}),
        )
    gaps = account_gaps(ctx, account.account_id, TRAIL_READS)
    if gaps:
        return unknown(
            "no multi-region trail seen delivering to CloudWatch Logs, but trails could not "
            "all be read: " + "; ".join(gaps)
        )
    if delivering:
        unfit = {t.name: _problem(t, ctx) for t in delivering}
        return failed(
            "the trails delivering to CloudWatch Logs do not count: "
            + "; ".join(f"{name}: {problem}" for name, problem in unfit.items()),
            trails=unfit,
        )
    return failed("no trail delivers to CloudWatch Logs", trails=[t.name for t in trails])


def _problem(trail: Trail, ctx: Context) -> str | None:
    problem = trail_problem(trail, ctx)
    if problem is not None:
        return problem
    if trail.cloudwatch_logs_error:
        return f"delivery to CloudWatch Logs fails: {trail.cloudwatch_logs_error}"
    delivered = trail.cloudwatch_logs_delivered
    hours = ctx.settings.trail_delivery_stale_hours
    if delivered is not None and ctx.now - delivered > timedelta(hours=hours):
        return (
            f"last delivered to CloudWatch Logs on {delivered:%Y-%m-%d %H:%M} UTC, "
            f"over {hours} hours before the collection"
        )
    return None
