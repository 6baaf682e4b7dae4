"""Every command that collects takes the same connection options, every command that judges
checks the same judgement options, and the coverage names the permission to grant.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import typer

from incloud.cli import app
from incloud.cli.options import Connection, Judgement
from incloud.snapshot import save_snapshot
from tests.cli_helpers import run
from tests.fixtures import build_snapshot

COLLECTING = {
    "scan",
    "collect",
    "matrix",
    "compliance",
    "oscal",
    "iam paths",
    "network exposure",
}
JUDGING = {"scan", "evaluate", "demo", "matrix", "compliance", "oscal", "iac"}
"""Commands that evaluate checks. ``iam paths`` and ``network exposure`` run the engines, not
checks: thresholds, trusted accounts and break-glass principals change nothing there."""
REPORTING = {"scan", "evaluate", "demo"}
"""Commands that write the assessment report, in every format: each takes --framework (the
posture in the report) and --mutelist."""


def _commands(group: Any, prefix: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if hasattr(command, "commands"):
            found |= _commands(command, f"{full} ")
        found[full] = command
    return found


COMMANDS = _commands(typer.main.get_command(app))


def _options(name: str) -> set[str]:
    return {p.name for p in COMMANDS[name].params if p.name}


@pytest.mark.parametrize("name", sorted(COLLECTING))
def test_every_collecting_command_takes_the_connection_options(name: str) -> None:
    options = _options(name)
    assert {f.name for f in fields(Connection)} <= options
    assert {"output_dir", "output"} & options  # -o: where the snapshot (and views) go


@pytest.mark.parametrize("name", sorted(JUDGING))
def test_every_judging_command_takes_the_judgement_options(name: str) -> None:
    assert {f.name for f in fields(Judgement)} <= _options(name)


RECORDING = {"scan", "evaluate", "demo"}
"""Commands that record their scan into the store (``--store``, ``--keep-snapshots``)."""
STORE_READERS = {"history", "diff", "serve"}
"""Commands that read the posture history."""


def test_every_command_of_the_store_takes_the_same_store_option() -> None:
    with_store = {n for n in COMMANDS if "store" in _options(n)}
    readers = STORE_READERS & set(COMMANDS)
    assert with_store == RECORDING | readers | {"collect"}  # collect: --org's shards
    helps = {_param(n, "store").help for n in with_store}
    assert len(helps) == 1  # declared once (options.StoreUrl)
    with_retention = {n for n in COMMANDS if "keep_snapshots" in _options(n)}
    assert with_retention == RECORDING


def _param(command: str, name: str) -> Any:
    return next(p for p in COMMANDS[command].params if p.name == name)


def test_commands_outside_the_groups_are_the_expected_ones() -> None:
    # unit_timeout belongs to the collection options only (export takes a profile and an
    # endpoint too, but writes and collects nothing)
    with_connection = {n for n in COMMANDS if "unit_timeout" in _options(n)}
    assert with_connection == COLLECTING
    with_judgement = {n for n in COMMANDS if "trusted_accounts" in _options(n)}
    assert with_judgement == JUDGING


@pytest.mark.parametrize("name", sorted(REPORTING))
def test_every_reporting_command_takes_frameworks_and_a_mutelist(name: str) -> None:
    assert {"framework", "mutelist", "output_format", "output_dir"} <= _options(name)


def test_the_coverage_names_the_iam_action_to_grant(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    gap = {"service": "s3", "operation": "ListBuckets", "error_code": "AccessDenied"}
    path = tmp_path / "snap.json"
    save_snapshot(build_snapshot({"gaps": [{**gap, "region": "global"}]}), path)
    _, out, _ = run(capsys, "evaluate", str(path), "--checks", "s3.bucket-acl-not-public")
    assert "s3:ListBuckets (grant s3:ListAllMyBuckets): AccessDenied" in out


def test_evaluate_takes_the_snapshot_as_an_argument_or_as_snapshot(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "snap.json"
    reads = [{"service": "s3", "operation": "ListBuckets", "count": 1}]  # read: no bucket
    save_snapshot(build_snapshot({"api_calls": reads}), path)
    check = ("--checks", "s3.bucket-acl-not-public", "--format", "json")
    positional = run(capsys, "evaluate", str(path), *check)
    option = run(capsys, "evaluate", "--snapshot", str(path), *check)
    assert positional[0] == option[0] == 0
    first, second = (json.loads(out) | {"timings": None} for _, out, _ in (positional, option))
    assert first == second
    for wrong in ((), (str(path), "--snapshot", str(path))):
        code, out, err = run(capsys, "evaluate", *wrong, *check)
        assert (code, out) == (2, "")
        assert (
            err == "incloud: error: evaluate reads one snapshot: SNAPSHOT or --snapshot SNAPSHOT\n"
        )
