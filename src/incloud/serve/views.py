"""What the dashboard shows, read from the store: the JSON API's models, which the pages
render too. Pure reads; nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from ..errors import InputError
from ..store import PostureStore, ScanInfo
from ..store.posture import FindingRow, GapRow

VERDICTS = ("fail", "unknown", "pass", "not_applicable")
SEVERITIES = ("critical", "high", "medium", "low", "info")
SORTS = ("severity", "check", "resource", "verdict", "account")


class ScanOut(BaseModel):
    """A recorded scan."""

    scan_id: str
    collected_at: datetime
    recorded_at: datetime
    command: str
    incloud_version: str
    settings_digest: str
    accounts: dict[str, str]
    counts: dict[str, dict[str, int]]
    has_snapshot: bool


class FrameworkScore(BaseModel):
    """A framework's score in one scan."""

    framework: str
    name: str
    score: float | None
    counts: dict[str, int]


class AccountSummary(BaseModel):
    """An account as its latest scan saw it."""

    account_id: str
    scan_id: str
    collected_at: datetime
    state: str
    scans: int
    counts: dict[str, dict[str, int]]
    """Domain -> verdict -> findings of this account in its latest scan."""
    failing: int
    unknown: int
    passed: int
    muted: int
    frameworks: list[FrameworkScore]


class Overview(BaseModel):
    """The organisation: every account's latest scan."""

    scans: int
    accounts: list[AccountSummary]
    failing: int
    unknown: int
    not_read: list[str]


class FindingPage(BaseModel):
    """Findings of the latest scans that match a filter."""

    total: int
    findings: list[FindingRow]


class HistoryEntry(BaseModel):
    """One finding's result in one scan."""

    scan_id: str
    collected_at: datetime
    verdict: str
    severity: str
    muted: bool
    reason: str


class FindingHistory(BaseModel):
    """One finding across every scan that judged it."""

    finding: FindingRow
    history: list[HistoryEntry]


class MatrixCell(BaseModel):
    """A duty for a service."""

    owner: str
    status: str
    reason: str


class MatrixRow(BaseModel):
    """A duty across the services in use."""

    duty: str
    domain: str | None
    cells: dict[str, MatrixCell]


class MatrixOut(BaseModel):
    """One account's matrix in its latest scan."""

    account_id: str
    scan_id: str
    services: list[str]
    rows: list[MatrixRow]


class RequirementOut(BaseModel):
    """A framework requirement's status."""

    requirement: str
    owner: str
    status: str


class FrameworkOut(BaseModel):
    """A framework's posture in one scan."""

    framework: str
    name: str
    score: float | None
    counts: dict[str, int]
    requirements: list[RequirementOut]


class TrendPoint(BaseModel):
    """One scan of an account, for the trend charts."""

    scan_id: str
    collected_at: datetime
    failing: dict[str, int]
    """Domain -> failing findings (muted ones included)."""
    frameworks: dict[str, float | None]
    """Framework -> score."""


def scan_out(scan: ScanInfo) -> ScanOut:
    """A scan for the API."""
    return ScanOut(
        scan_id=scan.scan_id,
        collected_at=scan.collected_at,
        recorded_at=scan.recorded_at,
        command=scan.command,
        incloud_version=scan.incloud_version,
        settings_digest=scan.settings_digest,
        accounts=scan.accounts,
        counts=scan.counts,
        has_snapshot=scan.snapshot_path is not None,
    )


def latest_scans(
    store: PostureStore, every: list[ScanInfo] | None = None
) -> dict[str, tuple[ScanInfo, int]]:
    """Account -> (its latest scan, how many scans it has)."""
    found: dict[str, tuple[ScanInfo, int]] = {}
    for scan in every if every is not None else store.scans():  # oldest first: last wins
        for account in scan.accounts:
            count = found[account][1] + 1 if account in found else 1
            found[account] = (scan, count)
    return dict(sorted(found.items()))


def latest_scan(store: PostureStore, account: str) -> ScanInfo:
    """The account's latest scan (InputError when it has none)."""
    latest = latest_scans(store)
    if account not in latest:
        raise InputError(f"no scan of account {account[:40]!r} is recorded")
    return latest[account][0]


def account_summary(
    store: PostureStore, account: str, scan: ScanInfo, scans: int
) -> AccountSummary:
    """The account as ``scan`` saw it."""
    counts = scan.account_counts.get(account, {})

    def total(verdict: str) -> int:
        return sum(c.get(verdict, 0) for c in counts.values())

    return AccountSummary(
        account_id=account,
        scan_id=scan.scan_id,
        collected_at=scan.collected_at,
        state=scan.accounts[account],
        scans=scans,
        counts=counts,
        failing=total("fail"),
        unknown=total("unknown"),
        passed=total("pass"),
        muted=total("muted"),
        frameworks=[
            FrameworkScore(framework=f.framework, name=f.name, score=f.score, counts=f.counts)
            for _, f in store.frameworks(scan.scan_id)
        ],
    )


def overview(store: PostureStore) -> Overview:
    """Every account's latest scan."""
    every = store.scans()
    latest = latest_scans(store, every)
    accounts = [account_summary(store, a, s, n) for a, (s, n) in latest.items()]
    return Overview(
        scans=len(every),
        accounts=accounts,
        failing=sum(a.failing for a in accounts),
        unknown=sum(a.unknown for a in accounts),
        not_read=[a.account_id for a in accounts if a.state != "read"],
    )


SortName = Literal["severity", "check", "resource", "verdict", "account"]


def findings(
    store: PostureStore,
    *,
    account: str | None = None,
    verdict: str | None = None,
    severity: str | None = None,
    domain: str | None = None,
    muted: bool | None = None,
    q: str | None = None,
    sort: SortName = "severity",
    limit: int = 500,
    offset: int = 0,
) -> FindingPage:
    """The findings of each account's latest scan that match every filter given."""
    rows: list[FindingRow] = []
    for acct, (scan, _) in latest_scans(store).items():
        if account is not None and acct != account:
            continue
        rows.extend(f for f in store.findings(scan.scan_id).values() if f.account_id == acct)
    needle = (q or "").lower()
    chosen = [
        f
        for f in rows
        if (verdict is None or f.verdict == verdict)
        and (severity is None or f.severity == severity)
        and (domain is None or f.domain == domain)
        and (muted is None or f.muted == muted)
        and (
            not needle
            or any(
                needle in text.lower()
                for text in (f.check_id, f.title, f.resource, f.resource_name, f.reason, f.uid)
            )
        )
    ]
    keys = {
        "severity": lambda f: (
            SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 9,
            VERDICTS.index(f.verdict) if f.verdict in VERDICTS else 9,
            f.check_id,
            f.resource,
        ),
        "check": lambda f: (f.check_id, f.resource),
        "resource": lambda f: (f.resource_name, f.check_id),
        "verdict": lambda f: (
            VERDICTS.index(f.verdict) if f.verdict in VERDICTS else 9,
            f.check_id,
        ),
        "account": lambda f: (f.account_id, f.region, f.check_id),
    }
    chosen.sort(key=keys[sort])
    return FindingPage(
        total=len(chosen),
        findings=chosen[offset : offset + limit],
    )


def finding_history(store: PostureStore, uid: str) -> FindingHistory:
    """One finding in every scan (InputError when no scan judged it)."""
    entries = store.history_of(uid)
    if not entries:
        raise InputError(f"no recorded finding {uid[:60]!r}")
    return FindingHistory(
        finding=entries[-1][1],
        history=[
            HistoryEntry(
                scan_id=s.scan_id,
                collected_at=s.collected_at,
                verdict=f.verdict,
                severity=f.severity,
                muted=f.muted,
                reason=f.reason,
            )
            for s, f in entries
        ],
    )


def matrix(store: PostureStore, account: str) -> MatrixOut:
    """The account's matrix in its latest scan: duties by services."""
    scan = latest_scan(store, account)
    cells = [c for c in store.cells(scan.scan_id) if c.account_id == account]
    services = sorted({c.service for c in cells})
    rows: dict[str, MatrixRow] = {}
    for c in sorted(cells, key=lambda c: (c.domain or "~", c.duty)):
        row = rows.setdefault(c.duty, MatrixRow(duty=c.duty, domain=c.domain, cells={}))
        row.cells[c.service] = MatrixCell(owner=c.owner, status=c.status, reason=c.reason)
    return MatrixOut(
        account_id=account, scan_id=scan.scan_id, services=services, rows=list(rows.values())
    )


def frameworks(store: PostureStore, account: str) -> list[FrameworkOut]:
    """The frameworks recorded in the account's latest scan, with every requirement."""
    scan = latest_scan(store, account)
    requirements = store.requirements(scan.scan_id)
    return [
        FrameworkOut(
            framework=f.framework,
            name=f.name,
            score=f.score,
            counts=f.counts,
            requirements=[
                RequirementOut(requirement=r.requirement, owner=r.owner, status=r.status)
                for r in requirements
                if r.framework == f.framework
            ],
        )
        for _, f in sorted(store.frameworks(scan.scan_id), key=lambda item: item[1].framework)
    ]


def trend(store: PostureStore, account: str) -> list[TrendPoint]:
    """Failing findings per domain and framework scores, per scan of the account."""
    scans = store.scans(account)
    if not scans:
        raise InputError(f"no scan of account {account[:40]!r} is recorded")
    scores: dict[str, dict[str, float | None]] = {}
    for scan_id, f in store.frameworks():
        scores.setdefault(scan_id, {})[f.framework] = f.score
    return [
        TrendPoint(
            scan_id=s.scan_id,
            collected_at=s.collected_at,
            failing={
                d: c.get("fail", 0) for d, c in sorted(s.account_counts.get(account, {}).items())
            },
            frameworks=scores.get(s.scan_id, {}),
        )
        for s in scans
    ]


def organisation_trend(store: PostureStore) -> list[TrendPoint]:
    """Failing findings per domain across the organisation, one point per scan: the sum of
    each account's own counts in its latest scan up to then.
    """
    latest: dict[str, dict[str, dict[str, int]]] = {}
    points = []
    for scan in store.scans():
        for account in scan.accounts:
            latest[account] = scan.account_counts.get(account, {})
        failing: Counter[str] = Counter()
        for counts in latest.values():
            for domain, verdicts in counts.items():
                failing[domain] += verdicts.get("fail", 0)
        points.append(
            TrendPoint(
                scan_id=scan.scan_id,
                collected_at=scan.collected_at,
                failing=dict(sorted(failing.items())),
                frameworks={},
            )
        )
    return points


def gaps(store: PostureStore, account: str) -> list[GapRow]:
    """The failed reads of the account's latest scan."""
    scan = latest_scan(store, account)
    return [g for g in store.gaps(scan.scan_id) if g.account_id == account]
