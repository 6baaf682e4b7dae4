"""The Assessment: what a scan found, composed from the layers below. The JSON report's schema.

Data moves one way: ``evaluate`` turns a snapshot into findings; ``responsibility`` (the
matrix) and ``compliance`` (framework posture) each read those findings; this module composes
them into the Assessment that ``report`` renders. Nothing below imports it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from . import __version__
from .compliance.attestations import Attestation
from .compliance.model import Framework
from .compliance.posture import assess_frameworks
from .compliance.result import FrameworkPosture
from .evaluate.check import Check, Domain, Severity, Verdict
from .evaluate.engine import evaluate
from .evaluate.finding import Evaluation, Finding
from .evaluate.settings import Settings
from .mutelist import Mutelist, MutelistReport, apply
from .responsibility.matrix import Matrix, build_matrix
from .snapshot import Account, ApiCallCount, CollectionGap, Frozen, Snapshot

__all__ = ["ASSESSMENT_SCHEMA_VERSION", "Assessment", "Finding", "assess", "with_posture"]

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
    mutelist: MutelistReport | None = None
    """Each mutelist entry's state (with ``--mutelist``): active, expired (mutes nothing) or
    stale (matched nothing)."""

    @property
    def read_nothing(self) -> bool:
        """True when the snapshot records no API call, no gap and no result: nothing was read,
        so nothing was judged (the gate says so too: ``snapshot.coverage``).
        """
        return not self.gaps and not self.findings and not sum(c.count for c in self.api_calls)

    def failures(self, at_least: Severity = Severity.INFO) -> list[Finding]:
        """Failing findings at or above a severity, muted ones left out."""
        return self.with_verdict(Verdict.FAIL, at_least)

    def with_verdict(
        self, verdict: Verdict, at_least: Severity = Severity.INFO, *, muted: bool = False
    ) -> list[Finding]:
        """Findings with ``verdict`` at or above a severity (the muted ones only when
        ``muted``).
        """
        return [
            f
            for f in self.findings
            if f.verdict is verdict
            and f.severity.rank >= at_least.rank
            and (muted or f.muted is None)
        ]

    def muted(self) -> list[Finding]:
        """Findings an accepted-risk entry silenced (their verdicts stand)."""
        return [f for f in self.findings if f.muted is not None]

    def verdict_counts(self) -> dict[Domain, Counter[Verdict]]:
        """Finding counts per domain and verdict."""
        counts: dict[Domain, Counter[Verdict]] = {d: Counter() for d in Domain}
        for finding in self.findings:
            counts[finding.domain][finding.verdict] += 1
        return counts

    @property
    def evaluation(self) -> Evaluation:
        """The findings and the checks that ran, as evaluation returned them."""
        return Evaluation(self.findings, self.checks_run)


def assess(
    snapshot: Snapshot,
    checks: Iterable[Check[Any]] | None = None,
    collect_seconds: float | None = None,
    programme: str | None = None,
    settings: Settings | None = None,
    mutelist: Mutelist | None = None,
) -> Assessment:
    """Evaluate ``snapshot`` with ``checks`` (default: the baseline catalogue), build its
    responsibility matrix (flagging services outside ``programme``), mark what ``mutelist``
    silences, and record how long each phase took.
    """
    started = time.perf_counter()
    evaluation = evaluate(snapshot, checks, settings)
    matrix = build_matrix(snapshot, evaluation.findings, evaluation.checks_run, programme)
    findings, muting = evaluation.findings, None
    if mutelist is not None:
        findings, muting = apply(mutelist, findings, snapshot)
    timings = {"evaluate": round(time.perf_counter() - started, 3)}
    if collect_seconds is not None:
        timings["collect"] = round(collect_seconds, 3)
    return Assessment(
        incloud_version=__version__,
        collected_at=snapshot.collected_at,
        accounts=snapshot.accounts,
        findings=findings,
        gaps=snapshot.gaps,
        api_calls=snapshot.api_calls,
        checks_run=evaluation.checks_run,
        matrix=matrix,
        timings=timings,
        mutelist=muting,
    )


def with_posture(
    assessment: Assessment,
    snapshot: Snapshot,
    frameworks: Sequence[Framework],
    *,
    settings: Settings | None = None,
    attestations: Iterable[Attestation] = (),
) -> Assessment:
    """``assessment`` (of ``snapshot`` with ``settings``) with its posture against each
    framework, reusing its findings where the settings are the same.
    """
    postures = assess_frameworks(
        snapshot,
        frameworks,
        settings=settings,
        attestations=attestations,
        evaluation=assessment.evaluation,
    )
    return assessment.model_copy(update={"compliance": postures})
