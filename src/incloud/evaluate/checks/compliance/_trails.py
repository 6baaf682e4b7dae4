"""Which trails count as the account's audit trail, shared by the CloudWatch Logs checks."""

from __future__ import annotations

from ....snapshot.cloudtrail import Trail
from ...context import Context

TRAIL_READS = (
    "cloudtrail:DescribeTrails",
    "cloudtrail:GetTrailStatus",
    "cloudtrail:GetEventSelectors",
)
"""The reads that describe a trail; a failed one leaves the trail's facts unknown."""


def trail_problem(trail: Trail, ctx: Context) -> str | None:
    """Why ``trail`` is not a multi-region trail logging every management event (reads and
    writes), or None if it is.

    Every fact must have been read: unread selectors look like the default ones, so a gap on
    them is a problem too (CIS AWS Foundations Benchmark v3.0.0, 3.1 and section 4: the
    alarms count read calls too, such as denied ``Describe*`` calls for 4.1).
    """
    if ctx.blocking_gaps(trail, TRAIL_READS):
        return "its status or event selectors could not be read"
    if not trail.multi_region:
        return "it is single-region"
    if not trail.is_logging:
        return "it is not logging"
    if not trail.logs_management_writes:
        return "it does not record management write events"
    if not trail.logs_all_management_events:
        return "it records management write events only, not reads"
    return None


def account_gaps(ctx: Context, account_id: str, actions: tuple[str, ...]) -> list[str]:
    """Descriptions of the gaps on ``actions`` in ``account_id``, in any region."""
    return [
        g.describe() for action in actions for g in ctx.gaps(action) if g.account_id == account_id
    ]
