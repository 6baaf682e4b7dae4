"""The order units start in (longest expected first) and the timing the runner reports.

A collection ends when its last unit does. Started last, a long unit (EC2 with its twenty
listings, S3 with eleven reads per bucket) would run alone at the end while the pool sits idle;
started first, it overlaps the many short ones.
"""

from __future__ import annotations

from incloud.collect.registry import Collector, all_collectors
from incloud.collect.runner import UnitTiming, collect, expected_cost, plan_units
from incloud.collect.session import AwsSession
from incloud.snapshot import GLOBAL
from tests.collect.moto_account import REGIONS


def _labels(units: list[tuple[Collector, str]]) -> list[str]:
    return [f"{item.service}/{region}" for item, region in units]


def test_units_start_longest_first(session: AwsSession) -> None:
    units = plan_units(session, REGIONS)

    assert _labels(units)[:6] == [
        "s3/global",  # eleven reads per bucket, for every region's buckets
        "ec2/us-east-1",  # twenty listings and per-resource reads
        "ec2/eu-west-1",
        "iam/global",  # the credential report's wait, the whole account's principals
        # AWS WAF Classic's seven reads, counted once per region like every global unit's
        # (the estimate's price: an account without AWS WAF Classic makes four calls).
        "waf/global",
        "rds/us-east-1",
    ]
    costs = [expected_cost(item, len(REGIONS)) for item, _ in units]
    assert costs == sorted(costs, reverse=True)


def test_every_unit_is_planned_once(session: AwsSession) -> None:
    collectors = all_collectors()
    units = plan_units(session, REGIONS)

    expected = {
        (name, region)
        for name, item in collectors.items()
        for region in ((GLOBAL,) if item.scope == "global" else REGIONS)
    }
    assert sorted((item.service, region) for item, region in units) == sorted(expected)


def test_ties_keep_the_order_of_regions_then_services(session: AwsSession) -> None:
    units = plan_units(session, ("eu-west-1", "us-east-1"), ["sqs", "sns", "kms"])

    assert _labels(units) == [
        "kms/eu-west-1",  # five operations
        "kms/us-east-1",
        "sns/eu-west-1",  # three
        "sns/us-east-1",
        "sqs/eu-west-1",  # two
        "sqs/us-east-1",
    ]


def test_a_global_unit_counts_once_per_region() -> None:
    s3, ec2 = all_collectors()["s3"], all_collectors()["ec2"]

    assert expected_cost(s3, 1) < expected_cost(ec2, 1) < expected_cost(s3, 2)


def test_the_runner_starts_units_in_that_order_and_reports_each_one(
    session: AwsSession,
) -> None:
    timings: list[UnitTiming] = []
    services = ["s3", "iam", "kms", "sqs"]

    snapshot = collect(session, services=services, workers=1, on_unit=timings.append)

    started = [t.label for t in sorted(timings, key=lambda t: t.started)]
    assert started == _labels(plan_units(session, REGIONS, services))
    assert all(0 <= t.started <= t.finished for t in timings)
    # one worker: each unit starts once the one before it has finished
    for before, after in zip(sorted(timings, key=lambda t: t.started), started[1:], strict=False):
        nxt = next(t for t in timings if t.label == after)
        assert nxt.started >= before.finished
    # the units' calls are every call but the scan's region look-up
    assert sum(t.calls for t in timings) == sum(c.count for c in snapshot.api_calls) - 1
    assert all(t.call_seconds > 0 for t in timings)
