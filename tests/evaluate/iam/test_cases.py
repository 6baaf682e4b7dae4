"""Table-driven IAM evaluation cases: every ``cases/*.yaml`` case through the simulator.

Each case names the AWS documentation rule it exercises (``rule``), says why in one line
(``why``), gives a simulator input object (``input``, see docs/iam.md) and the documented
outcome (``expect``: ``decision`` and optionally ``conditions_contain`` / ``reasons_contain``
substrings). An ``Allowed`` expectation without ``conditions_contain`` means unconditionally
allowed. A case the engine gets wrong carries ``xfail: "why"`` and stays in the table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from incloud.evaluate.iam.simulate import simulate

CASES_DIR = Path(__file__).parent / "cases"
MIN_CASES = 150
_CASE_FIELDS = {"id", "rule", "why", "input", "expect", "xfail"}
_EXPECT_FIELDS = {"decision", "conditions_contain", "reasons_contain"}
_DECISIONS = {"Allowed", "ExplicitlyDenied", "ImplicitlyDenied"}


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    """Every case as (file stem, case), in file and then document order."""
    found: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        document = yaml.safe_load(path.read_text())
        assert isinstance(document, dict), f"{path.name}: must be a mapping with 'cases'"
        cases = document.get("cases")
        assert isinstance(cases, list), f"{path.name}: 'cases' must be a list"
        found.extend((path.stem, case) for case in cases)
    return found


CASES = load_cases()


def _params() -> list[Any]:
    params = []
    for topic, case in CASES:
        marks = []
        if case.get("xfail"):
            marks.append(pytest.mark.xfail(reason=str(case["xfail"]), strict=True))
        params.append(pytest.param(topic, case, id=str(case.get("id")), marks=marks))
    return params


@pytest.mark.parametrize(("topic", "case"), _params())
def test_case(topic: str, case: dict[str, Any]) -> None:
    result = simulate(case["input"])
    expect = case["expect"]
    where = f"{topic}/{case['id']}: {case['why']}\nresult: {result}"
    assert result["decision"] == expect["decision"], where
    conditions = result.get("conditions")
    wanted_conditions = expect.get("conditions_contain")
    if wanted_conditions:
        assert isinstance(conditions, list), where
        for text in wanted_conditions:
            assert any(text in condition for condition in conditions), f"{text!r} in\n{where}"
    else:
        assert conditions is None, f"expected no residual conditions\n{where}"
    reasons = result["reasons"]
    assert isinstance(reasons, list), where
    for text in expect.get("reasons_contain") or ():
        assert any(text in reason for reason in reasons), f"{text!r} in\n{where}"


def test_case_table_shape() -> None:
    """At least 150 cases, unique ids, and every case names its rule and expectation."""
    assert len(CASES) >= MIN_CASES, f"only {len(CASES)} cases"
    ids = [str(case.get("id")) for _, case in CASES]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"
    for topic, case in CASES:
        label = f"{topic}/{case.get('id')}"
        assert isinstance(case.get("id"), str) and case["id"], label
        assert set(case) <= _CASE_FIELDS, f"{label}: unknown fields {set(case) - _CASE_FIELDS}"
        assert isinstance(case.get("rule"), str) and case["rule"].strip(), f"{label}: no rule"
        assert isinstance(case.get("why"), str) and case["why"].strip(), f"{label}: no why"
        assert isinstance(case.get("input"), dict), f"{label}: input must be an object"
        expect = case.get("expect")
        assert isinstance(expect, dict), f"{label}: expect must be an object"
        assert set(expect) <= _EXPECT_FIELDS, f"{label}: unknown expect fields"
        assert expect.get("decision") in _DECISIONS, f"{label}: bad decision"


def test_every_topic_file_has_cases() -> None:
    """The cases are grouped by topic over several files, none empty."""
    topics = {topic for topic, _ in CASES}
    assert len(topics) >= 5, topics
    for path in CASES_DIR.glob("*.yaml"):
        assert path.stem in topics, f"{path.name} has no cases"
