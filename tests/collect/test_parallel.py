"""Reads that do not wait on each other run at once, and stay what they were one at a time.

The bounded map (``workers.map_in_order``) and the unit's helpers built on it (``fan_out``
for per-resource reads, ``gather`` and ``both`` for independent listings) return results in
input order; a read that fails is still a gap on its resource; a read the unit's time budget
or Ctrl-C refuses is a gap too, and no request is sent for it; a collector that raises still
loses its unit, with nothing left running behind it.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse

from incloud.collect.registry import all_collectors
from incloud.collect.session import AwsSession
from incloud.collect.shard import run_shard
from incloud.collect.unit import PER_RESOURCE_WORKERS, Unit
from incloud.collect.workers import map_in_order
from incloud.snapshot import GLOBAL
from incloud.snapshot.s3 import S3Bucket
from tests.collect.moto_account import REGIONS, raw_client

BUCKETS = [f"bucket-{n:02d}" for n in range(12)]
"""More buckets than a unit has threads."""

S3_SETTINGS = {
    "GetBucketPolicy",
    "GetBucketAcl",
    "GetPublicAccessBlock",
    "GetBucketEncryption",
    "GetBucketVersioning",
    "GetBucketLogging",
    "GetBucketOwnershipControls",
    "GetObjectLockConfiguration",
    "GetBucketReplication",
    "GetBucketLifecycleConfiguration",
    "GetBucketNotificationConfiguration",
}
"""The per-bucket reads of the S3 collector (besides GetBucketLocation)."""


class Concurrency:
    """How many calls of a function run at once, at most."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now = 0
        self.peak = 0

    def __enter__(self) -> None:
        with self._lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def __exit__(self, *_: object) -> None:
        with self._lock:
            self.now -= 1


# --- the bounded map ------------------------------------------------------------------------


def test_results_come_back_in_input_order_from_a_bounded_pool() -> None:
    running = Concurrency()

    def square(n: int) -> int:
        with running:
            time.sleep(0.002 * (20 - n))  # the first items finish last
            return n * n

    assert map_in_order(square, range(20), 4, "test") == [n * n for n in range(20)]
    assert 1 < running.peak <= 4


def test_a_failure_drops_what_has_not_started_and_leaves_nothing_running() -> None:
    started: list[int] = []
    finished: list[int] = []

    def read(n: int) -> int:
        started.append(n)
        if n == 1:
            raise KeyError("a malformed answer")
        time.sleep(0.02)
        finished.append(n)
        return n

    with pytest.raises(KeyError):
        map_in_order(read, range(40), 2, "test")
    when_raised = sorted(finished)
    time.sleep(0.1)

    assert len(started) < 40  # the items queued behind the failure never ran
    assert sorted(finished) == when_raised == sorted(set(started) - {1})  # no straggler


def test_the_first_failure_in_input_order_is_raised() -> None:
    def read(n: int) -> int:
        if n == 2:
            time.sleep(0.05)
            raise ValueError("the second read, failing late")
        if n == 5:
            raise KeyError("the fifth read, failing first")
        return n

    with pytest.raises(ValueError, match="second read"):
        map_in_order(read, range(8), 8, "test")


# --- a unit's helpers -------------------------------------------------------------------------


def _unit(session: AwsSession, region: str = GLOBAL) -> Unit:
    return Unit(session=session, region=region, service="s3", scanned_regions=REGIONS)


def test_gather_yields_each_read_in_order_and_raises_at_the_failing_one(
    session: AwsSession,
) -> None:
    unit = _unit(session)

    def slow() -> list[str]:
        time.sleep(0.05)
        return ["a", "b"]

    def failing() -> list[str]:
        raise KeyError("unreadable")

    assert list(unit.gather(slow, lambda: ["c"], lambda: iter(["d", "e"]))) == list("abcde")
    seen: list[str] = []
    with pytest.raises(KeyError):
        seen.extend(unit.gather(slow, failing, lambda: ["never"]))
    assert seen == ["a", "b"]  # what was read before the failing read is kept, as in order


def test_both_runs_two_reads_at_once_and_raises_after_both_ended(session: AwsSession) -> None:
    unit = _unit(session)
    ended: list[str] = []

    def slow(name: str) -> str:
        time.sleep(0.2)
        ended.append(name)
        return name

    started = time.monotonic()
    assert unit.both(lambda: slow("first"), lambda: slow("second")) == ("first", "second")
    assert time.monotonic() - started < 0.35

    def failing() -> str:
        raise TypeError("unreadable")

    with pytest.raises(TypeError):
        unit.both(failing, lambda: slow("late"))
    assert "late" in ended


def test_outcome_tells_absent_from_failed(session: AwsSession) -> None:
    raw_client("s3").create_bucket(Bucket="plain")
    unit = _unit(session, region="us-east-1")

    absent = unit.outcome("get_bucket_policy", absent_on=("NoSuchBucketPolicy",), Bucket="plain")
    failed = unit.outcome("get_bucket_policy", Bucket="plain")

    assert (absent.answer, absent.absent) == (None, True)
    assert (failed.answer, failed.absent) == (None, False)
    assert [g.error_code for g in unit.gaps] == ["NoSuchBucketPolicy"]  # only the failure


# --- per-resource reads on many threads -------------------------------------------------------


@pytest.fixture
def buckets(session: AwsSession) -> AwsSession:
    s3 = raw_client("s3")
    for name in BUCKETS:
        s3.create_bucket(Bucket=name)
    return session


def _on_s3(session: AwsSession, handler: Any) -> None:
    """``handler`` on before-send of the S3 client the collector uses (us-east-1)."""
    session.client("s3", "us-east-1").meta.events.register_first("before-send.s3", handler)


def _operation(event_name: str) -> str:
    """The operation a ``before-send.<service>.<Operation>`` event is for."""
    return event_name.rsplit(".", 1)[-1]


def _denied(request: Any) -> AWSResponse:
    body = b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
    headers = {"x-amz-request-id": "denied-0001"}
    return AWSResponse(request.url, 403, headers, MockRawResponse(body))


def test_a_failed_read_among_many_is_a_gap_on_its_bucket(buckets: AwsSession) -> None:
    def deny_one(request: Any, event_name: str, **_: Any) -> AWSResponse | None:
        if _operation(event_name) == "GetBucketEncryption" and "bucket-07" in request.url:
            return _denied(request)
        return None

    _on_s3(buckets, deny_one)
    result = run_shard(buckets, all_collectors()["s3"], GLOBAL, REGIONS)

    assert [(g.operation, g.error_code, g.resource_arn) for g in result.gaps] == [
        ("GetBucketEncryption", "AccessDenied", "arn:aws:s3:::bucket-07")
    ]
    assert sorted(r.name for r in result.resources if isinstance(r, S3Bucket)) == BUCKETS
    # every call, the per-bucket threads' included, counts as the unit's
    assert sum(c.count for c in result.api_calls) == 2 + len(BUCKETS) * (1 + len(S3_SETTINGS))


@pytest.mark.parametrize(("stopping", "code"), [("stop", "Interrupted"), ("deadline", None)])
def test_reads_refused_after_a_stop_are_gaps_and_never_sent(
    buckets: AwsSession, stopping: str, code: str | None
) -> None:
    stop = threading.Event()
    sent: list[tuple[float, str, str]] = []
    lock = threading.Lock()
    # the deadline leaves the listings ample time even on a machine running the suite beside
    # this test, and falls among the per-bucket reads, which are slow enough (0.2 s each, 8 at
    # a time, over 100 of them) that they cannot all be sent before it
    deadline = time.monotonic() + (1.5 if stopping == "deadline" else 600)
    pause = 0.2 if stopping == "deadline" else 0.05
    stopped = [deadline]

    def count_then_stop(request: Any, event_name: str, **_: Any) -> None:
        with lock:
            sent.append((time.monotonic(), _operation(event_name), request.url))
            if len(sent) == 20 and stopping == "stop":
                stop.set()  # Ctrl-C, as the runner signals it
                stopped[0] = time.monotonic()
        if any(f"/{name}" in request.url or f"//{name}." in request.url for name in BUCKETS):
            time.sleep(pause)  # a slow per-bucket read; the listings stay quick

    _on_s3(buckets, count_then_stop)
    result = run_shard(
        buckets, all_collectors()["s3"], GLOBAL, REGIONS, deadline=deadline, stop=stop
    )

    refused = {(g.operation, g.resource_arn) for g in result.gaps}
    assert refused and {g.error_code for g in result.gaps} == {code or "UnitTimeBudgetExceeded"}
    for name in BUCKETS:  # every setting of every bucket was either asked for or is a gap
        arn = f"arn:aws:s3:::{name}"
        asked = {op for _, op, url in sent if f"/{name}" in url or f"//{name}." in url}
        for setting in S3_SETTINGS:
            assert (setting in asked) != ((setting, arn) in refused), (name, setting)
    # only reads already past the check when the stop came (one per thread) were still sent
    assert sum(moment > stopped[0] for moment, _, _ in sent) <= PER_RESOURCE_WORKERS


def test_independent_ec2_listings_are_read_at_once(session: AwsSession) -> None:
    raw_client("ec2", "eu-west-1").describe_vpcs()  # moto builds the region's backend first
    requests: list[str] = []
    lock = threading.Lock()
    in_flight = Concurrency()

    def round_trip(event_name: str, **_: Any) -> None:
        with lock:
            requests.append(_operation(event_name))
        with in_flight:
            time.sleep(0.2)  # a distant endpoint

    session.client("ec2", "eu-west-1").meta.events.register_first("before-send.ec2", round_trip)
    started = time.monotonic()
    result = run_shard(session, all_collectors()["ec2"], "eu-west-1", REGIONS)
    took = time.monotonic() - started

    assert {"DescribeInstances", "DescribeVpcs", "DescribeSnapshots"} <= set(requests)
    assert in_flight.peak == PER_RESOURCE_WORKERS
    assert took < 0.2 * len(requests) / 2  # one after the other, it would take all of it
    assert sum(c.count for c in result.api_calls) == len(requests)


def test_one_unit_has_at_most_its_threads_requests_in_flight(buckets: AwsSession) -> None:
    running = Concurrency()

    def slow(**_: Any) -> None:
        with running:
            time.sleep(0.02)

    _on_s3(buckets, slow)
    run_shard(buckets, all_collectors()["s3"], GLOBAL, REGIONS)

    assert 1 < running.peak <= PER_RESOURCE_WORKERS


def test_a_unit_asks_the_session_for_each_client_once(
    buckets: AwsSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, str]] = []
    make = buckets.client

    def counting(service: str, region: str) -> Any:
        asked.append((service, region))
        return make(service, region)

    monkeypatch.setattr(buckets, "client", counting)
    result = run_shard(buckets, all_collectors()["s3"], GLOBAL, REGIONS)

    assert sum(c.count for c in result.api_calls) > 100
    assert sorted(asked) == sorted(set(asked))  # never twice: the session's look-ups wait
    assert set(asked) == {("s3", "us-east-1"), ("s3control", "us-east-1")}
