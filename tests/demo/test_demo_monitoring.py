"""The demo's monitoring (``incloud.demo.seed.monitoring``) on moto's server, scanned through
the live collection path: each link of the alarm chain it seeds is read and judged.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from incloud.collect.runner import collect
from incloud.collect.session import SessionOptions, open_session
from incloud.demo.run import demo_environment
from incloud.demo.seed import LOG_BUCKET, REGIONS
from incloud.demo.seed._common import _Seeder
from incloud.demo.seed.compute import seed_cloudtrail
from incloud.demo.seed.monitoring import TRAIL_LOG_GROUP, seed_monitoring
from incloud.demo.server import DemoServer
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Snapshot

SERVICES = ("iam", "cloudtrail", "logs", "cloudwatch", "sns")


@pytest.fixture(scope="module")
def scanned() -> Iterator[Snapshot]:
    with DemoServer() as server, demo_environment():
        s = _Seeder(server.endpoint_url)
        s.data_key = s("kms").create_key(Description="data")["KeyMetadata"]["Arn"]
        s("s3").create_bucket(Bucket=LOG_BUCKET)
        seed_cloudtrail(s)
        seed_monitoring(s)
        session = open_session(SessionOptions(endpoint_url=server.endpoint_url, regions=REGIONS))
        yield collect(session, services=SERVICES)


def _judge(snapshot: Snapshot, check_id: str) -> dict[str, tuple[Verdict, str]]:
    findings = evaluate(snapshot, [all_checks()[check_id]]).findings
    return {f.resource_name: (f.verdict, f.reason) for f in findings}


def test_monitoring_reads_work_on_the_demo_server(scanned: Snapshot) -> None:
    failed = {g.action for g in scanned.gaps}
    # moto's server lacks the credential report and a few IAM reads; the chain's reads work.
    assert not failed & {
        "logs:DescribeLogGroups",
        "logs:DescribeMetricFilters",
        "cloudwatch:DescribeAlarms",
        "sns:ListTopics",
        "sns:ListSubscriptions",
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrailStatus",
        "cloudtrail:GetEventSelectors",
    }


def test_the_complete_root_usage_chain_fails_only_on_the_single_region_trail(
    scanned: Snapshot,
) -> None:
    ((verdict, reason),) = _judge(scanned, "cloudwatch.alarm-root-usage").values()
    assert verdict is Verdict.FAIL
    assert "chain from trail northwind-trail is complete" in reason
    assert "single-region" in reason


def test_the_iam_policy_filter_has_no_alarm(scanned: Snapshot) -> None:
    ((verdict, reason),) = _judge(scanned, "cloudwatch.alarm-iam-policy-changes").values()
    assert verdict is Verdict.FAIL
    assert "Northwind/Security/iam-policy-changes, which no alarm watches" in reason


def test_activities_without_a_filter_say_so(scanned: Snapshot) -> None:
    ((verdict, reason),) = _judge(scanned, "cloudwatch.alarm-vpc-changes").values()
    assert verdict is Verdict.FAIL
    assert reason.startswith(f"no metric filter on log group {TRAIL_LOG_GROUP} matches")


def test_trail_delivery_and_log_retention(scanned: Snapshot) -> None:
    ((verdict, reason),) = _judge(scanned, "cloudtrail.cloudwatch-logs").values()
    assert verdict is Verdict.FAIL
    assert "northwind-trail: it is single-region" in reason
    retention = {n: v for n, (v, _) in _judge(scanned, "logs.log-group-retention").items()}
    assert retention == {
        TRAIL_LOG_GROUP: Verdict.PASS,
        "/aws/lambda/legacy-report-export": Verdict.FAIL,
    }
