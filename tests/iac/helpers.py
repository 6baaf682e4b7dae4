"""Shared by the iac tests: the fixtures, and templates written for one test."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from incloud.evaluate.check import Verdict
from incloud.evaluate.engine import evaluate
from incloud.iac.judge import open_verdicts, settle
from incloud.iac.read import Reading, read_iac

FIXTURES = Path(__file__).parent / "fixtures"
TEMPLATE = FIXTURES / "northwind.yaml"
PLAN = FIXTURES / "northwind.tfplan.json"
ACCOUNT = "123456789012"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def read(*paths: Path, **options: object) -> Reading:
    """The files read into a snapshot in the demo's account, at a fixed time."""
    return read_iac(list(paths), account_id=ACCOUNT, now=NOW, **options)  # type: ignore[arg-type]


def verdicts(reading: Reading, *check_ids: str) -> dict[tuple[str, str], Verdict]:
    """(check id, resource name) -> verdict, as `incloud iac` reports them (open verdicts
    unknown), for ``check_ids`` (every check when none).
    """
    from incloud.evaluate.engine import select_checks

    checks = select_checks(ids=check_ids) if check_ids else select_checks()
    snapshot = reading.result.snapshot
    found = evaluate(snapshot, checks).findings
    open_uids = open_verdicts(snapshot, reading.undecided, checks, None, found)
    settled = settle(found, open_uids, {}, only_sources=False)
    names = {r.arn: r.name for r in snapshot.resources}
    return {(f.check_id, names.get(f.resource, f.resource)): f.verdict for f in settled}


def template(tmp_path: Path, body: str, name: str = "stack.yaml") -> Path:
    """A template file with ``body`` (YAML or JSON text)."""
    path = tmp_path / name
    path.write_text(body)
    return path
