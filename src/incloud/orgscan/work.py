"""The work every executor runs, wherever it runs: entering an account, collecting a shard.

Both read and write only through the store, so a task is the same on a thread of the
coordinator and on a Celery worker on another machine, and running one twice stores nothing
twice (the store keeps the first result).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from ..collect.org.enter import AccountUnreachable, account_regions, enter_account
from ..collect.registry import all_collectors
from ..collect.session import AwsSession, Limiter, open_session
from ..collect.shard import ShardKey, ShardResult, declared_gaps, run_shard
from ..collect.shared_clients import SharedClients
from ..store import AccountEntry, ScanStore
from .spec import OrgScanSpec

SESSION_LOST = "AccountSessionLost"
"""Gap code for a shard whose account could no longer be entered (the role was removed, or
credentials stopped refreshing, after the account was first entered)."""


MAX_ACCOUNT_SESSIONS = 64
"""Member sessions one process keeps (credentials and a call counter: their clients are
shared): past this, the least recently used is dropped and entered again if it is needed
(three calls), so a process's memory does not grow with the organisation."""


@dataclass
class AccountSessions:
    """The sessions one process holds for a scan: the management account's, and one per
    member account entered (its credentials refresh themselves), at most ``capacity`` of
    them, least recently used dropped first. Member accounts share one set of clients
    (:mod:`~incloud.collect.shared_clients`).
    """

    spec: OrgScanSpec
    limiter: Limiter | None = None
    capacity: int = MAX_ACCOUNT_SESSIONS
    _management: AwsSession | None = None
    _shared: SharedClients | None = None
    _management_scanned: AwsSession | None = None
    _accounts: OrderedDict[str, AwsSession] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _entering: dict[str, threading.Lock] = field(default_factory=dict)

    def management(self) -> AwsSession:
        """The management account's session (opened once, on first use)."""
        with self._lock:
            if self._management is None:
                session = open_session(self.spec.session_options())
                session.limiter = self.limiter
                self._management = session
                self._shared = SharedClients(session)
                self._management_scanned = AwsSession(
                    options=session.options,
                    boto=session.boto,
                    account_id=session.account_id,
                    partition=session.partition,
                    limiter=self.limiter,
                    shared=self._shared,
                )
            return self._management

    def account(self, account_id: str) -> AwsSession:
        """The session in ``account_id`` (AccountUnreachable when it cannot be entered).

        The account the scan runs from is scanned with its own credentials: AWS creates no
        organisation role in the management account, and none is needed there. Its shards
        use the shared clients like every other account's; the management session's own
        clients serve the organisation's reads and AssumeRole.
        """
        management = self.management()
        if account_id == management.account_id and self._management_scanned is not None:
            return self._management_scanned
        with self._lock:
            if (held := self._held(account_id)) is not None:
                return held
            entering = self._entering.setdefault(account_id, threading.Lock())
        with entering:
            with self._lock:
                if (held := self._held(account_id)) is not None:
                    return held
            session = enter_account(self.management(), account_id, self.spec.role, self._shared)
            with self._lock:
                self._accounts[account_id] = session
                while len(self._accounts) > self.capacity:
                    self._accounts.popitem(last=False)
            return session

    def _held(self, account_id: str) -> AwsSession | None:
        """The session kept for ``account_id``, marked as just used (under the lock)."""
        session = self._accounts.get(account_id)
        if session is not None:
            self._accounts.move_to_end(account_id)
        return session

    def release(self, account_id: str) -> None:
        """Drop the account's session: the scan is done with it."""
        with self._lock:
            self._accounts.pop(account_id, None)
            self._entering.pop(account_id, None)


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
    if store.has_shard(scan_id, key):
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
