"""Every account's findings in one file, for the tools that ingest findings (OCSF, ASFF, CSV,
JUnit), written account by account: one account's assessment is in memory at a time.

Each record is exactly what the single-account format writes (the formats carry the account
on every finding); the files differ only in holding many accounts. JUnit's suites are named
``ACCOUNT/CHECK`` so that each account's results stay apart.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from typing import TextIO

from ...assessment import Assessment
from .. import asff, csv_report, junit, ocsf

Assessments = Callable[[], Iterable[Assessment]]
"""Yields every account's assessment, one at a time; called again for a second pass."""

COMBINED = ("ocsf", "asff", "csv", "junit")
"""The formats whose organisation report is every account's findings in one file."""


def write(kind: str, assessments: Assessments, out: TextIO) -> None:
    """Write every account's findings as ``kind`` to ``out``."""
    WRITERS[kind](assessments, out)


def _json_array(
    items: Callable[[Assessment], list[str]],
) -> Callable[[Assessments, TextIO], None]:
    """A writer of one JSON array whose elements each account's report gives."""

    def write_array(assessments: Assessments, out: TextIO) -> None:
        out.write("[")
        first = True
        for assessment in assessments():
            for item in items(assessment):
                out.write("\n" if first else ",\n")
                out.write(item)
                first = False
        out.write("\n]\n" if not first else "]\n")

    return write_array


def _elements(render: Callable[[Assessment], str]) -> Callable[[Assessment], list[str]]:
    """The elements of the JSON array ``render`` writes, each as indented, inert JSON."""

    def elements(assessment: Assessment) -> list[str]:
        return [asff.dumps(element).rstrip("\n") for element in json.loads(render(assessment))]

    return elements


def _csv(assessments: Assessments, out: TextIO) -> None:
    header = True
    for assessment in assessments():
        text = csv_report.render(assessment)
        out.write(text if header else text.split("\n", 1)[1])
        header = False
    if header:
        out.write(",".join(csv_report.COLUMNS) + "\n")


def _junit(assessments: Assessments, out: TextIO) -> None:
    """Two passes: the root's totals first, then every account's suites, renamed."""
    totals = dict.fromkeys(("tests", "failures", "skipped", "errors"), 0)
    for _, root in _junit_roots(assessments):
        for name in totals:
            totals[name] += int(root.get(name, "0"))
    counts = " ".join(f'{name}="{count}"' for name, count in totals.items())
    out.write("<?xml version='1.0' encoding='utf-8'?>\n")
    out.write(f'<testsuites name="incloud" {counts}>\n')
    for account, root in _junit_roots(assessments):
        for suite in root:
            suite.set("name", junit.xml_text(f"{account}/{suite.get('name', '')}"))
            ET.indent(suite, level=1)
            out.write("  " + ET.tostring(suite, encoding="unicode").rstrip() + "\n")
    out.write("</testsuites>\n")


def _junit_roots(assessments: Assessments) -> Iterable[tuple[str, ET.Element]]:
    for assessment in assessments():
        root = ET.fromstring(junit.render(assessment).encode())
        yield assessment.accounts[0].account_id, root


WRITERS: dict[str, Callable[[Assessments, TextIO], None]] = {
    "ocsf": _json_array(_elements(ocsf.render)),
    "asff": _json_array(_elements(asff.render)),
    "csv": _csv,
    "junit": _junit,
}
