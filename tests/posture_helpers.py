"""Building recorded scans by hand, and stores on SQLite and on a fresh PostgreSQL schema."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from incloud.store import PostureStore, Recording, open_posture_store
from incloud.store.posture import (
    CellRow,
    FindingRow,
    FrameworkRow,
    GapRow,
    RequirementRow,
    ServiceRow,
)

POSTGRES = os.environ.get("INCLOUD_TEST_STORE", "postgresql://postgres@127.0.0.1:5432/test")
ACCOUNT = "111122223333"
OTHER = "444455556666"
HOSTILE = "<img src=x onerror=alert(1)>\x1b[31mred\x1b[0m\u202e"
START = datetime(2026, 1, 1, 6, tzinfo=UTC)


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A store URL on the machine's PostgreSQL, in a schema made for this test and dropped
    after it (so runs, and other tests, never see each other's rows).
    """
    schema = f"incloud_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def posture(request: pytest.FixtureRequest, tmp_path: Path) -> PostureStore:
    """An empty posture store on SQLite, or on PostgreSQL (a fresh schema per test)."""
    if request.param == "sqlite":
        return open_posture_store(str(tmp_path / "history.db"))
    schema = f"incloud_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    store = open_posture_store(f"{POSTGRES}?options=-csearch_path%3D{schema}")
    request.addfinalizer(drop)
    request.addfinalizer(store.engine.dispose)
    return store


def finding(
    name: str,
    verdict: str = "fail",
    *,
    account: str = ACCOUNT,
    service: str = "s3",
    region: str = "global",
    severity: str = "high",
    muted: bool = False,
    check: str = "s3.bucket-versioning",
) -> FindingRow:
    """A finding of ``check`` on the bucket ``name``; its uid is stable across scans."""
    return FindingRow(
        uid=f"incloud-{uuid.uuid5(uuid.NAMESPACE_URL, f'{check}/{account}/{name}').hex}",
        check_id=check,
        title="Bucket versioning is enabled",
        domain="data_protection",
        service=service,
        account_id=account,
        region=region,
        resource=f"arn:aws:s3:::{name}",
        resource_name=name,
        verdict=verdict,
        severity=severity,
        muted=muted,
        mute_reason="accepted until March" if muted else None,
        reason=f"{name} is {verdict}",
    )


def scan(
    day: int,
    findings: list[FindingRow],
    *,
    accounts: dict[str, str] | None = None,
    gaps: list[GapRow] = (),  # type: ignore[assignment]
    cells: list[CellRow] = (),  # type: ignore[assignment]
    services: list[ServiceRow] = (),  # type: ignore[assignment]
    requirements: list[RequirementRow] = (),  # type: ignore[assignment]
    frameworks: list[FrameworkRow] = (),  # type: ignore[assignment]
) -> Recording:
    """A recording of day ``day`` (from 1 January 2026)."""
    when = START + timedelta(days=day)
    counts: dict[str, dict[str, int]] = {}
    per_account: dict[str, dict[str, dict[str, int]]] = {}
    for f in findings:
        for table in (counts, per_account.setdefault(f.account_id, {})):
            bucket = table.setdefault(f.domain, {})
            bucket[f.verdict] = bucket.get(f.verdict, 0) + 1
            if f.muted:  # as incloud.history.record counts them
                bucket["muted"] = bucket.get("muted", 0) + 1
    return Recording(
        scan_id=f"p-day{day:03d}-{uuid.uuid4().hex[:6]}",
        recorded_at=when,
        collected_at=when,
        incloud_version="0.1.0",
        settings_digest="0" * 16,
        command="scan",
        accounts=accounts if accounts is not None else {ACCOUNT: "read"},
        findings=findings,
        gaps=list(gaps),
        cells=list(cells),
        services=list(services),
        requirements=list(requirements),
        frameworks=list(frameworks),
        counts=counts,
        account_counts=per_account,
    )
