"""SARIF 2.1.0 (OASIS) for code review: ``incloud iac``'s findings at the template line or
plan address that declares the resource.

Rules are the checks that ran, their metadata from the check docstrings (title, the text,
``Remediation:``); failures are results of kind ``fail`` at a level by severity, and what
could not be decided before deploy are results of kind ``open`` (SARIF: "the tool could not
determine whether there is a problem"), level ``none`` as the standard requires. Passing and
not-applicable findings are left out. Strings are made inert as in the JSON report.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..assessment import Assessment
from ..evaluate.check import Check, Severity, Verdict, all_checks
from ..iac.source import Source
from .inert import inert_json

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
"""The OASIS schema the log follows (its `$schema`)."""

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}

SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}
"""GitHub code scanning's ``security-severity`` property, by severity (its bands: 9.0 and
over critical, 7.0 high, 4.0 medium, above 0 low)."""


@dataclass(frozen=True)
class IacReport:
    """What ``incloud iac`` renders: the assessment and where each resource is declared."""

    assessment: Assessment
    sources: Mapping[str, Source]


def render(report: IacReport, *, color: bool = False, width: int | None = None) -> str:
    """The report as one SARIF log (``color`` and ``width`` are ignored)."""
    catalogue = all_checks()
    ran = [catalogue[i] for i in report.assessment.checks_run if i in catalogue]
    index = {c.id: n for n, c in enumerate(ran)}
    results = [
        _result(f, index[f.check_id], report.sources.get(f.resource))
        for f in report.assessment.findings
        if f.verdict in (Verdict.FAIL, Verdict.UNKNOWN) and f.muted is None and f.check_id in index
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "incloud",
                        "version": __version__,
                        "rules": [_rule(c) for c in ran],
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return inert_json(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def _rule(check: Check[Any]) -> dict[str, Any]:
    body = check.doc.strip().split("\n\n")
    text = " ".join(
        " ".join(part.split()) for part in body[1:] if not part.lstrip().startswith("Remediation:")
    )
    remediation = check.remediation
    return {
        "id": check.id,
        "name": "".join(part.capitalize() for part in check.id.replace(".", "-").split("-")),
        "shortDescription": {"text": check.title},
        "fullDescription": {"text": text or check.title},
        "help": {"text": remediation or check.title},
        "defaultConfiguration": {"level": LEVELS[check.severity]},
        "properties": {
            "tags": ["security", check.domain.value, check.service],
            "security-severity": SECURITY_SEVERITY[check.severity],
        },
    }


def _result(finding: Any, rule_index: int, source: Source | None) -> dict[str, Any]:
    failing = finding.verdict is Verdict.FAIL
    result: dict[str, Any] = {
        "ruleId": finding.check_id,
        "ruleIndex": rule_index,
        "kind": "fail" if failing else "open",
        "level": LEVELS[finding.severity] if failing else "none",
        "message": {"text": f"{finding.resource_name}: {finding.reason}"},
        "partialFingerprints": {"incloudFindingUid/v1": finding.uid},
        "properties": {"verdict": finding.verdict.value, "resource": finding.resource},
    }
    if source is not None:
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(source.file)}}
        if source.line is not None:
            physical["region"] = {"startLine": source.line}
        result["locations"] = [
            {
                "physicalLocation": physical,
                "logicalLocations": [
                    {
                        "name": source.name,
                        "kind": "resource",
                        "fullyQualifiedName": f"{source.resource_type}/{source.name}",
                    }
                ],
            }
        ]
    return result


def _uri(file: str) -> str:
    """The file as a URI reference: relative paths as they are (percent-encoded), absolute
    ones as ``file://`` URIs.
    """
    path = PurePath(file)
    if path.is_absolute():
        return "file://" + quote(path.as_posix())
    return quote(path.as_posix())
