"""Reporters: one function per (subject, format), behind one typed protocol.

A subject is what is rendered: an :class:`~incloud.assessment.Assessment` (``scan``,
``evaluate``), the matrix of one (``matrix``), a framework posture or the listing of every
framework (``compliance``), an account-wide view (``iam paths``, ``network exposure``). Each
subject has its formats in a registry of its module (``REPORTERS`` here for assessments,
``matrix.FORMATS``, ``compliance.POSTURE`` and ``compliance.LISTING``, ``views.PATHS`` and
``views.EXPOSURE``), every one a :class:`Reporter` of that subject.

Whatever a reporter returns is inert: account data cannot act on a terminal
(:mod:`.inert` says which characters are escaped, :mod:`.console` how the terminal
renderers apply it).
"""

from __future__ import annotations

from ..assessment import Assessment
from . import asff, csv_report, html, json_report, junit, ocsf, terminal
from .protocol import Formats, Reporter

REPORTERS: dict[str, Reporter[Assessment]] = {
    "terminal": terminal.render,
    "json": json_report.render,
    "asff": asff.render,
    "ocsf": ocsf.render,
    "csv": csv_report.render,
    "junit": junit.render,
    "html": html.render,
}
"""The assessment's formats."""

EXTENSIONS = {
    "terminal": "txt",
    "json": "json",
    "asff": "asff.json",
    "ocsf": "ocsf.json",
    "csv": "csv",
    "junit": "junit.xml",
    "html": "html",
}
"""File extension used when a report is written to the output directory."""


def reporter(name: str) -> Reporter[Assessment]:
    """The assessment reporter for ``name``; ``KeyError`` names the unknown format."""
    return REPORTERS[name]


__all__ = ["EXTENSIONS", "REPORTERS", "Formats", "Reporter", "reporter"]
