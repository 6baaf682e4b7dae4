"""An assessment into the posture history: its findings, gaps, matrix, services in use and
framework posture as one recorded scan, and the snapshot kept as a file under the retention
setting.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..assessment import Assessment
from ..errors import InputError
from ..snapshot import Snapshot
from ..snapshot.coverage import coverage
from ..store import PostureStore, Recording, ScanInfo
from ..store.posture import (
    CellRow,
    FindingRow,
    FrameworkRow,
    GapRow,
    RequirementRow,
    ServiceRow,
)

NOT_ENTERED = "AccountNotEntered"
"""The gap an organisation scan records for every read of an account it could not enter."""

DEFAULT_KEEP_SNAPSHOTS = 30
"""Snapshot files kept per account (the newest); older scans keep their rows, not the file."""


@dataclass(frozen=True)
class Judged:
    """What a scan was judged under: digested, so history can say when it changed."""

    settings: Any = None
    checks: tuple[str, ...] = ()
    scope: str | None = None
    frameworks: tuple[str, ...] = ()
    mutelist: str | None = None

    def digest(self) -> str:
        """SHA-256 (hex, 16 digits) of everything above, canonically written."""
        settings = asdict(self.settings) if self.settings is not None else {}
        text = json.dumps(
            {
                "settings": settings,
                "checks": sorted(self.checks),
                "scope": self.scope,
                "frameworks": sorted(self.frameworks),
                "mutelist": self.mutelist,
            },
            sort_keys=True,
            default=_canonical,
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _canonical(value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return sorted(map(str, value))
    return str(value)


def new_scan_id(collected_at: datetime) -> str:
    """``p-<UTC collection time>-<random>``: sorts by time, unique across machines."""
    return f"p-{collected_at.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


def account_states(snapshot: Snapshot) -> dict[str, str]:
    """Each account's state: ``not_read`` (nothing read, or not entered), ``incomplete``
    (interrupted or most reads failed) or ``read``.
    """
    read = coverage(snapshot)
    not_entered = {g.account_id for g in snapshot.gaps if g.error_code == NOT_ENTERED}
    states = {}
    for account in snapshot.accounts:
        if read.nothing_read or account.account_id in not_entered:
            states[account.account_id] = "not_read"
        elif read.incomplete:
            states[account.account_id] = "incomplete"
        else:
            states[account.account_id] = "read"
    return states


def recording(
    assessment: Assessment,
    snapshot: Snapshot,
    *,
    command: str,
    judged: Judged,
    scan_id: str | None = None,
    org_scan_id: str | None = None,
    snapshot_path: Path | None = None,
    recorded_at: datetime | None = None,
) -> Recording:
    """The rows ``assessment`` (of ``snapshot``) adds to the history."""
    counts: dict[str, Counter[str]] = {}
    per_account: dict[str, dict[str, Counter[str]]] = {}
    for f in assessment.findings:
        for table in (counts, per_account.setdefault(f.account, {})):
            bucket = table.setdefault(f.domain.value, Counter())
            bucket[f.verdict.value] += 1
            if f.muted is not None:
                bucket["muted"] += 1
    return Recording(
        scan_id=scan_id or new_scan_id(assessment.collected_at),
        recorded_at=recorded_at or datetime.now(UTC),
        collected_at=assessment.collected_at,
        incloud_version=assessment.incloud_version,
        settings_digest=judged.digest(),
        command=command,
        accounts=account_states(snapshot),
        findings=[_finding(f) for f in assessment.findings],
        gaps=[_gap(g) for g in assessment.gaps],
        cells=list(_cells(assessment)),
        services=list(_services(assessment)),
        requirements=[
            RequirementRow(p.framework, r.id, r.owner, r.status.value)
            for p in assessment.compliance
            for r in p.requirements
        ],
        frameworks=[
            FrameworkRow(p.framework, p.name, p.summary.score, dict(p.summary.by_status))
            for p in assessment.compliance
        ],
        snapshot_path=str(snapshot_path) if snapshot_path is not None else None,
        org_scan_id=org_scan_id,
        counts=_plain(counts),
        account_counts={account: _plain(c) for account, c in per_account.items()},
    )


def _plain(counts: dict[str, Counter[str]]) -> dict[str, dict[str, int]]:
    return {domain: dict(c) for domain, c in sorted(counts.items())}


def _finding(f: Any) -> FindingRow:
    return FindingRow(
        uid=f.uid,
        check_id=f.check_id,
        title=f.title,
        domain=f.domain.value,
        service=f.service,
        account_id=f.account,
        region=f.region,
        resource=f.resource,
        resource_name=f.resource_name,
        verdict=f.verdict.value,
        severity=f.severity.value,
        muted=f.muted is not None,
        mute_reason=f.muted.reason if f.muted is not None else None,
        reason=f.reason,
    )


def _gap(g: Any) -> GapRow:
    return GapRow(
        g.account_id, g.region, g.service, g.operation, g.error_code, g.message, g.resource_arn
    )


def _cells(assessment: Assessment) -> Iterable[CellRow]:
    if assessment.matrix is None:
        return
    for account in assessment.matrix.accounts:
        for c in account.cells:
            yield CellRow(
                account.account_id,
                c.service,
                c.duty,
                c.domain.value if c.domain is not None else None,
                c.owner,
                c.status.value,
                c.reason,
            )


def _services(assessment: Assessment) -> Iterable[ServiceRow]:
    if assessment.matrix is None:
        return
    for account in assessment.matrix.accounts:
        for s in account.services:
            yield ServiceRow(account.account_id, s.prefix, s.resources, bool(s.unlisted))


def record(
    store: PostureStore,
    assessment: Assessment,
    snapshot: Snapshot,
    *,
    command: str,
    judged: Judged,
    snapshot_dir: Path | None = None,
    keep_snapshots: int = DEFAULT_KEEP_SNAPSHOTS,
    org_scan_id: str | None = None,
) -> ScanInfo:
    """Record ``assessment`` into ``store``; with ``snapshot_dir`` and ``keep_snapshots`` > 0,
    keep the snapshot there and remove the account's snapshot files past the newest
    ``keep_snapshots``.
    """
    from ..snapshot import save_snapshot

    scan_id = new_scan_id(assessment.collected_at)
    path = None
    if snapshot_dir is not None and keep_snapshots > 0:
        path = snapshot_dir / f"{scan_id}.json.gz"
        try:
            snapshot_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(
                f"cannot keep the snapshot in {snapshot_dir}: {error.strerror}"
            ) from None
        save_snapshot(snapshot, path)
    rows = recording(
        assessment,
        snapshot,
        command=command,
        judged=judged,
        scan_id=scan_id,
        org_scan_id=org_scan_id,
        snapshot_path=path,
    )
    info = store.record(rows)
    if snapshot_dir is not None:
        prune_snapshots(store, info.accounts, keep_snapshots)
    return info


def prune_snapshots(store: PostureStore, accounts: Iterable[str], keep: int) -> list[str]:
    """Remove the snapshot files of each account's scans past the newest ``keep``; the scans'
    rows stay. Returns the scan ids whose file went.
    """
    removed = []
    for account in accounts:
        for scan_id, path in store.snapshots(account)[keep:]:
            Path(path).unlink(missing_ok=True)
            store.forget_snapshot(scan_id)
            removed.append(scan_id)
    return removed
