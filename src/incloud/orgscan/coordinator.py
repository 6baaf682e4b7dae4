"""The coordinator: schedules an organisation scan's tasks, and hands each account to its
sink (evaluation and roll-up, or just the snapshot file) as soon as the account's last shard
is stored, one account at a time.

It holds no account's data longer than the sink needs it: the snapshot is assembled from the
store, handed on and dropped. So its memory depends on the largest account, not on how many
there are.

Never silent: an account that cannot be entered is evaluated as an empty account whose every
read is a gap (its checks all say unknown) and is reported unreachable; shards no worker
stores within the stall limit become gaps; organisation reads that failed become gaps of
every account; and Ctrl-C stores nothing half-done (``--resume`` collects the rest).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .. import __version__
from ..collect.ratelimit import budget_for
from ..collect.registry import all_collectors
from ..collect.shard import ShardKey, ShardResult, declared_gaps
from ..rollup.model import AccountState, ControlsState
from ..snapshot import GLOBAL, Account, ApiCallCount, CollectionGap, Resource, Snapshot
from ..snapshot.coverage import coverage
from ..snapshot.org import Organization
from ..store import AccountEntry, ScanStore
from .executors import Executor, worker_name
from .plan import account_shards
from .sinks import AccountOutcome, AccountSink, Peak
from .spec import OrgScanSpec

NOT_ENTERED = "AccountNotEntered"
"""Gap code for every read of an account the scan could not enter."""

NO_WORKER = "NoWorkerStoredShard"
"""Gap code for a shard no worker stored before the scan stopped waiting."""

TICK_SECONDS = 0.5
"""How often the coordinator reads the store for what was done."""


@dataclass(frozen=True)
class OrgStatus:
    """Progress of an organisation scan."""

    accounts_done: int
    accounts: int
    unreachable: int
    shards_done: int
    shards: int
    running: tuple[tuple[str, float], ...] = ()


class OrgScanInterruptedError(Exception):
    """Ctrl-C: the scan is stored as far as it got and can be resumed."""

    def __init__(self, scan_id: str) -> None:
        super().__init__(f"scan {scan_id} interrupted")
        self.scan_id = scan_id


@dataclass
class Coordinator:
    """Runs one organisation scan to its roll-up."""

    spec: OrgScanSpec
    store: ScanStore
    organization: Organization
    executor: Executor
    sink: AccountSink
    progress: Callable[[OrgStatus], None] | None = None
    stall_seconds: float = 900.0
    """How long to wait with no task finishing before the rest becomes gaps."""
    rate_scale: float = 1.0
    """The scale the request budgets were run at (reported beside each account's peak)."""
    _scheduled_entries: set[str] = field(default_factory=set)
    _planned: dict[str, list[ShardKey]] = field(default_factory=dict)
    _finished: set[str] = field(default_factory=set)

    def run(self) -> float:
        """Scan every account of the spec, handing each to the sink as it completes; the
        seconds the scan took.
        """
        started = time.perf_counter()
        self.store.set_state(self.spec.scan_id, "running")
        stored_count = -1
        last_progress = time.monotonic()
        try:
            while len(self._finished) < len(self.spec.accounts):
                began_tick = time.monotonic()
                entries = self.store.accounts(self.spec.scan_id)
                stored = self._schedule(entries)
                for account_id in self._ready(entries, stored):
                    self._finish(account_id, entries[account_id])
                count = len(entries) + sum(len(keys) for keys in stored.values())
                if count != stored_count:
                    stored_count, last_progress = count, time.monotonic()
                elif time.monotonic() - last_progress > self.stall_seconds:
                    self._give_up(entries, stored)
                    last_progress = time.monotonic()
                self._report(entries, stored)
                if len(self._finished) < len(self.spec.accounts):
                    self._wait_for_tick(began_tick)
        except KeyboardInterrupt:
            self.executor.interrupt()
            self.store.set_state(self.spec.scan_id, "interrupted")
            raise OrgScanInterruptedError(self.spec.scan_id) from None
        finally:
            self.executor.close()
        self.store.set_state(self.spec.scan_id, "complete")
        return round(time.perf_counter() - started, 3)

    def _wait_for_tick(self, began: float) -> None:
        """Let the executor work until the tick is over: the store is read at most once a
        tick, however many shards finish in it (thousands do in a large organisation).
        """
        while (left := began + TICK_SECONDS - time.monotonic()) > 0:
            self.executor.wait(left)

    def _schedule(self, entries: dict[str, AccountEntry]) -> dict[str, set[ShardKey]]:
        """Schedule what is not yet scheduled; return the shards stored so far by account."""
        stored: dict[str, set[ShardKey]] = {}
        for key in self.store.shard_keys(self.spec.scan_id):
            stored.setdefault(key.account_id, set()).add(key)
        for account_id in self.spec.accounts:
            if account_id not in entries and account_id not in self._scheduled_entries:
                self._scheduled_entries.add(account_id)
                self.executor.enter(account_id)
            entry = entries.get(account_id)
            if entry is None or not entry.entered or account_id in self._planned:
                continue
            keys = account_shards(account_id, entry.regions, self.spec.services)
            self._planned[account_id] = keys
            done = stored.get(account_id, set())
            for key in keys:
                if key not in done:
                    self.executor.collect(key, entry.regions)
        return stored

    def _ready(
        self, entries: dict[str, AccountEntry], stored: dict[str, set[ShardKey]]
    ) -> list[str]:
        ready = []
        for account_id in self.spec.accounts:
            if account_id in self._finished or account_id not in entries:
                continue
            entry = entries[account_id]
            if not entry.entered or set(self._planned.get(account_id, ())) <= stored.get(
                account_id, set()
            ):
                ready.append(account_id)
        return ready

    def _finish(self, account_id: str, entry: AccountEntry) -> None:
        """Assemble one account, hand it to the sink, and drop it."""
        peak = Peak()
        if entry.entered:
            snapshot, seconds, peak = self._assemble(account_id, entry)
        else:
            snapshot, seconds = self._unreachable(account_id, entry), 0.0
        read = coverage(snapshot)
        state: AccountState
        if not entry.entered:
            state, reason = "unreachable", entry.message
        elif read.incomplete:
            state, reason = "incomplete", read.describe()
        else:
            state, reason = "assessed", ""
        self.sink.add(
            AccountOutcome(
                snapshot,
                seconds,
                state,
                reason,
                self._controls_state(account_id, entry),
                peak,
            )
        )
        self._finished.add(account_id)
        self.executor.release(account_id)

    def _assemble(self, account_id: str, entry: AccountEntry) -> tuple[Snapshot, float, Peak]:
        resources: dict[tuple[str, str], Resource] = {}
        gaps: list[CollectionGap] = []
        calls: dict[tuple[str, str], int] = {}
        seconds = 0.0
        peak = Peak()
        for result in self.store.shards(self.spec.scan_id, account_id):
            if result.busiest_second > peak.requests:
                budget = budget_for(result.key.service, scale=self.rate_scale)
                peak = Peak(result.key.label, result.busiest_second, budget.rate, budget.burst)
            for resource in result.resources:
                resources.setdefault((resource.kind, resource.arn), resource)
            gaps.extend(result.gaps)
            _add_calls(calls, result.api_calls)
            seconds += result.seconds
        _add_calls(calls, entry.api_calls)
        extra, org_gaps = self._organisation_facts(account_id)
        for resource in extra:
            resources.setdefault((resource.kind, resource.arn), resource)
        snapshot = Snapshot(
            incloud_version=__version__,
            collected_at=datetime.now(UTC),
            accounts=(Account(account_id=account_id, regions=entry.regions),),
            resources=tuple(sorted(resources.values(), key=lambda r: (r.region, r.arn))),
            gaps=tuple(_sorted_gaps([*gaps, *org_gaps])),
            api_calls=tuple(
                ApiCallCount(service=s, operation=o, count=n) for (s, o), n in sorted(calls.items())
            ),
        )
        return snapshot, seconds, peak

    def _organisation_facts(self, account_id: str) -> tuple[list[Resource], list[CollectionGap]]:
        """The controls that bind the account, or, when the organisation's policies could not
        all be read, those reads as the account's own gaps (its analyses then say so).
        """
        organization = self.organization
        if organization.gaps:
            return [], [g.model_copy(update={"account_id": account_id}) for g in organization.gaps]
        return [organization.controls_for(account_id)], []

    def _controls_state(self, account_id: str, entry: AccountEntry) -> ControlsState:
        if account_id == self.organization.management_account_id:
            return "management"
        if not entry.entered or self.organization.gaps:
            return "not_applied"
        return "applied"

    def _unreachable(self, account_id: str, entry: AccountEntry) -> Snapshot:
        """An account never entered: every read it would have made is a gap."""
        regions = self.spec.regions or self._presumed_regions()
        gaps: list[CollectionGap] = []
        for item in all_collectors().values():
            if self.spec.services is not None and item.service not in self.spec.services:
                continue
            for region in (GLOBAL,) if item.scope == "global" else regions:
                gaps.extend(declared_gaps(account_id, item, region, NOT_ENTERED, entry.message))
        return Snapshot(
            incloud_version=__version__,
            collected_at=datetime.now(UTC),
            accounts=(Account(account_id=account_id, regions=regions),),
            gaps=tuple(_sorted_gaps(gaps)),
        )

    def _presumed_regions(self) -> tuple[str, ...]:
        """Regions to attribute an unreachable account's gaps to: those the other accounts
        were scanned in (its own could not be listed).
        """
        regions: set[str] = set()
        for entry in self.store.accounts(self.spec.scan_id).values():
            regions.update(entry.regions)
        return tuple(sorted(regions)) or (self.spec.default_region,)

    def _give_up(self, entries: dict[str, AccountEntry], stored: dict[str, set[ShardKey]]) -> None:
        """Nothing finished for ``stall_seconds``: what is outstanding becomes gaps."""
        message = f"no worker finished this within {self.stall_seconds:.0f} s"
        for account_id in self.spec.accounts:
            if account_id not in entries:
                self.store.put_account(
                    self.spec.scan_id,
                    AccountEntry(account_id, "unreachable", message=f"{NO_WORKER}: {message}"),
                )
                continue
            for key in self._planned.get(account_id, ()):
                if key in stored.get(account_id, set()):
                    continue
                item = all_collectors()[key.service]
                gaps = declared_gaps(account_id, item, key.region, NO_WORKER, message)
                self.store.put_shard(
                    self.spec.scan_id,
                    ShardResult(key, gaps=gaps),
                    worker=worker_name(),
                    state="abandoned",
                )

    def _report(self, entries: dict[str, AccountEntry], stored: dict[str, set[ShardKey]]) -> None:
        if self.progress is None:
            return
        planned = sum(len(keys) for keys in self._planned.values())
        self.progress(
            OrgStatus(
                accounts_done=len(self._finished),
                accounts=len(self.spec.accounts),
                unreachable=sum(1 for e in entries.values() if not e.entered),
                shards_done=sum(len(keys) for keys in stored.values()),
                shards=planned,
                running=self.executor.running(),
            )
        )


def _add_calls(calls: dict[tuple[str, str], int], counts: tuple[ApiCallCount, ...]) -> None:
    for count in counts:
        key = (count.service, count.operation)
        calls[key] = calls.get(key, 0) + count.count


def _sorted_gaps(gaps: list[CollectionGap]) -> list[CollectionGap]:
    return sorted(
        gaps, key=lambda g: (g.region, g.service, g.operation, g.resource_arn or "", g.error_code)
    )
