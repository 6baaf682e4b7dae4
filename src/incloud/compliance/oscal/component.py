"""The component definition: AWS as a leveraged authorisation, per service in use.

Each AWS service in use is a component (type ``service``) with two control implementations
against the baseline: what AWS provides (the inherited part of every inherited or shared
control: the control's AWS evidence, checked against the baseline AWS's P-ATO was assessed at
and the programme's service scope) and what AWS leaves to the customer on that service (the
customer part of every shared or customer control whose checks judge the service's
resources, with the duties of the responsibility catalogue that say what to do). The
implemented requirements' UUIDs are the ``provided-uuid`` and ``responsibility-uuid`` the SSP's
``inherited`` and ``satisfied`` entries name.
"""

from __future__ import annotations

from trestle.oscal import common as oc
from trestle.oscal import component as cd

from ...responsibility.matrix import ACCOUNT_SERVICE
from .common import (
    AWS_ROLE,
    CUSTOMER_ROLE,
    aws_party_uuid,
    component_uuid,
    customer_party_uuid,
    metadata,
    prop,
    provided_uuid,
    responsibility_uuid,
    role,
)
from .facts import Control, Facts, Service
from .profile import stable_uuid


def component_definition(facts: Facts) -> cd.ComponentDefinition:
    """The leveraged-authorisation view of AWS for the services in use."""
    return cd.ComponentDefinition(
        uuid=stable_uuid("component-definition", facts.baseline.id, *facts.account_ids),
        metadata=metadata(
            facts, f"AWS services in use: what AWS provides and leaves ({facts.baseline.title})"
        ),
        components=[_component(facts, service) for service in facts.services],
    )


def _component(facts: Facts, service: Service) -> cd.DefinedComponent:
    implementations = []
    provided = [
        _provided(facts, control, service)
        for control in facts.controls
        if control.aws_part and service.prefix != ACCOUNT_SERVICE
    ]
    if provided:
        implementations.append(
            cd.ControlImplementation(
                uuid=stable_uuid(
                    "provided-set", facts.baseline.id, *facts.account_ids, service.prefix
                ),
                source=facts.baseline.href,
                description=f"What AWS provides for {service.name}: the customer inherits it.",
                props=[prop("responsibility-view", "provided")],
                implemented_requirements=provided,
            )
        )
    left = [
        _responsibility(facts, control, service)
        for control in facts.controls
        if control.customer_part and service.prefix in control.findings
    ]
    if left:
        implementations.append(
            cd.ControlImplementation(
                uuid=stable_uuid(
                    "responsibility-set", facts.baseline.id, *facts.account_ids, service.prefix
                ),
                source=facts.baseline.href,
                description=f"What AWS leaves to the customer on {service.name}.",
                props=[prop("responsibility-view", "customer-responsibility")],
                implemented_requirements=left,
            )
        )
    props = [
        prop("iam-prefix", service.prefix),
        prop("service-category", service.category),
        prop("resources-in-use", str(service.resources)),
    ]
    if service.prefix != ACCOUNT_SERVICE:
        props.append(prop(f"{facts.baseline.programme}-scope", _scope_word(service)))
    links = (
        [oc.Link(href=service.security_doc, rel="reference", text="Security in the service")]
        if service.security_doc
        else None
    )
    return cd.DefinedComponent(
        uuid=component_uuid(facts, service.prefix),
        type="service",
        title=service.name,
        description=service.description,
        props=props,
        links=links,
        responsible_roles=[role(AWS_ROLE, aws_party_uuid())],
        control_implementations=implementations or None,
    )


def _scope_word(service: Service) -> str:
    if service.in_programme is None:
        return "not-stated"
    return "listed" if service.in_programme else "not-listed"


def aws_statement(facts: Facts, control: Control, service: Service) -> str:
    """What AWS provides for ``control`` on ``service``, with where the evidence is or why
    there is none.
    """
    evidence = control.posture.aws_evidence or "AWS's side of the shared responsibility model"
    baseline = facts.baseline
    text = f"AWS provides for {service.name}: {evidence}."
    if not baseline.aws_documents(control.id):
        text += (
            f" {baseline.aws_package} was assessed against the FedRAMP "
            f"{baseline.aws_level.capitalize()} baseline, which does not select "
            f"{control.requirement.id}: the package does not document it. Rely on AWS's SOC 2 "
            "report and the service's documentation for AWS's part, and on your own "
            "implementation for the rest."
        )
    if service.in_programme is False:
        text += (
            f" {service.name} was not listed in AWS's {baseline.programme} scope as of "
            f"{facts.scope.as_of}: confirm on AWS's Services in Scope page before inheriting."
        )
    return text


def customer_statement(control: Control, service: Service) -> str:
    """What the customer must do for ``control`` on ``service``."""
    checks = sorted({f.check_id for f in control.findings.get(service.prefix, ())})
    needs = control.requirement.manual_evidence or control.requirement.summary
    text = f"The customer's part on {service.name}"
    duties = control.customer_duties.get(service.prefix, ())
    if duties:
        text += ": " + "; ".join(duties)
    text += f". Decided by incloud checks {', '.join(checks)}"
    if control.requirement.automation != "automated":
        text += f"; a person must also show: {needs}"
    return text + "."


def _provided(facts: Facts, control: Control, service: Service) -> cd.ImplementedRequirement:
    props = [prop("responsibility", control.owner)]
    props.append(
        prop("documented-in-aws-package", str(facts.baseline.aws_documents(control.id)).lower())
    )
    return cd.ImplementedRequirement(
        uuid=provided_uuid(facts, control.id, service.prefix),
        control_id=control.id,
        description=aws_statement(facts, control, service),
        props=props,
        responsible_roles=[role(AWS_ROLE, aws_party_uuid())],
    )


def _responsibility(facts: Facts, control: Control, service: Service) -> cd.ImplementedRequirement:
    return cd.ImplementedRequirement(
        uuid=responsibility_uuid(facts, control.id, service.prefix),
        control_id=control.id,
        description=customer_statement(control, service),
        props=[
            prop("responsibility", control.owner),
            prop("automation", control.requirement.automation),
        ],
        responsible_roles=[role(CUSTOMER_ROLE, customer_party_uuid(facts))],
    )
