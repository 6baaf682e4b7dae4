"""tools/report_diff.py: two demo reports are the same when only what any two runs vary
(timestamps, moto's random ids) differs; anything else is printed and exits 1."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).parents[1]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("report_diff", ROOT / "tools/report_diff.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _report(path: Path, instance: str, verdict: str, when: str) -> Path:
    finding: dict[str, Any] = {
        "check_id": "ec2.instance-imdsv2",
        "resource_name": instance,
        "verdict": verdict,
        "severity": "high",
        "domain": "application",
        "reason": f"checked {when}",
    }
    path.write_text(json.dumps({"findings": [finding], "matrix": None}))
    return path


def test_runs_differ_only_where_they_always_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tool = _tool()
    before = _report(tmp_path / "a.json", "i-0123456789abcdef0", "fail", "2026-12-07T14:00:00Z")
    same = _report(tmp_path / "b.json", "i-0fedcba9876543210", "fail", "2026-12-08T09:30:00Z")
    assert tool.cli([str(before), str(same)]) == 0
    changed = _report(tmp_path / "c.json", "i-0fedcba9876543210", "pass", "2026-12-08T09:30:00Z")
    assert tool.cli([str(before), str(changed)]) == 1
    out = capsys.readouterr().out
    assert (
        "- ec2.instance-imdsv2 | i-ID | fail" in out
        and "+ ec2.instance-imdsv2 | i-ID | pass" in out
    )


def test_revisions_or_two_files_else_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert _tool().cli(["--revisions", "HEAD"]) == 2
    assert "--revisions BEFORE AFTER" in capsys.readouterr().err
