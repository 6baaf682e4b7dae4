"""A finding: one check's verdict on one resource."""

from __future__ import annotations

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
