"""The whole check catalogue, tested on fixture data.

Every check has ``tests/evaluate/fixtures/<check id>.yaml``: a partial snapshot whose
resource names start with the verdict the check must give them (``pass-``, ``fail-``,
``na-`` for not_applicable, ``unknown-``), or which carry an ``expect:`` key instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from incloud.evaluate import Verdict, all_checks, evaluate
from tests.fixtures import load_fixture

FIXTURES = Path(__file__).parent / "fixtures"
CHECKS = all_checks()


@pytest.mark.parametrize("check_id", sorted(CHECKS))
def test_check_gives_the_verdicts_its_fixture_names(check_id: str) -> None:
    snapshot, expected = load_fixture(FIXTURES / f"{check_id}.yaml")
    assessment = evaluate(snapshot, [CHECKS[check_id]])
    judged = {f.resource: f for f in assessment.findings}
    targets = [r for r in snapshot.resources if isinstance(r, CHECKS[check_id].resource)]
    assert targets, "fixture has no resource of the check's type"
    for resource in targets:
        if resource.arn not in expected:
            continue  # supporting resource (e.g. a flow log for a VPC)
        finding = judged[resource.arn]
        assert finding.verdict is Verdict(expected[resource.arn]), (
            f"{resource.name}: got {finding.verdict} ({finding.reason})"
        )
        assert finding.reason


def test_every_check_has_passing_and_failing_fixtures() -> None:
    missing = []
    for check_id, item in CHECKS.items():
        path = FIXTURES / f"{check_id}.yaml"
        if not path.exists():
            missing.append(f"{check_id}: no fixture file")
            continue
        snapshot, expected = load_fixture(path)
        verdicts = {expected.get(r.arn) for r in snapshot.resources if isinstance(r, item.resource)}
        for verdict in ("pass", "fail"):
            if verdict not in verdicts:
                missing.append(f"{check_id}: no resource expected to {verdict}")
    assert not missing, "\n".join(missing)


def test_no_fixture_without_a_check() -> None:
    orphans = sorted(p.stem for p in FIXTURES.glob("*.yaml") if p.stem not in CHECKS)
    assert not orphans


@pytest.mark.parametrize("check_id", sorted(CHECKS))
def test_check_is_documented(check_id: str) -> None:
    item = CHECKS[check_id]
    assert item.title.endswith("."), "docstring needs a one-line title ending in a period"
    assert len(item.doc.split("\n\n")) >= 3, "docstring needs what, why it matters, remediation"
    assert item.remediation, "docstring needs a 'Remediation:' paragraph"
    service, _, name = check_id.partition(".")
    assert service and name, "check ids are service.kebab-name"
    assert name == name.lower() and " " not in name and "_" not in name


def test_checks_require_only_operations_a_collector_calls() -> None:
    from incloud.collect.registry import all_collectors

    declared = {op.lower() for c in all_collectors().values() for op in c.operations}
    for check_id, item in CHECKS.items():
        for action in (*item.requires, *item.resource.listed_by):
            assert action.lower() in declared, f"{check_id}: {action} is collected by no one"
