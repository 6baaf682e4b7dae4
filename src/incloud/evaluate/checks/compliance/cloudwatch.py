"""CIS monitoring: an alarm chain per activity, from the audit trail to a person (one factory).

For each activity in :data:`._cloudwatch_events.ACTIVITIES` a check ``cloudwatch.alarm-<suffix>``
passes when one chain is complete (CIS AWS Foundations Benchmark v3.0.0, 4.1 to 4.15):

1. a multi-region trail that is logging management writes delivers to a CloudWatch Logs log
   group (``CloudWatchLogsLogGroupArn``);
2. a metric filter on that log group has a JSON pattern that matches every representative
   event of the activity and no routine one (:mod:`incloud.evaluate.metric_filters` parses and
   matches the pattern; strings are never compared with the benchmark's text);
3. a metric alarm in the log group's account and region watches the filter's metric (same
   namespace and name; CloudWatch User Guide, "Creating metrics from log events using
   filters") with its actions enabled;
4. one of the alarm's actions is an SNS topic with at least one confirmed subscription.

A failure names the furthest link reached. Gaps do not run through the engine's ``requires``:
the account's resource is global, so a failed read in any region would block every verdict,
even where a complete chain was found elsewhere. Instead, as for cloudtrail.multi-region-logging,
a complete chain passes, and when none is found a gap on any read of :data:`CHAIN_READS` in the
account makes the verdict unknown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ....snapshot.cloudtrail import Trail
from ....snapshot.cloudwatch import MetricAlarm
from ....snapshot.iam import IamAccount
from ....snapshot.logs import LogGroup, MetricFilter, log_group_arn
from ....snapshot.sns import SnsTopic
from ...check import CheckFn, Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ...metric_filters import PatternError, matches, parse
from ._cloudwatch_events import ACTIVITIES, Activity
from ._trails import TRAIL_READS, account_gaps, trail_problem

CHAIN_READS = (
    *TRAIL_READS,
    "logs:DescribeLogGroups",
    "logs:DescribeMetricFilters",
    "cloudwatch:DescribeAlarms",
    "sns:ListTopics",
    "sns:ListSubscriptions",
)
"""Every read the chain is built from."""

NO_TRAIL, NO_LOG_GROUP, NO_FILTER, NO_ALARM, NO_ACTION, NO_SUBSCRIBER, TRAIL_UNFIT = range(7)
"""How far along the chain an attempt got; the furthest one explains a failure."""

LINKS = {
    NO_TRAIL: "trail",
    NO_LOG_GROUP: "log group",
    NO_FILTER: "metric filter",
    NO_ALARM: "alarm",
    NO_ACTION: "alarm action",
    NO_SUBSCRIBER: "subscriber",
    TRAIL_UNFIT: "trail",
}
"""The missing link at each depth, reported as evidence."""


@dataclass(frozen=True)
class _Attempt:
    """One way along the chain and where it stopped (``depth`` None: complete)."""

    depth: int | None
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)
    verifiable: bool = True
    """False when the chain leaves the snapshot (a topic in an account not scanned)."""


@dataclass(frozen=True)
class _Index:
    """What the chain looks up, built once per snapshot."""

    log_groups: dict[str, LogGroup]
    alarms: dict[tuple[str, str, str, str], list[MetricAlarm]]
    topics: dict[str, SnsTopic]
    scanned: frozenset[str]
    """Accounts whose resources the snapshot holds: a topic elsewhere cannot be judged."""
    regions: dict[str, frozenset[str]]
    """The regions collected per account: a log group elsewhere cannot be judged."""

    def region_scanned(self, arn: str) -> bool:
        """True when the resource ``arn`` names lies in a collected region of its account
        (or the snapshot does not say which regions its account covered).
        """
        regions = self.regions.get(_arn_part(arn, 4))
        return regions is None or _arn_part(arn, 3) in regions


def _index(ctx: Context) -> _Index:
    snapshot = ctx.snapshot
    alarms: dict[tuple[str, str, str, str], list[MetricAlarm]] = defaultdict(list)
    for alarm in snapshot.of_type(MetricAlarm):
        for metric in alarm.metrics:
            key = (alarm.account_id, alarm.region, metric.namespace, metric.name)
            alarms[key].append(alarm)
    return _Index(
        log_groups={log_group_arn(g.arn): g for g in snapshot.of_type(LogGroup)},
        alarms=dict(alarms),
        topics={t.arn: t for t in snapshot.of_type(SnsTopic)},
        scanned=frozenset(a.account_id for a in snapshot.accounts)
        | {r.account_id for r in snapshot.resources},
        regions={a.account_id: frozenset(a.regions) for a in snapshot.accounts},
    )


def _pattern_problems(_: Context) -> defaultdict[str, dict[str, str | None]]:
    """Per activity, each filter pattern's problem once judged (a pattern is shared by many
    filters and accounts).
    """
    return defaultdict(dict)


def filter_problem(activity: Activity, pattern: str) -> str | None:
    """Why ``pattern`` does not monitor ``activity``, or None when it does.

    The pattern must match every representative event in every context, and no event of
    ``must_not_match`` in any.
    """
    try:
        node = parse(pattern)
    except PatternError as error:
        return str(error)
    missed = [
        e.describe() for e in activity.must_match if not all(matches(node, r) for r in e.records())
    ]
    extra = [
        e.describe() for e in activity.must_not_match if any(matches(node, r) for r in e.records())
    ]
    problems = []
    if missed:
        problems.append(f"misses {', '.join(missed)}")
    if extra:
        problems.append(f"also matches {', '.join(extra)}")
    return "; ".join(problems) or None


def _judge(activity: Activity, account: IamAccount, ctx: Context) -> Outcome:
    index = ctx.analysis(_index)
    problems = ctx.analysis(_pattern_problems)[activity.suffix]

    def judge_filter(item: MetricFilter) -> str | None:
        if item.pattern not in problems:
            problems[item.pattern] = filter_problem(activity, item.pattern)
        return problems[item.pattern]

    trails = [
        t
        for t in ctx.resources(Trail, account_id=account.account_id)
        if t.cloudwatch_logs_log_group_arn
    ]
    attempts = [_follow(trail, index, judge_filter, activity, ctx) for trail in trails] or [
        _Attempt(NO_TRAIL, "no trail delivers to CloudWatch Logs")
    ]
    furthest = _best(attempts)
    if furthest.depth is None:
        found = furthest.evidence
        return passed(
            f"trail {found['trail']} -> log group {found['log_group']} -> metric filter "
            f"{found['filter']!r} -> alarm {found['alarm']} -> topic {found['topic']}, which has "
            "a confirmed subscriber",
            **found,
        )
    gaps = account_gaps(ctx, account.account_id, CHAIN_READS)
    if gaps:
        return unknown(
            f"{furthest.reason}; but not everything could be read: " + "; ".join(gaps),
            **furthest.evidence,
        )
    unverifiable = [a for a in attempts if not a.verifiable]
    if unverifiable:
        return unknown(unverifiable[0].reason, **unverifiable[0].evidence)
    return failed(furthest.reason, **furthest.evidence)


def _best(attempts: list[_Attempt]) -> _Attempt:
    """A complete attempt if there is one, else the one that got furthest."""
    return min(attempts, key=lambda a: (a.depth is not None, -(a.depth or 0)))


def _follow(
    trail: Trail,
    index: _Index,
    judge_filter: Callable[[MetricFilter], str | None],
    activity: Activity,
    ctx: Context,
) -> _Attempt:
    """The furthest point along the chain from ``trail``; an unfit trail is named too."""
    attempt = _from_trail(trail, index, judge_filter, activity)
    problem = trail_problem(trail, ctx)
    if problem is None:
        return attempt
    if attempt.depth is None:
        return _Attempt(
            TRAIL_UNFIT,
            f"the alarm chain from trail {trail.name} is complete, but the trail does not "
            f"count: {problem}",
            {**attempt.evidence, "missing": LINKS[TRAIL_UNFIT]},
        )
    return _Attempt(  # verifiable: whatever lies outside the snapshot, this trail fails
        attempt.depth,
        f"{attempt.reason}; and trail {trail.name} would not count: {problem}",
        {**attempt.evidence, "trail_problem": problem},
    )


def _from_trail(
    trail: Trail,
    index: _Index,
    judge_filter: Callable[[MetricFilter], str | None],
    activity: Activity,
) -> _Attempt:
    """From the trail's log group along the chain."""
    target = log_group_arn(trail.cloudwatch_logs_log_group_arn or "")
    evidence: dict[str, Any] = {"trail": trail.name, "log_group": target}
    group = index.log_groups.get(target)
    if group is None and not index.region_scanned(target):
        return _Attempt(
            NO_LOG_GROUP,
            f"trail {trail.name} delivers to log group {target}, in a region not scanned",
            {**evidence, "missing": LINKS[NO_LOG_GROUP]},
            verifiable=False,
        )
    if group is None:
        return _Attempt(
            NO_LOG_GROUP,
            f"trail {trail.name} delivers to log group {target}, which was not found",
            {**evidence, "missing": LINKS[NO_LOG_GROUP]},
        )
    evidence["log_group"] = group.name
    judged = {item.name: judge_filter(item) for item in group.metric_filters}
    good = [item for item in group.metric_filters if judged[item.name] is None]
    if not good:
        detail = "; ".join(f"filter {name!r}: {problem}" for name, problem in judged.items())
        return _Attempt(
            NO_FILTER,
            f"no metric filter on log group {group.name} matches {activity.subject}"
            + (f" ({detail})" if detail else " (it has none)"),
            {**evidence, "missing": LINKS[NO_FILTER], "filters": judged},
        )
    return _best([_from_filter(item, group, index, evidence) for item in good])


def _from_filter(
    item: MetricFilter, group: LogGroup, index: _Index, evidence: dict[str, Any]
) -> _Attempt:
    """From a matching filter, through its alarms, to a subscribed topic."""
    metrics = [f"{t.metric_namespace}/{t.metric_name}" for t in item.transformations]
    evidence = {**evidence, "filter": item.name, "metric": metrics}
    alarms = [
        alarm
        for t in item.transformations
        for alarm in index.alarms.get(
            (group.account_id, group.region, t.metric_namespace, t.metric_name), []
        )
    ]
    if not alarms:
        return _Attempt(
            NO_ALARM,
            f"metric filter {item.name!r} on log group {group.name} publishes "
            f"{', '.join(metrics) or 'no metric'}, which no alarm watches",
            {**evidence, "missing": LINKS[NO_ALARM]},
        )
    return _best([_from_alarm(alarm, index, evidence) for alarm in alarms])


def _from_alarm(alarm: MetricAlarm, index: _Index, evidence: dict[str, Any]) -> _Attempt:
    evidence = {**evidence, "alarm": alarm.name}
    topics = [arn for arn in alarm.alarm_actions if _arn_part(arn, 2) == "sns"]
    if not alarm.actions_enabled or not topics:
        why = "its actions are disabled" if not alarm.actions_enabled else "it notifies no topic"
        return _Attempt(
            NO_ACTION,
            f"alarm {alarm.name} watches the metric, but {why}",
            {**evidence, "missing": LINKS[NO_ACTION]},
        )
    for arn in topics:
        topic = index.topics.get(arn)
        if topic is not None and topic.has_confirmed_subscriber:
            return _Attempt(
                None,
                f"alarm {alarm.name} notifies {topic.name}",
                {**evidence, "topic": topic.name},
            )
    outside = [arn for arn in topics if _arn_part(arn, 4) not in index.scanned]
    if outside:
        return _Attempt(
            NO_SUBSCRIBER,
            f"alarm {alarm.name} notifies {', '.join(outside)}, in an account not scanned",
            {**evidence, "topics": outside},
            verifiable=False,
        )
    states = [
        f"{arn.rsplit(':', 1)[-1]} ("
        + ("not found" if arn not in index.topics else "no confirmed subscription")
        + ")"
        for arn in topics
    ]
    return _Attempt(
        NO_SUBSCRIBER,
        f"alarm {alarm.name} notifies nobody: {', '.join(states)}",
        {**evidence, "topics": topics, "missing": LINKS[NO_SUBSCRIBER]},
    )


def _arn_part(arn: str, position: int) -> str:
    """One ``:``-separated part of an ARN (2: service, 4: account), "" if it has none."""
    parts = arn.split(":")
    return parts[position] if len(parts) > position else ""


def _document(activity: Activity) -> str:
    events = ", ".join(e.describe() for e in activity.must_match)
    controls = f"CIS AWS Foundations Benchmark v3.0.0 {activity.cis}"
    if activity.security_hub:
        controls += f"; Security Hub {activity.security_hub}"
    name = activity.suffix
    return f"""A CloudWatch alarm notifies someone of {activity.subject}.

    {activity.why} Without an alarm, CloudTrail records it and nobody looks ({controls}).

    Passes when a multi-region trail that is logging delivers to a CloudWatch Logs log group
    with a metric filter whose pattern matches each of {events}, and no routine call; an alarm
    with actions enabled watches the filter's metric; and the alarm notifies an SNS topic with
    a confirmed subscription. The pattern is parsed and tried on representative CloudTrail
    records, so any equivalent pattern passes and one missing an event fails.

    Remediation: on the trail's log group, `aws logs put-metric-filter --log-group-name GROUP
    --filter-name {name} --metric-transformations
    metricName={name},metricNamespace=CISBenchmark,metricValue=1 --filter-pattern
    '{activity.pattern}'`; then `aws cloudwatch put-metric-alarm --alarm-name {name}
    --namespace CISBenchmark --metric-name {name} --statistic Sum --period 300
    --evaluation-periods 1 --threshold 1 --comparison-operator
    GreaterThanOrEqualToThreshold --alarm-actions TOPIC_ARN`; and have someone confirm a
    subscription: `aws sns subscribe --topic-arn TOPIC_ARN --protocol email
    --notification-endpoint security@example.com`.
    """


def alarm_check(activity: Activity) -> CheckFn[IamAccount]:
    """Register ``cloudwatch.alarm-<suffix>`` for ``activity``, judged per account."""

    def judge(account: IamAccount, ctx: Context) -> Outcome:
        return _judge(activity, account, ctx)

    return check(
        id=f"cloudwatch.alarm-{activity.suffix}",
        domain=Domain.COMPLIANCE,
        severity=activity.severity,
        resource=IamAccount,
        name="alarm_" + activity.suffix.replace("-", "_"),
        doc=_document(activity),
    )(judge)


ALARM_CHECKS = tuple(alarm_check(activity) for activity in ACTIVITIES)
"""The fifteen registered checks, in CIS order."""


@check(
    id="cloudwatch.alarm-actions-enabled",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=MetricAlarm,
)
def alarm_actions_enabled(alarm: MetricAlarm, ctx: Context) -> Outcome:
    """Metric alarms notify someone: their actions are enabled and they name at least one.

    An alarm without an action on entering ALARM, or with its actions switched off, changes
    state and tells nobody: the detection it exists for never reaches a person (Security Hub
    CloudWatch.15 and CloudWatch.17; CloudWatch API Reference, `MetricAlarm`:
    `ActionsEnabled`, `AlarmActions`).

    Remediation: `aws cloudwatch put-metric-alarm ... --alarm-actions TOPIC_ARN
    --actions-enabled` (or `aws cloudwatch enable-alarm-actions --alarm-names NAME`);
    Terraform `alarm_actions = [...]` and `actions_enabled = true` on
    `aws_cloudwatch_metric_alarm`.
    """
    if not alarm.actions_enabled:
        return failed("the alarm's actions are disabled: it notifies nobody")
    if not alarm.alarm_actions:
        return failed("the alarm names no action for the ALARM state")
    return passed(f"{len(alarm.alarm_actions)} action(s) on ALARM, enabled")
