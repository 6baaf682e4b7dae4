"""CloudWatch Logs, CloudWatch alarms and SNS subscriptions against moto, and the CIS alarm
chain (trail -> log group -> metric filter -> alarm -> confirmed subscriber) judged on what the
real collectors read.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Snapshot
from incloud.snapshot.cloudwatch import MetricAlarm, MetricRef
from incloud.snapshot.logs import LogGroup, MetricTransformation
from incloud.snapshot.sns import SnsTopic
from tests.collect.moto_account import ACCOUNT, raw_client, trust_policy
from tests.collect.test_stores import answer_instead, denied

SERVICES = ["iam", "cloudtrail", "logs", "cloudwatch", "sns"]
TRAIL_GROUP = "cloudtrail/management"
ROOT_PATTERN = (
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
    '&& $.eventType != "AwsServiceEvent" }'
)
IAM_PATTERN = (
    "{ ($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || "
    "($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || "
    "($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || "
    "($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || "
    "($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || "
    "($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || "
    "($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || "
    "($.eventName=DetachGroupPolicy) }"
)
TOPIC = "security-alerts"


def topic_arn(region: str = "us-east-1") -> str:
    return f"arn:aws:sns:{region}:{ACCOUNT}:{TOPIC}"


def seed_trail_to_logs() -> None:
    """A logging multi-region trail delivering to a log group kept for a year."""
    logs = raw_client("logs")
    logs.create_log_group(logGroupName=TRAIL_GROUP)
    logs.put_retention_policy(logGroupName=TRAIL_GROUP, retentionInDays=365)
    group_arn = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{TRAIL_GROUP}:*"
    role_arn = raw_client("iam").create_role(
        RoleName="cloudtrail-to-logs",
        AssumeRolePolicyDocument=json.dumps(trust_policy("cloudtrail.amazonaws.com")),
    )["Role"]["Arn"]
    raw_client("s3").create_bucket(Bucket="monitored-trail-logs")
    trails = raw_client("cloudtrail")
    trails.create_trail(
        Name="monitored",
        S3BucketName="monitored-trail-logs",
        IsMultiRegionTrail=True,
        CloudWatchLogsLogGroupArn=group_arn,
        CloudWatchLogsRoleArn=role_arn,
    )
    trails.start_logging(Name="monitored")


def seed_filter(name: str, pattern: str) -> None:
    raw_client("logs").put_metric_filter(
        logGroupName=TRAIL_GROUP,
        filterName=name,
        filterPattern=pattern,
        metricTransformations=[
            {"metricName": name, "metricNamespace": "CISBenchmark", "metricValue": "1"}
        ],
    )


def seed_alarm(name: str, actions: list[str]) -> None:
    raw_client("cloudwatch").put_metric_alarm(
        AlarmName=name,
        Namespace="CISBenchmark",
        MetricName=name,
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        AlarmActions=actions,
    )


def seed_monitoring() -> dict[str, str]:
    """The whole chain for root usage, an IAM-policy filter without an alarm, a short-lived
    application log group, and a metric math alarm in eu-west-1 (for every collector path).
    """
    seed_trail_to_logs()
    seed_filter("root-usage", ROOT_PATTERN)
    seed_filter("iam-policy-changes", IAM_PATTERN)
    sns = raw_client("sns")
    arn = sns.create_topic(Name=TOPIC)["TopicArn"]
    sns.subscribe(TopicArn=arn, Protocol="email", Endpoint="security@example.com")
    seed_alarm("root-usage", [arn])
    raw_client("logs", "eu-west-1").create_log_group(logGroupName="/aws/lambda/eu-worker")
    raw_client("logs", "eu-west-1").put_retention_policy(
        logGroupName="/aws/lambda/eu-worker", retentionInDays=14
    )
    raw_client("cloudwatch", "eu-west-1").put_metric_alarm(
        AlarmName="error-rate",
        EvaluationPeriods=1,
        Threshold=5,
        ComparisonOperator="GreaterThanThreshold",
        ActionsEnabled=False,
        Metrics=[
            {
                "Id": "errors",
                "MetricStat": {
                    "Metric": {"Namespace": "AWS/Lambda", "MetricName": "Errors"},
                    "Period": 300,
                    "Stat": "Sum",
                },
                "ReturnData": False,
            },
            {"Id": "rate", "Expression": "errors * 100", "ReturnData": True},
        ],
    )
    return {"topic_arn": arn}


def verdict(snapshot: Snapshot, check_id: str) -> tuple[Verdict, str]:
    (finding,) = evaluate(snapshot, [all_checks()[check_id]]).findings
    return finding.verdict, finding.reason


def pending(endpoint: str) -> Any:
    """An after-call hook making ``endpoint``'s subscriptions pending, as SNS lists them until
    the subscriber confirms (moto confirms every subscription at once).
    """

    def hook(parsed: dict[str, Any], **_: Any) -> None:
        for item in parsed.get("Subscriptions", []):
            if item.get("Endpoint") == endpoint:
                item["SubscriptionArn"] = "PendingConfirmation"

    return hook


# --- the collectors ---------------------------------------------------------------------------


def test_log_groups_with_retention_and_metric_filters(session: AwsSession) -> None:
    seed_monitoring()

    snapshot = collect(session, services=["logs"])

    assert snapshot.gaps == ()
    groups = {g.name: g for g in snapshot.of_type(LogGroup)}
    assert set(groups) == {TRAIL_GROUP, "/aws/lambda/eu-worker"}
    trail_group = groups[TRAIL_GROUP]
    assert trail_group.arn == f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{TRAIL_GROUP}"
    assert trail_group.retention_in_days == 365
    filters = {f.name: f for f in trail_group.metric_filters}
    assert set(filters) == {"root-usage", "iam-policy-changes"}
    assert filters["root-usage"].pattern == ROOT_PATTERN
    assert filters["root-usage"].transformations == (
        MetricTransformation(
            metric_name="root-usage", metric_namespace="CISBenchmark", metric_value="1"
        ),
    )
    worker = groups["/aws/lambda/eu-worker"]
    assert (worker.region, worker.retention_in_days, worker.metric_filters) == (
        "eu-west-1",
        14,
        (),
    )


def test_alarms_with_their_metrics_and_actions(session: AwsSession) -> None:
    seeded = seed_monitoring()

    snapshot = collect(session, services=["cloudwatch"])

    assert snapshot.gaps == ()
    alarms = {a.name: a for a in snapshot.of_type(MetricAlarm)}
    root = alarms["root-usage"]
    assert root.arn == f"arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:root-usage"
    assert root.metrics == (MetricRef(namespace="CISBenchmark", name="root-usage"),)
    assert root.actions_enabled is True
    assert root.alarm_actions == (seeded["topic_arn"],)
    math = alarms["error-rate"]
    assert math.region == "eu-west-1"
    assert math.metrics == (MetricRef(namespace="AWS/Lambda", name="Errors"),)
    assert math.actions_enabled is False


def test_topic_subscriptions_come_from_one_bulk_listing(session: AwsSession) -> None:
    sns = raw_client("sns")
    confirmed = sns.create_topic(Name="confirmed")["TopicArn"]
    waiting = sns.create_topic(Name="waiting")["TopicArn"]
    sns.create_topic(Name="lonely")
    sns.subscribe(TopicArn=confirmed, Protocol="email", Endpoint="ops@example.com")
    sns.subscribe(TopicArn=confirmed, Protocol="email", Endpoint="new@example.com")
    sns.subscribe(TopicArn=waiting, Protocol="email", Endpoint="new@example.com")
    session.boto.events.register("after-call.sns.ListSubscriptions", pending("new@example.com"))

    snapshot = collect(session, services=["sns"])

    assert snapshot.gaps == ()
    topics = {t.name: t for t in snapshot.of_type(SnsTopic)}
    assert topics["confirmed"].has_confirmed_subscriber
    assert sorted(s.confirmed for s in topics["confirmed"].subscriptions) == [False, True]
    assert not topics["waiting"].has_confirmed_subscriber
    assert [s.protocol for s in topics["waiting"].subscriptions] == ["email"]
    assert topics["lonely"].subscriptions == ()
    assert "example.com" not in snapshot.model_dump_json()  # endpoints are not stored
    listings = {(c.operation, c.count) for c in snapshot.api_calls if c.service == "sns"}
    # One call for the three topics; none in eu-west-1, which has no topic to attach them to.
    assert ("ListSubscriptions", 1) in listings


# --- the chain, judged on collected data ------------------------------------------------------


def test_filter_without_alarm_fails(session: AwsSession) -> None:
    seed_trail_to_logs()
    seed_filter("root-usage", ROOT_PATTERN)

    snapshot = collect(session, services=SERVICES)

    got, reason = verdict(snapshot, "cloudwatch.alarm-root-usage")
    assert got is Verdict.FAIL
    assert "CISBenchmark/root-usage, which no alarm watches" in reason


def test_alarm_without_confirmed_subscriber_fails(session: AwsSession) -> None:
    seed_trail_to_logs()
    seed_filter("root-usage", ROOT_PATTERN)
    arn = raw_client("sns").create_topic(Name=TOPIC)["TopicArn"]
    raw_client("sns").subscribe(TopicArn=arn, Protocol="email", Endpoint="later@example.com")
    seed_alarm("root-usage", [arn])
    session.boto.events.register("after-call.sns.ListSubscriptions", pending("later@example.com"))

    snapshot = collect(session, services=SERVICES)

    got, reason = verdict(snapshot, "cloudwatch.alarm-root-usage")
    assert got is Verdict.FAIL
    assert reason == f"alarm root-usage notifies nobody: {TOPIC} (no confirmed subscription)"


def test_the_full_chain_passes_and_a_filter_without_alarm_still_fails(
    session: AwsSession,
) -> None:
    seed_monitoring()

    snapshot = collect(session, services=SERVICES)

    assert snapshot.gaps == ()
    got, reason = verdict(snapshot, "cloudwatch.alarm-root-usage")
    assert got is Verdict.PASS, reason
    assert f"topic {TOPIC}" in reason
    assert verdict(snapshot, "cloudwatch.alarm-iam-policy-changes")[0] is Verdict.FAIL
    assert verdict(snapshot, "cloudtrail.cloudwatch-logs")[0] is Verdict.PASS
    retention = {
        f.resource_name: f.verdict
        for f in evaluate(snapshot, [all_checks()["logs.log-group-retention"]]).findings
    }
    assert retention == {TRAIL_GROUP: Verdict.PASS, "/aws/lambda/eu-worker": Verdict.FAIL}


@pytest.mark.parametrize(
    ("event", "code"),
    [
        ("sns.ListSubscriptions", "AuthorizationError"),
        ("logs.DescribeMetricFilters", "AccessDeniedException"),
        ("cloudwatch.DescribeAlarms", "AccessDenied"),
    ],
)
def test_a_denied_read_makes_an_incomplete_chain_unknown(
    session: AwsSession, event: str, code: str
) -> None:
    seed_monitoring()
    answer_instead(session, event, lambda _: denied(code))

    snapshot = collect(session, services=SERVICES)

    assert {g.action for g in snapshot.gaps} == {event.replace(".", ":")}
    got, reason = verdict(snapshot, "cloudwatch.alarm-root-usage")
    assert got is Verdict.UNKNOWN
    assert event.replace(".", ":") in reason
