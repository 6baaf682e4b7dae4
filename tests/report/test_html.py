"""The HTML report, read as text: self-contained, a CSP that allows exactly its inline blocks,
account data escaped everywhere, the data block safe to embed, gaps tied to their results.

The page in a real browser is tested in test_html_browser.py; the assessments built here
serve both.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from incloud.assessment import Assessment, assess
from incloud.cli import EXIT_INCOMPLETE
from incloud.evaluate.check import Verdict
from incloud.evaluate.finding import Finding, Mute, finding_uid
from incloud.mutelist import EntryReport, MutelistReport, parse_mutelist
from incloud.report import EXTENSIONS, REPORTERS
from incloud.report import html as html_report
from incloud.report import page as page_module
from incloud.report.inert import printable
from incloud.snapshot import save_snapshot
from tests.cli_helpers import run
from tests.fixtures import build_snapshot
from tests.report.hostile import EVIL, MARK, assert_inert, hostile_assessment
from tests.report.html_page import Page, assert_csp_by_hash, assert_nothing_loaded
from tests.report.test_golden import SNAPSHOT, _assessment

IMG = '"><img src=x onerror=alert(1)>'
SCRIPT = "<script>alert(1)</script>"
TITLE = "\x1b]0;x\x07"
HOSTILE_NAME = f"name{SCRIPT}{IMG}{TITLE}"
"""A resource name with each attack the brief names: a script, an attribute break-out, and an
OSC window title."""


def rich_assessment() -> Assessment:
    """The golden assessment (matrix, CIS posture, a gap), with a mutelist: one active entry
    muting the public bucket's findings, one expired and one stale.
    """
    mutelist = parse_mutelist(
        {
            "mutelist": [
                {
                    "checks": ["s3.*"],
                    "resources": ["*public-assets"],
                    "reason": "public website bucket, reviewed",
                    "owner": "web@example.com",
                    "ticket": "SEC-42",
                    "expires": "2027-06-30",
                },
                {
                    "checks": ["kms.*"],
                    "reason": "legacy key, migration planned",
                    "owner": "ops@example.com",
                    "expires": "2026-01-31",
                },
                {"checks": ["rds.*"], "reason": "no database yet", "owner": "dba@example.com",
                 "expires": "2027-01-31"},
            ]
        },
        "test",
    )  # fmt: skip
    muted = assess(build_snapshot(SNAPSHOT), programme="hipaa", mutelist=mutelist)
    golden = _assessment()
    return golden.model_copy(update={"findings": muted.findings, "mutelist": muted.mutelist})


def hostile_page_assessment() -> Assessment:
    """tests/report/hostile.py's assessment, plus a failing finding whose resource name,
    evidence and mute carry the page attacks, and a hostile mutelist (one entry expired).
    """
    assessment = hostile_assessment()
    findings = list(assessment.findings)
    index = next(i for i, f in enumerate(findings) if f.verdict is Verdict.FAIL)
    mute = Mute(
        entry=1, reason=f"mutereason{EVIL}{IMG}", owner=f"owner{IMG}", expires=date(2027, 1, 1)
    )
    findings[index] = findings[index].model_copy(
        update={
            "resource_name": HOSTILE_NAME,
            "evidence": {**findings[index].evidence, f"key{IMG}": [f"item{EVIL}"]},
            "muted": mute,
        }
    )
    entries = (
        EntryReport(
            entry=1,
            reason=f"entryreason{EVIL}{IMG}",
            owner=f"owner{EVIL}",
            ticket=f"ticket{SCRIPT}",
            expires=date(2027, 1, 1),
            state="active",
            muted=1,
        ),
        EntryReport(
            entry=2,
            reason=f"expiredreason{EVIL}",
            owner="o",
            expires=date(2026, 1, 1),
            state="expired",
        ),
    )
    return assessment.model_copy(
        update={"findings": tuple(findings), "mutelist": MutelistReport(entries=entries)}
    )


def empty_assessment() -> Assessment:
    """No finding, no gap, no matrix, no posture, no mutelist."""
    assessment = assess(build_snapshot({"resources": []}), checks=[])
    return assessment.model_copy(update={"matrix": None, "timings": {}})


@pytest.fixture(scope="module")
def rich() -> Assessment:
    return rich_assessment()


@pytest.fixture(scope="module")
def rich_page(rich: Assessment) -> str:
    return html_report.render(rich)


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return html_report.render(hostile_page_assessment())


def test_html_is_an_assessment_format() -> None:
    assert REPORTERS["html"] is html_report.render
    assert EXTENSIONS["html"] == "html"


def test_the_csp_allows_exactly_the_inline_blocks_by_hash(rich_page: str) -> None:
    assert_csp_by_hash(rich_page)


def test_nothing_is_loaded_from_anywhere(rich_page: str) -> None:
    assert_nothing_loaded(rich_page)


def test_the_script_writes_text_never_markup() -> None:
    script = page_module.asset("report.js")
    sinks = ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("]
    sinks += ["new Function", 'setTimeout("', "srcdoc", "fetch(", "XMLHttpRequest"]
    for sink in sinks:
        assert sink not in script, sink
    assert "JSON.parse(" in script
    assert "textContent" in script


def test_hostile_text_is_escaped_and_shown(hostile_page: str) -> None:
    assert_inert(hostile_page, color=False)
    assert hostile_page.isascii()
    for raw in ("<script>alert", "<img", "onerror=alert(1)>", "\x1b", "\x07", "\u202e"):
        assert raw not in hostile_page, raw
    page = Page(hostile_page)
    assert [tag for tag, _ in page.tags].count("script") == 2
    assert "img" not in [tag for tag, _ in page.tags]
    text = "".join(page.text)
    # shown by the server-rendered sections, escapes visible (MARK) and markup as text
    for field in ("account", "service", "celltitle", "cellreason", "fwname", "fwversion",
                  "section", "summary", "notice", "Code", "gapmessage", "entryreason",
                  "expiredreason", "owner"):  # fmt: skip
        assert f"{field}{MARK}" in text, field
    assert f"account{printable(EVIL)}" in text
    assert f"entryreason{printable(EVIL)}{IMG}" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in hostile_page


def test_the_data_block_is_inert_and_decodes_to_the_findings(hostile_page: str) -> None:
    assessment = hostile_page_assessment()
    (raw,) = [r for t, a, r in Page(hostile_page).blocks if a.get("type") == "application/json"]
    assert not set(raw) & {"<", ">", "&", "\u2028", "\u2029"}
    data = json.loads(raw)
    assert data["fields"] == list(html_report.FIELDS)
    assert len(data["findings"]) == len(assessment.findings)
    strings = data["strings"]
    decoded = [
        {
            name: strings[value] if name in html_report.INTERNED else value
            for name, value in zip(data["fields"], row, strict=True)
        }
        for row in data["findings"]
    ]
    for finding, row in zip(assessment.findings, decoded, strict=True):
        assert row["uid"] == finding.uid
        assert row["check"] == finding.check_id
        assert row["verdict"] == finding.verdict.value
        assert row["name"] == printable(finding.resource_name)
        assert row["reason"] == printable(finding.reason)
        assert (row["mute"] >= 0) == (finding.muted is not None)
    (index,) = [i for i, r in enumerate(decoded) if r["name"] == printable(HOSTILE_NAME)]
    hostile = decoded[index]
    assert SCRIPT in hostile["name"]
    assert IMG in hostile["name"]
    assert r"\x1b]0;x\x07" in hostile["name"]
    assert hostile["evidence"] == json.loads(json.dumps(assessment.findings[index].evidence))
    assert data["mutes"][hostile["mute"]]["reason"] == printable(f"mutereason{EVIL}{IMG}")


def test_huge_evidence_is_cut(rich: Assessment) -> None:
    policy = {"Statement": [{"Sid": f"s{i}", "Action": "s3:*"} for i in range(2000)]}
    finding = rich.findings[0].model_copy(update={"evidence": {"policy": policy}})
    data = html_report.page_data(rich.model_copy(update={"findings": (finding,)}), [])
    evidence = data["findings"][0][html_report.FIELDS.index("evidence")]
    size = len(json.dumps({"policy": policy}, separators=(",", ":")))
    assert evidence["cut"] == f"{size:,} characters of evidence; the JSON report has them all"
    assert len(evidence["start"]) == html_report.MAX_EVIDENCE
    assert evidence["start"].startswith('{"policy":{"Statement":[{"Sid":"s0"')


def test_embedded_json_cannot_end_its_block() -> None:
    value = {"a": "</script><!-- <b> & \u2028\u2029 \u202e \x1b é"}
    text = page_module.embed_json(value)
    assert text.isascii()
    assert not set(text) & {"<", ">", "&"}
    assert json.loads(text) == value


def test_coverage_ties_each_gap_to_the_unknown_results_it_caused(rich: Assessment) -> None:
    (group,) = html_report.gap_groups(rich)
    assert (group.action, group.error_code) == ("lambda:ListFunctions", "AccessDenied")
    assert group.grant == "lambda:ListFunctions"
    caused = [rich.findings[i] for i in group.results]
    assert caused
    assert all(f.verdict is Verdict.UNKNOWN for f in caused)
    assert all("lambda:ListFunctions failed" in f.reason for f in caused)
    others = [
        f
        for i, f in enumerate(rich.findings)
        if i not in group.results and f.verdict is Verdict.UNKNOWN
    ]
    assert all("lambda:ListFunctions" not in f.reason for f in others)
    page = html_report.render(rich)
    assert f'data-gap="0">show {len(caused)} in the table</button>' in page
    assert 'grant <span class="mono">lambda:ListFunctions</span>' in page


def test_sections_show_matrix_posture_and_mutelist(rich: Assessment, rich_page: str) -> None:
    assert rich.matrix is not None
    account = rich.matrix.accounts[0]
    s3_data = [c for c in account.cells if c.service == "s3" and c.domain == "data_protection"]
    row = [u.prefix for u in account.services].index("s3")
    panel = re.search(
        rf'<div class="panel" id="duties-0-{row}-0" hidden>(.*?)</table>', rich_page, re.S
    )
    assert panel is not None
    for cell in s3_data:
        assert cell.title.replace("'", "&#39;") in panel.group(1)
    posture = rich.compliance[0]
    assert f"{posture.summary.score:.0f}%" in rich_page
    not_met = [r for r in posture.requirements if r.status == "not_met"]
    assert f"Requirements not met ({len(not_met)})" in rich_page
    assert rich.mutelist is not None
    assert [e.state for e in rich.mutelist.entries] == ["active", "expired", "stale"]
    assert '<tr class="mute-expired">' in rich_page
    assert "expired: mutes nothing" in rich_page
    assert "stale: matched nothing" in rich_page


def test_an_empty_assessment_leaves_out_what_it_lacks() -> None:
    page = html_report.render(empty_assessment())
    ids = {attrs.get("id") for _, attrs in Page(page).tags}
    assert {"summary", "results", "findings", "coverage"} <= ids
    assert not {"matrix", "compliance", "mutelist"} & ids
    # no call, no gap, no result: nothing was read, and the page must not call that a success
    assert "Every API call succeeded" not in page
    assert "Nothing was read: the snapshot records no API call" in page
    assert Page(page).data()["findings"] == []


def test_the_cli_prints_and_writes_the_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    snapshot = tmp_path / "snapshot.json.gz"
    save_snapshot(build_snapshot(SNAPSHOT), snapshot)
    code, out, _ = run(capsys, "evaluate", str(snapshot), "--format", "html", "-o", str(tmp_path))
    assert code == EXIT_INCOMPLETE  # the snapshot has a gap
    assert out.startswith("<!DOCTYPE html>")
    assert (tmp_path / "report.html").read_text() == out


def test_rendering_is_deterministic(rich: Assessment, rich_page: str) -> None:
    assert html_report.render(rich) == rich_page


def synthetic_assessment(count: int = 5000) -> Assessment:
    """A real evaluation of a generated account (buckets, instances, volumes, keys, users,
    two gaps, a mutelist), cut to ``count`` findings.
    """
    public = SNAPSHOT["resources"][0]["acl_grants"]
    resources: list[dict[str, Any]] = []
    for i in range(count // 28 + 1):
        resources += [
            {"kind": "s3.bucket", "name": f"bucket-{i}", "acl_grants": public if i % 3 else []},
            {"kind": "ec2.instance", "name": f"web-{i}", "instance_id": f"i-{i}",
             "tags": {"Name": f"web-{i}", "team": "shop"}},
            {"kind": "ec2.volume", "name": f"vol-{i}", "volume_id": f"vol-{i}",
             "encrypted": i % 2 == 0},
            {"kind": "kms.key", "name": f"key-{i}", "key_id": f"k{i}",
             "rotation_enabled": i % 2 == 0},
            {"kind": "iam.user", "name": f"user-{i}", "region": "global",
             "arn": f"arn:aws:iam::123456789012:user/user-{i}"},
        ]  # fmt: skip
    gaps = [
        {"service": "lambda", "operation": "ListFunctions", "error_code": "AccessDenied"},
        {"service": "ssm", "operation": "DescribeInstanceInformation",
         "error_code": "AccessDeniedException"},
    ]  # fmt: skip
    mutelist = parse_mutelist(
        {"mutelist": [{"checks": ["kms.*"], "resources": ["*key-1*"], "reason": "legacy keys",
                       "owner": "ops@example.com", "expires": "2027-01-31"}]},
        "test",
    )  # fmt: skip
    assessment = assess(
        build_snapshot({"resources": resources, "gaps": gaps}), programme="hipaa", mutelist=mutelist
    )
    assert len(assessment.findings) >= count
    findings = tuple(_detailed(f, i) for i, f in enumerate(assessment.findings[:count]))
    assert (
        len({finding_uid(f.check_id, f.account, f.region, f.resource) for f in findings}) == count
    )
    return assessment.model_copy(update={"findings": findings, "timings": {}})


def _detailed(finding: Finding, number: int) -> Finding:
    """``finding`` with a reason and evidence of its own, as big as real ones (the checks'
    evidence on generated resources is short and much of it repeats, which flatters the size):
    tags on every finding, a policy statement on every failure.
    """
    tags = {"Name": finding.resource_name, "team": "shop", "cost-centre": f"cc-{number % 97}"}
    evidence: dict[str, Any] = {**finding.evidence, "tags": tags}
    if finding.verdict is Verdict.FAIL:
        evidence["statement"] = {
            "Sid": f"Grant{number}",
            "Effect": "Allow",
            "Principal": "*",
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": [finding.resource, f"{finding.resource}/*"],
            "Condition": {"StringNotEquals": {"aws:SourceVpce": f"vpce-{number:08x}"}},
        }
    reason = f"{finding.reason} ({finding.resource_name} in {finding.region})"
    return finding.model_copy(update={"reason": reason, "evidence": evidence})


def test_a_large_report_renders_quickly_and_small() -> None:
    import time

    assessment = synthetic_assessment()
    started = time.perf_counter()
    page = html_report.render(assessment)
    seconds = time.perf_counter() - started
    size = len(page.encode())
    print(f"\nHTML report, 5,000 findings: {size / 1e6:.2f} MB, rendered in {seconds:.2f} s")
    assert size < 3_000_000
    assert seconds < 5
