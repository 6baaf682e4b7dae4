"""Reporters: one function per format behind a small protocol, found through a registry.

Whatever a reporter returns is inert: account data cannot act on a terminal
(:mod:`.inert` says which characters are escaped, :mod:`.console` how the terminal
renderers apply it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ..assessment import Assessment
from . import json_report, terminal


class Reporter(Protocol):
    """Render an assessment to text (a terminal, a file)."""

    def __call__(self, assessment: Assessment, *, color: bool, width: int | None = None) -> str:
        """The rendered report, ``width`` columns wide where the format has a width."""
        ...


REPORTERS: dict[str, Callable[..., str]] = {
    "terminal": terminal.render,
    "json": json_report.render,
}
"""Format name -> reporter."""

EXTENSIONS = {"terminal": "txt", "json": "json"}
"""File extension used when a report is written to the output directory."""


def reporter(name: str) -> Reporter:
    """The reporter for ``name``; ``KeyError`` names the unknown format."""
    found: Reporter = REPORTERS[name]
    return found


__all__ = ["EXTENSIONS", "REPORTERS", "Reporter", "reporter"]
