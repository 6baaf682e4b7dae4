"""Request-rate budgets, so a scan never throttles the customer's own workloads.

AWS throttles API requests per account and Region with token buckets: a bucket holds at most a
burst of tokens, refills at a sustained rate, and each request takes one (EC2 API Reference,
"Request throttling for the Amazon EC2 API",
https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html). The customer's own
applications draw on the same buckets as incloud. So incloud budgets itself half of each
documented rate and half of each documented burst (``catalog/api_rates.json``, one row per
service with its source) and waits for one of its own tokens before every HTTP attempt.

:func:`rate_limit_hook` does the waiting on botocore's ``before-send`` event, which fires once
per attempt, so retries are paced and counted too. Buckets are kept per (account, Region,
service): in this process (:class:`LocalBuckets`), or in Redis (:class:`RedisBuckets`), shared
by every process and machine that scans the same accounts. :class:`RateStats` records what the
waiting cost and the highest request rate seen, for benchmarks and reports.
"""

from __future__ import annotations

import importlib
import json
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Protocol

Key = tuple[str, str, str]
"""A bucket's key: (account id, Region, botocore service name)."""

RATES_FILE = "api_rates.json"


@dataclass(frozen=True)
class RateBudget:
    """The shape of one token bucket: ``rate`` tokens added per second, at most ``burst`` held.

    A request takes one token, so ``burst`` must hold at least one.
    """

    rate: float
    burst: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.rate) and self.rate > 0):
            raise ValueError(f"rate must be a positive number of requests per second: {self.rate}")
        if not (math.isfinite(self.burst) and self.burst >= 1):
            raise ValueError(f"burst must hold at least one request: {self.burst}")


@cache
def _rates() -> dict[str, Any]:
    """``api_rates.json``, read once, on first use."""
    text = resources.files("incloud.catalog").joinpath(RATES_FILE).read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def budget_for(service: str, scale: float = 1.0) -> RateBudget:
    """Incloud's budget for one (account, Region) bucket of ``service`` (a botocore name).

    Half the rate and half the burst AWS documents for the service (for a service without a
    documented figure, or not in the table, a conservative default); see ``api_rates.json``
    for each number's source. ``scale`` multiplies both, for tests and benchmarks; the burst
    never falls below one request.
    """
    if not (math.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be a positive number: {scale}")
    rates = _rates()
    row = rates["services"].get(rates["aliases"].get(service, service), rates["default"])
    return RateBudget(
        rate=float(row["budget_rate"]) * scale,
        burst=max(1.0, float(row["budget_burst"]) * scale),
    )


class TokenBucket(Protocol):
    """Token buckets by key: :meth:`acquire` blocks until a request may be sent."""

    def acquire(self, key: Key) -> float:
        """Take one token from ``key``'s bucket, waiting until there is one.

        Returns the seconds the caller waited.
        """
        ...


class _Bucket:
    """One bucket's state (guarded by its owner's lock). Tokens may go below zero: a caller
    that finds the bucket empty reserves the next token and sleeps until it is due, so waiting
    callers are served in the order they came and the bucket never gives out more than
    ``burst + rate * t`` tokens in any ``t`` seconds.
    """

    def __init__(self, budget: RateBudget, now: float) -> None:
        self.rate = budget.rate
        self.burst = budget.burst
        self.tokens = budget.burst
        self.updated = now

    def reserve(self, now: float) -> float:
        """Take a token at ``now``; the seconds until it is due (0 when one was there)."""
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


class LocalBuckets:
    """Token buckets in this process, one per key, refilled continuously; thread-safe.

    Each bucket starts full with its budget's burst. Time is ``time.monotonic`` (``clock``) and
    waiting is ``time.sleep`` (``sleep``), outside the lock: a waiting thread holds up no other.
    """

    def __init__(
        self,
        budget: Callable[[str], RateBudget] = budget_for,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._budget = budget
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._buckets: dict[Key, _Bucket] = {}

    def acquire(self, key: Key) -> float:
        """Take one token from ``key``'s bucket, sleeping until it is due; the seconds waited."""
        start = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            budget = self._budget(key[2])
            with self._lock:
                bucket = self._buckets.setdefault(key, _Bucket(budget, self._clock()))
        with self._lock:
            due = bucket.reserve(self._clock())
        if due > 0:
            self._sleep(due)
        return self._clock() - start


# GCRA, the token bucket kept as one number: the bucket's "theoretical arrival time" (TAT), the
# moment (microseconds of the Redis server's clock) at which it would be full again. Taking a
# token moves the TAT one emission interval (1 / rate) later; the token is due once the TAT is
# no more than `burst` intervals ahead of now. The caller is told how long to wait and the token
# is reserved for it, so nobody retries. TIME is read inside the script: every machine's request
# is placed on the one Redis clock, whatever the machines' own clocks say. The key expires once
# the bucket would be full again (an idle key and a missing key mean the same: a full bucket).
_GCRA_SCRIPT = """
if redis.replicate_commands then pcall(redis.replicate_commands) end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local depth = interval * tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1)
local wait = tat - depth - now
if wait < 0 then return 0 end
return math.ceil(wait)
"""


class RedisBuckets:
    """Token buckets in Redis, shared by every process and machine using the same Redis.

    Each key's bucket is one Redis string under ``prefix``, updated by an atomic Lua script that
    reads the time from Redis itself (``TIME``), so clock differences between machines do not
    matter, and expiring once the bucket is full again. ``client`` is a ``redis.Redis`` (or
    anything with its ``register_script``); without one, the ``redis`` package is imported
    here and connects to ``url``. A Redis error propagates: the request is not sent unpaced.
    """

    def __init__(
        self,
        client: Any = None,
        *,
        url: str = "redis://127.0.0.1:6379/0",
        prefix: str = "incloud:ratelimit:",
        budget: Callable[[str], RateBudget] = budget_for,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if client is None:
            client = _redis_module().Redis.from_url(url)
        self.prefix = prefix
        self._script = client.register_script(_GCRA_SCRIPT)
        self._budget = budget
        self._clock = clock
        self._sleep = sleep
        self._budgets: dict[str, RateBudget] = {}

    def redis_key(self, key: Key) -> str:
        """The Redis key holding ``key``'s bucket."""
        return self.prefix + ":".join(key)

    def acquire(self, key: Key) -> float:
        """Take one token from ``key``'s shared bucket, sleeping until it is due; the seconds
        waited (including the round trip to Redis).
        """
        start = self._clock()
        budget = self._budgets.get(key[2])
        if budget is None:
            budget = self._budgets[key[2]] = self._budget(key[2])
        interval_us = 1_000_000 / budget.rate
        due_us = int(self._script(keys=[self.redis_key(key)], args=[interval_us, budget.burst]))
        if due_us > 0:
            self._sleep(due_us / 1_000_000)
        return self._clock() - start


def _redis_module() -> Any:
    """The ``redis`` package (redis-py), imported only when a Redis bucket is made."""
    try:
        return importlib.import_module("redis")
    except ModuleNotFoundError as error:
        raise ImportError("RedisBuckets needs the redis package (pip install redis)") from error


@dataclass(frozen=True)
class KeyStats:
    """What pacing cost one key: requests sent, seconds waited in all, and the most requests
    sent within any one second.
    """

    requests: int
    waited_seconds: float
    max_per_second: int


class _KeyRecord:
    """One key's running totals and the send times of its last second (guarded by the lock)."""

    def __init__(self) -> None:
        self.requests = 0
        self.waited = 0.0
        self.max_per_second = 0
        self.recent: deque[float] = deque()


class RateStats:
    """Waits and request rates per key, recorded by the hook; thread-safe.

    The highest rate is the most requests in any one-second window: each key keeps the send
    times of its last second only (a deque no longer than the budget allows), so recording
    stays cheap.
    """

    WINDOW = 1.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: dict[Key, _KeyRecord] = {}

    def record(self, key: Key, waited: float, at: float | None = None) -> None:
        """Count one request of ``key`` sent at ``at`` (now by default) after ``waited`` seconds."""
        with self._lock:
            sent = self._clock() if at is None else at
            entry = self._keys.get(key)
            if entry is None:
                entry = self._keys[key] = _KeyRecord()
            entry.requests += 1
            entry.waited += waited
            entry.recent.append(sent)
            while entry.recent[0] <= sent - self.WINDOW:
                entry.recent.popleft()
            entry.max_per_second = max(entry.max_per_second, len(entry.recent))

    def snapshot(self) -> dict[Key, KeyStats]:
        """Every key's figures so far, sorted by key."""
        with self._lock:
            return {
                key: KeyStats(entry.requests, entry.waited, entry.max_per_second)
                for key, entry in sorted(self._keys.items())
            }

    @property
    def total_waited(self) -> float:
        """Seconds waited over all keys."""
        with self._lock:
            return sum(entry.waited for entry in self._keys.values())


def rate_limit_hook(
    buckets: TokenBucket,
    account_id: str,
    region: str,
    service: str,
    stats: RateStats | None = None,
) -> Callable[..., None]:
    """A botocore handler that paces one client: register it with
    ``client.meta.events.register("before-send.*.*", hook)``.

    ``before-send`` fires once per HTTP attempt (botocore's endpoint, before the request goes
    on the wire), retries included, so every request AWS sees has taken a token of
    ``(account_id, region, service)``. The handler returns None, so the request is then sent;
    with ``stats`` it records each wait and send.
    """
    key: Key = (account_id, region, service)

    def before_send(**_: Any) -> None:
        waited = buckets.acquire(key)
        if stats is not None:
            stats.record(key, waited)

    return before_send
