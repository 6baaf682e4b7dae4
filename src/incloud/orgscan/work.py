"""The work every executor runs, wherever it runs: entering an account, collecting a shard.

Both read and write only through the store, so a task is the same on a thread of the
coordinator and on a Celery worker on another machine, and running one twice stores nothing
twice (the store keeps the first result).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from ..collect.org.enter import AccountUnreachable, account_regions, enter_account
from ..collect.registry import all_collectors
from ..collect.session import AwsSession, Limiter, open_session
from ..collect.shard import ShardKey, ShardResult, declared_gaps, run_shard
from ..store import AccountEntry, ScanStore
from .spec import OrgScanSpec

SESSION_LOST = "AccountSessionLost"
"""Gap code for a shard whose account could no longer be entered (the role was removed, or
credentials stopped refreshing, after the account was first entered)."""


@dataclass
class AccountSessions:
    """The sessions one process holds for a scan: the management account's, and one per
    member account entered (its credentials refresh themselves).
    """

    spec: OrgScanSpec
    limiter: Limiter | None = None
    _management: AwsSession | None = None
    _accounts: dict[str, AwsSession] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _entering: dict[str, threading.Lock] = field(default_factory=dict)

    def management(self) -> AwsSession:
        """The management account's session (opened once, on first use)."""
        with self._lock:
            if self._management is None:
                session = open_session(self.spec.session_options())
                session.limiter = self.limiter
                self._management = session
            return self._management

    def account(self, account_id: str) -> AwsSession:
        """The session in ``account_id`` (AccountUnreachable when it cannot be entered).

        The account the scan runs from is scanned with its own session: AWS creates no
        organisation role in the management account, and none is needed there.
        """
        management = self.management()
        if account_id == management.account_id:
            return management
        with self._lock:
            if account_id in self._accounts:
                return self._accounts[account_id]
            entering = self._entering.setdefault(account_id, threading.Lock())
        with entering:
            with self._lock:
                if account_id in self._accounts:
                    return self._accounts[account_id]
            session = enter_account(self.management(), account_id, self.spec.role)
            with self._lock:
                self._accounts[account_id] = session
            return session


def enter(sessions: AccountSessions, store: ScanStore, account_id: str) -> AccountEntry:
    """Enter ``account_id`` and store how it went (the stored entry if there is one)."""
    scan_id = sessions.spec.scan_id
    stored = store.accounts(scan_id).get(account_id)
    if stored is not None:
        return stored
    try:
        session = sessions.account(account_id)
        regions = account_regions(session, sessions.spec.regions)
        entry = AccountEntry(account_id, "entered", regions, api_calls=session.counter.snapshot())
    except AccountUnreachable as unreachable:
        entry = AccountEntry(account_id, "unreachable", message=str(unreachable))
    store.put_account(scan_id, entry)
    return entry


def collect_shard(
    sessions: AccountSessions,
    store: ScanStore,
    key: ShardKey,
    regions: tuple[str, ...],
    *,
    worker: str,
    stop: threading.Event | None = None,
) -> ShardResult | None:
    """Collect one shard and store it; None when it was stored already or was stopped
    (a stopped shard is not stored, so a resumed scan collects it again).
    """
    scan_id = sessions.spec.scan_id
    if key in store.shard_keys(scan_id, key.account_id):
        return None
    item = all_collectors()[key.service]
    try:
        session = sessions.account(key.account_id)
    except AccountUnreachable as lost:
        result = ShardResult(
            key, gaps=declared_gaps(key.account_id, item, key.region, SESSION_LOST, str(lost))
        )
    else:
        deadline = time.monotonic() + sessions.spec.unit_seconds
        result = run_shard(session, item, key.region, regions, deadline=deadline, stop=stop)
    if stop is not None and stop.is_set():
        return None
    store.put_shard(scan_id, result, worker=worker, state="done")
    return result
