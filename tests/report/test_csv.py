"""The CSV report: one row per finding, RFC 4180 quoting, hostile values made harmless for a
terminal and a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from incloud.assessment import Assessment
from incloud.evaluate.check import Verdict
from incloud.evaluate.finding import Mute
from incloud.report import EXTENSIONS, REPORTERS, csv_report
from incloud.report.inert import printable
from tests.report.hostile import EVIL, EVIL_ESCAPED, assert_inert, hostile_assessment
from tests.report.test_ocsf import normal_assessment, single

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1", "-2", "@SUM(A1)"]
"""What a spreadsheet would run as a formula (OWASP "CSV Injection")."""


@pytest.fixture(scope="module")
def normal() -> Assessment:
    return normal_assessment()


def parse(text: str) -> list[dict[str, str]]:
    """The rendered CSV as a consumer reads it; the header must be the documented columns."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    assert tuple(header) == csv_report.COLUMNS
    rows = list(reader)
    assert all(len(row) == len(header) for row in rows)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_is_registered_with_its_extension() -> None:
    assert REPORTERS["csv"] is csv_report.render
    assert EXTENSIONS["csv"] == "csv"


def test_the_documented_columns() -> None:
    assert csv_report.COLUMNS == (
        "uid", "check_id", "title", "verdict", "severity", "domain", "level", "service",
        "account", "region", "resource", "resource_name", "reason", "evidence", "remediation",
        "muted", "muted_reason", "muted_owner", "muted_ticket", "muted_expires", "mute_expired",
    )  # fmt: skip
    documented = (Path(__file__).parents[2] / "docs" / "formats.md").read_text()
    section = documented.split("## CSV", 1)[1].split("\n## ", 1)[0]
    assert all(f"`{column}`" in section for column in csv_report.COLUMNS)


def test_one_row_per_finding_with_its_values(normal: Assessment) -> None:
    rows = parse(csv_report.render(normal))
    assert len(rows) == len(normal.findings)
    for finding, row in zip(normal.findings, rows, strict=True):
        assert row["uid"] == finding.uid
        assert row["check_id"] == finding.check_id
        assert row["title"] == finding.title
        assert row["verdict"] == finding.verdict.value
        assert row["severity"] == finding.severity.value
        assert row["domain"] == finding.domain.value
        assert row["level"] == finding.level.value
        assert row["service"] == finding.service
        assert (row["account"], row["region"]) == (finding.account, finding.region)
        assert (row["resource"], row["resource_name"]) == (finding.resource, finding.resource_name)
        assert row["reason"] == finding.reason
        assert json.loads(row["evidence"]) == finding.evidence
        assert row["remediation"] == finding.remediation
    assert {row["verdict"] for row in rows} == {v.value for v in Verdict}


def test_evidence_is_compact_json(normal: Assessment) -> None:
    failing = next(f for f in normal.findings if f.evidence)
    (row,) = parse(csv_report.render(single(normal, [failing])))
    assert row["evidence"] == json.dumps(failing.evidence, separators=(",", ":"))


def test_muted_columns(normal: Assessment) -> None:
    rows = parse(csv_report.render(normal))
    muted = [r for f, r in zip(normal.findings, rows, strict=True) if f.muted is not None]
    assert muted
    for row in muted:
        assert row["muted"] == "true"
        assert row["muted_reason"] == "public website, accepted"
        assert row["muted_owner"] == "web@example.com"
        assert row["muted_ticket"] == "SEC-42"
        assert row["muted_expires"] == "2027-01-31"
    for finding, row in zip(normal.findings, rows, strict=True):
        if finding.muted is None:
            assert row["muted"] == "false"
            assert [row[c] for c in csv_report.COLUMNS if c.startswith("muted_")] == [""] * 4


def test_a_mute_without_a_ticket_has_an_empty_ticket(normal: Assessment) -> None:
    mute = Mute(entry=1, reason="lab", owner="ops", expires=date(2027, 3, 1))
    finding = normal.findings[0].model_copy(update={"muted": mute})
    (row,) = parse(csv_report.render(single(normal, [finding])))
    assert (row["muted"], row["muted_ticket"], row["muted_expires"]) == ("true", "", "2027-03-01")


def test_rfc_4180_quoting_keeps_commas_and_quotes(normal: Assessment) -> None:
    value = 'a, "quoted" name'
    finding = normal.findings[0].model_copy(update={"resource_name": value})
    text = csv_report.render(single(normal, [finding]))
    assert '"a, ""quoted"" name"' in text
    (row,) = parse(text)
    assert row["resource_name"] == value


@pytest.mark.parametrize("formula", [*FORMULAS, f"={EVIL}"])
def test_formulas_are_neutralised_in_every_text_cell(normal: Assessment, formula: str) -> None:
    mute = Mute(entry=1, reason=formula, owner=formula, ticket=formula, expires=date(2027, 1, 1))
    fields = ("title", "reason", "resource", "resource_name", "remediation", "account")
    finding = normal.findings[0].model_copy(
        update={**dict.fromkeys(fields, formula), "muted": mute}
    )
    (row,) = parse(csv_report.render(single(normal, [finding])))
    for column in (*fields, "muted_reason", "muted_owner", "muted_ticket"):
        assert row[column] == "'" + printable(formula), column
        assert row[column][0] not in "=+-@\t\r"


@pytest.mark.parametrize("control", ["\t", "\r"])
def test_a_leading_tab_or_carriage_return_is_escaped_so_it_starts_no_formula(
    normal: Assessment, control: str
) -> None:
    finding = normal.findings[0].model_copy(update={"reason": f"{control}=1+1"})
    (row,) = parse(csv_report.render(single(normal, [finding])))
    assert row["reason"] == f"{printable(control)}=1+1"
    assert row["reason"].startswith("\\")
    assert csv_report.cell(control) == printable(control)


def test_text_that_is_no_formula_is_left_alone() -> None:
    for value in ("a=b", "1-2", "user@example.com", " =1", "'quoted"):
        assert csv_report.cell(value) == value


def test_a_hostile_assessment_is_inert_and_one_row_a_line() -> None:
    assessment = hostile_assessment()
    text = csv_report.render(assessment)
    assert_inert(text, color=False)
    assert text.count("\n") == len(assessment.findings) + 1
    rows = parse(text)
    names = {row["resource_name"] for row in rows}
    assert f"bucket{EVIL_ESCAPED}" in names
    assert f"instance{EVIL_ESCAPED}" in names
    assert any(row["reason"] == f"reason{EVIL_ESCAPED}" for row in rows)
    for finding, row in zip(assessment.findings, rows, strict=True):
        # JSON's own escapes: the evidence decodes to exactly what was found
        assert json.loads(row["evidence"]) == finding.evidence
    assert any(json.loads(row["evidence"]).get("note") == f"evidence{EVIL}" for row in rows)
