"""The exit code is a CI gate: it never passes an account that was not read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incloud.cli import EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_OK
from incloud.snapshot import save_snapshot
from tests.cli_helpers import run
from tests.fixtures import build_snapshot

KEY_CHECK = "kms.key-rotation-enabled"
"""A medium-severity check on KMS keys, whose inventory ``kms:ListKeys`` lists."""


def _snapshot(tmp_path: Path, document: dict[str, Any], calls: int = 100) -> Path:
    snapshot = build_snapshot(document)
    counts = [{"service": "kms", "operation": "ListKeys", "count": calls}]
    path = tmp_path / "snap.json"
    save_snapshot(snapshot.model_validate({**snapshot.model_dump(), "api_calls": counts}), path)
    return path


UNREAD_KEYS = {"gaps": [{"service": "kms", "operation": "ListKeys", "error_code": "AccessDenied"}]}
ROTATED = {"kind": "kms.key", "name": "rotated", "key_id": "k1", "rotation_enabled": True}
NOT_ROTATED = {"kind": "kms.key", "name": "legacy", "key_id": "k2", "rotation_enabled": False}


@pytest.mark.parametrize(
    ("document", "argv", "code", "says"),
    [
        ({"resources": [ROTATED]}, ("--fail-on", "low"), EXIT_OK, None),
        ({"resources": [NOT_ROTATED]}, ("--fail-on", "low"), EXIT_FINDINGS, None),
        ({**UNREAD_KEYS}, ("--fail-on", "low"), EXIT_INCOMPLETE, "could not be assessed"),
        ({**UNREAD_KEYS}, ("--fail-on", "low", "--allow-unknown"), EXIT_OK, None),
        ({**UNREAD_KEYS}, ("--fail-on", "critical"), EXIT_OK, None),
        ({**UNREAD_KEYS, "resources": [NOT_ROTATED]}, ("--fail-on", "low"), EXIT_FINDINGS, None),
    ],
    ids=["pass", "fail", "unknown", "unknown-allowed", "unknown-below", "fail-beats-unknown"],
)
def test_fail_on_counts_unknown_results_unless_allowed(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    document: dict[str, Any],
    argv: tuple[str, ...],
    code: int,
    says: str | None,
) -> None:
    path = _snapshot(tmp_path, document)
    got, _, err = run(capsys, "evaluate", str(path), "--checks", KEY_CHECK, *argv)
    assert got == code, err
    if says is not None:
        assert says in err
        assert "incloud: incomplete:" in err


def test_a_collection_where_most_reads_failed_exits_3_whatever_fail_on_says(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    gaps = [
        {"service": "kms", "operation": op, "error_code": "EndpointConnectionError"}
        for op in ("ListKeys", "ListAliases", "DescribeKey")
    ]
    path = _snapshot(tmp_path, {"gaps": gaps}, calls=4)
    for argv in ((), ("--fail-on", "critical", "--allow-unknown")):
        code, out, err = run(capsys, "evaluate", str(path), "--format", "json", *argv)
        assert code == EXIT_INCOMPLETE
        assert "3 of 4 reads failed (EndpointConnectionError 3)" in err
        assert "most of the account was not read" in err
        assert json.loads(out)["gaps"]  # the report is still written


def test_terminal_report_never_says_all_clear_over_unread_resources(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _snapshot(tmp_path, UNREAD_KEYS)
    _, out, _ = run(capsys, "evaluate", str(path), "--checks", KEY_CHECK)
    assert "No failing checks." not in out
    assert "could not be assessed" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("evaluate", "{path}"),
        ("evaluate", "{path}", "--fail-on", "low", "--format", "json"),
        ("matrix", "--snapshot", "{path}"),
        ("compliance", "--snapshot", "{path}"),
        ("compliance", "cis-5.0", "--snapshot", "{path}"),
        ("iam", "paths", "--snapshot", "{path}"),
        ("network", "exposure", "--snapshot", "{path}"),
    ],
    ids=[
        "evaluate",
        "evaluate-json-fail-on",
        "matrix",
        "compliance",
        "posture",
        "paths",
        "exposure",
    ],
)
def test_a_snapshot_that_read_nothing_is_never_all_clear(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...]
) -> None:
    # Before: an account with no API call, no gap and no resource recorded got "Every API
    # call succeeded; every check could be assessed", 0 results, exit 0 (--fail-on low
    # too); the views said "holds no IAM users or roles" / "no network interfaces", exit 0.
    path = _snapshot(tmp_path, {}, calls=0)
    code, out, err = run(capsys, *(arg.format(path=path) for arg in argv))
    assert code == EXIT_INCOMPLETE, err
    assert "incloud: incomplete: nothing was read" in err
    assert "Every API call succeeded" not in out


def test_the_report_of_a_snapshot_that_read_nothing_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _snapshot(tmp_path, {}, calls=0)
    for output_format in ("terminal", "html"):
        _, out, _ = run(capsys, "evaluate", str(path), "--format", output_format)
        assert "Nothing was read: the snapshot records no API call" in out
