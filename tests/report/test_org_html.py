"""The organisation's HTML report, read as text: a format of the roll-up, the same strict CSP
as the assessment's page, hostile account and organisation text escaped everywhere, and each
section saying what the roll-up holds. In a real browser: test_org_html_browser.py.
"""

from __future__ import annotations

import re

import pytest

from incloud.cli.org import org_formats
from incloud.report import EXTENSIONS
from incloud.report.inert import printable
from incloud.report.org import ORG_REPORTERS
from incloud.report.org import html as org_html
from incloud.report.org.heat import heat_cell, heat_map, share_band
from incloud.report.page import asset
from incloud.rollup import OrgAssessment, OrgCell
from tests.report.hostile import assert_inert
from tests.report.html_page import Page, assert_csp_by_hash, assert_nothing_loaded
from tests.report.org_fixture import (
    ATTACKS,
    EVIL,
    hostile_org_assessment,
    large_org_assessment,
    org_assessment,
)

ACCOUNT_LINK = re.compile(r"accounts/\d{12}\.html")

ATTRIBUTES = {
    "lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "title",
    "aria-label", "aria-live", "role", "scope", "colspan", "type", "placeholder", "autocomplete",
    "spellcheck", "value", "hidden", "tabindex", "data-ou", "data-state", "data-controls",
    "data-value", "data-type", "data-first", "viewbox", "preserveaspectratio", "x", "y",
    "width", "height",
}  # fmt: skip
"""Every attribute the page writes: anything else would be injected."""

TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "div", "h1", "h2", "h3", "h4",
    "p", "span", "nav", "a", "main", "section", "strong", "table", "colgroup", "col", "thead",
    "tbody", "tr", "th", "td", "form", "label", "input", "select", "option", "button", "ul",
    "li", "details", "summary", "svg", "rect", "footer", "script", "wbr",
}  # fmt: skip
"""Every element the page writes."""


@pytest.fixture(scope="module")
def rollup() -> OrgAssessment:
    return org_assessment()


@pytest.fixture(scope="module")
def page(rollup: OrgAssessment) -> str:
    return org_html.render(rollup)


@pytest.fixture(scope="module")
def hostile() -> str:
    return org_html.render(hostile_org_assessment())


def test_html_is_an_organisation_format() -> None:
    assert ORG_REPORTERS["html"] is org_html.render
    assert "html" in org_formats()
    assert EXTENSIONS["html"] == "html"


def test_the_csp_allows_exactly_the_inline_blocks_by_hash(page: str, hostile: str) -> None:
    assert_csp_by_hash(page)
    assert_csp_by_hash(hostile)


def test_nothing_is_loaded_and_links_go_only_to_account_pages(page: str) -> None:
    assert_nothing_loaded(page, links=ACCOUNT_LINK)
    links = {attrs["href"] for tag, attrs in Page(page).tags if tag == "a"}
    assert {link for link in links if not (link or "").startswith("#")} == {
        f"accounts/{a.account_id}.html" for a in org_assessment().accounts
    }


def test_hostile_text_is_escaped_and_shown(hostile: str) -> None:
    assert hostile.isascii()
    assert_inert(hostile, color=False)
    for raw in ("<script>alert", "<img", '"onmouseover', "'><", "\u202e", "\x1b", "<!--"):
        assert raw not in hostile, raw
    parsed = Page(hostile)
    assert {tag for tag, _ in parsed.tags} <= TAGS
    assert {name for _, attrs in parsed.tags for name in attrs} <= ATTRIBUTES
    assert [tag for tag, _ in parsed.tags].count("script") == 1
    assert [tag for tag, _ in parsed.tags].count("style") == 1
    # the inline blocks are exactly incloud's: account text did not end or extend them
    blocks = {tag: raw for tag, _, raw in parsed.blocks}
    assert blocks["script"] == asset("org.js")
    assert "</style>" not in blocks["style"]
    # shown as text, with escapes visible, wherever the roll-up puts it
    text = "".join(parsed.text)
    shown = printable(EVIL)
    fields = ("security-audit", "Root/Security", "does not exist", "data-lake",
              "interrupted: most reads failed", "Keep an audit trail", "Grant least privilege",
              "CIS Amazon Web Services Foundations Benchmark", "Internal baseline", "IB-1",
              "AccessDeniedException", "organizations:DescribePolicy", "odd",
              "o-abc123def4")  # fmt: skip
    for field in fields:
        assert f"{field}{shown}" in text, field
    assert "\\u202egnp.exe" in text
    assert "\\x1b]0;owned\\x07" in text
    # and in attributes: a title or data value holds the text, never a new attribute
    values = [v or "" for _, attrs in parsed.tags for v in attrs.values()]
    assert any(f"payments-prod{shown}" in v for v in values)  # a heat map cell's title
    assert any(v == f"Root/Production/Payments{shown}" for v in values)  # data-ou and option


def test_an_odd_account_id_is_escaped_and_never_a_link(hostile: str) -> None:
    parsed = Page(hostile)
    hrefs = [attrs.get("href") or "" for tag, attrs in parsed.tags if tag == "a"]
    assert all(h.startswith("#") or ACCOUNT_LINK.fullmatch(h) for h in hrefs)
    assert f"9999{ATTACKS[0]}" in "".join(parsed.text)
    assert org_html.account_link(f"9999{ATTACKS[0]}") is None
    assert org_html.account_link("../../etc/passwd") is None
    assert org_html.account_link("123456789012") == "accounts/123456789012.html"


def test_the_header_counts_and_the_accounts_not_read(page: str, rollup: OrgAssessment) -> None:
    text = " ".join(" ".join(Page(page).text).split())
    for part in ("organisation o-abc123def4", "management account 123456789012",
                 "scan org-20261207T053212Z-1a2b3c", "collected 2026-12-07 05:35 UTC",
                 "6 accounts: 4 read, 1 not entered , 1 incomplete", "10,679 API calls",
                 "took 3 min 36 s", "Not read: 2 accounts"):  # fmt: skip
        assert part in text, part
    section = re.search(r'<section id="not-read" class="box alarm">(.*?)</section>', page, re.S)
    assert section is not None
    for account in rollup.accounts:
        listed = account.account_id in section.group(1)
        assert listed == (account.state != "assessed"), account.account_id
        if listed:
            assert account.reason in section.group(1)


def test_the_ranking_lists_every_account_in_order_with_state_and_controls(
    page: str, rollup: OrgAssessment
) -> None:
    table = re.search(r'<table id="ranking".*?<tbody>(.*?)</tbody>', page, re.S)
    assert table is not None
    rows = re.findall(r'<tr class="state-(\w+)" data-ou="([^"]*)" data-state="\w+" '
                      r'data-controls="(\w+)">(.*?)</tr>', table.group(1), re.S)  # fmt: skip
    assert [r[0] for r in rows] == [a.state for a in rollup.accounts]
    assert [r[1] for r in rows] == [a.ou_path for a in rollup.accounts]
    assert [r[2] for r in rows] == [a.controls for a in rollup.accounts]
    payments = rows[1][3]
    assert 'href="accounts/111111111111.html">payments-prod</a>' in payments
    assert '<span class="badge st-met">applied</span>' in payments
    severities = "2 critical, 5 high, 9 medium, 4 low, 1 info"
    assert f'data-value="21" title="failing, unmuted: {severities}"' in payments
    assert '<span class="badge st-not_met">not entered</span>' in rows[0][3]
    assert '<span class="badge st-partly_met">not applied</span>' in rows[0][3]
    assert '<span class="badge st-inherited">management</span>' in rows[4][3]
    options = re.search(r'<select id="f-ou">(.*?)</select>', page, re.S)
    assert options is not None
    assert re.findall(r'<option value="([^"]*)">', options.group(1)) == [
        "", "Root", "Root/Development", "Root/Production", "Root/Production/Payments",
        "Root/Security",
    ]  # fmt: skip


def test_the_heat_map_colours_by_share_met_and_keeps_unknown_apart(
    page: str, rollup: OrgAssessment
) -> None:
    heat = heat_map(rollup)
    assert [c.label for c in heat.columns] == ["account-wide", "s3", "ec2", "iam"]
    groups = [g.label for g in heat.groups]
    assert groups == ["data protection", "identity", "network", "application", "compliance"]
    assert heat.aws_duties == ("Physical and environmental security",)
    assert [c.label if c else None for c in heat.aws] == [None, "AWS", "AWS", None]
    cells = {
        (row.duty, column.prefix): cell
        for group in heat.groups
        for row in group.rows
        for column, cell in zip(heat.columns, row.cells, strict=True)
    }
    assert cells["data.encrypt-at-rest", "s3"].kind == "share-all"  # type: ignore[union-attr]
    control = cells["data.control-access", "s3"]
    assert control is not None
    assert (control.kind, control.label, control.counts) == ("share-half has-unknown", "60%",
                                                             "3/5")  # fmt: skip
    assert control.unknown == 1
    assert control.title[-2:] == ("not met in: 111111111111 (payments-prod)",
                                  "unknown in: 333333333333 (data-lake)")  # fmt: skip
    root = cells["identity.protect-root", "account"]
    assert root is not None and (root.kind, root.label) == ("st-unknown", "unknown")
    assert cells["data.backup-recover", "s3"].kind == "hm-manual"  # type: ignore[union-attr]
    assert cells["application.patch-os", "s3"].kind == "hm-inherited"  # type: ignore[union-attr]
    assert cells["data.encrypt-at-rest", "account"] is None
    assert (
        'title="s3: Keep data from unintended readers (data.control-access), owner customer&#10;'
        in page
    )
    assert '<span class="unk">1?</span>' in page


@pytest.mark.parametrize(
    ("statuses", "kind", "label"),
    [
        ({"met": 4}, "share-all", "100%"),
        ({"met": 4, "not_met": 1}, "share-most", "80%"),
        ({"met": 1, "not_met": 1}, "share-half", "50%"),
        ({"met": 1, "partly_met": 3}, "share-few", "25%"),
        ({"not_met": 3}, "share-none", "0%"),
        ({"met": 4, "unknown": 1}, "share-most has-unknown", "80%"),
        ({"unknown": 2}, "st-unknown", "unknown"),
        ({"manual": 2}, "hm-manual", "manual"),
        ({"met": 1, "manual": 1}, "share-all", "100%"),
        ({"inherited": 2}, "hm-inherited", "AWS"),
    ],
)
def test_a_cell_is_coloured_by_the_share_of_accounts_meeting_it(
    statuses: dict[str, int], kind: str, label: str
) -> None:
    cell = OrgCell(service="s3", duty="d.x", title="t", owner="customer",
                   accounts=sum(statuses.values()), by_status=statuses)  # fmt: skip
    shown = heat_cell(cell, {})
    assert (shown.kind, shown.label) == (kind, label)


def test_share_bands() -> None:
    assert [share_band(p) for p in (100, 99.9, 80, 79, 50, 49, 1, 0.5, 0)] == [
        "all", "most", "most", "half", "half", "few", "few", "none", "none"
    ]  # fmt: skip


def test_frameworks_organisation_wide_and_per_account(page: str) -> None:
    assert "CIS Amazon Web Services Foundations Benchmark" in page
    not_met = re.search(r"<h4>Requirements not met \(2\)</h4>(.*?)</table>", page, re.S)
    assert not_met is not None
    assert "The root user holds no access keys." in not_met.group(1)  # text from the catalogue
    assert "111111111111 (payments-prod), 333333333333 (data-lake)" in not_met.group(1)
    scores = re.search(r'<table class="scores filtered">(.*?)</table>', page, re.S)
    assert scores is not None
    assert scores.group(1).count("<tr") == 7
    assert '<span class="score-chip share-half">62%</span>' in scores.group(1)
    assert '<td class="num dim">not read</td>' in scores.group(1)
    assert '<span class="score-chip ">no score</span>' in scores.group(1)


def test_organisation_reads_that_failed_and_controls_per_account(page: str) -> None:
    section = re.search(r'<section id="organisation" class="box alarm">(.*?)</section>', page, re.S)
    assert section is not None
    body = section.group(1)
    assert "applied to no account" in body
    assert "organizations:DescribePolicy" in body
    assert 'grant <span class="mono">organizations:DescribePolicy</span>' in body
    assert "Not applied in:" in body
    assert "222222222222</a> (security-audit)" in body
    assert "444444444444</a> (dev-sandbox)" in body


def test_a_clean_organisation_leaves_out_what_it_lacks(rollup: OrgAssessment) -> None:
    accounts = tuple(a.model_copy(update={"state": "assessed"}) for a in rollup.accounts)
    clean = rollup.model_copy(
        update={
            "accounts": accounts,
            "matrix": (),
            "frameworks": (),
            "organization_gaps": (),
            "timings": {},
        }
    )
    text = org_html.render(clean)
    ids = {attrs.get("id") for _, attrs in Page(text).tags}
    assert {"summary", "accounts", "organisation", "ranking"} <= ids
    assert not {"not-read", "matrix", "frameworks"} & ids
    assert "Every read of the organisation's policies succeeded." in text
    assert "took" not in text


def test_fifty_accounts_every_one_listed() -> None:
    large = large_org_assessment()
    text = org_html.render(large)
    assert len(text) < 400_000
    table = re.search(r'<table id="ranking".*?</table>', text, re.S)
    assert table is not None
    assert table.group().count('<tr class="state-') == 50


def test_rendering_is_deterministic(rollup: OrgAssessment, page: str) -> None:
    assert org_html.render(rollup) == page
    assert page.isascii()


def test_duration() -> None:
    assert [org_html.duration(s) for s in (None, 0.4, 12, 216.3, 3600 * 2 + 61)] == [
        "", "0 s", "12 s", "3 min 36 s", "2 h 1 min"
    ]  # fmt: skip
