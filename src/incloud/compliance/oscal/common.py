"""What the three documents share: metadata, roles and parties, properties, the UUIDs that
link one document to another, and how a posture status reads as an implementation status.
"""

from __future__ import annotations

from trestle.oscal import OSCAL_VERSION
from trestle.oscal import common as oc

from ... import __version__
from ..result import RequirementStatus
from .facts import Facts
from .profile import FEDRAMP_NS, INCLOUD_NS, one_line, stable_uuid

AWS_ROLE = "cloud-service-provider"
CUSTOMER_ROLE = "customer"
ASSESSOR_ROLE = "assessor"


def prop(name: str, value: str, ns: str = INCLOUD_NS) -> oc.Property:
    """A property in incloud's namespace (or ``ns``), its value made one line."""
    return oc.Property(name=name, value=one_line(value), ns=ns)


def fedramp_prop(name: str, value: str) -> oc.Property:
    """A property in FedRAMP's namespace."""
    return prop(name, value, FEDRAMP_NS)


def aws_party_uuid() -> str:
    """Amazon Web Services, the leveraged provider."""
    return stable_uuid("party", "aws")


def customer_party_uuid(facts: Facts) -> str:
    """The owner of the scanned accounts."""
    return stable_uuid("party", "customer", *facts.account_ids)


def attestor_uuid(name: str) -> str:
    """A person who attested a requirement."""
    return stable_uuid("party", "attestor", name)


def metadata(facts: Facts, title: str, *, attestors: tuple[str, ...] = ()) -> oc.Metadata:
    """A document's metadata: dated at the snapshot, versioned by it and by incloud."""
    accounts = ", ".join(facts.account_ids)
    parties: list[oc.Parties | oc.Parties1] = [
        oc.Parties(uuid=aws_party_uuid(), type="organization", name="Amazon Web Services"),
        oc.Parties(
            uuid=customer_party_uuid(facts),
            type="organization",
            name=one_line(f"Owner of AWS account {accounts}"),
        ),
    ]
    parties += [
        oc.Parties(uuid=attestor_uuid(name), type="person", name=one_line(name))
        for name in attestors
    ]
    return oc.Metadata(
        title=one_line(title),
        last_modified=facts.when,
        version=f"{facts.when.isoformat()} (incloud {__version__})",
        oscal_version=oc.OscalVersion(OSCAL_VERSION),
        roles=[
            oc.Role(id=AWS_ROLE, title="Cloud service provider (Amazon Web Services)"),
            oc.Role(id=CUSTOMER_ROLE, title="Customer (the owner of the AWS accounts)"),
            oc.Role(id=ASSESSOR_ROLE, title="Assessor (incloud, an automated tool)"),
        ],
        parties=parties,
        remarks=(
            f"AWS's side is read against {facts.baseline.aws_package}. " + facts.scope.age_line()
        ),
        props=[
            prop("baseline", facts.baseline.id),
            prop("collected-at", facts.when.isoformat()),
            *(prop("aws-account", account) for account in facts.account_ids),
        ],
    )


def role(role_id: str, party: str) -> oc.ResponsibleRole:
    """``role_id``, played by the party with UUID ``party``."""
    return oc.ResponsibleRole(role_id=role_id, party_uuids=[party])


def component_uuid(facts: Facts, prefix: str) -> str:
    """The AWS service ``prefix`` as a component: the same UUID in all three documents."""
    return stable_uuid("component", facts.baseline.id, *facts.account_ids, prefix)


def this_system_uuid(facts: Facts) -> str:
    """The customer's system (its accounts, its people, its processes)."""
    return stable_uuid("this-system", *facts.account_ids)


def provided_uuid(facts: Facts, control: str, prefix: str) -> str:
    """What AWS provides for ``control`` on service ``prefix`` (the component definition's
    implemented requirement; the SSP's ``inherited`` entries point at it).
    """
    return stable_uuid("provided", facts.baseline.id, *facts.account_ids, control, prefix)


def responsibility_uuid(facts: Facts, control: str, prefix: str) -> str:
    """What AWS leaves to the customer for ``control`` on ``prefix`` (the SSP's ``satisfied``
    entries point at it).
    """
    return stable_uuid("responsibility", facts.baseline.id, *facts.account_ids, control, prefix)


def requirement_uuid(facts: Facts, control: str) -> str:
    """The SSP's implemented requirement for ``control`` (assessment findings point at it)."""
    return stable_uuid("ssp-requirement", facts.baseline.id, *facts.account_ids, control)


STATE = {
    RequirementStatus.MET: "implemented",
    RequirementStatus.ATTESTED: "implemented",
    RequirementStatus.INHERITED: "implemented",
    RequirementStatus.PARTLY_MET: "partial",
    RequirementStatus.NOT_MET: "planned",
    RequirementStatus.UNKNOWN: "planned",
    RequirementStatus.MANUAL: "planned",
    RequirementStatus.NOT_APPLICABLE: "not-applicable",
}
"""A posture status as an OSCAL implementation state. Only what is shown met, attested or
inherited is ``implemented``; a failing check, an unknown result and manual work still to
evidence are ``planned`` (the remarks say which): never implemented."""


def status(value: RequirementStatus, remarks: str) -> oc.ImplementationStatus:
    """The implementation status for a posture status, with incloud's status in the remarks."""
    return oc.ImplementationStatus(
        state=STATE[value], remarks=f"incloud status {value.value}: {remarks}"
    )
