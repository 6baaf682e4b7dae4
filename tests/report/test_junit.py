"""The JUnit XML report: a suite per check, a test case per finding, failures that fail CI and
nothing else that does; always well-formed, whatever the account's names hold.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from incloud.assessment import Assessment, assess
from incloud.evaluate.check import Verdict
from incloud.evaluate.finding import Finding, Mute
from incloud.mutelist import parse_mutelist
from incloud.report import EXTENSIONS, REPORTERS, junit
from tests.fixtures import build_snapshot
from tests.report.hostile import EVIL, EVIL_ESCAPED, assert_inert, hostile_assessment
from tests.report.test_golden import SNAPSHOT
from tests.report.test_ocsf import normal_assessment, single


@pytest.fixture(scope="module")
def normal() -> Assessment:
    """The normal assessment's findings (muted ones included); its mutelist suite is tested on
    its own below."""
    return normal_assessment().model_copy(update={"mutelist": None})


def parse(assessment: Assessment) -> ET.Element:
    """The rendered document, parsed back (it must be well-formed)."""
    text = junit.render(assessment)
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n")
    assert text.endswith(">\n")
    return ET.fromstring(text)


def properties(element: ET.Element) -> dict[str, str]:
    holder = element.find("properties")
    assert holder is not None
    return {p.get("name", ""): p.get("value", "") for p in holder.findall("property")}


def case_of(root: ET.Element, finding: Finding) -> ET.Element:
    (case,) = [c for c in root.iter("testcase") if properties(c)["uid"] == finding.uid]
    return case


def counts(element: ET.Element) -> tuple[int, ...]:
    """The tests, failures, skipped and errors attributes."""
    return tuple(int(element.get(k, "-1")) for k in ("tests", "failures", "skipped", "errors"))


def test_is_registered_with_its_extension() -> None:
    assert REPORTERS["junit"] is junit.render
    assert EXTENSIONS["junit"] == "junit.xml"


def test_a_suite_per_check_and_a_case_per_finding(normal: Assessment) -> None:
    root = parse(normal)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    checks = sorted({f.check_id for f in normal.findings})
    assert [s.get("name") for s in suites] == checks
    for suite in suites:
        findings = [f for f in normal.findings if f.check_id == suite.get("name")]
        cases = suite.findall("testcase")
        assert [properties(c)["uid"] for c in cases] == [f.uid for f in findings]
        assert suite.get("timestamp") == "2026-11-01T00:00:00"
        first = findings[0]
        assert properties(suite) == {
            "title": first.title,
            "severity": first.severity.value,
            "domain": first.domain.value,
            "level": first.level.value,
            "service": first.service,
        }
        for finding, case in zip(findings, cases, strict=True):
            assert case.get("classname") == finding.check_id
            assert case.get("name") == f"{finding.resource_name} [{finding.uid}]"
            assert properties(case)["resource"] == finding.resource
            assert properties(case)["verdict"] == finding.verdict.value


def test_case_names_are_distinct_where_resources_share_a_name(normal: Assessment) -> None:
    finding = next(f for f in normal.findings if f.verdict is Verdict.PASS)
    twin = finding.model_copy(
        update={"uid": "incloud-twin", "region": "eu-west-1", "resource": "arn:twin"}
    )
    root = parse(single(normal, [finding, twin]))
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(set(names)) == 2


def test_failures_unknowns_and_not_applicable(normal: Assessment) -> None:
    root = parse(normal)
    for finding in normal.findings:
        case = case_of(root, finding)
        failure, skipped = case.find("failure"), case.find("skipped")
        if finding.muted is not None:
            continue
        if finding.verdict is Verdict.PASS:
            assert failure is None and skipped is None
        elif finding.verdict is Verdict.FAIL:
            assert failure is not None and skipped is None
            assert failure.get("message") == finding.reason
            assert failure.get("type") == finding.severity.value
            assert failure.text == finding.remediation
        elif finding.verdict is Verdict.UNKNOWN:
            assert failure is None and skipped is not None
            assert skipped.get("message") == f"unknown: {finding.reason}"
        else:
            assert failure is None and skipped is not None
            assert skipped.get("message") == f"not applicable: {finding.reason}"


def test_a_muted_failure_is_skipped_never_failed(normal: Assessment) -> None:
    root = parse(normal)
    muted = [f for f in normal.findings if f.muted is not None]
    assert {f.verdict for f in muted} >= {Verdict.FAIL, Verdict.UNKNOWN}
    note = "muted: public website, accepted (web@example.com, SEC-42, until 2027-01-31)"
    for finding in muted:
        case = case_of(root, finding)
        assert case.find("failure") is None
        assert properties(case)["muted"] == note
        skipped = case.find("skipped")
        if finding.verdict is Verdict.PASS:
            assert skipped is None
            continue
        assert skipped is not None
        assert skipped.get("message") == note
        assert skipped.text == f"{finding.verdict.value}: {finding.reason}"


def test_only_muted_failures_means_no_ci_failure(normal: Assessment) -> None:
    mute = Mute(entry=1, reason="lab", owner="ops", expires=date(2027, 3, 1))
    failures = [
        f.model_copy(update={"muted": mute}) for f in normal.findings if f.verdict is Verdict.FAIL
    ]
    root = parse(single(normal, failures))
    assert counts(root) == (len(failures), 0, len(failures), 0)
    assert {s.get("message") for s in root.iter("skipped")} == {
        "muted: lab (ops, until 2027-03-01)"
    }


def test_totals_on_every_suite_and_the_root(normal: Assessment) -> None:
    root = parse(normal)
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        assert counts(suite) == (
            len(cases),
            sum(c.find("failure") is not None for c in cases),
            sum(c.find("skipped") is not None for c in cases),
            0,
        )
    failing = len(normal.failures())
    passing = len([f for f in normal.findings if f.verdict is Verdict.PASS])
    total = len(normal.findings)
    assert counts(root) == (total, failing, total - failing - passing, 0)
    assert failing and total - failing - passing
    assert [sum(counts(s)[i] for s in root.findall("testsuite")) for i in range(4)] == list(
        counts(root)
    )


def test_no_findings_is_an_empty_document(normal: Assessment) -> None:
    root = parse(single(normal, []))
    assert counts(root) == (0, 0, 0, 0)
    assert root.findall("testsuite") == []


def test_a_hostile_assessment_is_well_formed_and_inert() -> None:
    assessment = hostile_assessment()
    text = junit.render(assessment)
    assert_inert(text, color=False)
    root = ET.fromstring(text)
    names = {c.get("name", "").split(" [")[0] for c in root.iter("testcase")}
    assert f"bucket{EVIL_ESCAPED}" in names
    messages = {f.get("message") for f in root.iter("failure")}
    assert f"reason{EVIL_ESCAPED}" in messages
    assert "<script>" not in text  # markup is escaped, not written
    assert "&lt;script&gt;" in text


@pytest.mark.parametrize(
    "name",
    [
        "nul\x00byte",
        "bell\x07vertical\x0bfeed\x0c",
        "\ufffe\uffff",
        "lone \ud800 surrogate",
        f"{EVIL}]]><injected/>",
        '"quotes" & <tags>',
    ],
)
def test_any_resource_name_gives_well_formed_xml(normal: Assessment, name: str) -> None:
    mute = Mute(entry=1, reason=name, owner=name, ticket=name, expires=date(2027, 1, 1))
    finding = next(f for f in normal.findings if f.verdict is Verdict.FAIL)
    hostile = [
        finding.model_copy(update={"resource_name": name, "reason": name, "remediation": name}),
        finding.model_copy(update={"uid": "incloud-2", "title": name, "muted": mute}),
    ]
    root = parse(single(normal, hostile))
    (case, muted) = root.iter("testcase")
    assert case.get("name") == f"{junit.xml_text(name)} [{finding.uid}]"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == failure.text == junit.xml_text(name)
    assert properties(root[0])["title"] == finding.title
    assert muted.find("skipped") is not None
    assert not root.findall(".//injected")


def test_xml_text_escapes_what_xml_cannot_carry() -> None:
    assert junit.xml_text("a\x00b\uffffc\x1b") == "a\\x00b\\uffffc\\x1b"
    assert junit.xml_text("plain <text> & more") == "plain <text> & more"


def test_the_mutelist_suite_fails_on_expired_entries() -> None:
    mutelist = parse_mutelist(
        {
            "mutelist": [
                {"checks": ["*"], "reason": "r", "owner": "o", "expires": "2027-01-01"},
                {"checks": ["s3.*"], "reason": "old", "owner": "o", "expires": "2020-01-01"},
                {"checks": ["rds.*"], "reason": "none", "owner": "o", "expires": "2027-01-01"},
            ]
        },
        "mutelist.yaml",
    )
    assessment = assess(build_snapshot(SNAPSHOT), mutelist=mutelist)
    assert assessment.mutelist is not None
    root = parse(assessment)
    suite = root[-1]
    assert suite.get("name") == "incloud.mutelist"
    states = {e.entry: e.state for e in assessment.mutelist.entries}
    cases = list(suite.iter("testcase"))
    assert len(cases) == len(states)
    for case, (entry, state) in zip(cases, sorted(states.items()), strict=True):
        assert case.get("name", "").startswith(f"entry {entry}: ")
        assert (case.find("failure") is not None) == (state == "expired")
        assert (case.find("skipped") is not None) == (state == "stale")
    expired = sum(state == "expired" for state in states.values())
    assert expired and suite.get("failures") == str(expired)
    findings_root = parse(assessment.model_copy(update={"mutelist": None}))
    assert int(root.get("failures", "0")) == int(findings_root.get("failures", "0")) + expired
