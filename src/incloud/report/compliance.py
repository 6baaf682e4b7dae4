"""Compliance posture for people: one framework's requirements, or every framework's score.

Framework and attestation text comes from files the user may not have written, and evidence
names resources: everything is drawn on :func:`.console.report_console`, which renders it
inert (see :mod:`.console`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rich import box
from rich.table import Table
from rich.text import Text

from ..compliance.result import FrameworkPosture, RequirementPosture, RequirementStatus
from .console import InertConsole, report_console
from .inert import inert_json, printable
from .json_report import model_json
from .protocol import Reporter

STATUS_STYLE = {
    RequirementStatus.NOT_MET: ("not met", "bold red"),
    RequirementStatus.UNKNOWN: ("unknown", "magenta"),
    RequirementStatus.PARTLY_MET: ("partly met", "yellow"),
    RequirementStatus.MANUAL: ("manual", "blue"),
    RequirementStatus.ATTESTED: ("attested", "green"),
    RequirementStatus.MET: ("met", "green"),
    RequirementStatus.INHERITED: ("AWS", "dim"),
    RequirementStatus.NOT_APPLICABLE: ("n/a", "dim"),
}
"""Label and style per status, worst first."""

LISTED = [s for s in STATUS_STYLE if s is not RequirementStatus.INHERITED]
"""Status columns of the framework listing (inherited ones are counted by owner)."""

SHORT_HEADERS = {RequirementStatus.PARTLY_MET: "partly"}
"""Column headers shortened so the listing fits 120 columns."""

MAX_LISTED = 10
"""Requirements listed per status in the scan report's short section."""


def status_text(requirement: RequirementPosture) -> Text:
    """A coloured status label; an inherited requirement flagged for scope says so."""
    label, style = STATUS_STYLE[requirement.status]
    if requirement.flagged:
        return Text(f"{label} (scope!)", style="bold yellow")
    return Text(label, style=style)


def render(posture: FrameworkPosture, *, color: bool = True, width: int | None = None) -> str:
    """Every requirement of one framework, grouped by section, then the summary."""
    console = report_console(color=color, width=width)
    console.print(
        Text(printable(f"{posture.name} {posture.version} ({posture.framework})"), style="bold")
    )
    console.print(f"collected {posture.collected_at:%Y-%m-%d %H:%M UTC}; {posture.notice}")
    sections: dict[str, list[RequirementPosture]] = {}
    for requirement in posture.requirements:
        sections.setdefault(requirement.section, []).append(requirement)
    for section, requirements in sections.items():
        table = Table(title=section, title_justify="left", title_style="bold", expand=True)
        table.add_column("id", no_wrap=True)
        table.add_column("owner", no_wrap=True)
        table.add_column("automation", no_wrap=True)
        table.add_column("status", no_wrap=True)
        table.add_column("evidence", ratio=1)
        for item in requirements:
            table.add_row(
                item.id,
                item.owner.replace("_", " "),
                item.automation,
                status_text(item),
                item.evidence,
            )
        console.print(table)
    console.print(Text("Summary", style="bold underline"))
    console.print(posture.summary.line())
    if posture.scope_as_of:
        console.print(f"AWS programme scope: {posture.scope_caveat}", style="dim")
    return console.export_text(styles=color)


@dataclass(frozen=True)
class Listing:
    """Every framework's posture of one snapshot (``incloud compliance`` without an id)."""

    collected_at: datetime
    postures: tuple[FrameworkPosture, ...]


def render_listing(listing: Listing, *, color: bool = True, width: int | None = None) -> str:
    """One row per framework with the account's score and status counts."""
    postures = listing.postures
    console = report_console(color=color, width=width)
    table = Table(title="Compliance frameworks", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("framework", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("auto", justify="right", no_wrap=True)
    for status in LISTED:
        table.add_column(SHORT_HEADERS.get(status, STATUS_STYLE[status][0]), justify="right")
    table.add_column("AWS", justify="right", no_wrap=True)
    for posture in postures:
        summary = posture.summary
        table.add_row(
            posture.framework,
            _percent(summary.score),
            _percent(summary.automated_score),
            *(str(summary.by_status.get(status.value, 0)) for status in LISTED),
            str(summary.by_owner.get("inherited", 0)),
        )
    console.print(table)
    for posture in postures:
        console.print(
            f"  {posture.framework:16} {posture.name} {posture.version}",
            overflow="ellipsis",
            no_wrap=True,
        )
    console.print(
        "score: your and shared requirements shown met (met and attested 1, partly met 0.5); "
        "auto: the same over those incloud's checks decide; AWS: requirements inherited. "
        "`incloud compliance ID` for one framework.",
        style="dim",
    )
    return console.export_text(styles=color)


def print_section(console: InertConsole, postures: Sequence[FrameworkPosture]) -> None:
    """The scan report's short compliance section: summary and requirements not met."""
    console.line()
    console.print(Text("Compliance posture", style="bold underline"))
    for posture in postures:
        console.print(
            Text(printable(f"{posture.name} {posture.version} ({posture.framework})"), style="bold")
        )
        console.print(f"    {posture.summary.line()}")
        for status in (RequirementStatus.NOT_MET, RequirementStatus.UNKNOWN):
            found = [r for r in posture.requirements if r.status is status]
            for item in found[:MAX_LISTED]:
                console.print(
                    Text.assemble(
                        "    ", status_text(item), printable(f" {item.id}: {item.evidence}")
                    )
                )
            if len(found) > MAX_LISTED:
                console.print(
                    f"    ... and {len(found) - MAX_LISTED} more "
                    f"{STATUS_STYLE[status][0]} (`incloud compliance {posture.framework}`)"
                )
        for item in (r for r in posture.requirements if r.flagged):
            console.print(
                Text.assemble("    ", status_text(item), printable(f" {item.id}: {item.evidence}"))
            )


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def posture_json(
    posture: FrameworkPosture, *, color: bool = False, width: int | None = None
) -> str:
    """One framework's posture as JSON (``color`` and ``width`` are ignored)."""
    return model_json(posture)


def listing_json(listing: Listing, *, color: bool = False, width: int | None = None) -> str:
    """Each framework's id, name, version and summary, as JSON."""
    document = {
        "collected_at": listing.collected_at.isoformat(),
        "frameworks": [
            p.model_dump(mode="json", include={"framework", "name", "version", "summary"})
            for p in listing.postures
        ],
    }
    return inert_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


POSTURE: dict[str, Reporter[FrameworkPosture]] = {"terminal": render, "json": posture_json}
"""One framework's formats."""

LISTING: dict[str, Reporter[Listing]] = {"terminal": render_listing, "json": listing_json}
"""The listing's formats."""
