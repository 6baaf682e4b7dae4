"""Every renderer in incloud.report shows hostile account data inert, with colour or without."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest

from incloud.assessment import Assessment
from incloud.report import REPORTERS, Reporter, compliance, json_report, matrix, terminal
from incloud.report.org import ORG_REPORTERS, combined
from incloud.report.org.combined import COMBINED
from incloud.rollup import OrgAssessment
from tests.report.hostile import EVIL, EVIL_ESCAPED, MARK, SGR, assert_inert, hostile_assessment
from tests.report.org_fixture import hostile_org_assessment

WIDE = 400
"""Wide enough that no field is wrapped, so each escaped value can be found whole."""


@pytest.fixture(scope="module")
def assessment() -> Assessment:
    return hostile_assessment()


Renderer = Callable[[Assessment, bool, int], str]

RENDERERS: dict[str, Renderer] = {
    "terminal": lambda a, color, width: terminal.render(a, color=color, width=width),
    "matrix grid": lambda a, color, width: matrix.render(a, color=color, width=width),
    "matrix s3": lambda a, color, width: matrix.render(a, color=color, service="s3", width=width),
    "framework": lambda a, color, width: compliance.render(
        a.compliance[0], color=color, width=width
    ),
    "framework listing": lambda a, color, width: compliance.render_listing(
        compliance.Listing(a.collected_at, a.compliance), color=color, width=width
    ),
    "json": lambda a, color, width: json_report.render(a, color=color, width=width),
}


def _format(reporter: Reporter[Assessment]) -> Renderer:
    return lambda a, color, width: reporter(a, color=color, width=width)


for _name, _reporter in REPORTERS.items():  # every other format: it may be printed, too
    RENDERERS.setdefault(_name, _format(_reporter))

SHOWN = {
    "terminal": [
        "bucket",
        "instance",
        "reason",
        "Code",
        "gapmessage",
        "fwname",
        "fwversion",
        "account",
        "service",
    ],
    "matrix grid": ["account", "service"],
    "matrix s3": ["account", "celltitle", "cellreason"],
    "framework": [
        "fwname",
        "fwversion",
        "notice",
        "section",
        "R",
        "manualevidence",
        "attester",
        "bucket",
    ],
    "framework listing": ["fwname", "fwversion"],
}
"""Per renderer, the fields (by the word before the hostile text) it shows."""


@pytest.mark.parametrize("name", RENDERERS)
@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("width", [80, WIDE])
def test_no_character_can_act_on_the_terminal(
    assessment: Assessment, name: str, color: bool, width: int
) -> None:
    assert_inert(RENDERERS[name](assessment, color, width), color=color)


@pytest.mark.parametrize("name", [n for n in RENDERERS if n in SHOWN])
def test_hostile_text_is_shown_escaped_where_it_appears(assessment: Assessment, name: str) -> None:
    text = RENDERERS[name](assessment, False, WIDE)
    for field in SHOWN[name]:
        assert f"{field}{MARK}" in text, f"{field} not shown escaped"
    if name != "framework listing":
        assert EVIL_ESCAPED in text


def test_the_terminal_report_escapes_the_whole_value_on_one_line(
    assessment: Assessment,
) -> None:
    lines = terminal.render(assessment, color=False, width=WIDE).splitlines()
    assert f"    - bucket{EVIL_ESCAPED} us-east-1: ACL grants READ to everyone" in lines
    assert f"    - instance{EVIL_ESCAPED} us-east-1: reason{EVIL_ESCAPED}" in lines


def test_colour_is_only_our_styles(assessment: Assessment) -> None:
    text = terminal.render(assessment, color=True, width=120)
    codes = {match.group(1) for match in SGR.finditer(text)}
    assert codes, "colour was asked for"
    allowed = {"0", "1", "2", "3", "4", "31", "32", "33", "34", "35", "36", "37", "41"}
    for code in codes:
        assert set(code.split(";")) <= allowed, code


def test_json_escapes_c1_and_bidi_and_keeps_the_value(assessment: Assessment) -> None:
    text = json_report.render(assessment)
    assert text.isascii() or not any(0x80 <= ord(c) <= 0x9F for c in text)
    assert "\\u009b31m" in text
    assert "\\u202e" in text
    assert "\\u0085" in text
    assert json.loads(text) == json.loads(assessment.model_dump_json())
    assert json.loads(text)["matrix"]["accounts"][0]["account_id"] == f"account{EVIL}"


def test_json_model_helper_is_inert_too(assessment: Assessment) -> None:
    posture = assessment.compliance[0]
    text = json_report.model_json(posture)
    assert_inert(text, color=False)
    assert text.endswith("}\n")
    assert json.loads(text) == json.loads(posture.model_dump_json())


def test_every_registered_reporter_is_covered() -> None:
    assert set(REPORTERS) <= set(RENDERERS)
    assert all(name in RENDERERS for name in ("terminal", "matrix grid", "framework", "json"))


@pytest.fixture(scope="module")
def hostile_rollup() -> OrgAssessment:
    """The organisation roll-up with the attacks in every account and organisation string,
    and this module's :data:`EVIL` in an account's name and OU too."""
    rollup = hostile_org_assessment()
    odd = rollup.accounts[0].model_copy(update={"name": f"name{EVIL}", "ou_path": f"Root{EVIL}"})
    return rollup.model_copy(update={"accounts": (odd, *rollup.accounts[1:])})


@pytest.mark.parametrize("name", ORG_REPORTERS)
@pytest.mark.parametrize("color", [False, True])
def test_every_organisation_report_is_inert(
    hostile_rollup: OrgAssessment, name: str, color: bool
) -> None:
    text = ORG_REPORTERS[name](hostile_rollup, color=color, width=100)
    assert_inert(text, color=color)
    if name == "terminal":
        assert f"name{MARK}" in text


@pytest.mark.parametrize("kind", COMBINED)
def test_every_accounts_findings_in_one_file_are_inert(assessment: Assessment, kind: str) -> None:
    # the organisation's OCSF, ASFF, CSV and JUnit files: every account's findings, streamed
    out = io.StringIO()
    combined.write(kind, lambda: [assessment, assessment], out)
    assert_inert(out.getvalue(), color=False)
