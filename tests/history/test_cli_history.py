"""``incloud evaluate --store``, ``incloud history`` and ``incloud diff`` end to end: three
evaluations of changing snapshots give the expected history and diff in every format, the
gate fails only on new failures, the default store is used only when it exists, snapshots are
kept as the retention setting says, and bad input is one error line.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from incloud.snapshot import save_snapshot
from incloud.store import open_posture_store
from tests.cli_helpers import assert_one_line_error, run
from tests.fixtures import build_snapshot
from tests.posture_helpers import HOSTILE, postgres_schema

__all__ = ["postgres_schema"]

CHECK = ("--checks", "s3.bucket-versioning")
READS = [{"service": "s3", "operation": "ListBuckets", "count": 1}]


def _bucket(name: str, versioning: str | None) -> dict[str, Any]:
    bucket: dict[str, Any] = {"kind": "s3.bucket", "name": name, "region": "us-east-1"}
    if versioning:
        bucket["versioning"] = versioning
    return bucket


def _snapshot(tmp_path: Path, day: int, buckets: dict[str, str | None], **extra: Any) -> Path:
    document = {
        "collected_at": datetime(2026, 3, 1, tzinfo=UTC) + timedelta(days=day),
        "resources": [_bucket(n, v) for n, v in buckets.items()],
        "api_calls": READS,
        **extra,
    }
    path = tmp_path / f"day{day}.json"
    save_snapshot(build_snapshot(document), path)
    return path


@pytest.fixture
def three_days(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A store with three evaluations: day 1 two failures; day 2 one fixed, a hostile new
    one; day 3 the fixed one fails again (regressed).
    """
    store = tmp_path / "history.db"
    days = [
        {"fixed-later": "Suspended", "always": None, "fine": "Enabled"},
        {"fixed-later": "Enabled", "always": None, "fine": "Enabled", HOSTILE: None},
        {"fixed-later": "Suspended", "always": None, "fine": "Enabled", HOSTILE: None},
    ]
    for day, buckets in enumerate(days, start=1):
        code, _, err = run(
            capsys,
            "evaluate",
            str(_snapshot(tmp_path, day, buckets)),
            *CHECK,
            "--store",
            str(store),
        )
        assert code == 0, err
        assert "incloud: recorded scan p-2026030" in err
    return store


def test_history_lists_every_scan_with_counts(
    three_days: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "history", "--store", str(three_days), "--format", "json")
    assert code == 0
    scans = json.loads(out)["scans"]
    assert [s["counts"]["data_protection"] for s in scans] == [
        {"fail": 2, "pass": 1},
        {"fail": 2, "pass": 2},
        {"fail": 3, "pass": 1},
    ]
    assert [s["accounts"] for s in scans] == [{"123456789012": "read"}] * 3
    code, out, _ = run(capsys, "history", "--store", str(three_days))
    assert out.count("data_protection    ") == 3
    assert "2 fail, 1 pass" in out


def test_diff_of_the_last_two_says_regressed_and_still_failing(
    three_days: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "diff", "--store", str(three_days), "--format", "json")
    assert code == 0
    changes = json.loads(out)
    assert [f["resource_name"] for f in changes["regressed"]] == ["fixed-later"]
    assert changes["new"] == changes["resolved"] == changes["unknown_now"] == []
    assert sorted(f["resource_name"] for f in changes["still_failing"]) == sorted(
        ["always", HOSTILE]
    )
    assert "\x1b" not in out and "\u202e" not in out  # account text inert in JSON


def test_diff_of_named_scans_and_the_gate(
    three_days: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, _ = open_posture_store(str(three_days)).scans()
    args = ("diff", first.scan_id, second.scan_id, "--store", str(three_days))
    code, out, err = run(capsys, *args, "--fail-on-new", "low")
    assert code == 1  # the hostile bucket is new; the check's severity is low
    assert "1 new failure(s) at or above low" in err
    assert "New failures (1)" in out and "Resolved (1)" in out
    assert "\x1b" not in out and "\\x1b[31m" in out  # terminal escapes shown, not obeyed
    code, _, _ = run(capsys, *args, "--fail-on-new", "medium")
    assert code == 0
    third = open_posture_store(str(three_days)).scans()[2]
    code, out, _ = run(capsys, "diff", first.scan_id, "--store", str(three_days))
    assert code == 0 and f"-> {third.scan_id}" in out  # one scan named: against the latest


def test_diff_html_is_one_escaped_page(
    three_days: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, _ = open_posture_store(str(three_days)).scans()
    out_dir = tmp_path / "out"
    code, out, err = run(
        capsys,
        "diff",
        first.scan_id,
        second.scan_id,
        "--store",
        str(three_days),
        "--format",
        "html",
        "-o",
        str(out_dir),
    )
    assert code == 0, err
    assert out.startswith("<!DOCTYPE html>")
    assert "<img src=x" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "Content-Security-Policy" in out
    assert sorted(p.name for p in out_dir.iterdir()) == ["diff.html", "diff.json", "diff.txt"]


def test_the_default_store_records_only_when_it_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    snapshot = _snapshot(tmp_path, 1, {"b": None})
    code, _, err = run(capsys, "evaluate", str(snapshot), *CHECK)
    assert code == 0 and "recorded" not in err
    assert not (tmp_path / "data").exists()
    code, _, err = run(capsys, "history")
    assert code == 2
    assert_one_line_error(err)
    assert "no scan store at" in err
    default = tmp_path / "data" / "incloud" / "history.db"
    run(capsys, "evaluate", str(snapshot), *CHECK, "--store", str(default))
    code, _, err = run(capsys, "evaluate", str(snapshot), *CHECK)  # now it exists
    assert code == 0 and "recorded scan" in err
    assert len(open_posture_store(str(default)).scans()) == 2


def test_snapshots_are_kept_as_the_retention_setting_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "h.db"
    for day in (1, 2, 3):
        snapshot = _snapshot(tmp_path, day, {"b": None})
        run(
            capsys,
            "evaluate",
            str(snapshot),
            *CHECK,
            "--store",
            str(store),
            "--keep-snapshots",
            "2",
        )
    scans = open_posture_store(str(store)).scans()
    kept = sorted(p.name for p in (tmp_path / "h-snapshots").iterdir())
    assert kept == sorted(f"{s.scan_id}.json.gz" for s in scans[1:])
    assert [s.snapshot_path is None for s in scans] == [True, False, False]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("diff", "--format", "csv"), "unknown --format 'csv'"),
        (("diff", "--fail-on-new", "severe"), "unknown --fail-on-new 'severe'"),
        (("diff", "--account", "12"), "is not a 12-digit account id"),
        (("diff", "p-nope", "p-nada"), "no recorded scan 'p-nope'"),
        (("history", "--format", "html"), "unknown --format 'html'"),
        (("history", "--store", "mysql://x/y"), "SQLite or PostgreSQL"),
        (("collect", "-o", "x.json", "--store", "h.db"), "--store needs --org"),
    ],
)
def test_bad_input_is_one_error_line(
    argv: tuple[str, ...], message: str, three_days: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = () if "--store" in argv else ("--store", str(three_days))
    code, out, err = run(capsys, *argv, *store)
    assert (code, out) == (2, "")
    assert_one_line_error(err)
    assert message in err


def test_record_history_and_diff_on_postgresql(
    tmp_path: Path, postgres_schema: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for day, buckets in enumerate(({"a": None, "b": "Enabled"}, {"a": "Enabled", "b": None}), 1):
        snapshot = _snapshot(tmp_path, day, buckets)
        code, _, err = run(capsys, "evaluate", str(snapshot), *CHECK, "--store", postgres_schema)
        assert code == 0, err
    # snapshots of a PostgreSQL store are kept in the data directory
    assert len(list((tmp_path / "xdg-data" / "incloud" / "snapshots").iterdir())) == 2
    code, out, _ = run(capsys, "diff", "--store", postgres_schema, "--format", "json")
    changes = json.loads(out)
    assert [f["resource_name"] for f in changes["resolved"]] == ["a"]
    assert [f["resource_name"] for f in changes["new"]] == ["b"]
    code, out, _ = run(capsys, "history", "--store", postgres_schema, "--format", "json")
    assert len(json.loads(out)["scans"]) == 2
