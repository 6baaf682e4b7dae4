"""An account's posture against one framework: the models of the JSON report's ``compliance``.

Kept apart from the engine (``posture``) so the Assessment can hold postures without
importing the evaluation engine.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from ..snapshot import Frozen
from .attestations import Attestation


class RequirementStatus(StrEnum):
    """Where one requirement stands; see docs/compliance.md for the rules."""

    MET = "met"
    """Every check that found something to judge passes (and any manual part is attested)."""
    PARTLY_MET = "partly_met"
    """The automated part passes; the manual part still needs a person's evidence."""
    NOT_MET = "not_met"
    """At least one check fails on at least one resource."""
    UNKNOWN = "unknown"
    """No check fails, but at least one result could not be assessed: never met."""
    MANUAL = "manual"
    """No check decides it; a person must provide the evidence named."""
    ATTESTED = "attested"
    """A manual requirement with a valid, unexpired attestation."""
    INHERITED = "inherited"
    """AWS meets it, evidenced by its third-party attestation."""
    NOT_APPLICABLE = "not_applicable"
    """The framework's requirement does not apply to an AWS account, or no resource is in scope."""


STATUS_ORDER = tuple(RequirementStatus)
"""Statuses in the order summaries list them."""


class CheckEvidence(Frozen):
    """One check's results for one requirement, with the settings it ran with."""

    check_id: str
    settings: dict[str, int] = {}
    """Settings the framework pins for this check (they override the user's)."""
    passed: int = 0
    failed: int = 0
    unknown: int = 0
    not_applicable: int = 0
    failing: tuple[str, ...] = ()
    """Names of the first failing resources."""
    reason: str = ""
    """The first failing or unknown result's reason, or why the check could not run."""
    missing: bool = False
    """The check is not in this version's catalogue (the requirement is then unknown)."""

    @property
    def judged(self) -> int:
        """Resources the check gave a verdict other than not applicable."""
        return self.passed + self.failed + self.unknown


class RequirementPosture(Frozen):
    """One requirement's status and the evidence behind it."""

    id: str
    section: str
    summary: str
    owner: str
    automation: str
    level: str | None = None
    status: RequirementStatus
    evidence: str
    """One line: why this status."""
    checks: tuple[CheckEvidence, ...] = ()
    attestation: Attestation | None = None
    """The attestation considered (valid, or the expired one that no longer counts)."""
    manual_evidence: str | None = None
    aws_evidence: str | None = None
    """What evidences AWS's part (inherited and shared requirements)."""
    programme: str | None = None
    """The AWS compliance programme whose scope was compared with the services in use."""
    out_of_scope: tuple[str, ...] = ()
    """Services in use that AWS does not have in that programme's scope."""

    @property
    def flagged(self) -> bool:
        """True when AWS's part does not cover every service in use."""
        return bool(self.out_of_scope)


class PostureSummary(Frozen):
    """Counts by owner and automation, statuses of the customer's part, and the score."""

    requirements: int
    by_owner: dict[str, int]
    """inherited, shared, customer, not_applicable -> count."""
    by_automation: dict[str, int]
    """automated, partial, manual -> count, over customer and shared requirements."""
    by_status: dict[str, int]
    """Status -> count, over customer and shared requirements."""
    inherited_flagged: int = 0
    """Inherited or shared requirements whose AWS programme misses a service in use."""
    score: float | None = None
    """Share (0-100) of the customer's and shared requirements shown met: met and attested
    count 1, partly met 0.5, the rest 0; not applicable ones are left out. None when there is
    nothing to score."""
    automated_score: float | None = None
    """The same share over automated and partial requirements only."""

    def line(self) -> str:
        """The summary as one sentence."""
        owners = (
            f"{self.by_owner.get('inherited', 0)} inherited from AWS, "
            f"{self.by_owner.get('shared', 0)} shared, {self.by_owner.get('customer', 0)} customer"
        )
        automated = self.by_automation.get("automated", 0) + self.by_automation.get("partial", 0)
        statuses = ", ".join(
            f"{self.by_status[s.value]} {s.value.replace('_', ' ')}"
            for s in STATUS_ORDER
            if self.by_status.get(s.value)
        )
        text = f"{self.requirements} requirements: {owners}"
        if self.by_owner.get("not_applicable"):
            text += f", {self.by_owner['not_applicable']} not applicable"
        text += f"; of yours and shared, {automated} automated; {statuses or 'none'}"
        if self.inherited_flagged:
            text += f"; {self.inherited_flagged} AWS-side requirement(s) flagged for scope"
        if self.score is not None:
            text += f"; score {self.score:.0f}%"
        return text


class FrameworkPosture(Frozen):
    """An account's posture against one framework."""

    framework: str
    name: str
    version: str
    publisher: str = ""
    notice: str = ""
    collected_at: datetime
    requirements: tuple[RequirementPosture, ...]
    summary: PostureSummary
    scope_as_of: str | None = None
    """Date of the AWS programme-scope data used for inherited requirements."""
    scope_caveat: str | None = None
