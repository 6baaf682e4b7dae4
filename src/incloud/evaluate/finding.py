"""A finding: one check's verdict on one resource; an evaluation: the findings of one run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..snapshot import Frozen
from .check import Domain, Level, Severity, Verdict


class Finding(Frozen):
    """One check's verdict on one resource (or on a scope it could not inventory)."""

    check_id: str
    title: str
    verdict: Verdict
    severity: Severity
    domain: Domain
    level: Level
    service: str
    account: str
    region: str
    resource: str
    """The resource ARN; for a scope that could not be listed, ``account/region``."""
    resource_name: str
    reason: str
    evidence: dict[str, Any] = {}
    remediation: str = ""


@dataclass(frozen=True)
class Evaluation:
    """What one run of checks over a snapshot found: evaluation's whole output.

    The responsibility matrix and the compliance posture are built from it, by their own
    packages; ``incloud.assessment`` composes them.
    """

    findings: tuple[Finding, ...]
    """Sorted by check, account, region and resource."""
    checks_run: tuple[str, ...]
    """The ids of the checks that ran, sorted."""
