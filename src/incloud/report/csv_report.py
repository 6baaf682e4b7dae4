r"""The CSV report (``--format csv``): one row per finding, for spreadsheets and scripts.

The columns, in order (:data:`COLUMNS`): ``uid``, ``check_id``, ``title``, ``verdict``,
``severity``, ``domain``, ``level``, ``service``, ``account``, ``region``, ``resource``,
``resource_name``, ``reason``, ``evidence`` (compact JSON), ``remediation``, ``muted``
(``true`` or ``false``), ``muted_reason``, ``muted_owner``, ``muted_ticket``,
``muted_expires`` (empty when not muted), ``mute_expired`` (an expired mutelist entry that
matches the finding and so no longer mutes it, in one line; else empty). A header row names
them; rows follow the
findings' order. Quoting is RFC 4180's, by the ``csv`` module (a field with a comma, a quote
or a line break is quoted, quotes doubled); rows end in ``\n`` (RFC 4180 writes CRLF;
CSV readers take either).

Values come from whoever controls the scanned account, and a CSV file is opened in
spreadsheets and printed on terminals:

* **Terminal**: every cell is passed through :func:`.inert.printable`, so C0 and C1 controls,
  bidi and invisible characters appear as escapes (``\x1b``, ``\u202e``) and every row is
  one line. ``evidence`` is JSON with those characters as JSON's ``\uXXXX`` escapes
  (:func:`.inert.inert_json`), so it still decodes to the exact evidence.
* **Spreadsheet formulas** (OWASP "CSV Injection"): a cell that starts with ``=``, ``+``,
  ``-`` or ``@`` gets a leading ``'``, so ``=HYPERLINK(...)`` is text, not a formula. The
  rest of OWASP's list, a leading tab or carriage return, is already written ``\t``,
  ``\r`` by the rule above (and would get the quote too). Nothing else is changed.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pydantic_core import to_jsonable_python

from ..assessment import Assessment, Finding
from .inert import inert_json, printable
from .junit import expired_note

COLUMNS = (
    "uid",
    "check_id",
    "title",
    "verdict",
    "severity",
    "domain",
    "level",
    "service",
    "account",
    "region",
    "resource",
    "resource_name",
    "reason",
    "evidence",
    "remediation",
    "muted",
    "muted_reason",
    "muted_owner",
    "muted_ticket",
    "muted_expires",
    "mute_expired",
)
"""The columns, in order (see the module docstring)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a cell may not start with: a spreadsheet would read it as a formula."""


def render(assessment: Assessment, *, color: bool = False, width: int | None = None) -> str:
    """The findings as CSV with a header row (``color`` and ``width`` are ignored)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for finding in assessment.findings:
        writer.writerow(cell(value) for value in row(finding))
    return buffer.getvalue()


def row(finding: Finding) -> tuple[str, ...]:
    """The finding's values in :data:`COLUMNS` order, before they are made safe."""
    mute = finding.muted
    return (
        finding.uid,
        finding.check_id,
        finding.title,
        finding.verdict.value,
        finding.severity.value,
        finding.domain.value,
        finding.level.value,
        finding.service,
        finding.account,
        finding.region,
        finding.resource,
        finding.resource_name,
        finding.reason,
        evidence_json(finding.evidence),
        finding.remediation,
        "true" if mute is not None else "false",
        mute.reason if mute is not None else "",
        mute.owner if mute is not None else "",
        (mute.ticket or "") if mute is not None else "",
        mute.expires.isoformat() if mute is not None else "",
        expired_note(finding.mute_expired) if finding.mute_expired is not None else "",
    )


def evidence_json(evidence: dict[str, Any]) -> str:
    """The evidence as compact JSON, inert (decodes to the same value)."""
    text = json.dumps(to_jsonable_python(evidence), separators=(",", ":"), ensure_ascii=False)
    return inert_json(text)


def cell(value: str) -> str:
    """``value`` safe for a terminal (:func:`.inert.printable`) and a spreadsheet (a ``'``
    before a leading formula character).
    """
    text = printable(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
