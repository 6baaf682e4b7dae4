"""Where shards run: one interface, two executors.

:class:`LocalExecutor` runs them on daemon threads of this process (the default: nothing to
install or start). ``celery.CeleryExecutor`` sends them to Celery workers through Redis. The
coordinator only schedules work and waits; what a task produced it always reads back from
the store, so it never matters which executor, process or machine ran it.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from typing import Any, Protocol

from ..collect.registry import all_collectors
from ..collect.shard import ShardKey, ShardResult, declared_gaps
from ..collect.unit import OUT_OF_TIME
from ..collect.workers import DaemonPool
from ..store import ScanStore
from . import work

TICK_SECONDS = 0.5


class Executor(Protocol):
    """Runs the scan's tasks somewhere; results land in the store."""

    def enter(self, account_id: str) -> None:
        """Schedule entering an account."""
        ...

    def collect(self, key: ShardKey, regions: tuple[str, ...]) -> None:
        """Schedule collecting a shard."""
        ...

    def release(self, account_id: str) -> None:
        """The account is finished: drop what this process holds for it."""
        ...

    def wait(self, seconds: float) -> None:
        """Block until some task may have finished, or ``seconds`` pass."""
        ...

    def running(self) -> tuple[tuple[str, float], ...]:
        """Shards known to be running (label, seconds so far), slowest first."""
        ...

    def interrupt(self) -> None:
        """Stop: run nothing more, and store nothing half-done."""
        ...

    def close(self) -> None:
        """Release threads and connections."""
        ...


def worker_name() -> str:
    """``host:pid``, recorded with every shard a process stores."""
    return f"{socket.gethostname()}:{os.getpid()}"


class LocalExecutor:
    """Tasks on ``workers`` daemon threads; a shard past its time budget (plus the grace of
    its last call) is abandoned and stored as gaps, so one hung endpoint never hangs a scan.
    """

    def __init__(
        self, sessions: work.AccountSessions, store: ScanStore, workers: int, grace: float
    ) -> None:
        self.sessions = sessions
        self.store = store
        self.limit = sessions.spec.unit_seconds + grace
        self.stop = threading.Event()
        self._pool = DaemonPool(workers, "incloud-org")
        self._pending: dict[Future[Any], ShardKey | str] = {}
        self._started: dict[ShardKey, float] = {}
        self._name = worker_name()

    def enter(self, account_id: str) -> None:
        """Enter the account on a worker thread."""
        future = self._pool.submit(work.enter, self.sessions, self.store, account_id)
        self._pending[future] = account_id

    def collect(self, key: ShardKey, regions: tuple[str, ...]) -> None:
        """Collect the shard on a worker thread."""
        future = self._pool.submit(self._collect, key, regions)
        self._pending[future] = key

    def release(self, account_id: str) -> None:
        """Drop the account's session and the record of its shards' start times."""
        self.sessions.release(account_id)
        for key in list(self._started):  # a copy: worker threads add to it
            if key.account_id == account_id:
                self._started.pop(key, None)

    def _collect(self, key: ShardKey, regions: tuple[str, ...]) -> ShardResult | None:
        self._started[key] = time.monotonic()
        return work.collect_shard(
            self.sessions, self.store, key, regions, worker=self._name, stop=self.stop
        )

    def wait(self, seconds: float) -> None:
        """Wait for a task; re-raise what one raised (a bug or a store failure); abandon
        overdue shards.
        """
        if self._pending:
            done, _ = wait(self._pending, timeout=seconds, return_when=FIRST_COMPLETED)
            for future in done:
                self._pending.pop(future)
                future.result()
        else:
            time.sleep(min(seconds, TICK_SECONDS))
        self._abandon_overdue()

    def _abandon_overdue(self) -> None:
        now = time.monotonic()
        for future, task in list(self._pending.items()):
            if not isinstance(task, ShardKey):
                continue
            began = self._started.get(task)
            if began is None or now - began <= self.limit:
                continue
            self._pending.pop(future)
            item = all_collectors()[task.service]
            message = f"the shard did not finish within its {self.limit:.0f} s budget"
            gaps = declared_gaps(task.account_id, item, task.region, OUT_OF_TIME, message)
            self.store.put_shard(
                self.sessions.spec.scan_id,
                ShardResult(task, gaps=gaps, seconds=now - began),
                worker=self._name,
                state="abandoned",
            )

    def running(self) -> tuple[tuple[str, float], ...]:
        """Running shards, slowest first."""
        now = time.monotonic()
        running = [
            (task.label, now - began)
            for task in self._pending.values()
            if isinstance(task, ShardKey) and (began := self._started.get(task)) is not None
        ]
        return tuple(sorted(running, key=lambda pair: -pair[1]))

    def interrupt(self) -> None:
        """Cancel queued tasks and stop running shards before their next call."""
        self.stop.set()
        for future in self._pending:
            future.cancel()

    def close(self) -> None:
        """Let the threads end (daemon threads never delay exit)."""
        self._pool.close()
