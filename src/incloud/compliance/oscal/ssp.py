"""The customer's system security plan: every control of the baseline, by component.

Each control's implemented requirement carries its origination (FedRAMP's
``control-origination``: inherited, customer-configured, customer-provided; a shared control
carries inherited and the customer's kind) and incloud's responsibility, automation and
status. Its by-components: one per AWS service in use that the control concerns, with what is
inherited from AWS (``inherited``, naming the component definition's provided part) and how the
customer's responsibility on that service is met (``satisfied``, naming the component
definition's responsibility, with the check results), and one for this system: the customer's
part as a whole, with the posture's status as the implementation status.
"""

from __future__ import annotations

from trestle.oscal import common as oc
from trestle.oscal import ssp

from ...evaluate.check import Verdict
from ...evaluate.finding import Finding
from ...responsibility.matrix import ACCOUNT_SERVICE
from ..result import RequirementStatus
from .common import (
    CUSTOMER_ROLE,
    component_uuid,
    customer_party_uuid,
    fedramp_prop,
    metadata,
    prop,
    provided_uuid,
    requirement_uuid,
    responsibility_uuid,
    role,
    status,
    this_system_uuid,
)
from .component import aws_statement
from .facts import Control, Facts, Service, counts
from .profile import stable_uuid

MAX_REASONS = 3
"""Failing or unknown results quoted in a ``satisfied`` description (the assessment results
have every one)."""


def system_security_plan(facts: Facts) -> ssp.SystemSecurityPlan:
    """The SSP of the scanned accounts against the baseline."""
    accounts = ", ".join(facts.account_ids)
    in_use = [s for s in facts.services if s.prefix != ACCOUNT_SERVICE]
    names = ", ".join(s.name for s in in_use) or "none"
    level = facts.baseline.aws_level if facts.baseline.controls is not None else None
    return ssp.SystemSecurityPlan(
        uuid=stable_uuid("system-security-plan", facts.baseline.id, *facts.account_ids),
        metadata=metadata(facts, f"System security plan: AWS account {accounts}"),
        import_profile=ssp.ImportProfile(
            href=facts.baseline.href,
            remarks=None
            if facts.baseline.controls is not None
            else "NIST SP 800-53 Rev. 5 whole: the catalogue, no baseline profile.",
        ),
        system_characteristics=ssp.SystemCharacteristics(
            system_ids=[oc.SystemId(id=f"aws-account-{a}") for a in facts.account_ids],
            system_name=f"AWS account {accounts}",
            description=(
                f"The workload in AWS account {accounts}, as incloud read it on "
                f"{facts.when.date().isoformat()}. Services in use: {names}."
            ),
            security_sensitivity_level=f"fips-199-{level}" if level else None,
            system_information=ssp.SystemInformation(
                information_types=[
                    ssp.InformationType(
                        uuid=stable_uuid("information-type", *facts.account_ids),
                        title="Information the system processes (to be categorised)",
                        description=(
                            "incloud cannot see what information the workload processes: "
                            "categorise it (FIPS 199, SP 800-60) and replace this entry."
                        ),
                    )
                ]
            ),
            security_impact_level=ssp.SecurityImpactLevel(
                security_objective_confidentiality=f"fips-199-{level}",
                security_objective_integrity=f"fips-199-{level}",
                security_objective_availability=f"fips-199-{level}",
            )
            if level
            else None,
            status=ssp.Status1(state="operational"),
            authorization_boundary=ssp.AuthorizationBoundary(
                description=(
                    f"AWS account {accounts} in the regions collected; the AWS services in "
                    f"use are leveraged from AWS ({facts.baseline.aws_package})."
                )
            ),
        ),
        system_implementation=ssp.SystemImplementation(
            components=[_this_system(facts), *(_component(facts, s) for s in facts.services)],
        ),
        control_implementation=ssp.ControlImplementation(
            description=(
                f"Every control of {facts.baseline.title}: what is inherited from AWS per "
                "service in use, and how each customer responsibility is met, from incloud's "
                "checks and attestations."
            ),
            implemented_requirements=[_requirement(facts, c) for c in facts.controls],
        ),
    )


def _this_system(facts: Facts) -> oc.SystemComponent:
    return oc.SystemComponent(
        uuid=this_system_uuid(facts),
        type="this-system",
        title="This system",
        description="The customer's workload, its people and its processes.",
        status=oc.Status(state=oc.SystemComponentOperationalStateValidValues.operational),
        responsible_roles=[role(CUSTOMER_ROLE, customer_party_uuid(facts))],
    )


def _component(facts: Facts, service: Service) -> oc.SystemComponent:
    return oc.SystemComponent(
        uuid=component_uuid(facts, service.prefix),
        type="service",
        title=service.name,
        description=service.description,
        props=[prop("iam-prefix", service.prefix), prop("leveraged", "true")],
        status=oc.Status(state=oc.SystemComponentOperationalStateValidValues.operational),
    )


def origination(control: Control) -> list[str]:
    """FedRAMP's control-origination values for ``control`` (a shared control has two)."""
    if control.owner == "not_applicable":
        return []
    kinds = []
    if control.aws_part:
        kinds.append("inherited")
    if control.customer_part:
        kinds.append("customer-configured" if control.requirement.checks else "customer-provided")
    return kinds


def _requirement(facts: Facts, control: Control) -> ssp.ImplementedRequirement:
    posture = control.posture
    props = [fedramp_prop("control-origination", kind) for kind in origination(control)]
    props += [
        prop("control-origination", control.origination),
        prop("responsibility", control.owner),
        prop("automation", control.requirement.automation),
        prop("status", posture.status.value),
    ]
    by_components = [
        _by_service(facts, control, service)
        for service in facts.services
        if (control.aws_part and service.prefix != ACCOUNT_SERVICE)
        or (control.customer_part and service.prefix in control.findings)
    ]
    by_components.append(_by_this_system(facts, control))
    return ssp.ImplementedRequirement(
        uuid=requirement_uuid(facts, control.id),
        control_id=control.id,
        props=props,
        by_components=by_components,
        remarks=f"{control.requirement.id} {control.requirement.summary}",
    )


def _by_this_system(facts: Facts, control: Control) -> ssp.ByComponent:
    posture = control.posture
    if control.owner == "inherited":
        text = "Inherited from AWS in full: nothing for the customer to implement."
    elif control.owner == "not_applicable":
        text = f"Not applicable: {posture.evidence}"
    else:
        text = f"The customer's part: {posture.evidence}"
    return ssp.ByComponent(
        component_uuid=this_system_uuid(facts),
        uuid=stable_uuid("by-this-system", facts.baseline.id, *facts.account_ids, control.id),
        description=text,
        implementation_status=status(posture.status, posture.evidence),
        responsible_roles=[role(CUSTOMER_ROLE, customer_party_uuid(facts))]
        if control.customer_part
        else None,
    )


def _by_service(facts: Facts, control: Control, service: Service) -> ssp.ByComponent:
    parts: list[str] = []
    inherited = satisfied = None
    states: list[tuple[RequirementStatus, str]] = []
    if control.aws_part and service.prefix != ACCOUNT_SERVICE:
        statement = aws_statement(facts, control, service)
        inherited = [
            ssp.Inherited(
                uuid=stable_uuid(
                    "inherited", facts.baseline.id, *facts.account_ids, control.id, service.prefix
                ),
                provided_uuid=provided_uuid(facts, control.id, service.prefix),
                description=statement,
            )
        ]
        parts.append(statement)
        documented = facts.baseline.aws_documents(control.id) and service.in_programme is not False
        states.append(
            (RequirementStatus.INHERITED, "inherited from AWS")
            if documented
            else (RequirementStatus.PARTLY_MET, "AWS's part is not evidenced by its package")
        )
    findings = control.findings.get(service.prefix, ())
    if control.customer_part and findings:
        how, verdict = _how_satisfied(findings)
        satisfied = [
            ssp.Satisfied(
                uuid=stable_uuid(
                    "satisfied", facts.baseline.id, *facts.account_ids, control.id, service.prefix
                ),
                responsibility_uuid=responsibility_uuid(facts, control.id, service.prefix),
                description=how,
                props=[
                    prop(f"{verdict.value.replace('_', '-')}-results", str(count))
                    for verdict, count in counts(findings).items()
                ],
            )
        ]
        parts.append(how)
        states.append((verdict, how))
    worst = max(states, key=lambda item: _RANK[item[0]])
    return ssp.ByComponent(
        component_uuid=component_uuid(facts, service.prefix),
        uuid=stable_uuid(
            "by-component", facts.baseline.id, *facts.account_ids, control.id, service.prefix
        ),
        description=" ".join(parts),
        implementation_status=status(*worst),
        inherited=inherited,
        satisfied=satisfied,
    )


_RANK = {
    RequirementStatus.INHERITED: 0,
    RequirementStatus.MET: 0,
    RequirementStatus.NOT_APPLICABLE: 0,
    RequirementStatus.PARTLY_MET: 1,
    RequirementStatus.UNKNOWN: 2,
    RequirementStatus.NOT_MET: 3,
}


def _how_satisfied(results: tuple[Finding, ...]) -> tuple[str, RequirementStatus]:
    """The check results on one service in one sentence, and what they make of it: failing
    -> not met, else unknown -> unknown (never met), else met.
    """
    tally = counts(results)
    checks = ", ".join(sorted({f.check_id for f in results}))
    text = (
        f"Checked by {checks}: {tally[Verdict.PASS]} pass, {tally[Verdict.FAIL]} fail, "
        f"{tally[Verdict.UNKNOWN]} could not be assessed, "
        f"{tally[Verdict.NOT_APPLICABLE]} not applicable."
    )
    worst = [f for f in results if f.verdict is Verdict.FAIL] or [
        f for f in results if f.verdict is Verdict.UNKNOWN
    ]
    for finding in worst[:MAX_REASONS]:
        text += f" {finding.verdict.value} on {finding.resource_name}: {finding.reason}."
    if tally[Verdict.FAIL]:
        return text, RequirementStatus.NOT_MET
    if tally[Verdict.UNKNOWN]:
        return text, RequirementStatus.UNKNOWN
    if tally[Verdict.PASS]:
        return text, RequirementStatus.MET
    return text, RequirementStatus.NOT_APPLICABLE
