"""``incloud history``'s listing (terminal, JSON) and ``incloud diff``'s reports: terminal,
JSON and one HTML page (the report's layout, style and
Content-Security-Policy, :mod:`.page`).

Account text (resource names, reasons, gap messages) is drawn on an :class:`InertConsole` in
the terminal, written through :func:`.inert.inert_json` in JSON, and autoescaped (and made
printable first) on the page.
"""

from __future__ import annotations

import json

from rich.text import Text

from .. import __version__
from ..history.diff import ChangedFinding, Diff
from ..store import ScanInfo
from .console import report_console
from .inert import inert_json
from .page import render_page
from .protocol import Reporter

FINDING_GROUPS = (
    ("new", "New failures", "bad"),
    ("regressed", "Regressed (fixed, then failing again)", "bad"),
    ("unknown_now", "Unknown now (not resolved: the later scan could not tell)", "warn"),
    ("resolved", "Resolved", "good"),
    ("muted_now", "Muted since (still failing, accepted)", "dim"),
    ("still_failing", "Still failing", "dim"),
)
"""The finding groups, in the order every format shows them: (field, heading, tone)."""

STYLE = {"bad": "red", "warn": "magenta", "good": "green", "dim": "bright_black"}


def diff_text(subject: Diff, *, color: bool = False, width: int | None = None) -> str:
    """The diff for a terminal: the two scans, then each group, then the other changes."""
    console = report_console(color=color, width=width)
    before, after = subject.before, subject.after
    console.print(f"Diff {before.scan_id} ({before.collected_at:%Y-%m-%d %H:%M} UTC)")
    console.print(f"  -> {after.scan_id} ({after.collected_at:%Y-%m-%d %H:%M} UTC)")
    if subject.settings_changed:
        console.print("Note: the two scans were judged under different settings.")
    for account in subject.not_read:
        console.print(
            Text(
                f"Account {account} was not read whole in the later scan: its findings that "
                "are missing now are unknown, not resolved.",
                "magenta",
            ),
            soft_wrap=True,
        )
    console.print(_summary(subject))
    for field, heading, tone in FINDING_GROUPS:
        items: tuple[ChangedFinding, ...] = getattr(subject, field)
        if not items or field == "still_failing":
            continue
        console.print(Text(f"\n{heading} ({len(items)})", f"bold {STYLE[tone]}"))
        for f in items:
            muted = " [muted]" if f.muted else ""
            console.print(
                f"  {f.severity:<8} {f.check_id}  {f.resource_name or f.resource}{muted}",
                soft_wrap=True,
            )
            console.print(f"           {f.account_id}/{f.region}: {f.reason}", soft_wrap=True)
    for heading, lines in _other_changes(subject):
        if lines:
            console.print(Text(f"\n{heading} ({len(lines)})", "bold"))
            for line in lines:
                console.print(f"  {line}", soft_wrap=True)
    return console.export_text(styles=color)


def _other_changes(subject: Diff) -> list[tuple[str, list[str]]]:
    """Every change but the findings': (heading, one line each)."""
    return [
        (
            "Matrix cells changed",
            [
                f"{c.account_id} {c.service} / {c.duty}: {c.before or '-'} -> {c.after or '-'}"
                for c in subject.cells
            ],
        ),
        (
            "Framework requirements changed",
            [
                f"{r.framework} {r.requirement} ({r.owner}): {r.before or '-'} -> {r.after or '-'}"
                for r in subject.requirements
            ],
        ),
        (
            "Services now in use",
            [f"{s.account_id} {s.service} ({s.resources} resources)" for s in subject.new_services],
        ),
        (
            "Services no longer in use",
            [f"{s.account_id} {s.service}" for s in subject.removed_services],
        ),
        (
            "New failed reads",
            [
                f"{g.account_id}/{g.region} {g.service}:{g.operation} {g.error_code}: {g.message}"
                for g in subject.new_gaps
            ],
        ),
    ]


def _summary(subject: Diff) -> str:
    parts = [
        f"{len(getattr(subject, field))} {field.replace('_', ' ')}"
        for field, _, _ in FINDING_GROUPS
    ]
    return "Findings: " + ", ".join(parts)


def diff_json(subject: Diff, *, color: bool = False, width: int | None = None) -> str:
    """The diff as JSON (``schema_version`` 1), account text inert."""
    text = json.dumps(subject.model_dump(mode="json"), indent=2, ensure_ascii=False)
    return inert_json(text) + "\n"


def diff_html(subject: Diff, *, color: bool = False, width: int | None = None) -> str:
    """The diff as one self-contained page."""
    groups = [
        (field, heading, tone, getattr(subject, field)) for field, heading, tone in FINDING_GROUPS
    ]
    return render_page(
        "diff.html",
        styles=("diff.css",),
        script="diff.js",
        version=__version__,
        diff=subject,
        groups=groups,
    )


DIFF: dict[str, Reporter[Diff]] = {"terminal": diff_text, "json": diff_json, "html": diff_html}
"""``incloud diff``'s formats."""


VERDICTS = ("fail", "unknown", "pass", "not_applicable")


def history_text(scans: list[ScanInfo], *, color: bool = False, width: int | None = None) -> str:
    """One block per scan, oldest first: id, time, accounts, and counts per domain."""
    console = report_console(color=color, width=width)
    if not scans:
        console.print("No scan is recorded yet.")
    for scan in scans:
        accounts = ", ".join(
            a if state == "read" else f"{a} ({state.replace('_', ' ')})"
            for a, state in scan.accounts.items()
        )
        console.print(
            Text(f"{scan.scan_id}  {scan.collected_at:%Y-%m-%d %H:%M} UTC  {scan.command}", "bold")
        )
        console.print(
            f"  accounts {accounts or '-'}; incloud {scan.incloud_version}; "
            f"settings {scan.settings_digest}",
            soft_wrap=True,
        )
        for domain, counts in sorted(scan.counts.items()):
            parts = [f"{counts[v]} {v.replace('_', ' ')}" for v in VERDICTS if counts.get(v)]
            if counts.get("muted"):
                parts.append(f"({counts['muted']} muted)")
            console.print(f"  {domain:<18} {', '.join(parts)}")
    return console.export_text(styles=color)


def history_json(scans: list[ScanInfo], *, color: bool = False, width: int | None = None) -> str:
    """The scans as a JSON document (``schema_version`` 1), oldest first."""
    document = {
        "schema_version": 1,
        "scans": [
            {
                "scan_id": s.scan_id,
                "collected_at": s.collected_at.isoformat(),
                "recorded_at": s.recorded_at.isoformat(),
                "command": s.command,
                "incloud_version": s.incloud_version,
                "settings_digest": s.settings_digest,
                "accounts": s.accounts,
                "counts": s.counts,
                "snapshot": s.snapshot_path,
                "org_scan_id": s.org_scan_id,
            }
            for s in scans
        ],
    }
    return inert_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


HISTORY: dict[str, Reporter[list[ScanInfo]]] = {"terminal": history_text, "json": history_json}
"""``incloud history``'s formats."""
