"""Celery: shards on ``incloud worker`` processes, on this machine or many.

Redis is the broker; PostgreSQL (``--store``) receives every result, written by the worker
that produced it. Delivery is at least once and storage exactly once:

- tasks are acknowledged late (after they ran) and rejected when their worker is lost, with
  one task prefetched at a time, so a worker killed mid-shard never takes a shard with it:
  Redis hands the unacknowledged task to another worker once the visibility timeout passes
  (Celery User Guide, "Tasks: acks_late" and the Redis transport's "Visibility timeout");
- a shard is stored once, by whichever run finishes first, and a task whose shard is stored
  already does nothing (``incloud.store``), so a re-delivered task duplicates nothing.

Request pacing is shared too: every worker takes its tokens from the same Redis buckets
(:class:`~incloud.collect.ratelimit.RedisBuckets`), so two workers scanning one account
together stay within one account's budget.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..collect.ratelimit import RedisBuckets, budget_for, rate_limit_hook
from ..collect.shard import ShardKey
from ..errors import InputError
from ..store import ScanStore, open_store
from . import work
from .executors import worker_name
from .spec import OrgScanSpec

QUEUE = "incloud"
DEFAULT_VISIBILITY_SECONDS = 900.0
"""How long a task a worker took may stay unacknowledged before Redis gives it to another:
longer than any shard runs (a unit's budget, 600 s, plus its last call's timeouts)."""

KEPT_SCANS = 2
"""Scans whose sessions a worker keeps: a long-running worker serves scan after scan."""


@dataclass
class WorkerState:
    """What one worker process keeps between tasks: a store per URL, sessions per scan."""

    broker_url: str
    stores: dict[str, ScanStore] = field(default_factory=dict)
    sessions: dict[tuple[str, float], work.AccountSessions] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def store(self, url: str) -> ScanStore:
        """The store at ``url`` (opened once per process)."""
        with self.lock:
            if url not in self.stores:
                self.stores[url] = open_store(url)
            return self.stores[url]

    def sessions_for(self, spec: OrgScanSpec, rate_scale: float) -> work.AccountSessions:
        """The scan's sessions in this process, paced by the shared Redis buckets."""
        key = (spec.scan_id, rate_scale)
        with self.lock:
            if key not in self.sessions:
                while len(self.sessions) >= KEPT_SCANS:  # the oldest scan's (dicts keep order)
                    del self.sessions[next(iter(self.sessions))]
                buckets = RedisBuckets(
                    url=self.broker_url, budget=partial(budget_for, scale=rate_scale)
                )
                self.sessions[key] = work.AccountSessions(
                    spec, limiter=partial(rate_limit_hook, buckets)
                )
            return self.sessions[key]


def make_app(broker_url: str, *, visibility_seconds: float = DEFAULT_VISIBILITY_SECONDS) -> Any:
    """The Celery application with incloud's two tasks."""
    from celery import Celery

    app = Celery("incloud", broker=broker_url, set_as_current=False)
    sweep_seconds = max(1.0, min(10.0, visibility_seconds / 4))
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        task_default_queue=QUEUE,
        broker_transport_options={
            "visibility_timeout": visibility_seconds,
            # kombu sweeps for tasks of dead workers every interval x throttle seconds
            # (100 s by default); sweep every few seconds instead, so a task is re-delivered
            # soon after its visibility timeout passes.
            "unacked_restore_interval": sweep_seconds,
            "unacked_restore_throttle": 1,
            # A sweep holds a Redis lock that expires after 300 s by default: a worker killed
            # mid-sweep would stop every other worker's sweeps for five minutes, and with
            # them the re-delivery of its tasks. A sweep takes milliseconds.
            "unacked_mutex_expire": max(5, round(sweep_seconds * 3)),
        },
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
    )
    state = WorkerState(broker_url)

    @app.task(name="incloud.enter")  # type: ignore[untyped-decorator]
    def enter_task(spec: dict[str, Any], store_url: str, rate_scale: float, account: str) -> None:
        parsed = OrgScanSpec.model_validate(spec)
        work.enter(state.sessions_for(parsed, rate_scale), state.store(store_url), account)

    @app.task(name="incloud.collect")  # type: ignore[untyped-decorator]
    def collect_task(
        spec: dict[str, Any],
        store_url: str,
        rate_scale: float,
        key: list[str],
        regions: list[str],
    ) -> None:
        parsed = OrgScanSpec.model_validate(spec)
        work.collect_shard(
            state.sessions_for(parsed, rate_scale),
            state.store(store_url),
            ShardKey(*key),
            tuple(regions),
            worker=worker_name(),
        )

    return app


class CeleryExecutor:
    """Sends the scan's tasks to Celery workers; the coordinator reads what they store."""

    def __init__(
        self, spec: OrgScanSpec, store: ScanStore, *, broker_url: str, rate_scale: float
    ) -> None:
        self.app = make_app(broker_url)
        self.spec = spec.model_dump(mode="json")
        self.store_url = store.engine.url.render_as_string(hide_password=False)
        self.rate_scale = rate_scale
        self.broker_url = broker_url

    def enter(self, account_id: str) -> None:
        """Queue entering an account."""
        self._send("incloud.enter", [self.spec, self.store_url, self.rate_scale, account_id])

    def collect(self, key: ShardKey, regions: tuple[str, ...]) -> None:
        """Queue collecting a shard."""
        args = [self.spec, self.store_url, self.rate_scale, list(_key(key)), list(regions)]
        self._send("incloud.collect", args)

    def _send(self, name: str, args: list[Any]) -> None:
        from kombu.exceptions import OperationalError

        try:
            self.app.send_task(name, args=args, queue=QUEUE)
        except OperationalError as error:
            raise InputError(
                f"cannot queue work on the broker {self.broker_url}: {error}"
            ) from None

    def release(self, account_id: str) -> None:
        """Nothing held here: workers keep a bounded number of sessions themselves."""

    def wait(self, seconds: float) -> None:
        """Workers report through the store: just let time pass."""
        threading.Event().wait(seconds)

    def running(self) -> tuple[tuple[str, float], ...]:
        """Unknown here: the workers know what they run."""
        return ()

    def interrupt(self) -> None:
        """Queued tasks stay queued: workers store them, and ``--resume`` uses what they
        stored (nothing is collected twice).
        """

    def close(self) -> None:
        """Close the broker connections."""
        self.app.close()


def _key(key: ShardKey) -> tuple[str, str, str]:
    return (key.account_id, key.region, key.service)


BROKER_SCHEMES = ("redis", "rediss")
"""The broker URLs incloud takes: Redis, plain or over TLS (Celery takes others, but the
request-rate buckets every worker shares live in the broker's Redis)."""

BROKER_CONNECT_SECONDS = 5.0
"""How long :func:`check_broker` waits for the broker to answer."""


def check_broker(url: str) -> None:
    """Refuse, with one :class:`InputError` line, a broker URL that is not Redis's or a broker
    that does not answer a PING: before any work, not as a worker retrying for ever (Celery
    reads ``notaurl`` as an AMQP host and retries a refused connection 100 times).
    """
    from urllib.parse import urlsplit

    from redis import Redis
    from redis.exceptions import RedisError

    try:
        parts = urlsplit(url)
        host = parts.hostname if parts.scheme in BROKER_SCHEMES else None
    except ValueError:  # an unclosed IPv6 bracket, say
        host = None
    if not host:
        schemes = " or ".join(f"{scheme}://" for scheme in BROKER_SCHEMES)
        raise InputError(f"--broker {url[:80]!r} is not a Redis URL ({schemes}HOST[:PORT]/DB)")
    try:
        Redis.from_url(
            url,
            socket_connect_timeout=BROKER_CONNECT_SECONDS,
            socket_timeout=BROKER_CONNECT_SECONDS,
        ).ping()
    except (RedisError, ValueError, OSError) as error:
        reason = " ".join(str(error).split())[:200]
        raise InputError(f"cannot reach the broker {host}: {reason}") from None


def run_worker(
    broker_url: str, *, concurrency: int, visibility_seconds: float, name: str | None = None
) -> None:
    """Run a worker in this process until it is stopped (threads: shards wait on the network,
    and one process keeps one session cache); a bad or silent broker is refused first
    (:func:`check_broker`).
    """
    check_broker(broker_url)
    app = make_app(broker_url, visibility_seconds=visibility_seconds)
    argv = [
        "--quiet",
        "worker",
        "--loglevel=WARNING",
        f"--queues={QUEUE}",
        "--pool=threads",
        f"--concurrency={concurrency}",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        f"--hostname={name or 'incloud@%h-' + worker_name().split(':')[-1]}",
    ]
    app.start(argv)
