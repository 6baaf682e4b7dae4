"""The organisation's HTML report: one self-contained page a security lead reads.

``templates/org.html`` (on the same layout, stylesheet base and Content-Security-Policy as
the assessment's page, :mod:`..page`) shows the scan (organisation, management account, scan
id, accounts read, API calls, time), the accounts not read with the reason, the account
ranking (filtered by OU, state and SCP/RCP application, sorted by any column, each row linked
to ``accounts/<id>.html``, the account's own page written beside this one with ``-o DIR``),
the responsibility matrix as a heat map (:mod:`.heat`), framework posture organisation-wide
and per account, and the organisation's failed reads with whether each account's SCPs and
RCPs were applied.

Account text (names, OU paths, reasons, messages) is escaped as on every incloud page; the
page's script (``org.js``) only shows, hides and reorders the rows the page already has.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...compliance.model import framework_ids, load_framework
from ...rollup import AccountResult, OrgAssessment
from ...rollup.model import OrgFramework, OrgRequirement
from .. import compliance as compliance_report
from ..html import Bar, stacked
from ..page import render_page
from .heat import LISTED_ACCOUNTS, heat_map, named, share_band, shortfalls

STATES = {
    "unreachable": ("not entered", "st-not_met"),
    "incomplete": ("incomplete", "st-partly_met"),
    "assessed": ("read", "st-met"),
}
"""Account state -> its label and badge class, worst first."""

CONTROLS = {
    "not_applied": ("not applied", "st-partly_met"),
    "applied": ("applied", "st-met"),
    "management": ("management", "st-inherited"),
    "none": ("no organisation", "st-not_applicable"),
}
"""Whether SCPs and RCPs were applied -> label and badge class (SCPs bind nothing in the
management account)."""

SEVERITIES = {"critical": "crit", "high": "high", "medium": "med", "low": "low"}
"""The severities with a column in the ranking, and its heading (``info`` counts in the total
only)."""

ACCOUNT_ID = re.compile(r"\d{12}")
"""An account id: only these become links (a path built from anything else is not one)."""


@dataclass(frozen=True)
class AccountRow:
    """One account of the ranking: its result and what the table shows of it."""

    rank: int
    account: AccountResult
    link: str | None
    state: tuple[str, str]
    state_rank: int
    controls: tuple[str, str]
    controls_rank: int
    severities: tuple[int, ...]
    unknown: int
    failing_title: str


@dataclass(frozen=True)
class RequirementView:
    """One requirement across the organisation, with its text when incloud ships the
    framework, and the accounts not meeting it (named, the first few).
    """

    requirement: OrgRequirement
    section: str
    summary: str
    counts: str
    not_met: tuple[str, ...]
    more: int


@dataclass(frozen=True)
class FrameworkView:
    """One framework: its overall status bar and requirements, not met ones first."""

    framework: OrgFramework
    bar: Bar
    not_met: tuple[RequirementView, ...]
    requirements: tuple[RequirementView, ...]


@dataclass(frozen=True)
class ScoreRow:
    """One account's score in each framework (None: not assessed there)."""

    row: AccountRow
    scores: tuple[tuple[str, str] | None, ...]


def render(rollup: OrgAssessment, *, color: bool = False, width: int | None = None) -> str:
    """The roll-up as one HTML page (``color`` and ``width`` are ignored)."""
    return render_page(
        "org.html",
        styles=["org.css"],
        script="org.js",
        version=rollup.incloud_version,
        **page_context(rollup),
    )


def page_context(rollup: OrgAssessment) -> dict[str, Any]:
    """Everything the template prints besides the inline blocks."""
    rows = [account_row(rank, account) for rank, account in enumerate(rollup.accounts, 1)]
    states: Counter[str] = Counter(a.state for a in rollup.accounts)
    controls: Counter[str] = Counter(a.controls for a in rollup.accounts)
    failing = sum(a.failures for a in rollup.accounts)
    severe = sum(
        a.failures_by_severity.get(s, 0) for a in rollup.accounts for s in ("critical", "high")
    )
    return {
        "o": rollup,
        "collected": f"{rollup.collected_at:%Y-%m-%d %H:%M UTC}",
        "took": duration(rollup.timings.get("scan")),
        "counts": {
            "accounts": len(rollup.accounts),
            "read": states["assessed"],
            "unreachable": states["unreachable"],
            "incomplete": states["incomplete"],
            "failing": failing,
            "severe": severe,
            "unknown": sum(a.verdicts.get("unknown", 0) for a in rollup.accounts),
            "not_applied": controls["not_applied"],
        },
        "rows": rows,
        "not_read": [r for r in rows if r.account.state != "assessed"],
        "not_applied": [r for r in rows if r.account.controls == "not_applied"],
        "listed": LISTED_ACCOUNTS,
        "controls": [(CONTROLS[k], controls[k]) for k in CONTROLS if controls[k]],
        "ous": ou_options(rollup.accounts),
        "states": [(k, label) for k, (label, _) in STATES.items() if states[k]],
        "control_options": [(k, label) for k, (label, _) in CONTROLS.items() if controls[k]],
        "severities": list(SEVERITIES.items()),
        "heat": heat_map(rollup),
        "shortfalls": shortfalls(rollup),
        "frameworks": [framework_view(f, rollup) for f in rollup.frameworks],
        "scores": score_rows(rows, rollup.frameworks),
    }


def account_row(rank: int, account: AccountResult) -> AccountRow:
    """One row of the ranking (``rank`` counts from 1)."""
    by_severity = account.failures_by_severity
    failing = ", ".join(
        f"{by_severity[s]} {s}" for s in (*SEVERITIES, "info") if by_severity.get(s)
    )
    return AccountRow(
        rank=rank,
        account=account,
        link=account_link(account.account_id),
        state=STATES[account.state],
        state_rank=list(STATES).index(account.state),
        controls=CONTROLS[account.controls],
        controls_rank=list(CONTROLS).index(account.controls),
        severities=tuple(by_severity.get(s, 0) for s in SEVERITIES),
        unknown=account.verdicts.get("unknown", 0),
        failing_title=f"failing, unmuted: {failing}" if failing else "nothing failing",
    )


def account_link(account_id: str) -> str | None:
    """The account's own page beside the organisation's (``-o DIR`` writes it there)."""
    return f"accounts/{account_id}.html" if ACCOUNT_ID.fullmatch(account_id) else None


def ou_options(accounts: Sequence[AccountResult]) -> list[str]:
    """Every OU path and each of its parents: choosing one shows the accounts under it."""
    paths: set[str] = set()
    for account in accounts:
        parts = account.ou_path.split("/") if account.ou_path else []
        paths.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
    return sorted(paths)


def framework_view(framework: OrgFramework, rollup: OrgAssessment) -> FrameworkView:
    """A framework's overall status bar, and its requirements with their text."""
    names = {a.account_id: a.name for a in rollup.accounts}
    texts: dict[str, tuple[str, str]] = {}
    if framework.framework in framework_ids():
        shipped = load_framework(framework.framework)
        texts = {r.id: (r.section, r.summary) for r in shipped.requirements}
    keys = [(s.value, label) for s, (label, _) in compliance_report.STATUS_STYLE.items()]
    (bar,) = stacked([(framework.name, Counter(framework.by_status), ())], keys)
    views = []
    for requirement in framework.requirements:
        section, summary = texts.get(requirement.requirement, ("", ""))
        views.append(
            RequirementView(
                requirement=requirement,
                section=section,
                summary=summary,
                counts=", ".join(
                    f"{n} {s.replace('_', ' ')}"
                    for s, n in sorted(requirement.by_status.items())
                    if n
                ),
                not_met=tuple(named(a, names) for a in requirement.not_met_in[:LISTED_ACCOUNTS]),
                more=max(0, len(requirement.not_met_in) - LISTED_ACCOUNTS),
            )
        )
    return FrameworkView(
        framework=framework,
        bar=bar,
        not_met=tuple(v for v in views if v.requirement.status == "not_met"),
        requirements=tuple(views),
    )


def score_rows(rows: Sequence[AccountRow], frameworks: Sequence[OrgFramework]) -> list[ScoreRow]:
    """Each account's score per framework, with its colour class."""
    result = []
    for row in rows:
        scores = {f.framework: f.score for f in row.account.frameworks}
        cells: list[tuple[str, str] | None] = []
        for framework in frameworks:
            if framework.framework not in scores:
                cells.append(None)
                continue
            score = scores[framework.framework]
            cells.append(
                ("no score", "")
                if score is None
                else (f"{score:.0f}%", f"share-{share_band(score)}")
            )
        result.append(ScoreRow(row, tuple(cells)))
    return result


def duration(seconds: float | None) -> str:
    """``3 min 36 s``, ``12 s``; empty when the scan's time is not known."""
    if seconds is None:
        return ""
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"
