r"""The HTML report: one self-contained page that works offline and trusts nothing it shows.

The page (``templates/report.html``, with ``report.css`` and ``report.js`` inlined) has the
responsibility matrix as a heat map, results by domain and by severity, framework posture,
a findings table the page's script filters, sorts and pages, the coverage gaps with the
``unknown`` results they caused, and the mutelist. It loads nothing: no CDN, font or image.

Account data (names, tags, reasons, evidence, messages, policy text) is made inert as every
incloud page makes it (:mod:`.page`: visible escapes, autoescape, a CSP by hashes, no
``style=""``); the data for the script is converted the same way (:func:`page_data`) and
embedded with :func:`.page.embed_json`: the script reads it with ``JSON.parse`` and builds the
table with ``createElement`` and ``textContent`` only.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..assessment import Assessment, Finding
from ..compliance.result import FrameworkPosture, RequirementPosture, RequirementStatus
from ..evaluate.check import Domain, Severity, Verdict
from ..responsibility.matrix import AccountMatrix, Cell, DutyStatus, Evidence, Matrix
from ..snapshot import CollectionGap
from . import compliance as compliance_report
from .inert import printable
from .matrix import DOMAIN_HEADERS, STATUS_STYLE, worst
from .page import render_page

VERDICT_ORDER = (Verdict.FAIL, Verdict.UNKNOWN, Verdict.PASS, Verdict.NOT_APPLICABLE)
"""Verdicts worst first: the order of bars, legends and the table's default sort."""

VERDICT_LABELS = {v: v.value.replace("_", " ") for v in Verdict}
DOMAIN_LABELS = {d: d.value.replace("_", " ") for d in Domain}

FIELDS = (
    "uid",
    "check",
    "title",
    "verdict",
    "severity",
    "domain",
    "level",
    "service",
    "account",
    "region",
    "resource",
    "name",
    "reason",
    "evidence",
    "remediation",
    "mute",
)
"""The columns of each finding in the page data, in order (report.js reads them by name)."""

INTERNED = frozenset(FIELDS) - {"uid", "resource", "name", "evidence", "mute"}
"""Fields stored as an index into the page data's string table: their values repeat."""

MAX_EVIDENCE = 20_000
"""Characters of one finding's evidence (as compact JSON) the page carries; past them, the
start is shown and the reader sent to the JSON report, so one huge policy cannot swell the
page."""

LISTED_RESULTS = 20
"""Unknown results listed under each coverage gap (the table shows them all)."""


def render(assessment: Assessment, *, color: bool = False, width: int | None = None) -> str:
    """The assessment as one HTML page (``color`` and ``width`` are ignored)."""
    gaps = gap_groups(assessment)
    return render_page(
        "report.html",
        styles=["report.css"],
        script="report.js",
        data=page_data(assessment, gaps),
        version=assessment.incloud_version,
        **page_context(assessment, gaps),
    )


# ---------------------------------------------------------------------------------------
# The data the script reads: the findings, their gaps and mutes.


MUTE_FIELDS = ("entry", "reason", "owner", "ticket", "expires")
"""What the page shows of the mutelist entry that silenced a finding."""


def page_data(assessment: Assessment, gaps: Sequence[GapGroup]) -> dict[str, Any]:
    """What report.js needs, compact: each finding a list in :data:`FIELDS` order, repeated
    strings as indexes into ``strings``, every string printable (see the module docstring);
    ``gaps`` (:func:`gap_groups`) gives each group of failed calls its findings' indexes.
    """
    strings: dict[str, int] = {}

    def intern(text: str) -> int:
        return strings.setdefault(text, len(strings))

    mutes: dict[tuple[Any, ...], int] = {}
    rows = []
    for finding in assessment.findings:
        values = _finding_values(finding)
        mute = finding.muted
        values["mute"] = -1
        if mute is not None:
            ticket = None if mute.ticket is None else printable(mute.ticket)
            key = (mute.entry, printable(mute.reason), printable(mute.owner), ticket)
            values["mute"] = mutes.setdefault((*key, mute.expires.isoformat()), len(mutes))
        rows.append([intern(values[f]) if f in INTERNED else values[f] for f in FIELDS])
    return {
        "fields": list(FIELDS),
        "strings": list(strings),
        "findings": rows,
        "mutes": [dict(zip(MUTE_FIELDS, key, strict=True)) for key in mutes],
        "gaps": [list(group.results) for group in gaps],
        "order": {
            "severity": [s.value for s in Severity],
            "verdict": [v.value for v in VERDICT_ORDER],
        },
        "labels": {
            "verdict": {v.value: VERDICT_LABELS[v] for v in Verdict},
            "domain": {d.value: DOMAIN_LABELS[d] for d in Domain},
        },
    }


def _finding_values(finding: Finding) -> dict[str, Any]:
    r"""One finding's columns. Evidence stays a JSON value (null when empty), as the JSON
    report has it: the script shows it indented, with the characters :mod:`.inert` escapes
    written as ``\uXXXX`` (JSON's escapes: the value reads the same); a huge one is cut.
    """
    evidence = finding.model_dump(mode="json", include={"evidence"})["evidence"] or None
    text = json.dumps(evidence, separators=(",", ":"), ensure_ascii=False)
    if len(text) > MAX_EVIDENCE:
        evidence = {
            "cut": f"{len(text):,} characters of evidence; the JSON report has them all",
            "start": text[:MAX_EVIDENCE],
        }
    return {
        "uid": printable(finding.uid),
        "check": printable(finding.check_id),
        "title": printable(finding.title),
        "verdict": finding.verdict.value,
        "severity": finding.severity.value,
        "domain": finding.domain.value,
        "level": finding.level.value,
        "service": printable(finding.service),
        "account": printable(finding.account),
        "region": printable(finding.region),
        "resource": printable(finding.resource),
        "name": printable(finding.resource_name),
        "reason": printable(finding.reason),
        "evidence": evidence,
        "remediation": printable(finding.remediation),
    }


# ---------------------------------------------------------------------------------------
# What the template shows.


@dataclass(frozen=True)
class Part:
    """One segment of a horizontal bar, in percent of the chart's longest bar."""

    key: str
    label: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart; ``filters`` are what a click on it sets in the table."""

    label: str
    total: int
    parts: tuple[Part, ...]
    filters: tuple[tuple[str, str], ...] = ()

    def count(self, key: str) -> int:
        """The count of one segment (0 when the bar has none)."""
        return next((p.count for p in self.parts if p.key == key), 0)


@dataclass(frozen=True)
class HeatCell:
    """One cell of the heat map: the worst status of its duties (None: no duty applies)."""

    status: DutyStatus | None
    label: str
    panel: str
    heading: str
    duties: tuple[Cell, ...]


@dataclass(frozen=True)
class HeatRow:
    """One service in use, with a cell per customer domain and AWS's side."""

    prefix: str
    name: str
    resources: str
    unlisted: tuple[str, ...]
    catalogued: bool
    load: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class AccountGrid:
    """The heat map of one account."""

    account: AccountMatrix
    rows: tuple[HeatRow, ...]
    load: str


@dataclass(frozen=True)
class PostureView:
    """One framework's posture: its score, its status counts as a bar, what is not met."""

    posture: FrameworkPosture
    score: str
    automated: str
    bar: Bar
    not_met: tuple[RequirementPosture, ...]


@dataclass(frozen=True)
class GapGroup:
    """Identical failures of one call (action, code, message), where they happened, and the
    indexes of the ``unknown`` findings they caused.
    """

    action: str
    error_code: str
    message: str
    grant: str | None
    places: tuple[str, ...]
    results: tuple[int, ...]
    listed: tuple[Finding, ...]


COLUMNS = (*((d.value, DOMAIN_HEADERS[d]) for d in Domain), ("aws", "AWS side"))
"""The heat map's duty columns: the five customer domains, then what AWS carries."""

COLUMN_NAMES = {**{d.value: DOMAIN_LABELS[d] for d in Domain}, "aws": "AWS side"}
"""A column's name in the heading of a cell's duties."""

RESULT_COUNTS = (
    ("fail", "failed", "fail"),
    ("unknown", "unknown", "unknown"),
    ("pass", "passed", "pass"),
    ("not_applicable", "not_applicable", "n/a"),
)
"""Evidence counts as a cell's duties show them: (verdict, Evidence field, label)."""


def result_counts(evidence: Evidence) -> list[tuple[str, str, int]]:
    """The verdicts one check gave, worst first, leaving out those it never gave."""
    counts = ((key, label, getattr(evidence, name)) for key, name, label in RESULT_COUNTS)
    return [(key, label, n) for key, label, n in counts if n]


def page_context(assessment: Assessment, gaps: Sequence[GapGroup]) -> dict[str, Any]:
    """Everything the template prints besides the inline blocks (``gaps``: the
    :func:`gap_groups` of ``assessment``).
    """
    failing = assessment.failures()
    unknown = assessment.with_verdict(Verdict.UNKNOWN, muted=True)
    return {
        "a": assessment,
        "accounts": ", ".join(a.account_id for a in assessment.accounts),
        "collected": f"{assessment.collected_at:%Y-%m-%d %H:%M UTC}",
        "cards": {
            "results": len(assessment.findings),
            "failing": len(failing),
            "critical_high": sum(f.severity.rank >= Severity.HIGH.rank for f in failing),
            "unknown": len(unknown),
            "muted": len(assessment.muted()),
            "gaps": len(assessment.gaps),
        },
        "columns": COLUMNS,
        "statuses": [(s.value, label) for s, (label, _) in STATUS_STYLE.items()],
        "grids": [] if assessment.matrix is None else heat_map(assessment.matrix),
        "scope": None if assessment.matrix is None else assessment.matrix.scope,
        "by_domain": domain_bars(assessment),
        "by_severity": severity_bars(assessment),
        "verdicts": [(v.value, VERDICT_LABELS[v]) for v in VERDICT_ORDER],
        "postures": [posture_view(p) for p in assessment.compliance],
        "gap_groups": gaps,
        "unknown_unexplained": len(unknown) - len({i for g in gaps for i in g.results}),
        "result_counts": result_counts,
    }


def heat_map(matrix: Matrix) -> list[AccountGrid]:
    """Each account's services x duty columns, a cell's duties ready for its panel."""
    grids = []
    for number, account in enumerate(matrix.accounts):
        by_service: dict[str, list[Cell]] = defaultdict(list)
        for cell in account.cells:
            by_service[cell.service].append(cell)
        rows = []
        for row, use in enumerate(account.services):
            cells = []
            for column, (key, _) in enumerate(COLUMNS):
                duties = tuple(
                    c
                    for c in by_service[use.prefix]
                    if (c.side == "aws" if key == "aws" else c.side != "aws" and c.domain == key)
                )
                status = worst(list(duties))
                cells.append(
                    HeatCell(
                        status=status,
                        label="-" if status is None else STATUS_STYLE[status][0],
                        panel=f"duties-{number}-{row}-{column}",
                        heading=f"{use.prefix} ({use.name}): {COLUMN_NAMES[key]}",
                        duties=duties,
                    )
                )
            rows.append(
                HeatRow(
                    prefix=use.prefix,
                    name=use.name,
                    resources=f"{use.resources}+" if use.unlisted else str(use.resources),
                    unlisted=use.unlisted,
                    catalogued=use.catalogued,
                    load=f"{account.load.by_service.get(use.prefix, 0.0):g}",
                    cells=tuple(cells),
                )
            )
        grids.append(AccountGrid(account, tuple(rows), f"{account.load.total:g}"))
    return grids


BarRow = tuple[str, Counter[str], tuple[tuple[str, str], ...]]
"""A bar to draw: its label, counts per key, and the table filters a click on it sets."""


def stacked(rows: Sequence[BarRow], keys: Sequence[tuple[str, str]]) -> list[Bar]:
    """Horizontal stacked bars, every one scaled to the longest (``keys``: value, label)."""
    longest = max((sum(c.values()) for _, c, _ in rows), default=0) or 1
    bars = []
    for label, counts, filters in rows:
        parts, x = [], 0.0
        for key, name in keys:
            width = 100 * counts[key] / longest
            if counts[key]:
                parts.append(Part(key, name, counts[key], round(x, 3), round(width, 3)))
            x += width
        bars.append(Bar(label, sum(counts.values()), tuple(parts), filters))
    return bars


def domain_bars(assessment: Assessment) -> list[Bar]:
    """Results per domain, by verdict."""
    counts = assessment.verdict_counts()
    rows: list[BarRow] = [
        (DOMAIN_LABELS[d], Counter({v.value: n for v, n in counts[d].items()}), (("domain", d),))
        for d in Domain
    ]
    return stacked(rows, [(v.value, VERDICT_LABELS[v]) for v in VERDICT_ORDER])


def severity_bars(assessment: Assessment) -> list[Bar]:
    """Results per severity, by verdict (muted ones included: their verdicts stand)."""
    counts: dict[Severity, Counter[str]] = {s: Counter() for s in Severity}
    for finding in assessment.findings:
        counts[finding.severity][finding.verdict.value] += 1
    rows = [(s.value, counts[s], (("severity", s.value),)) for s in Severity]
    return stacked(rows, [(v.value, VERDICT_LABELS[v]) for v in VERDICT_ORDER])


def posture_view(posture: FrameworkPosture) -> PostureView:
    """A framework's score and status bar, and its requirements not met."""
    summary = posture.summary
    keys = [(s.value, label) for s, (label, _) in compliance_report.STATUS_STYLE.items()]
    (bar,) = stacked([(posture.framework, Counter(summary.by_status), ())], keys)
    return PostureView(
        posture=posture,
        score="-" if summary.score is None else f"{summary.score:.0f}%",
        automated="-" if summary.automated_score is None else f"{summary.automated_score:.0f}%",
        bar=bar,
        not_met=tuple(r for r in posture.requirements if r.status is RequirementStatus.NOT_MET),
    )


def gap_groups(assessment: Assessment) -> list[GapGroup]:
    """The gaps grouped by (action, error code, message), with the unknown results each
    group caused: an unknown finding names every gap that blocked it (``describe()``) in its
    reason, found here by the gap actions in its evidence or, for an inventory that could
    not be listed, by its account and region.
    """
    groups: dict[tuple[str, str, str], list[CollectionGap]] = defaultdict(list)
    for gap in assessment.gaps:
        groups[(gap.action, gap.error_code, gap.message)].append(gap)
    keys = sorted(groups)
    group_of = {id(gap): n for n, key in enumerate(keys) for gap in groups[key]}
    by_action: dict[tuple[str, str], list[CollectionGap]] = defaultdict(list)
    by_place: dict[tuple[str, str], list[CollectionGap]] = defaultdict(list)
    for gap in assessment.gaps:
        by_action[(gap.account_id, gap.action.lower())].append(gap)
        by_place[(gap.account_id, gap.region)].append(gap)
    caused: list[list[int]] = [[] for _ in keys]
    for index, finding in enumerate(assessment.findings):
        if finding.verdict is not Verdict.UNKNOWN:
            continue
        named = finding.evidence.get("gaps")
        if isinstance(named, list):
            candidates = [
                g
                for a in named
                if isinstance(a, str)
                for g in by_action[(finding.account, a.lower())]
            ]
        else:
            candidates = by_place[(finding.account, finding.region)]
        hit = {group_of[id(g)] for g in candidates if g.describe() in finding.reason}
        for number in sorted(hit):
            caused[number].append(index)
    result = []
    for number, key in enumerate(keys):
        members = groups[key]
        denied = [g.iam_action for g in members if g.denied]
        result.append(
            GapGroup(
                action=key[0],
                error_code=key[1],
                message=key[2],
                grant=denied[0] if denied else None,
                places=tuple(
                    sorted({g.resource_arn or f"{g.account_id}/{g.region}" for g in members})
                ),
                results=tuple(caused[number]),
                listed=tuple(assessment.findings[i] for i in caused[number][:LISTED_RESULTS]),
            )
        )
    return result
