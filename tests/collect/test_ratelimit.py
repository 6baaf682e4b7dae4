"""Request-rate budgets: the rates table, the local and Redis buckets, the botocore hook."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config

from incloud.collect import ratelimit
from incloud.collect.ratelimit import (
    Key,
    LocalBuckets,
    RateBudget,
    RateStats,
    RedisBuckets,
    TokenBucket,
    budget_for,
    rate_limit_hook,
)
from incloud.collect.registry import all_collectors

SERVICES = (
    "ec2",
    "iam",
    "s3",
    "s3control",
    "kms",
    "lambda",
    "rds",
    "cloudtrail",
    "dynamodb",
    "sts",
    "organizations",
    "secretsmanager",
    "ssm",
    "sns",
    "sqs",
    "logs",
    "cloudwatch",
    "elbv2",
    "ecs",
    "ecr",
    "eks",
    "cloudfront",
    "apigateway",
    "wafv2",
    "acm",
    "backup",
    "config",
    "guardduty",
    "securityhub",
    "inspector2",
    "accessanalyzer",
    "opensearch",
    "elasticache",
    "redshift",
    "efs",
    "sdb",
)
KEY: Key = ("111122223333", "eu-west-1", "ec2")


def rates_file() -> dict[str, Any]:
    text = resources.files("incloud.catalog").joinpath("api_rates.json").read_text()
    document: dict[str, Any] = json.loads(text)
    return document


def fixed(rate: float, burst: float) -> Callable[[str], RateBudget]:
    return lambda _service: RateBudget(rate, burst)


def assert_within_bucket(stamps: list[float], budget: RateBudget, slack: float = 2.0) -> None:
    """No interval [a, b] holds more sends than ``burst + rate * (b - a)`` (plus ``slack`` for
    the scheduler waking a thread late)."""
    ordered = sorted(stamps)
    for i, first in enumerate(ordered):
        for j in range(i, len(ordered)):
            allowed = budget.burst + budget.rate * (ordered[j] - first) + slack
            assert j - i + 1 <= allowed, (
                f"{j - i + 1} sends in {ordered[j] - first:.3f}s, the bucket allows {allowed:.1f}"
            )


def run_threads(buckets: TokenBucket, key: Key, threads: int, each: int) -> list[float]:
    """Acquire ``each`` tokens of ``key`` from each of ``threads`` threads; the send times."""
    stamps: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def work() -> None:
        start.wait()
        for _ in range(each):
            buckets.acquire(key)
            now = time.monotonic()
            with lock:
                stamps.append(now)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return stamps


# The rates table


def test_the_rates_file_names_its_sources_and_covers_every_service() -> None:
    document = rates_file()
    assert document["_compiled"] == "2026-12-07"
    assert document["_source"] and document["_licence"]
    assert document["budget_fraction"] == 0.5
    services = document["services"]
    assert set(SERVICES) <= set(services)
    assert document["aliases"]["es"] == "opensearch"
    for name, row in [*services.items(), ("default", document["default"])]:
        assert row["rate"] > 0 and row["budget_rate"] > 0, name
        assert row["budget_rate"] == row["rate"] / 2, name
        if row["burst"] is None:
            assert row["budget_burst"] == max(1.0, row["budget_rate"]), name
        else:
            assert row["burst"] >= 1 and row["budget_burst"] == row["burst"] / 2, name
        if name == "default":
            continue
        assert row["source"].startswith("https://docs.aws.amazon.com/"), name
        assert row["section"], name
        if row["undocumented"]:
            assert row["rate"] == document["default"]["rate"] and row["note"], name
        else:
            assert row["evidence"], name


def test_every_collected_service_has_a_budget_row() -> None:
    rows = rates_file()
    known = set(rows["services"]) | set(rows["aliases"])
    collected = set(all_collectors()) | {"sts"}
    assert collected <= known, sorted(collected - known)


def test_budget_for_is_half_the_documented_rate_and_burst() -> None:
    assert budget_for("ec2") == RateBudget(rate=10.0, burst=50.0)  # EC2: bucket 100, refill 20/s
    assert budget_for("lambda") == RateBudget(rate=7.5, burst=7.5)  # 15/s, no burst documented
    assert budget_for("es") == budget_for("opensearch")
    assert budget_for("not-a-service") == RateBudget(rate=5.0, burst=5.0)
    assert budget_for("ec2", scale=4) == RateBudget(rate=40.0, burst=200.0)
    assert budget_for("lambda", scale=0.01).burst == 1.0
    assert ratelimit._rates() is ratelimit._rates()  # read once
    with pytest.raises(ValueError, match="scale"):
        budget_for("ec2", scale=0)


@pytest.mark.parametrize(("rate", "burst"), [(0, 1), (-1, 1), (float("inf"), 1), (1, 0.5)])
def test_a_budget_that_could_never_send_is_refused(rate: float, burst: float) -> None:
    with pytest.raises(ValueError):
        RateBudget(rate, burst)


# Local buckets


def test_a_bucket_refills_continuously_up_to_its_burst() -> None:
    now = [100.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    buckets = LocalBuckets(fixed(rate=2, burst=2), clock=lambda: now[0], sleep=sleep)
    assert [buckets.acquire(KEY) for _ in range(4)] == [0.0, 0.0, 0.5, 0.5]
    now[0] += 60  # idle: the bucket fills to its burst and no further
    assert [buckets.acquire(KEY) for _ in range(3)] == [0.0, 0.0, 0.5]
    now[0] += 0.25  # half a token back
    assert buckets.acquire(KEY) == 0.25


def test_threads_sharing_a_bucket_never_exceed_rate_times_time_plus_burst() -> None:
    budget = RateBudget(rate=50, burst=5)
    buckets = LocalBuckets(fixed(budget.rate, budget.burst))
    began = time.monotonic()
    stamps = run_threads(buckets, KEY, threads=4, each=15)
    assert len(stamps) == 60
    assert_within_bucket(stamps, budget)
    assert time.monotonic() - began >= (60 - budget.burst) / budget.rate * 0.95


def test_an_empty_bucket_makes_the_caller_wait_for_the_next_token() -> None:
    buckets = LocalBuckets(fixed(rate=10, burst=1))
    assert buckets.acquire(KEY) < 0.02
    waited = buckets.acquire(KEY)
    assert 0.08 <= waited < 0.3


def test_keys_do_not_share_a_bucket() -> None:
    buckets = LocalBuckets(fixed(rate=2, burst=1))
    buckets.acquire(KEY)
    other_account = ("444455556666", KEY[1], KEY[2])
    other_region = (KEY[0], "us-east-1", KEY[2])
    other_service = (KEY[0], KEY[1], "kms")
    assert all(buckets.acquire(key) < 0.02 for key in (other_account, other_region, other_service))


def test_a_waiting_thread_holds_up_no_other_key() -> None:
    buckets = LocalBuckets(fixed(rate=2, burst=1))
    buckets.acquire(KEY)
    waiter = threading.Thread(target=buckets.acquire, args=(KEY,))  # sleeps ~0.5 s
    waiter.start()
    time.sleep(0.05)
    began = time.monotonic()
    buckets.acquire(("444455556666", KEY[1], KEY[2]))
    assert time.monotonic() - began < 0.1
    waiter.join()


def test_each_service_gets_its_own_budget() -> None:
    asked: list[str] = []

    def budget(service: str) -> RateBudget:
        asked.append(service)
        return RateBudget(100, 3) if service == "kms" else RateBudget(100, 1)

    buckets = LocalBuckets(budget)
    kms = (KEY[0], KEY[1], "kms")
    assert max(buckets.acquire(kms) for _ in range(3)) < 0.02
    buckets.acquire(KEY)
    assert buckets.acquire(KEY) >= 0.005
    assert asked == ["kms", "ec2"]


# Stats


def test_stats_keep_waits_and_the_busiest_second_per_key() -> None:
    stats = RateStats()
    other: Key = ("444455556666", "eu-west-1", "ec2")
    for at in (0.0, 0.1, 0.2, 0.9, 1.05, 1.1, 2.5):
        stats.record(KEY, waited=0.25, at=at)
    stats.record(other, waited=1.0, at=0.0)
    figures = stats.snapshot()
    assert figures[KEY].requests == 7
    assert figures[KEY].waited_seconds == pytest.approx(1.75)
    assert figures[KEY].max_per_second == 4  # 0.1 .. 1.05 (or 0.2 .. 1.1)
    assert figures[other].max_per_second == 1
    assert stats.total_waited == pytest.approx(2.75)


def test_stats_are_safe_across_threads() -> None:
    stats = RateStats()

    def work() -> None:
        for _ in range(500):
            stats.record(KEY, waited=0.001)

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert stats.snapshot()[KEY].requests == 2000
    assert stats.total_waited == pytest.approx(2.0)


# Redis buckets (the Redis at 127.0.0.1:6379)


@pytest.fixture
def redis_client() -> Iterator[Any]:
    redis = pytest.importorskip("redis")
    client = redis.Redis(host="127.0.0.1", port=6379)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    yield client
    client.close()


@pytest.fixture
def prefix(redis_client: Any) -> Iterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    mine = f"incloud-test:{uuid.uuid4().hex}:"
    yield mine
    for name in redis_client.scan_iter(match=mine + "*"):
        redis_client.delete(name)


def test_a_redis_bucket_paces_like_a_local_one(redis_client: Any, prefix: str) -> None:
    buckets = RedisBuckets(redis_client, prefix=prefix, budget=fixed(rate=20, burst=3))
    waits = [buckets.acquire(KEY) for _ in range(5)]
    assert max(waits[:3]) < 0.03
    # paced (a token every 50 ms); the upper bound only catches a stall, with room for a
    # machine busy running the rest of the suite beside this test
    assert all(0.03 <= wait < 1.0 for wait in waits[3:])
    other = (KEY[0], KEY[1], "kms")
    assert buckets.acquire(other) < 0.03  # another key, another bucket


def test_threads_with_their_own_connections_share_one_redis_bucket(
    redis_client: Any, prefix: str
) -> None:
    redis = pytest.importorskip("redis")
    budget = RateBudget(rate=50, burst=4)
    stamps: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(3)

    def work() -> None:
        client = redis.Redis(host="127.0.0.1", port=6379)
        buckets = RedisBuckets(client, prefix=prefix, budget=fixed(budget.rate, budget.burst))
        start.wait()
        for _ in range(16):
            buckets.acquire(KEY)
            now = time.monotonic()
            with lock:
                stamps.append(now)
        client.close()

    workers = [threading.Thread(target=work) for _ in range(3)]
    began = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(stamps) == 48
    assert_within_bucket(stamps, budget)
    assert time.monotonic() - began >= (48 - budget.burst) / budget.rate * 0.95


CHILD = """
import json, sys, time
from incloud.collect.ratelimit import RateBudget, RedisBuckets
prefix, rate, burst, count = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
buckets = RedisBuckets(prefix=prefix, budget=lambda service: RateBudget(rate, burst))
print("ready", flush=True)
sys.stdin.readline()
stamps = []
for _ in range(count):
    buckets.acquire(("111122223333", "eu-west-1", "ec2"))
    stamps.append(time.monotonic())
print(json.dumps(stamps), flush=True)
"""


def test_two_processes_share_one_redis_bucket(redis_client: Any, prefix: str) -> None:
    budget = RateBudget(rate=40, burst=4)
    args = [prefix, str(budget.rate), str(budget.burst), "20"]
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdin is not None and child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        mine = RedisBuckets(redis_client, prefix=prefix, budget=fixed(budget.rate, budget.burst))
        began = time.monotonic()
        child.stdin.write("go\n")
        child.stdin.flush()
        stamps = []
        for _ in range(20):
            mine.acquire(KEY)
            stamps.append(time.monotonic())
        theirs = json.loads(child.stdout.readline())
    assert child.returncode == 0
    assert len(theirs) == 20
    assert_within_bucket(stamps + theirs, budget)
    assert max(stamps + theirs) - began >= (40 - budget.burst) / budget.rate * 0.95


def test_a_redis_bucket_expires_once_full_again(redis_client: Any, prefix: str) -> None:
    buckets = RedisBuckets(redis_client, prefix=prefix, budget=fixed(rate=50, burst=2))
    buckets.acquire(KEY)
    name = buckets.redis_key(KEY)
    assert name.startswith(prefix)
    assert 0 < redis_client.pttl(name) <= 21  # full again 20 ms after one token was taken
    time.sleep(0.1)
    assert redis_client.exists(name) == 0


# The botocore hook


def test_the_hook_paces_a_real_client(aws: None) -> None:
    budget = RateBudget(rate=20, burst=5)
    stats = RateStats()
    key: Key = ("123456789012", "us-east-1", "sts")
    client = boto3.client("sts", region_name="us-east-1")
    hook = rate_limit_hook(LocalBuckets(fixed(budget.rate, budget.burst)), *key, stats=stats)
    client.meta.events.register("before-send.*.*", hook)
    began = time.monotonic()
    for _ in range(30):
        client.get_caller_identity()
    elapsed = time.monotonic() - began
    assert (30 - budget.burst) / budget.rate * 0.95 <= elapsed < 4.0
    figures = stats.snapshot()[key]
    assert figures.requests == 30
    assert figures.waited_seconds >= 1.0
    assert figures.max_per_second <= budget.rate + budget.burst + 2


def test_the_hook_takes_a_token_for_every_retry(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("botocore.retries.standard.ExponentialBackoff.delay_amount", lambda *_: 0.0)

    class Body:
        def stream(self, **_: Any) -> Iterator[bytes]:
            yield b""

    failures = [500]

    def fail_once(**_: Any) -> AWSResponse | None:
        return (
            AWSResponse("https://sts.amazonaws.com/", failures.pop(), {}, Body())
            if failures
            else None
        )

    stats = RateStats()
    key: Key = ("123456789012", "us-east-1", "sts")
    client = boto3.client(
        "sts",
        region_name="us-east-1",
        config=Config(retries={"mode": "standard", "max_attempts": 3}),
    )
    client.meta.events.register(
        "before-send.*.*", rate_limit_hook(LocalBuckets(), *key, stats=stats)
    )
    client.meta.events.register("before-send.*.*", fail_once)
    client.get_caller_identity()
    assert not failures
    assert stats.snapshot()[key].requests == 2  # the failed attempt and its retry
