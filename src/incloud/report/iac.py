"""The formats of ``incloud iac``'s report: the assessment's own (terminal, JSON, HTML) and
SARIF, which also needs where each resource is declared.
"""

from __future__ import annotations

from . import html, json_report, terminal
from .protocol import Reporter
from .sarif import IacReport
from .sarif import render as sarif


def _terminal(report: IacReport, *, color: bool = False, width: int | None = None) -> str:
    return terminal.render(report.assessment, color=color, width=width)


def _json(report: IacReport, *, color: bool = False, width: int | None = None) -> str:
    return json_report.render(report.assessment)


def _html(report: IacReport, *, color: bool = False, width: int | None = None) -> str:
    return html.render(report.assessment)


IAC_REPORTERS: dict[str, Reporter[IacReport]] = {
    "terminal": _terminal,
    "json": _json,
    "html": _html,
    "sarif": sarif,
}
"""``incloud iac``'s formats."""

__all__ = ["IAC_REPORTERS", "IacReport"]
