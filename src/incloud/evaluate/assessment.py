"""The Assessment: every finding, plus what could not be assessed. The JSON report's schema."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from ..compliance.result import FrameworkPosture
from ..snapshot import Account, ApiCallCount, CollectionGap, Frozen
from .check import Domain, Severity, Verdict
from .finding import Finding
from .responsibility.matrix import Matrix

__all__ = ["ASSESSMENT_SCHEMA_VERSION", "Assessment", "Finding"]

ASSESSMENT_SCHEMA_VERSION = 1
"""Version of the JSON report layout; bump on any incompatible change."""


class Assessment(Frozen):
    """The result of evaluating a snapshot."""

    schema_version: int = ASSESSMENT_SCHEMA_VERSION
    incloud_version: str
    collected_at: datetime
    accounts: tuple[Account, ...]
    findings: tuple[Finding, ...]
    gaps: tuple[CollectionGap, ...]
    api_calls: tuple[ApiCallCount, ...]
    checks_run: tuple[str, ...]
    matrix: Matrix | None = None
    """The shared responsibility matrix (None when it was not computed)."""
    timings: dict[str, float] = {}
    """Seconds per phase (collect, evaluate), where known."""
    compliance: tuple[FrameworkPosture, ...] = ()
    """Posture against the frameworks asked for (``scan --framework``); see compliance.md."""

    def failures(self, at_least: Severity = Severity.INFO) -> list[Finding]:
        """Failing findings at or above a severity."""
        return self.with_verdict(Verdict.FAIL, at_least)

    def with_verdict(self, verdict: Verdict, at_least: Severity = Severity.INFO) -> list[Finding]:
        """Findings with ``verdict`` at or above a severity."""
        return [
            f for f in self.findings if f.verdict is verdict and f.severity.rank >= at_least.rank
        ]

    def verdict_counts(self) -> dict[Domain, Counter[Verdict]]:
        """Finding counts per domain and verdict."""
        counts: dict[Domain, Counter[Verdict]] = {d: Counter() for d in Domain}
        for finding in self.findings:
            counts[finding.domain][finding.verdict] += 1
        return counts
