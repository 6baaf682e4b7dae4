"""The organisation's HTML report in headless Chromium: it opens clean (no console error, no
CSP violation, no request but its own file), its filters (account or name, OU and below,
state, SCPs/RCPs) and sorting work on 50 accounts with long names, and hostile account text
renders as text, in the table and in the filter, without running anything.

The screenshot goes to the test's tmp dir and is copied to
/tmp/incloud-org-html-screenshot.png for a person to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Page, expect

from incloud.report.inert import printable
from incloud.report.org import html as org_html
from incloud.rollup import OrgAssessment
from tests.report.browser import Browser, chromium
from tests.report.org_fixture import (
    ATTACKS,
    EVIL,
    OUS,
    hostile_org_assessment,
    large_org_assessment,
)

SCREENSHOT = Path("/tmp/incloud-org-html-screenshot.png")
READY = "#ranking[data-ready-ms]"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as opened:
        yield opened


@pytest.fixture(scope="module")
def large() -> OrgAssessment:
    return large_org_assessment()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, large: OrgAssessment) -> Path:
    path = tmp_path_factory.mktemp("org-html") / "organization.html"
    path.write_text(org_html.render(large))
    return path


@pytest.fixture
def page(browser: Browser, report: Path) -> Iterator[Page]:
    opened, watch = browser.open(report, ready=READY)
    yield opened
    watch.assert_clean()
    opened.close()


def shown(page: Page, table: str = "#ranking") -> list[str]:
    """The account ids of the visible rows of ``table``, in order."""
    ids: list[str] = page.eval_on_selector_all(
        f"{table} tbody tr:not([hidden])",
        "rows => rows.map(r => { const id = r.querySelector('.k-id');"
        " return (id || r.querySelector('.k-name')).textContent; })",
    )
    return ids


def column(page: Page, index: int) -> list[float]:
    """The sort values of one column of the visible ranking rows."""
    values: list[str] = page.eval_on_selector_all(
        "#ranking tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{index}].dataset.value)"
    )
    return [float(v) for v in values]


def test_the_page_opens_clean_and_is_screenshotted(
    browser: Browser, report: Path, large: OrgAssessment, tmp_path: Path
) -> None:
    page, watch = browser.open(report, ready=READY)
    assert page.title() == f"incloud organisation scan: {large.organization_id}"
    assert shown(page) == [a.account_id for a in large.accounts]
    assert page.inner_text("#status") == "All 50 accounts"
    assert page.is_visible("#filters")  # shown by the script (hidden without it)
    assert page.is_visible("#not-read")
    # the ranking's columns keep their room with long names: nothing spills over a cell
    spill = page.evaluate(
        """() => [...document.querySelectorAll('#ranking td, #ranking th')]
            .filter(c => c.scrollWidth > c.clientWidth + 1).length"""
    )
    assert spill == 0
    width = page.evaluate("document.querySelector('#ranking td.who').getBoundingClientRect().width")
    assert width > 220
    shot = tmp_path / "organization.png"
    page.screenshot(path=str(shot), full_page=True)
    shutil.copyfile(shot, SCREENSHOT)
    watch.assert_clean()
    page.close()


def test_the_csp_is_enforced(browser: Browser, report: Path) -> None:
    page, watch = browser.open(report, ready=READY)
    blocked = page.evaluate(
        """() => new Promise(resolve => {
            document.addEventListener("securitypolicyviolation", e => resolve(e.violatedDirective));
            const s = document.createElement("script");
            s.textContent = "window.injected = 1";
            document.body.appendChild(s);
            setTimeout(() => resolve(window.injected ? "ran" : "no event"), 1000);
        })"""
    )
    assert blocked.startswith("script-src")
    assert page.evaluate("window.injected") is None
    assert [e for e in watch.errors if "Content Security Policy" not in e] == []
    page.close()


def test_filtering_by_ou_includes_the_ous_below(page: Page, large: OrgAssessment) -> None:
    page.select_option("#f-ou", "Root/Production")
    expected = [a.account_id for a in large.accounts if a.ou_path.startswith("Root/Production/")]
    assert shown(page) == expected
    assert len(expected) == 20
    assert page.inner_text("#status") == "20 of 50 accounts match the filters"
    # the per-account framework scores follow the same filter
    assert shown(page, "table.scores") == expected
    page.select_option("#f-ou", OUS[0])
    assert shown(page) == [a.account_id for a in large.accounts if a.ou_path == OUS[0]]


def test_filtering_by_state_controls_and_name(page: Page, large: OrgAssessment) -> None:
    page.select_option("#f-state", "unreachable")
    assert shown(page) == [a.account_id for a in large.accounts if a.state == "unreachable"]
    page.select_option("#f-state", "")
    page.select_option("#f-controls", "not_applied")
    not_applied = [a.account_id for a in large.accounts if a.controls == "not_applied"]
    assert shown(page) == not_applied
    page.select_option("#f-state", "unreachable")  # filters combine
    assert shown(page) == [
        a.account_id
        for a in large.accounts
        if a.controls == "not_applied" and a.state == "unreachable"
    ]
    page.click("#reset")
    expect(page.locator("#status")).to_have_text("All 50 accounts")  # reset, then applied
    page.fill("#q", "ACCT-1")  # any case, the name
    assert shown(page) == [a.account_id for a in large.accounts if a.name.startswith("acct-1")]
    target = large.accounts[5].account_id
    page.fill("#q", target)  # or the id
    assert shown(page) == [target]
    page.fill("#q", "no such account")
    assert shown(page) == []
    assert page.inner_text("#status") == "0 of 50 accounts match the filters"


def test_sorting_by_column(page: Page, large: OrgAssessment) -> None:
    headers = page.locator("#ranking thead th")
    fail = headers.nth(5)
    fail.locator("button").click()
    values = column(page, 5)
    assert values == sorted(values, reverse=True)  # most failures first
    assert fail.get_attribute("aria-sort") == "descending"
    fail.locator("button").click()
    assert column(page, 5) == sorted(values)
    assert headers.nth(0).get_attribute("aria-sort") is None
    headers.nth(1).locator("button").click()  # by name
    names: list[str] = page.eval_on_selector_all(
        "#ranking tbody tr", "rows => rows.map(r => r.querySelector('.k-name').textContent)"
    )
    assert names == sorted(names, key=str.lower)
    headers.nth(0).locator("button").click()  # back to the ranking
    assert shown(page) == [a.account_id for a in large.accounts]
    page.select_option("#f-state", "assessed")  # sorting keeps the filter
    headers.nth(12).locator("button").click()  # by load
    loads = column(page, 12)
    assert len(loads) == 47
    assert loads == sorted(loads, reverse=True)


def test_a_heat_map_cell_says_who_does_not_meet_the_duty(page: Page) -> None:
    title = page.get_attribute("#matrix .hm-cell.has-unknown", "title")
    assert title is not None
    lines = title.splitlines()
    assert lines[0] == "s3: Keep data from unintended readers (data.control-access), owner customer"
    assert lines[-2:] == ["not met in: 111111111111", "unknown in: 333333333333"]


def test_hostile_text_renders_as_text_and_filters(browser: Browser, tmp_path: Path) -> None:
    rollup = hostile_org_assessment()
    path = tmp_path / "hostile.html"
    path.write_text(org_html.render(rollup))
    page, watch = browser.open(path, ready=READY)
    assert page.evaluate("document.querySelectorAll('img, iframe, object').length") == 0
    assert page.evaluate("document.scripts.length") == 1
    name = page.inner_text("#ranking tbody tr:first-child .k-name")
    assert name == printable(f"security-audit{EVIL}")
    assert ATTACKS[0] in name
    # the OU filter compares hostile paths as text
    ou = printable(f"Root/Production{EVIL}")
    page.select_option("#f-ou", ou)
    assert shown(page) == ["333333333333"]
    # the odd account id is shown, not linked
    odd = page.locator("#ranking td.who", has_text="9999")
    assert odd.locator("a").count() == 0
    page.hover("#matrix .hm-cell.has-unknown")
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
    watch.assert_clean()
    page.close()
