"""The compliance posture engine: snapshot + framework -> each requirement's status. Pure.

A framework (``catalog/frameworks/<id>.yaml``, see ``model``) maps each requirement to an
owner (AWS, shared, customer), how far incloud can decide it (automated, partial, manual),
and the checks that decide it, optionally with settings pinned to the framework's values.
This module runs those checks (reusing an assessment's findings where the settings are the
same), applies attestations and AWS's programme scope, and states each requirement's status
with one line of evidence. The rules are in docs/compliance.md.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import InputError
from ..evaluate.check import Verdict, all_checks
from ..evaluate.engine import evaluate
from ..evaluate.finding import Evaluation, Finding
from ..evaluate.settings import Settings
from ..responsibility.catalogue import services as service_catalogue
from ..responsibility.matrix import ACCOUNT_SERVICE, services_in_use
from ..responsibility.programmes import ProgrammeScope, programme_scope
from ..snapshot import Snapshot
from .attestations import Attestation, latest
from .model import Framework, Requirement, framework_ids
from .result import (
    CheckEvidence,
    FrameworkPosture,
    PostureSummary,
    RequirementPosture,
    RequirementStatus,
)

MAX_FAILING_NAMES = 3
"""Failing resources named in a requirement's evidence (the JSON lists the counts)."""

ATTESTABLE_AUTOMATION = ("manual", "partial")
"""Attestations cover what no check can decide: manual requirements and partial ones'
manual part."""

Pins = tuple[tuple[str, int], ...]
"""A check's pinned settings, sorted, as a hashable key."""


def assess_frameworks(
    snapshot: Snapshot,
    frameworks: Sequence[Framework],
    *,
    settings: Settings | None = None,
    attestations: Iterable[Attestation] = (),
    evaluation: Evaluation | None = None,
) -> tuple[FrameworkPosture, ...]:
    """The posture of ``snapshot`` against each framework.

    ``settings`` are the user's; a check a requirement pins settings for runs with those
    values instead, whatever the user chose. ``evaluation``, when given, must come from the
    same snapshot and settings: its findings are reused for unpinned checks it ran.
    Attestations naming an unknown framework or requirement, or a requirement no person can
    attest (automated, inherited, not applicable), raise :class:`InputError`.
    """
    settings = settings or Settings()
    attested = _validated(attestations, frameworks)
    results = _Results(snapshot, settings, evaluation)
    results.prepare(
        (ref.id, _pins(ref.settings))
        for framework in frameworks
        for requirement in framework.requirements
        for ref in requirement.checks
    )
    in_use = _services_in_use(snapshot)
    return tuple(
        _framework_posture(snapshot, framework, results, attested, in_use)
        for framework in frameworks
    )


def assess_framework(
    snapshot: Snapshot,
    framework: Framework,
    *,
    settings: Settings | None = None,
    attestations: Iterable[Attestation] = (),
    evaluation: Evaluation | None = None,
) -> FrameworkPosture:
    """The posture of ``snapshot`` against one framework (see :func:`assess_frameworks`)."""
    return assess_frameworks(
        snapshot,
        [framework],
        settings=settings,
        attestations=attestations,
        evaluation=evaluation,
    )[0]


class _Results:
    """Findings per (check, pinned settings), each evaluation run once."""

    def __init__(
        self, snapshot: Snapshot, settings: Settings, evaluation: Evaluation | None
    ) -> None:
        self.snapshot = snapshot
        self.settings = settings
        self.findings: dict[tuple[str, Pins], list[Finding]] = {}
        if evaluation is not None:
            ran = set(evaluation.checks_run)
            by_check: dict[str, list[Finding]] = {check_id: [] for check_id in ran}
            for finding in evaluation.findings:
                by_check.setdefault(finding.check_id, []).append(finding)
            for check_id, found in by_check.items():
                self.findings[(check_id, ())] = found

    def prepare(self, wanted: Iterable[tuple[str, Pins]]) -> None:
        """Evaluate every (check, pins) not yet known: one engine run per distinct pin set."""
        catalogue = all_checks()
        groups: dict[Pins, set[str]] = defaultdict(set)
        for check_id, pins in wanted:
            key = self._effective(pins)
            if check_id in catalogue and (check_id, key) not in self.findings:
                groups[key].add(check_id)
        for pins, check_ids in sorted(groups.items()):
            overrides: dict[str, Any] = dict(pins)
            pinned = dataclasses.replace(self.settings, **overrides)
            found = evaluate(
                self.snapshot, [catalogue[c] for c in sorted(check_ids)], settings=pinned
            ).findings
            for check_id in check_ids:
                self.findings[(check_id, pins)] = []
            for finding in found:
                self.findings[(finding.check_id, pins)].append(finding)

    def _effective(self, pins: Pins) -> Pins:
        """The pins that change the user's settings (equal ones reuse the unpinned run)."""
        return tuple((name, value) for name, value in pins if getattr(self.settings, name) != value)

    def evidence(self, check_id: str, pins: Pins) -> CheckEvidence:
        """One check's verdict counts under ``pins``."""
        if check_id not in all_checks():
            return CheckEvidence(
                check_id=check_id,
                settings=dict(pins),
                missing=True,
                reason=f"{check_id} is not in this version's check catalogue",
            )
        found = self.findings[(check_id, self._effective(pins))]
        counts = Counter(f.verdict for f in found)
        failing = [f for f in found if f.verdict is Verdict.FAIL]
        unknown = [f for f in found if f.verdict is Verdict.UNKNOWN]
        first = next(iter(failing or unknown), None)
        return CheckEvidence(
            check_id=check_id,
            settings=dict(pins),
            passed=counts[Verdict.PASS],
            failed=counts[Verdict.FAIL],
            unknown=counts[Verdict.UNKNOWN],
            not_applicable=counts[Verdict.NOT_APPLICABLE],
            failing=tuple(f.resource_name for f in failing[:MAX_FAILING_NAMES]),
            reason=first.reason if first is not None else "",
        )


def _pins(pins: Mapping[str, int]) -> Pins:
    """Pinned settings as a hashable key (the model checked the names against ``Settings``)."""
    return tuple(sorted(pins.items()))


def _validated(
    attestations: Iterable[Attestation], frameworks: Sequence[Framework]
) -> dict[tuple[str, str], Attestation]:
    """The longest-lasting attestation per requirement of the frameworks assessed."""
    assessed = {framework.id: framework for framework in frameworks}
    known = set(framework_ids()) | set(assessed)
    chosen = latest(attestations)
    for (framework_id, requirement_id), item in chosen.items():
        where = f"attestation for {framework_id} {requirement_id} (by {item.by})"
        if framework_id not in known:
            raise InputError(f"{where}: unknown framework (choose: {', '.join(sorted(known))})")
        framework = assessed.get(framework_id)
        if framework is None:
            continue
        requirement = next((r for r in framework.requirements if r.id == requirement_id), None)
        if requirement is None:
            raise InputError(f"{where}: {framework_id} has no requirement {requirement_id!r}")
        owner, automation = _value(requirement.owner), _value(requirement.automation)
        if owner not in ("customer", "shared") or automation not in ATTESTABLE_AUTOMATION:
            raise InputError(
                f"{where}: only manual and partial customer or shared requirements can be "
                f"attested; this one is {owner}, {automation}"
            )
    return {key: item for key, item in chosen.items() if key[0] in assessed}


def _services_in_use(snapshot: Snapshot) -> list[str]:
    """Service prefixes in use in any account of the snapshot (the pseudo-service excluded)."""
    found: set[str] = set()
    for account in snapshot.accounts:
        found |= set(services_in_use(snapshot, account.account_id))
    found.discard(ACCOUNT_SERVICE)
    return sorted(found)


def _framework_posture(
    snapshot: Snapshot,
    framework: Framework,
    results: _Results,
    attested: dict[tuple[str, str], Attestation],
    in_use: list[str],
) -> FrameworkPosture:
    postures = []
    default_programme = framework.aws_attestation.programme
    scopes: dict[str, ProgrammeScope] = {}  # each programme's scope, sorted once
    for requirement in framework.requirements:
        evidence = tuple(
            results.evidence(ref.id, _pins(ref.settings)) for ref in requirement.checks
        )
        aws = requirement.aws_evidence
        programme = (aws.programme if aws is not None else None) or default_programme
        out_of_scope: tuple[str, ...] = ()
        owner = _value(requirement.owner)
        if programme is not None and owner in ("inherited", "shared"):
            if programme not in scopes:
                scopes[programme] = programme_scope(programme, in_use, snapshot.collected_at)
            out_of_scope = scopes[programme].out_of_scope
        status, line = _judge(
            requirement,
            evidence,
            attested.get((framework.id, requirement.id)),
            snapshot,
            programme if owner in ("inherited", "shared") else None,
            out_of_scope,
        )
        postures.append(
            RequirementPosture(
                id=requirement.id,
                section=requirement.section,
                summary=requirement.summary,
                owner=owner,
                automation=_value(requirement.automation),
                level=requirement.level,
                status=status,
                evidence=line,
                checks=evidence,
                attestation=attested.get((framework.id, requirement.id)),
                manual_evidence=requirement.manual_evidence,
                aws_evidence=aws.attestation if aws is not None else None,
                programme=programme if owner in ("inherited", "shared") else None,
                out_of_scope=out_of_scope,
            )
        )
    # the framework's own programme dates the posture; else the one its evidence used
    headline = scopes.get(default_programme or "") or next(iter(scopes.values()), None)
    return FrameworkPosture(
        framework=framework.id,
        name=framework.name,
        version=framework.version,
        publisher=framework.publisher,
        notice=framework.notice,
        collected_at=snapshot.collected_at,
        requirements=tuple(postures),
        summary=summarise(postures),
        scope_as_of=headline.as_of if headline is not None else None,
        scope_caveat=headline.age_line() if headline is not None else None,
    )


def _judge(
    requirement: Requirement,
    evidence: tuple[CheckEvidence, ...],
    attestation: Attestation | None,
    snapshot: Snapshot,
    programme: str | None,
    out_of_scope: tuple[str, ...],
) -> tuple[RequirementStatus, str]:
    """A requirement's status and one line of evidence (rules: docs/compliance.md)."""
    owner, automation = _value(requirement.owner), _value(requirement.automation)
    if owner == "not_applicable":
        return RequirementStatus.NOT_APPLICABLE, requirement.reason or "not applicable"
    aws_line = _aws_line(requirement, programme, out_of_scope)
    if owner == "inherited":
        return RequirementStatus.INHERITED, aws_line
    status, line = _customer_part(requirement, automation, evidence, attestation, snapshot)
    if owner == "shared" and out_of_scope:
        line += f"; AWS's part: {aws_line}"
    return status, line


def _customer_part(
    requirement: Requirement,
    automation: str,
    evidence: tuple[CheckEvidence, ...],
    attestation: Attestation | None,
    snapshot: Snapshot,
) -> tuple[RequirementStatus, str]:
    """The status of a customer or shared requirement's customer part."""
    needs = requirement.manual_evidence or requirement.summary
    valid = attestation is not None and not attestation.expired(snapshot.collected_at.date())
    manual_line = (
        attestation.describe()
        if attestation is not None and valid
        else f"attestation by {attestation.by} expired on {attestation.expires}; needs: {needs}"
        if attestation is not None
        else f"needs: {needs}"
    )
    if automation == "manual" or not evidence:
        return (RequirementStatus.ATTESTED if valid else RequirementStatus.MANUAL), manual_line
    failing = [e for e in evidence if e.failed]
    if failing:
        first = failing[0]
        names = f": {', '.join(first.failing)}" if first.failing else ""
        more = f" (and {len(failing) - 1} more check(s) fail)" if len(failing) > 1 else ""
        return (
            RequirementStatus.NOT_MET,
            f"{first.check_id} fails on {first.failed} of {first.judged} resource(s){names}{more}",
        )
    unknown = [e for e in evidence if e.unknown or e.missing]
    if unknown:
        first = unknown[0]
        what = (
            first.reason
            if first.missing
            else f"{first.check_id} could not assess {first.unknown} resource(s): {first.reason}"
        )
        return RequirementStatus.UNKNOWN, what
    judged = sum(e.judged for e in evidence)
    checks = ", ".join(e.check_id for e in evidence)
    if judged == 0:
        if automation == "partial":
            status = RequirementStatus.ATTESTED if valid else RequirementStatus.MANUAL
            return status, f"no resources in scope for {checks}; {manual_line}"
        return RequirementStatus.NOT_APPLICABLE, f"no resources in scope: {checks} found none"
    passed = f"{len(evidence)} check(s) pass on {judged} resource(s)"
    if automation == "partial":
        if valid:
            return RequirementStatus.MET, f"{passed}; manual part {manual_line}"
        return RequirementStatus.PARTLY_MET, f"{passed}; manual part {manual_line}"
    return RequirementStatus.MET, passed


def _aws_line(
    requirement: Requirement, programme: str | None, out_of_scope: tuple[str, ...]
) -> str:
    """AWS's evidence, flagged when a service in use is outside the programme's scope."""
    aws = requirement.aws_evidence
    attestation = aws.attestation if aws is not None else "AWS's side of the model"
    if programme is None:
        return f"inherited: {attestation}"
    if out_of_scope:
        names = _service_names(out_of_scope)
        verb = "is" if len(out_of_scope) == 1 else "are"
        return (
            f"inherited, but {names} {verb} not listed in AWS's {programme} scope (as the "
            f"scope data has it): {attestation}"
        )
    return f"inherited: {attestation} (every service in use is in AWS's {programme} scope)"


def _service_names(prefixes: Iterable[str]) -> str:
    catalogue = service_catalogue()
    return ", ".join(
        f"{catalogue[p].name} ({p})" if p in catalogue else p for p in sorted(prefixes)
    )


def summarise(postures: Sequence[RequirementPosture]) -> PostureSummary:
    """Counts by owner, automation and status, and the framework score."""
    by_owner = Counter(p.owner for p in postures)
    yours = [p for p in postures if p.owner in ("customer", "shared")]
    by_automation = Counter(p.automation for p in yours)
    by_status = Counter(p.status.value for p in yours)
    return PostureSummary(
        requirements=len(postures),
        by_owner=_ordered(by_owner, OWNERS),
        by_automation=_ordered(by_automation, AUTOMATIONS),
        by_status=_ordered(by_status, [s.value for s in RequirementStatus]),
        inherited_flagged=sum(
            1 for p in postures if p.owner in ("inherited", "shared") and p.flagged
        ),
        score=_score(yours),
        automated_score=_score([p for p in yours if p.automation != "manual"]),
    )


OWNERS = ("inherited", "shared", "customer", "not_applicable")
AUTOMATIONS = ("automated", "partial", "manual")


def _ordered(counts: Counter[str], order: Sequence[str]) -> dict[str, int]:
    """Non-zero counts in a fixed order (so the JSON reads the same every time)."""
    return {key: counts[key] for key in order if counts[key]}


CREDIT = {
    RequirementStatus.MET: 1.0,
    RequirementStatus.ATTESTED: 1.0,
    RequirementStatus.PARTLY_MET: 0.5,
}
"""How much each status counts towards the score; statuses not listed count 0."""


def _score(postures: Sequence[RequirementPosture]) -> float | None:
    scored = [p for p in postures if p.status is not RequirementStatus.NOT_APPLICABLE]
    if not scored:
        return None
    return round(100 * sum(CREDIT.get(p.status, 0.0) for p in scored) / len(scored), 1)


def _value(item: Any) -> str:
    """An enum member's value, or the string itself (the model may use either)."""
    return str(getattr(item, "value", item))


def requirement_findings(
    snapshot: Snapshot,
    framework: Framework,
    *,
    settings: Settings | None = None,
    evaluation: Evaluation | None = None,
) -> dict[str, dict[str, tuple[Finding, ...]]]:
    """Requirement id -> check id -> the findings that check gave under the settings the
    requirement pins: the results behind each requirement's posture, one per resource (the
    OSCAL assessment results link them to the controls they decide). ``evaluation`` as for
    :func:`assess_frameworks`; checks missing from the catalogue are left out.
    """
    results = _Results(snapshot, settings or Settings(), evaluation)
    results.prepare(
        (ref.id, _pins(ref.settings))
        for requirement in framework.requirements
        for ref in requirement.checks
    )
    catalogue = all_checks()
    return {
        requirement.id: {
            ref.id: tuple(results.findings[(ref.id, results._effective(_pins(ref.settings)))])
            for ref in requirement.checks
            if ref.id in catalogue
        }
        for requirement in framework.requirements
    }
