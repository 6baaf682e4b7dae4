"""The assessment results: the scan's check results as observations, each control's verdict as
a finding that names them.

One observation per check result (method TEST, the resource judged as its subject, an
inventory item); one per attestation (method EXAMINE, collected on the attestation's date,
``expires`` its expiry; an expired one says it no longer counts). One finding per control
with a customer part that a check or an attestation decides, targeting the control's
objective: ``satisfied`` only when the posture shows it met or attested; a failing check is
``not-satisfied`` (reason fail); an unknown result, a manual part still to show or an expired
attestation are ``not-satisfied`` with reason ``other`` and the remarks saying why, never
satisfied.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from trestle.oscal import assessment_results as ar
from trestle.oscal import common as oc

from ... import __version__
from ...evaluate.finding import Finding
from ..attestations import Attestation
from ..result import RequirementStatus
from .common import (
    attestor_uuid,
    metadata,
    prop,
    requirement_uuid,
)
from .facts import Control, Facts
from .profile import one_line, stable_uuid

SATISFIED = (RequirementStatus.MET, RequirementStatus.ATTESTED)
"""The only statuses a finding calls satisfied."""

JUDGED = (
    RequirementStatus.MET,
    RequirementStatus.ATTESTED,
    RequirementStatus.PARTLY_MET,
    RequirementStatus.NOT_MET,
    RequirementStatus.UNKNOWN,
)
"""Statuses a check or an attestation decided. Manual requirements without an attestation,
inherited and not applicable ones are not assessed by a scan: they get no finding (one with an
expired attestation does, not satisfied)."""


def assessment_results(facts: Facts, plan_href: str) -> ar.AssessmentResults:
    """The results of the scan against the baseline's controls; ``plan_href`` is what the
    document imports in place of an assessment plan (the SSP it assessed).
    """
    base = (facts.baseline.id, *facts.account_ids)
    tool = stable_uuid("tool", "incloud")
    observations: dict[str, oc.Observation] = {}
    inventory: dict[str, oc.InventoryItem] = {}
    findings = []
    assessed = []
    for control in facts.controls:
        related = []
        for items in control.findings.values():
            for finding in items:
                uuid = _observation(facts, finding, tool, observations, inventory)
                if uuid not in related:
                    related.append(uuid)
        attestation = control.posture.attestation
        if attestation is not None:
            related.append(_attestation(facts, control, attestation, observations))
        decided = control.posture.status in JUDGED or attestation is not None
        if not control.customer_part or not decided:
            continue
        assessed.append(control.id)
        findings.append(_finding(facts, control, related))
    attestors = tuple(sorted({a.by for a in facts.attestations}))
    selections: list[oc.ControlSelectionsAll | oc.ControlSelections] = [
        oc.ControlSelections(
            description="The controls a check or an attestation decides.",
            include_controls=[oc.SelectControlById(control_id=c) for c in assessed],
        )
        if assessed
        else oc.ControlSelectionsAll(
            description="No control was decided.", include_all=oc.IncludeAll()
        )
    ]
    return ar.AssessmentResults(
        uuid=stable_uuid("assessment-results", *base),
        metadata=metadata(
            facts,
            f"Assessment results: AWS account {', '.join(facts.account_ids)}",
            attestors=attestors,
        ),
        import_ap=ar.ImportAp(
            href=plan_href,
            remarks=(
                "incloud has no assessment plan: the assessment is the scan. This points at "
                "the system security plan it assessed."
            ),
        ),
        results=[
            ar.Result(
                uuid=stable_uuid("result", *base),
                title=f"incloud scan of {facts.when.date().isoformat()}",
                description=(
                    f"incloud {__version__} checks of the account as collected at "
                    f"{facts.when.isoformat()}, and the attestations given, against "
                    f"{facts.baseline.title}."
                ),
                start=facts.when,
                end=facts.when,
                local_definitions=ar.LocalDefinitions1(
                    components=[
                        oc.SystemComponent(
                            uuid=tool,
                            type="software",
                            title="incloud",
                            description="incloud: read-only AWS checks (the assessment tool).",
                            status=oc.Status(
                                state=oc.SystemComponentOperationalStateValidValues.operational
                            ),
                        )
                    ],
                    inventory_items=list(inventory.values()) or None,
                ),
                reviewed_controls=oc.ReviewedControls(control_selections=selections),
                observations=list(observations.values()) or None,
                findings=findings or None,
            )
        ],
    )


def _observation(
    facts: Facts,
    finding: Finding,
    tool: str,
    observations: dict[str, oc.Observation],
    inventory: dict[str, oc.InventoryItem],
) -> str:
    """The observation of one check result (kept once), its resource as an inventory item."""
    uuid = stable_uuid("observation", finding.uid, finding.verdict.value, finding.reason)
    if uuid in observations:
        return uuid
    subject = stable_uuid("inventory", finding.account, finding.region, finding.resource)
    if subject not in inventory:
        inventory[subject] = oc.InventoryItem(
            uuid=subject,
            description=f"{finding.resource_name} ({finding.resource})",
            props=[
                prop("asset-id", finding.resource),
                prop("aws-account", finding.account),
                prop("aws-region", finding.region),
            ],
        )
    props = [
        prop("check-id", finding.check_id),
        prop("verdict", finding.verdict.value),
        prop("severity", finding.severity.value),
        prop("finding-uid", finding.uid),
    ]
    remarks = None
    if finding.muted is not None:
        props.append(prop("muted", "true"))
        remarks = (
            f"Accepted risk until {finding.muted.expires.isoformat()} "
            f"({finding.muted.owner}): {finding.muted.reason}. The verdict stands."
        )
    observations[uuid] = oc.Observation(
        uuid=uuid,
        title=one_line(f"{finding.check_id} on {finding.resource_name}: {finding.verdict.value}"),
        description=f"{finding.title}: {finding.verdict.value}. {finding.reason}",
        props=props,
        methods=["TEST"],
        types=["finding"] if finding.verdict.value != "pass" else ["control-objective"],
        origins=[oc.Origin(actors=[oc.OriginActor(type="tool", actor_uuid=tool)])],
        subjects=[
            oc.SubjectReference(
                subject_uuid=subject, type="inventory-item", title=one_line(finding.resource_name)
            )
        ],
        collected=facts.when,
        remarks=remarks,
    )
    return uuid


def _day(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _attestation(
    facts: Facts,
    control: Control,
    attestation: Attestation,
    observations: dict[str, oc.Observation],
) -> str:
    """The observation of an attestation: manual evidence, dated, with its expiry."""
    uuid = stable_uuid(
        "attestation",
        attestation.framework,
        attestation.requirement,
        attestation.by,
        attestation.date.isoformat(),
        attestation.expires.isoformat(),
    )
    expired = attestation.expired(facts.when.date())
    description = f"Attested for {control.requirement.id}: {attestation.describe()}."
    if expired:
        description += " Expired at the scan: it no longer counts."
    observations[uuid] = oc.Observation(
        uuid=uuid,
        title=one_line(f"Attestation of {control.requirement.id} by {attestation.by}"),
        description=description,
        props=[prop("evidence", "manual"), prop("expired", str(expired).lower())],
        methods=["EXAMINE"],
        types=["control-objective"],
        origins=[
            oc.Origin(
                actors=[oc.OriginActor(type="party", actor_uuid=attestor_uuid(attestation.by))]
            )
        ],
        relevant_evidence=[
            oc.RelevantEvidence(
                href=attestation.link, description=attestation.note or "The attestation's record."
            )
        ]
        if attestation.link
        else None,
        collected=_day(attestation.date),
        expires=_day(attestation.expires),
    )
    return uuid


def _finding(facts: Facts, control: Control, related: list[str]) -> oc.Finding:
    posture = control.posture
    satisfied = posture.status in SATISFIED
    if satisfied:
        reason = "pass"
    elif posture.status is RequirementStatus.NOT_MET:
        reason = "fail"
    else:
        reason = "other"
    return oc.Finding(
        uuid=stable_uuid("finding", facts.baseline.id, *facts.account_ids, control.id),
        title=one_line(f"{control.requirement.id} {control.requirement.summary}"),
        description=posture.evidence,
        props=[prop("status", posture.status.value), prop("responsibility", control.owner)],
        target=oc.FindingTarget(
            type=oc.FindingTargetTypeValidValues.objective_id,
            target_id=f"{control.id}_obj",
            status=oc.ObjectiveStatus(
                state=oc.ObjectiveStatusStateValidValues.satisfied
                if satisfied
                else oc.ObjectiveStatusStateValidValues.not_satisfied,
                reason=reason,
                remarks=f"incloud status {posture.status.value}: {posture.evidence}",
            ),
        ),
        implementation_statement_uuid=requirement_uuid(facts, control.id),
        related_observations=[oc.RelatedObservation(observation_uuid=u) for u in related] or None,
    )
