"""Running the collectors: (account, region, service) units on a bounded pool of threads.

Units start longest first (:func:`plan_units`): the pool then ends on short units instead of
waiting, at the end, on one long unit that started late. Each unit has a time budget. The
runner waits for units in short ticks, reporting progress (which units are still running,
and for how long) and abandoning a unit that overruns its budget by more than one call's
timeout: the unit's declared operations become gaps, so what it did not read is
``unknown``, never missing. A collector that cannot read an answer (a
truncated or malformed response makes it raise ``KeyError``, ``TypeError`` ...) loses only
its own unit the same way. Ctrl-C stops every unit within a tick and raises
:class:`CollectionInterruptedError` with the snapshot of what was collected.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from .. import __version__
from ..snapshot import GLOBAL, Account, CollectionGap, Resource, Snapshot
from ..snapshot.coverage import INTERRUPTED
from . import limits
from .registry import Collector, all_collectors
from .session import AwsSession
from .shard import ShardResult, declared_gaps, run_shard
from .unit import OUT_OF_TIME, Unit
from .workers import DaemonPool

DEFAULT_WORKERS = limits.WORKERS
DEFAULT_UNIT_SECONDS = limits.UNIT_SECONDS

TICK_SECONDS = 0.5
"""How often the runner reports progress and looks for units past their budget."""


@dataclass(frozen=True)
class Status:
    """Where a collection stands: units done of all, and those still running (label and
    seconds so far, slowest first).
    """

    done: int
    total: int
    running: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class UnitTiming:
    """Where one finished unit spent the collection (seconds since :func:`collect` was
    called): queued until ``started``, running until ``finished``, ``call_seconds`` of that in
    API calls (summed over its threads: above its wall time when its reads overlapped) and
    ``client_seconds`` getting its clients.
    """

    service: str
    region: str
    started: float
    finished: float
    calls: int
    call_seconds: float
    client_seconds: float
    gaps: int

    @property
    def label(self) -> str:
        """``service/region``."""
        return f"{self.service}/{self.region}"

    @property
    def wall(self) -> float:
        """Seconds from its start to its end."""
        return self.finished - self.started


_Pending = dict["Future[ShardResult]", tuple[Collector, str]]

Progress = Callable[[Status], None]
"""Called after each unit finishes and on every tick while units run."""

UnitObserver = Callable[[UnitTiming], None]
"""Called (on the collecting thread) with the timing of each unit that finished."""


class CollectionInterruptedError(Exception):
    """The user stopped the collection; ``snapshot`` holds what was collected, with every
    unfinished unit recorded as an ``Interrupted`` gap.
    """

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__("collection interrupted")
        self.snapshot = snapshot


def expected_cost(item: Collector, regions: int) -> int:
    """How long a unit of ``item`` is expected to run, in reads: the operations it declares
    (its listings and per-resource reads, most of which wait on each other or on the
    resources listed before them), once per scanned region for a global unit, which does
    the whole account's work in one (S3 reads every region's buckets, IAM waits for the
    credential report while reading every principal).
    """
    return len(item.operations) * (regions if item.scope == "global" else 1)


def plan_units(
    session: AwsSession, regions: Iterable[str], services: Iterable[str] | None = None
) -> list[tuple[Collector, str]]:
    """The (collector, region) pairs to run, in the order to start them: global services
    once, regional ones per region; the longest expected first (:func:`expected_cost`), so
    the last units to start are short ones. Ties keep the order of ``regions``, then
    services by name.
    """
    collectors = all_collectors()
    wanted = set(services) if services is not None else set(collectors)
    regions = tuple(regions)
    units: list[tuple[Collector, str]] = []
    for name, item in collectors.items():
        if name not in wanted:
            continue
        if item.scope == "global":
            units.append((item, GLOBAL))
        else:
            units.extend((item, region) for region in regions)
    place = {region: n for n, region in enumerate((GLOBAL, *regions))}
    return sorted(
        units,
        key=lambda unit: (-expected_cost(unit[0], len(regions)), place[unit[1]], unit[0].service),
    )


def collect(
    session: AwsSession,
    services: Iterable[str] | None = None,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
    unit_seconds: float = DEFAULT_UNIT_SECONDS,
    on_unit: UnitObserver | None = None,
) -> Snapshot:
    """Collect one account into a snapshot (:class:`CollectionInterruptedError` on Ctrl-C);
    ``on_unit`` is told when each unit started and finished (``bench/scan.py --profile``).
    """
    began = time.monotonic()
    regions = session.enabled_regions()
    run = _Run(session, regions, unit_seconds, on_unit, began=began)
    units = plan_units(session, regions, services)
    with DaemonPool(workers, "incloud") as pool:
        pending: _Pending = {
            pool.submit(run.unit, item, region): (item, region) for item, region in units
        }
        try:
            while pending:
                finished, _ = wait(pending, timeout=TICK_SECONDS, return_when=FIRST_COMPLETED)
                for future in finished:
                    pending.pop(future)
                    run.merge(future)
                for future in run.overdue(pending):
                    run.abandon(*pending.pop(future), OUT_OF_TIME)
                if progress is not None:
                    progress(run.status(len(units) - len(pending), len(units), pending))
        except KeyboardInterrupt:
            run.stop.set()
            for future, (item, region) in pending.items():
                if future.done():
                    run.merge(future)
                else:
                    run.abandon(item, region, INTERRUPTED)
            raise CollectionInterruptedError(run.snapshot()) from None
    return run.snapshot()


@dataclass
class _Run:
    """One collection's shared state: what was found, what failed, which units run."""

    session: AwsSession
    regions: tuple[str, ...]
    unit_seconds: float
    on_unit: UnitObserver | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    resources: dict[str, Resource] = field(default_factory=dict)
    gaps: list[CollectionGap] = field(default_factory=list)
    started: dict[tuple[str, str], float] = field(default_factory=dict)
    timings: dict[tuple[str, str], UnitTiming] = field(default_factory=dict)
    began: float = field(default_factory=time.monotonic)
    """When the collection began (``time.monotonic()``): the zero of every UnitTiming."""

    @property
    def grace(self) -> float:
        """How long past its budget a unit may take: its last call may still be waiting."""
        options = self.session.options
        per_attempt = options.connect_timeout + options.read_timeout
        return per_attempt * (1 if options.endpoint_url else options.max_attempts) + TICK_SECONDS

    def unit(self, item: Collector, region: str) -> ShardResult:
        """Run one collector in one region (on a worker thread)."""
        began = time.monotonic()
        self.started[(item.service, region)] = began
        units: list[Unit] = []
        result = run_shard(
            self.session,
            _watched(item, units),
            region,
            self.regions,
            deadline=began + self.unit_seconds,
            stop=self.stop,
        )
        self.timings[(item.service, region)] = UnitTiming(
            service=item.service,
            region=region,
            started=began - self.began,
            finished=time.monotonic() - self.began,
            calls=sum(count.count for count in result.api_calls),
            call_seconds=sum(unit.call_seconds for unit in units),
            client_seconds=sum(unit.client_seconds for unit in units),
            gaps=len(result.gaps),
        )
        return result

    def merge(self, future: Future[ShardResult]) -> None:
        """Keep a finished unit's resources (once per ARN: a trail homed outside the scan is
        seen from several regions) and its gaps.
        """
        result = future.result()
        for resource in result.resources:
            self.resources.setdefault(resource.arn, resource)
        self.gaps.extend(result.gaps)
        timing = self.timings.get((result.key.service, result.key.region))
        if self.on_unit is not None and timing is not None:
            self.on_unit(timing)

    def overdue(self, pending: _Pending) -> list[Future[ShardResult]]:
        """Running units past their budget and the grace for their last call."""
        now = time.monotonic()
        limit = self.unit_seconds + self.grace
        return [
            future
            for future, (item, region) in pending.items()
            if (began := self.started.get((item.service, region))) is not None
            and now - began > limit
        ]

    def abandon(self, item: Collector, region: str, code: str) -> None:
        """Record a unit that will not finish: each operation it declares is a gap."""
        if code == INTERRUPTED:
            message = "collection stopped before this unit finished"
        else:
            message = f"the unit did not finish within its {self.unit_seconds:.0f} s budget"
        self.gaps.extend(declared_gaps(self.session.account_id, item, region, code, message))

    def status(self, done: int, total: int, pending: _Pending) -> Status:
        """Progress: units done, and the running ones, slowest first."""
        now = time.monotonic()
        running = sorted(
            (
                (f"{item.service}/{region}", now - began)
                for item, region in pending.values()
                if (began := self.started.get((item.service, region))) is not None
            ),
            key=lambda pair: -pair[1],
        )
        return Status(done, total, tuple(running))

    def snapshot(self) -> Snapshot:
        """The snapshot of everything merged so far."""
        resources = sorted(self.resources.values(), key=lambda r: (r.account_id, r.region, r.arn))
        gaps = sorted(
            self.gaps,
            key=lambda g: (g.account_id, g.region, g.service, g.operation, g.resource_arn or ""),
        )
        session = self.session
        return Snapshot(
            incloud_version=__version__,
            collected_at=datetime.now(UTC),
            accounts=(
                Account(
                    account_id=session.account_id,
                    partition=session.partition,
                    regions=self.regions,
                ),
            ),
            resources=tuple(resources),
            gaps=tuple(gaps),
            api_calls=session.counter.snapshot(),
        )


def _watched(item: Collector, units: list[Unit]) -> Collector:
    """``item``, noting in ``units`` the unit it runs in (for that unit's call time)."""

    def collect(unit: Unit) -> Iterable[Resource]:
        units.append(unit)
        return item.collect(unit)

    return replace(item, collect=collect)
