"""A hardened bucket, instance and database get zero failures from the baseline checks."""

from __future__ import annotations

from pathlib import Path

import yaml

from incloud.evaluate import Level, Verdict, evaluate, select_checks
from tests.fixtures import build_snapshot

HARDENED = Path(__file__).parent / "hardened.yaml"


def test_hardened_resources_pass_every_baseline_check() -> None:
    snapshot = build_snapshot(yaml.safe_load(HARDENED.read_text()))
    checks = select_checks()
    assert checks and all(c.level is Level.BASELINE for c in checks)
    assessment = evaluate(snapshot, checks)
    failures = [
        f"{f.check_id} on {f.resource_name}: {f.reason}"
        for f in assessment.findings
        if f.verdict is not Verdict.PASS and f.verdict is not Verdict.NOT_APPLICABLE
    ]
    assert not failures, "\n".join(failures)
    passed = {
        snapshot.by_arn[f.resource].name: f.check_id
        for f in assessment.findings
        if f.verdict is Verdict.PASS and f.resource in snapshot.by_arn
    }
    for name in ("hardened-bucket", "hardened-instance", "hardened-db"):
        assert name in passed, f"{name} was not judged by any check"
