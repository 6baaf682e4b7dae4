"""What the three OSCAL documents are written from, gathered once: the services in use (each
an AWS component), every control of the baseline with its posture, and each control's check
results grouped by the service of the resource they judged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from ...evaluate.check import Verdict, all_checks
from ...evaluate.finding import Evaluation, Finding
from ...evaluate.settings import Settings
from ...responsibility.catalogue import duties, owner, services
from ...responsibility.matrix import ACCOUNT_SERVICE, services_in_use, unlisted_services
from ...responsibility.programmes import ProgrammeScope, programme_scope
from ...snapshot import Snapshot
from ..attestations import Attestation
from ..model import Requirement, load_framework
from ..posture import assess_framework, requirement_findings
from ..result import FrameworkPosture, RequirementPosture
from .profile import FRAMEWORK, Baseline, control_id


@dataclass(frozen=True)
class Service:
    """An AWS service in use: a component of the leveraged system."""

    prefix: str
    name: str
    description: str
    category: str
    security_doc: str | None
    resources: int
    in_programme: bool | None
    """Listed in the AWS programme's scope (None: the data does not say, or the account
    pseudo-service)."""


@dataclass(frozen=True)
class Control:
    """One control of the baseline: the framework's mapping and the account's posture."""

    id: str
    """The OSCAL control id (``ac-2.1``)."""
    requirement: Requirement
    posture: RequirementPosture
    findings: dict[str, tuple[Finding, ...]]
    """Service prefix -> the results of the control's checks on that service's resources."""
    customer_duties: dict[str, tuple[str, ...]]
    """Service prefix -> what the responsibility catalogue's duties sharing a check with the
    control ask of the customer for that service."""

    @property
    def owner(self) -> str:
        """inherited, shared, customer or not_applicable."""
        return self.posture.owner

    @property
    def aws_part(self) -> bool:
        """AWS provides some of it."""
        return self.owner in ("inherited", "shared")

    @property
    def customer_part(self) -> bool:
        """The customer does some of it."""
        return self.owner in ("shared", "customer")

    @property
    def origination(self) -> str:
        """FedRAMP-style control origination: inherited, shared, customer-configured (a
        setting of AWS services the checks decide) or customer-provided (the customer's own
        process), or not-applicable.
        """
        if self.owner == "not_applicable":
            return "not-applicable"
        if self.owner in ("inherited", "shared"):
            return self.owner
        return "customer-configured" if self.requirement.checks else "customer-provided"


@dataclass(frozen=True)
class Facts:
    """Everything the documents are built from."""

    snapshot: Snapshot
    baseline: Baseline
    posture: FrameworkPosture
    services: tuple[Service, ...]
    controls: tuple[Control, ...]
    scope: ProgrammeScope
    attestations: tuple[Attestation, ...]

    @property
    def when(self) -> datetime:
        """The snapshot's time: every timestamp of the export (aware, UTC when naive)."""
        at = self.snapshot.collected_at
        return at if at.tzinfo is not None else at.replace(tzinfo=UTC)

    @property
    def account_ids(self) -> tuple[str, ...]:
        """The scanned accounts."""
        return tuple(sorted(a.account_id for a in self.snapshot.accounts))

    def service(self, prefix: str) -> Service:
        """The service in use with ``prefix``."""
        return next(s for s in self.services if s.prefix == prefix)


def gather(
    snapshot: Snapshot,
    evaluation: Evaluation | None,
    baseline: Baseline,
    *,
    settings: Settings | None = None,
    attestations: Iterable[Attestation] = (),
) -> Facts:
    """The facts of ``snapshot`` for ``baseline`` (``evaluation``'s findings reused where the
    settings are the same, as the posture does).
    """
    attestations = tuple(attestations)
    framework = load_framework(FRAMEWORK)
    posture = assess_framework(
        snapshot, framework, settings=settings, attestations=attestations, evaluation=evaluation
    )
    found = requirement_findings(snapshot, framework, settings=settings, evaluation=evaluation)
    in_use = _in_use(snapshot)
    scope = programme_scope(
        baseline.programme, set(in_use) - {ACCOUNT_SERVICE}, snapshot.collected_at
    )
    service_list = tuple(_service(prefix, count, scope) for prefix, count in sorted(in_use.items()))
    known = {s.prefix for s in service_list}
    by_id = {p.id: p for p in posture.requirements}
    controls = tuple(
        Control(
            id=control_id(requirement.id),
            requirement=requirement,
            posture=by_id[requirement.id],
            findings=_by_service(snapshot, found[requirement.id], known),
            customer_duties=_duties(requirement, service_list),
        )
        for requirement in framework.requirements
        if baseline.selects(control_id(requirement.id))
    )
    return Facts(
        snapshot=snapshot,
        baseline=baseline,
        posture=posture,
        services=service_list,
        controls=controls,
        scope=scope,
        attestations=tuple(
            a for a in attestations if a.framework == FRAMEWORK and a.requirement in by_id
        ),
    )


def _in_use(snapshot: Snapshot) -> dict[str, int]:
    """Service prefix -> resources in use over every account; the account itself always, and
    services whose inventory could not be listed (they may be in use).
    """
    counts: dict[str, int] = {ACCOUNT_SERVICE: len(snapshot.accounts)}
    for account in snapshot.accounts:
        for prefix, count in services_in_use(snapshot, account.account_id).items():
            counts[prefix] = counts.get(prefix, 0) + count
        for prefix in unlisted_services(snapshot, account.account_id):
            counts.setdefault(prefix, 0)
    return counts


def _service(prefix: str, count: int, scope: ProgrammeScope) -> Service:
    entry = services().get(prefix)
    listed: bool | None = None
    if prefix in scope.in_scope:
        listed = True
    elif prefix in scope.out_of_scope:
        listed = False
    return Service(
        prefix=prefix,
        name=entry.name if entry is not None else prefix,
        description=entry.summary if entry is not None else f"{prefix}: not yet catalogued",
        category=entry.category if entry is not None else "unknown",
        security_doc=entry.security_doc if entry is not None else None,
        resources=count,
        in_programme=listed,
    )


def _by_service(
    snapshot: Snapshot, found: dict[str, tuple[Finding, ...]], known: set[str]
) -> dict[str, tuple[Finding, ...]]:
    """Findings grouped by the service of the resource judged; a resource of a service not in
    use (an account setting) counts for the account.
    """
    grouped: dict[str, list[Finding]] = {}
    for findings in found.values():
        for finding in findings:
            resource = snapshot.by_arn.get(finding.resource)
            prefix = resource.service if resource is not None else finding.service
            if prefix not in known:
                prefix = ACCOUNT_SERVICE
            grouped.setdefault(prefix, []).append(finding)
    return {prefix: tuple(items) for prefix, items in sorted(grouped.items())}


def _duties(requirement: Requirement, in_use: tuple[Service, ...]) -> dict[str, tuple[str, ...]]:
    """Service -> the customer's part of each duty that shares a check with ``requirement``
    and that the customer owns (alone or shared) for that service.
    """
    checks = {ref.id for ref in requirement.checks}
    catalogue, entries = all_checks(), services()
    found: dict[str, tuple[str, ...]] = {}
    for service in in_use:
        entry = entries.get(service.prefix)
        if entry is None:
            continue
        texts = []
        for duty in duties().values():
            linked = [
                c
                for c in checks & set(duty.checks)
                if c in catalogue
                and (
                    catalogue[c].resource.service == service.prefix
                    or service.prefix == ACCOUNT_SERVICE
                )
            ]
            if not linked or duty.side != "customer" or not duty.customer_does:
                continue
            if (duty.scope == "account") != (service.prefix == ACCOUNT_SERVICE):
                continue
            if owner(entry, duty) != "aws" and duty.customer_does not in texts:
                texts.append(duty.customer_does)
        if texts:
            found[service.prefix] = tuple(texts)
    return found


def counts(findings: Iterable[Finding]) -> dict[Verdict, int]:
    """Verdict -> how many of ``findings`` have it."""
    tally = dict.fromkeys(Verdict, 0)
    for finding in findings:
        tally[finding.verdict] += 1
    return tally
