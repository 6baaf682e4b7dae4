"""The posture history on SQLite and on PostgreSQL: a scan is written whole and read back
byte for byte (hostile names included), scans are ordered, two processes record at once
safely, and the schema comes from the migrations (an upgrade from the first revision keeps
the organisation scans' rows).
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from incloud.errors import InputError
from incloud.store import PostureStore, open_posture_store, open_store, schema
from incloud.store.posture import (
    CellRow,
    FrameworkRow,
    GapRow,
    RequirementRow,
    ServiceRow,
)
from tests.posture_helpers import (
    ACCOUNT,
    HOSTILE,
    finding,
    postgres_schema,
    posture,
    scan,
)

__all__ = ["postgres_schema", "posture"]


def test_a_recorded_scan_reads_back_whole(posture: PostureStore) -> None:
    hostile = finding(HOSTILE)
    recording = scan(
        1,
        [hostile, finding("plain", "pass", muted=True)],
        gaps=[GapRow(ACCOUNT, "us-east-1", "s3", "GetBucketPolicy", "AccessDenied", HOSTILE)],
        cells=[
            CellRow(
                ACCOUNT, "s3", "encryption-at-rest", "data_protection", "shared", "met", HOSTILE
            )
        ],
        services=[ServiceRow(ACCOUNT, "s3", 2, False)],
        requirements=[RequirementRow("cis-5.0", "2.1.1", "customer", "not_met")],
        frameworks=[FrameworkRow("cis-5.0", "CIS", 42.5, {"met": 3, "not_met": 4})],
    )
    info = posture.record(recording)
    assert info.scan_id == recording.scan_id
    assert info.accounts == {ACCOUNT: "read"}
    assert info.collected_at == recording.collected_at  # timezone-aware on SQLite too
    assert info.counts == {"data_protection": {"fail": 1, "pass": 1, "muted": 1}}
    stored = posture.findings(info.scan_id)
    assert stored[hostile.uid] == hostile  # hostile text byte for byte
    assert posture.gaps(info.scan_id) == list(recording.gaps)
    assert posture.cells(info.scan_id) == list(recording.cells)
    assert posture.services(info.scan_id) == list(recording.services)
    assert posture.requirements(info.scan_id) == list(recording.requirements)
    assert posture.frameworks(info.scan_id) == [(info.scan_id, recording.frameworks[0])]


def test_scans_are_ordered_and_found_by_a_unique_prefix(posture: PostureStore) -> None:
    later, earlier = scan(5, [finding("a")]), scan(2, [finding("a", "pass")])
    posture.record(later)
    posture.record(earlier)  # recorded second, collected first
    assert [s.scan_id for s in posture.scans()] == [earlier.scan_id, later.scan_id]
    assert posture.scan(later.scan_id[:9]).scan_id == later.scan_id
    with pytest.raises(InputError, match="no recorded scan"):
        posture.scan("p-nothing")
    with pytest.raises(InputError, match="more than one scan starts with"):
        posture.scan("p-day")
    history = posture.history_of(finding("a").uid)
    assert [(s.scan_id, f.verdict) for s, f in history] == [
        (earlier.scan_id, "pass"),
        (later.scan_id, "fail"),
    ]


def test_a_failed_write_leaves_nothing(posture: PostureStore) -> None:
    first = scan(1, [finding("a")])
    posture.record(first)
    again = scan(2, [finding("b")])
    clash = type(again)(**{**again.__dict__, "scan_id": first.scan_id})
    with pytest.raises(InputError, match="scan store"):
        posture.record(clash)
    assert [s.scan_id for s in posture.scans()] == [first.scan_id]
    assert finding("b").uid not in {u for u in posture.findings(first.scan_id)}


def _record_many(url: str, worker: int, count: int) -> None:
    store = open_posture_store(url)
    for n in range(count):
        shared = finding("shared")  # the same uid from both processes
        store.record(scan(n, [shared, finding(f"w{worker}-{n}")]))
    store.engine.dispose()


def _two_writers(url: str, count: int = 15) -> None:
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_record_many, args=(url, w, count)) for w in (1, 2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    assert [p.exitcode for p in processes] == [0, 0]


def test_two_processes_record_at_once_on_sqlite(tmp_path: Path) -> None:
    url = str(tmp_path / "new" / "history.db")  # neither finds it: both migrate at once
    _two_writers(url)
    store = open_posture_store(url)
    scans = store.scans()
    assert len(scans) == 30
    assert sorted(s.seq for s in scans) == list(range(1, 31))
    assert all(len(store.findings(s.scan_id)) == 2 for s in scans)


def test_two_processes_record_at_once_on_postgresql(postgres_schema: str) -> None:
    _two_writers(postgres_schema)
    store = open_posture_store(postgres_schema)
    scans = store.scans()
    assert len(scans) == 30
    assert sorted(s.seq for s in scans) == list(range(1, 31))
    assert all(len(store.findings(s.scan_id)) == 2 for s in scans)
    store.engine.dispose()


def test_the_migrations_build_exactly_the_schema_the_code_uses(posture: PostureStore) -> None:
    with posture.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": "incloud_alembic_version"}
        )
        assert compare_metadata(context, schema.metadata) == []


def test_an_upgrade_from_the_first_revision_keeps_the_organisation_scans(tmp_path: Path) -> None:
    from importlib import resources

    from alembic import command
    from alembic.config import Config

    path = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(resources.files("incloud.store") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    with sqlite3.connect(path) as old:
        tables = {r[0] for r in old.execute("select name from sqlite_master where type='table'")}
        assert "incloud_posture_scans" not in tables
        old.execute(
            "insert into incloud_scans values "
            "('org-1', '2026-01-01 00:00:00', '{}', 'complete', null)"
        )
    store = open_store(f"sqlite:///{path}")  # upgrades to head
    assert store.scan("org-1").state == "complete"
    with store.engine.connect() as connection:
        version = connection.execute(sa.text("select version_num from incloud_alembic_version"))
        assert [row[0] for row in version] == ["0002"]
    posture = open_posture_store(str(path))
    posture.record(scan(1, [finding("a")]))
    assert len(posture.scans()) == 1
    with engine.begin() as connection:  # and back down to the first revision
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    with sqlite3.connect(path) as old:
        tables = {r[0] for r in old.execute("select name from sqlite_master where type='table'")}
        assert "incloud_posture_scans" not in tables
        assert "incloud_scans" in tables


def test_a_path_store_is_a_sqlite_file_and_the_default_follows_xdg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from incloud.store import default_history_path, snapshot_dir, store_url

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_history_path() == tmp_path / "data" / "incloud" / "history.db"
    assert store_url(None) == f"sqlite:///{tmp_path / 'data' / 'incloud' / 'history.db'}"
    assert store_url("postgresql://db/x") == "postgresql://db/x"
    assert snapshot_dir(store_url(str(tmp_path / "h.db"))) == tmp_path / "h-snapshots"
    assert snapshot_dir("postgresql://db/x") == tmp_path / "data" / "incloud" / "snapshots"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert (
        default_history_path() == tmp_path / "home" / ".local" / "share" / "incloud" / "history.db"
    )
