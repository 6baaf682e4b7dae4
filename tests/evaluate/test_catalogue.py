"""The whole check catalogue, tested on fixture data.

Every check has ``tests/evaluate/fixtures/<check id>.yaml``: a partial snapshot whose
resource names start with the verdict the check must give them (``pass-``, ``fail-``,
``na-`` for not_applicable, ``unknown-``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from incloud.evaluate import Verdict, all_checks, evaluate
from tests.fixtures import load_fixture

FIXTURES = Path(__file__).parent / "fixtures"
PREFIXES = {
    "pass-": Verdict.PASS,
    "fail-": Verdict.FAIL,
    "na-": Verdict.NOT_APPLICABLE,
    "unknown-": Verdict.UNKNOWN,
}
CHECKS = all_checks()


def expected_verdict(name: str) -> Verdict:
    for prefix, verdict in PREFIXES.items():
        if name.startswith(prefix):
            return verdict
    raise AssertionError(f"fixture resource {name!r} does not start with a verdict prefix")


@pytest.mark.parametrize("check_id", sorted(CHECKS))
def test_check_gives_the_verdicts_its_fixture_names(check_id: str) -> None:
    snapshot = load_fixture(FIXTURES / f"{check_id}.yaml")
    assessment = evaluate(snapshot, [CHECKS[check_id]])
    judged = {f.resource: f for f in assessment.findings if f.resource in snapshot.by_arn}
    targets = [r for r in snapshot.resources if isinstance(r, CHECKS[check_id].resource)]
    assert targets, "fixture has no resource of the check's type"
    for resource in targets:
        if not resource.name.startswith(tuple(PREFIXES)):
            continue  # supporting resource (e.g. a flow log for a VPC)
        finding = judged[resource.arn]
        assert finding.verdict is expected_verdict(resource.name), (
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
        names = [r.name for r in load_fixture(path).resources if isinstance(r, item.resource)]
        for prefix in ("pass-", "fail-"):
            if not any(n.startswith(prefix) for n in names):
                missing.append(f"{check_id}: no {prefix} resource")
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
