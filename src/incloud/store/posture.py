"""Reading and writing the posture history: one recorded scan per transaction.

What is written is plain rows (:class:`Recording`); turning an assessment into them is
``incloud.history.record``'s job, above the assessment layer. A recording is one transaction
whose first statement is the write that numbers the scan, so two writers at once (two scans,
or Celery workers recording accounts of one organisation scan) are serialised by the
database: SQLite's write lock (waiting up to its busy timeout), PostgreSQL's transaction-level
advisory lock. A finding's identity is inserted once per uid (``ON CONFLICT DO NOTHING``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from ..errors import InputError
from . import posture_schema as t
from .scans import ScanStore

RECORD_LOCK = 0x1C10D
"""The PostgreSQL advisory lock key that serialises recordings."""

CHUNK = 500
"""Rows per INSERT (SQLite allows 32,766 bound parameters per statement)."""


@dataclass(frozen=True)
class ScanInfo:
    """A recorded scan, as history lists it."""

    scan_id: str
    seq: int
    recorded_at: datetime
    collected_at: datetime
    incloud_version: str
    settings_digest: str
    command: str
    counts: dict[str, dict[str, int]]
    """Domain -> verdict -> findings (muted ones included; ``muted`` counts them apart)."""
    accounts: dict[str, str]
    """Account id -> ``read``, ``incomplete`` or ``not_read``."""
    snapshot_path: str | None = None
    org_scan_id: str | None = None
    account_counts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    """Account id -> its own counts per domain and verdict."""


@dataclass(frozen=True)
class FindingRow:
    """One finding's identity and its result in one scan."""

    uid: str
    check_id: str
    title: str
    domain: str
    service: str
    account_id: str
    region: str
    resource: str
    resource_name: str
    verdict: str
    severity: str
    muted: bool
    mute_reason: str | None
    reason: str


@dataclass(frozen=True)
class GapRow:
    """A read that failed."""

    account_id: str
    region: str
    service: str
    operation: str
    error_code: str
    message: str
    resource_arn: str | None = None


@dataclass(frozen=True)
class CellRow:
    """A responsibility-matrix cell."""

    account_id: str
    service: str
    duty: str
    domain: str | None
    owner: str
    status: str
    reason: str


@dataclass(frozen=True)
class ServiceRow:
    """A service in use."""

    account_id: str
    service: str
    resources: int
    unlisted: bool


@dataclass(frozen=True)
class RequirementRow:
    """A framework requirement's status."""

    framework: str
    requirement: str
    owner: str
    status: str


@dataclass(frozen=True)
class FrameworkRow:
    """A framework's score and status counts."""

    framework: str
    name: str
    score: float | None
    counts: dict[str, int]


@dataclass(frozen=True)
class Recording:
    """Everything one scan adds to the history."""

    scan_id: str
    recorded_at: datetime
    collected_at: datetime
    incloud_version: str
    settings_digest: str
    command: str
    accounts: dict[str, str]
    findings: Sequence[FindingRow] = ()
    gaps: Sequence[GapRow] = ()
    cells: Sequence[CellRow] = ()
    services: Sequence[ServiceRow] = ()
    requirements: Sequence[RequirementRow] = ()
    frameworks: Sequence[FrameworkRow] = ()
    snapshot_path: str | None = None
    org_scan_id: str | None = None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    """Domain -> verdict -> findings of the whole scan (``muted`` counted apart too)."""
    account_counts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    """The same per account."""


_IDENTITY = (
    "uid",
    "check_id",
    "title",
    "domain",
    "service",
    "account_id",
    "region",
    "resource",
    "resource_name",
)


def _result_columns(r: Any) -> list[Any]:
    return [r.verdict, r.severity, r.muted, r.mute_reason, r.reason]


class PostureStore:
    """The posture history in one database (the organisation scans' store: same engine)."""

    def __init__(self, store: ScanStore) -> None:
        self._store = store
        self.engine = store.engine

    @property
    def url(self) -> str:
        """The store's URL, password hidden."""
        return self._store.url

    def record(self, recording: Recording) -> ScanInfo:
        """Write one scan whole, or nothing (InputError on a database error)."""
        postgres = self.engine.dialect.name == "postgresql"
        scans = t.posture_scans
        with self._store._begin() as connection:
            if postgres:
                connection.execute(sa.select(sa.func.pg_advisory_xact_lock(RECORD_LOCK)))
            next_seq = sa.select(
                sa.func.coalesce(sa.func.max(scans.c.seq), 0) + 1
            ).scalar_subquery()
            connection.execute(
                scans.insert().values(
                    scan_id=recording.scan_id,
                    seq=next_seq,
                    recorded_at=recording.recorded_at,
                    collected_at=recording.collected_at,
                    incloud_version=recording.incloud_version,
                    settings_digest=recording.settings_digest,
                    command=recording.command,
                    counts=json.dumps(recording.counts, sort_keys=True),
                    snapshot_path=recording.snapshot_path,
                    org_scan_id=recording.org_scan_id,
                )
            )
            scan = {"scan_id": recording.scan_id}
            _insert(
                connection,
                t.posture_accounts,
                [
                    scan
                    | {
                        "account_id": a,
                        "state": state,
                        "counts": json.dumps(recording.account_counts.get(a, {}), sort_keys=True),
                    }
                    for a, state in recording.accounts.items()
                ],
            )
            seq = connection.execute(
                sa.select(scans.c.seq).where(scans.c.scan_id == recording.scan_id)
            ).scalar_one()
            unique = {f.uid: f for f in recording.findings}
            ids = self._identities(connection, unique.values())
            _insert(
                connection,
                t.posture_results,
                [
                    {
                        "scan_seq": seq,
                        "finding_id": ids[f.uid],
                        "verdict": f.verdict,
                        "severity": f.severity,
                        "muted": f.muted,
                        "mute_reason": f.mute_reason,
                        "reason": f.reason,
                    }
                    for f in unique.values()
                ],
            )
            _insert(
                connection,
                t.posture_gaps,
                [scan | {"n": n} | asdict(g) for n, g in enumerate(recording.gaps)],
            )
            for table, rows in (
                (t.posture_cells, recording.cells),
                (t.posture_services, recording.services),
                (t.posture_requirements, recording.requirements),
            ):
                _insert(connection, table, [scan | asdict(row) for row in _unique(table, rows)])
            _insert(
                connection,
                t.posture_frameworks,
                [
                    scan | asdict(f) | {"counts": json.dumps(f.counts, sort_keys=True)}
                    for f in recording.frameworks
                ],
            )
        return self.scan(recording.scan_id)

    def _identities(self, connection: Any, findings: Iterable[FindingRow]) -> dict[str, int]:
        """Each finding's identity id, inserting those not stored yet (the first stays)."""
        rows = [{k: getattr(f, k) for k in _IDENTITY} for f in findings]
        ids: dict[str, int] = {}
        f = t.posture_findings.c
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            insert = self._store._insert(t.posture_findings).values(chunk)
            connection.execute(insert.on_conflict_do_nothing(index_elements=["uid"]))
            query = sa.select(f.uid, f.id).where(f.uid.in_([r["uid"] for r in chunk]))
            ids.update({row.uid: row.id for row in connection.execute(query)})
        return ids

    def scans(self, account: str | None = None) -> list[ScanInfo]:
        """Every recorded scan (of ``account``, when given), oldest first."""
        with self._store._connect() as connection:
            query = sa.select(t.posture_scans).order_by(
                t.posture_scans.c.collected_at, t.posture_scans.c.seq
            )
            if account is not None:
                mine = sa.select(t.posture_accounts.c.scan_id).where(
                    t.posture_accounts.c.account_id == account
                )
                query = query.where(t.posture_scans.c.scan_id.in_(mine))
            rows = connection.execute(query).all()
            accounts = _accounts(connection, [r.scan_id for r in rows] if account else None)
        return [_scan_info(row, accounts.get(row.scan_id, ({}, {}))) for row in rows]

    def scan(self, scan_id: str) -> ScanInfo:
        """The scan ``scan_id`` or the only one it is a prefix of (InputError otherwise)."""
        columns = t.posture_scans.c
        with self._store._connect() as connection:
            rows = connection.execute(
                sa.select(t.posture_scans)
                .where(columns.scan_id.startswith(scan_id, autoescape=True))
                .limit(3)
            ).all()
            exact = [r for r in rows if r.scan_id == scan_id]
            rows = exact or rows
            if len(rows) != 1:
                many = "more than one scan starts with" if rows else "no recorded scan"
                raise InputError(f"{many} {scan_id[:80]!r} in {self.url}")
            accounts = _accounts(connection, [rows[0].scan_id])
        return _scan_info(rows[0], accounts.get(rows[0].scan_id, ({}, {})))

    def _results(self) -> Any:
        """Results joined with their finding's identity and their scan's id."""
        r, f, s = t.posture_results.c, t.posture_findings.c, t.posture_scans.c
        return (
            sa.select(*[f[k] for k in _IDENTITY], *_result_columns(r), s.scan_id)
            .join_from(t.posture_results, t.posture_findings, r.finding_id == f.id)
            .join(t.posture_scans, s.seq == r.scan_seq)
        )

    def findings(self, scan_id: str) -> dict[str, FindingRow]:
        """Every finding of the scan, by uid."""
        query = self._results().where(t.posture_scans.c.scan_id == scan_id)
        with self._store._connect() as connection:
            rows = connection.execute(query).all()
        return {row.uid: _finding(row) for row in rows}

    def failed_in(self, scan_ids: Sequence[str], uids: Iterable[str]) -> set[str]:
        """Those of ``uids`` that failed in at least one of ``scan_ids``."""
        wanted, found = sorted(set(uids)), set[str]()
        if not wanted or not scan_ids:
            return found
        r, f, s = t.posture_results.c, t.posture_findings.c, t.posture_scans.c
        seqs = sa.select(s.seq).where(s.scan_id.in_(list(scan_ids))).scalar_subquery()
        with self._store._connect() as connection:
            for start in range(0, len(wanted), CHUNK):
                query = (
                    sa.select(f.uid)
                    .distinct()
                    .join_from(t.posture_results, t.posture_findings, r.finding_id == f.id)
                    .where(
                        f.uid.in_(wanted[start : start + CHUNK]),
                        r.scan_seq.in_(seqs),
                        r.verdict == "fail",
                    )
                )
                found |= {row.uid for row in connection.execute(query)}
        return found

    def history_of(self, uid: str) -> list[tuple[ScanInfo, FindingRow]]:
        """One finding's result in every scan that judged it, oldest first."""
        s = t.posture_scans.c
        query = (
            self._results().where(t.posture_findings.c.uid == uid).order_by(s.collected_at, s.seq)
        )
        with self._store._connect() as connection:
            rows = connection.execute(query).all()
        scans = {scan.scan_id: scan for scan in self.scans()} if rows else {}
        return [(scans[row.scan_id], _finding(row)) for row in rows if row.scan_id in scans]

    def gaps(self, scan_id: str) -> list[GapRow]:
        """The scan's failed reads."""
        return [GapRow(**row) for row in self._rows(t.posture_gaps, scan_id, drop=("n",))]

    def cells(self, scan_id: str) -> list[CellRow]:
        """The scan's matrix cells."""
        return [CellRow(**row) for row in self._rows(t.posture_cells, scan_id)]

    def services(self, scan_id: str) -> list[ServiceRow]:
        """The services the scan found in use."""
        return [ServiceRow(**row) for row in self._rows(t.posture_services, scan_id)]

    def requirements(self, scan_id: str) -> list[RequirementRow]:
        """The scan's framework requirement statuses."""
        return [RequirementRow(**row) for row in self._rows(t.posture_requirements, scan_id)]

    def frameworks(self, scan_id: str | None = None) -> list[tuple[str, FrameworkRow]]:
        """(scan id, framework score) of one scan, or of every scan."""
        c = t.posture_frameworks.c
        query = sa.select(t.posture_frameworks)
        if scan_id is not None:
            query = query.where(c.scan_id == scan_id)
        with self._store._connect() as connection:
            rows = connection.execute(query).all()
        return [
            (row.scan_id, FrameworkRow(row.framework, row.name, row.score, json.loads(row.counts)))
            for row in rows
        ]

    def snapshots(self, account: str) -> list[tuple[str, str]]:
        """(scan id, snapshot path) of the account's scans that still keep one, newest first."""
        return [
            (scan.scan_id, scan.snapshot_path)
            for scan in reversed(self.scans(account))
            if scan.snapshot_path is not None
        ]

    def forget_snapshot(self, scan_id: str) -> None:
        """Record that the scan's snapshot file was removed."""
        with self._store._begin() as connection:
            connection.execute(
                sa.update(t.posture_scans)
                .where(t.posture_scans.c.scan_id == scan_id)
                .values(snapshot_path=None)
            )

    def _rows(
        self, table: sa.Table, scan_id: str, drop: tuple[str, ...] = ()
    ) -> list[dict[str, Any]]:
        with self._store._connect() as connection:
            rows = connection.execute(sa.select(table).where(table.c.scan_id == scan_id)).all()
        skip = {"scan_id", *drop}
        return [{k: v for k, v in row._mapping.items() if k not in skip} for row in rows]


def _insert(connection: Any, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        connection.execute(table.insert(), rows[start : start + CHUNK])


def _unique(table: sa.Table, rows: Sequence[Any]) -> list[Any]:
    """The rows, one per primary key (the last wins): a key twice would fail the whole write."""
    keys = [c.name for c in table.primary_key.columns if c.name != "scan_id"]
    return list({tuple(getattr(row, k) for k in keys): row for row in rows}.values())


_Accounts = dict[str, tuple[dict[str, str], dict[str, dict[str, dict[str, int]]]]]


def _accounts(connection: Any, scan_ids: list[str] | None) -> _Accounts:
    """Scan id -> (account -> state, account -> counts)."""
    query = sa.select(t.posture_accounts)
    if scan_ids is not None:
        query = query.where(t.posture_accounts.c.scan_id.in_(scan_ids))
    found: _Accounts = {}
    for row in connection.execute(query):
        states, counts = found.setdefault(row.scan_id, ({}, {}))
        states[row.account_id] = row.state
        counts[row.account_id] = json.loads(row.counts)
    return found


def _utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes: they were written in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _scan_info(row: Any, accounts: tuple[dict[str, str], dict[str, Any]]) -> ScanInfo:
    return ScanInfo(
        scan_id=row.scan_id,
        seq=row.seq,
        recorded_at=_utc(row.recorded_at),
        collected_at=_utc(row.collected_at),
        incloud_version=row.incloud_version,
        settings_digest=row.settings_digest,
        command=row.command,
        counts=json.loads(row.counts),
        accounts=dict(sorted(accounts[0].items())),
        snapshot_path=row.snapshot_path,
        org_scan_id=row.org_scan_id,
        account_counts=accounts[1],
    )


def _finding(row: Any) -> FindingRow:
    return FindingRow(
        uid=row.uid,
        check_id=row.check_id,
        title=row.title,
        domain=row.domain,
        service=row.service,
        account_id=row.account_id,
        region=row.region,
        resource=row.resource,
        resource_name=row.resource_name,
        verdict=row.verdict,
        severity=row.severity,
        muted=bool(row.muted),
        mute_reason=row.mute_reason,
        reason=row.reason,
    )
