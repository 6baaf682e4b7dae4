"""The matrix engine: services in use x duties -> owner, status and evidence. Pure.

For each account, the services in use are found from resources actually collected (defaults
and account settings do not count; see ``Resource.in_use``). A service whose inventory could
not be listed (a gap on an operation its resource types are ``listed_by``) is shown too, with
the failed operations: it may be in use however few resources were seen, and its cells are
judged from the ``unknown`` findings those gaps cause, never dropped as "not in use". Every
duty that applies to a service's category gets a cell: its owner comes from the catalogue's
layers, and a customer or shared duty's status from the verdicts of the checks linked to it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from enum import StrEnum

from ..evaluate.check import Domain, Verdict, all_checks
from ..evaluate.finding import Finding
from ..snapshot import RESOURCE_TYPES, Frozen, Snapshot
from .catalogue import Duty, Owner, ServiceEntry, duties, owner, services
from .load import ResponsibilityLoad, responsibility_load
from .programmes import ProgrammeScope, programme_scope

ACCOUNT_SERVICE = "account"
"""The pseudo-service that carries account-wide duties (root user, audit logging)."""


class DutyStatus(StrEnum):
    """Whether a duty is met for one service."""

    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    """Evidence could not be collected: never reported as met."""
    MANUAL = "manual"
    """No check decides it here; a person must provide the evidence named."""
    INHERITED = "inherited"
    """AWS performs the duty for this service."""


class Evidence(Frozen):
    """The verdicts one check gave on one service's resources."""

    check_id: str
    passed: int = 0
    failed: int = 0
    unknown: int = 0
    not_applicable: int = 0


class Cell(Frozen):
    """One (service, duty) pair of the matrix."""

    service: str
    duty: str
    title: str
    side: str
    domain: Domain | None
    owner: Owner
    status: DutyStatus
    reason: str
    aws_does: str
    customer_does: str
    evidence: tuple[Evidence, ...] = ()
    scope: str = "service"
    """``account`` for an account-wide duty shown on a service because checks of that service
    judged its resources for it (a GuardDuty detector for threat detection): evidence, not a
    second duty, so the load counts it once, on the account."""


class ServiceUse(Frozen):
    """A service found in use, and how much of it."""

    prefix: str
    name: str
    category: str
    resources: int
    catalogued: bool = True
    unlisted: tuple[str, ...] = ()
    """Operations (``service:Operation``) that failed to list this service's resources:
    ``resources`` is then a lower bound, and the service may be in use even at 0."""


class AccountMatrix(Frozen):
    """The matrix for one account."""

    account_id: str
    services: tuple[ServiceUse, ...]
    cells: tuple[Cell, ...]
    load: ResponsibilityLoad
    uncatalogued: tuple[str, ...] = ()
    """Services in use that the catalogue does not describe yet (no cells for them)."""


class Matrix(Frozen):
    """The responsibility matrix of every account in a snapshot."""

    accounts: tuple[AccountMatrix, ...]
    scope: ProgrammeScope | None = None


def services_in_use(snapshot: Snapshot, account_id: str) -> Counter[str]:
    """Resource counts per service prefix, counting only resources that show real use."""
    counts: Counter[str] = Counter()
    for resource in snapshot.resources:
        if resource.account_id == account_id and resource.in_use():
            counts[resource.service] += 1
    return counts


def unlisted_services(snapshot: Snapshot, account_id: str) -> dict[str, tuple[str, ...]]:
    """Service prefix -> the listing operations that failed for it in ``account_id`` (in
    any region), for services with such a gap.
    """
    failed = {
        gap.action.lower(): gap.action
        for gap in snapshot.gaps
        if gap.account_id == account_id and gap.resource_arn is None
    }
    found: dict[str, set[str]] = defaultdict(set)
    for model in RESOURCE_TYPES:
        for action in model.listed_by:
            if action.lower() in failed:
                found[model.service].add(failed[action.lower()])
    return {prefix: tuple(sorted(actions)) for prefix, actions in sorted(found.items())}


def build_matrix(
    snapshot: Snapshot,
    findings: Iterable[Finding],
    checks_run: Iterable[str],
    programme: str | None = None,
) -> Matrix:
    """The matrix for every account in ``snapshot``, from the findings of one evaluation."""
    findings = list(findings)
    ran = set(checks_run)
    accounts = tuple(
        _account_matrix(snapshot, account.account_id, findings, ran)
        for account in snapshot.accounts
    )
    scope = None
    if programme is not None:
        in_use = {s.prefix for a in accounts for s in a.services if s.prefix != ACCOUNT_SERVICE}
        scope = programme_scope(programme, in_use, snapshot.collected_at)
    return Matrix(accounts=accounts, scope=scope)


def _account_matrix(
    snapshot: Snapshot, account_id: str, findings: list[Finding], ran: set[str]
) -> AccountMatrix:
    catalogue = services()
    counts = services_in_use(snapshot, account_id)
    unlisted = unlisted_services(snapshot, account_id)
    for prefix in unlisted:
        counts.setdefault(prefix, 0)
    in_use = [
        ServiceUse(
            prefix=ACCOUNT_SERVICE,
            name=catalogue[ACCOUNT_SERVICE].name,
            category=catalogue[ACCOUNT_SERVICE].category,
            resources=1,
        )
    ]
    uncatalogued = []
    for prefix, count in sorted(counts.items()):
        entry = catalogue.get(prefix)
        if entry is None:
            uncatalogued.append(prefix)
            in_use.append(
                ServiceUse(
                    prefix=prefix,
                    name=prefix,
                    category="unknown",
                    resources=count,
                    catalogued=False,
                    unlisted=unlisted.get(prefix, ()),
                )
            )
        else:
            in_use.append(
                ServiceUse(
                    prefix=prefix,
                    name=entry.name,
                    category=entry.category,
                    resources=count,
                    unlisted=unlisted.get(prefix, ()),
                )
            )
    verdicts = _verdicts_by_check_and_service(snapshot, findings, account_id)
    cells = [
        _cell(catalogue[use.prefix], duty, verdicts, ran)
        for use in in_use
        if use.catalogued
        for duty in duties().values()
        if _applies(duty, catalogue[use.prefix])
    ]
    cells += [
        _cell(catalogue[use.prefix], duty, verdicts, ran).model_copy(update={"scope": "account"})
        for use in in_use
        if use.catalogued and use.prefix != ACCOUNT_SERVICE
        for duty in duties().values()
        if _evidenced_on(duty, catalogue[use.prefix], verdicts)
    ]
    return AccountMatrix(
        account_id=account_id,
        services=tuple(in_use),
        cells=tuple(cells),
        load=responsibility_load(cells),
        uncatalogued=tuple(uncatalogued),
    )


def _evidenced_on(duty: Duty, service: ServiceEntry, verdicts: VerdictIndex) -> bool:
    """An account-wide customer duty that checks of ``service`` itself (named after it)
    judged its resources for: the service's cell shows that evidence (GuardDuty's detectors
    for threat detection, CloudTrail's trails for audit logging).
    """
    if duty.side == "aws" or duty.scope != "account" or service.category not in duty.categories:
        return False
    return any(
        check.split(".", 1)[0] == service.prefix
        and sum(verdicts.get((check, service.prefix), Counter()).values()) > 0
        for check in duty.checks
    )


def _applies(duty: Duty, service: ServiceEntry) -> bool:
    if service.category not in duty.categories:
        return False
    if duty.side == "aws":
        return service.prefix != ACCOUNT_SERVICE
    return (duty.scope == "account") == (service.prefix == ACCOUNT_SERVICE)


VerdictIndex = dict[tuple[str, str], Counter[Verdict]]
"""(check id, service prefix) -> verdict counts; account-scope entries use ``account``."""


def _verdicts_by_check_and_service(
    snapshot: Snapshot, findings: list[Finding], account_id: str
) -> VerdictIndex:
    """Verdict counts credited to the service of the resource judged (an SSM check on an EC2
    instance is evidence for EC2), and to the account as a whole.
    """
    index: VerdictIndex = defaultdict(Counter)
    for finding in findings:
        if finding.account != account_id:
            continue
        resource = snapshot.by_arn.get(finding.resource)
        service = resource.service if resource is not None else finding.service
        index[(finding.check_id, service)][finding.verdict] += 1
        index[(finding.check_id, ACCOUNT_SERVICE)][finding.verdict] += 1
    return index


def _cell(service: ServiceEntry, duty: Duty, verdicts: VerdictIndex, ran: set[str]) -> Cell:
    who: Owner = "aws" if duty.side == "aws" else owner(service, duty)
    base = {
        "service": service.prefix,
        "duty": duty.id,
        "title": duty.title,
        "side": duty.side,
        "domain": duty.domain,
        "owner": who,
        "aws_does": duty.aws_does,
        "customer_does": duty.customer_does,
    }
    if who == "aws":
        return Cell(**base, status=DutyStatus.INHERITED, reason=_inherited_reason(service, duty))
    status, reason, evidence = _judge(service, duty, verdicts, ran)
    return Cell(**base, status=status, reason=reason, evidence=evidence)


def _inherited_reason(service: ServiceEntry, duty: Duty) -> str:
    if duty.side == "aws":
        return "AWS's side of the model"
    return f"AWS runs the {duty.layer.replace('_', ' ')} layer of {service.name}"


def _judge(
    service: ServiceEntry, duty: Duty, verdicts: VerdictIndex, ran: set[str]
) -> tuple[DutyStatus, str, tuple[Evidence, ...]]:
    """The status of a customer or shared duty from its checks' verdicts on this service."""
    catalogue = all_checks()
    relevant = [
        c
        for c in duty.checks
        if service.prefix == ACCOUNT_SERVICE
        or c.split(".", 1)[0] == service.prefix
        or (c in catalogue and catalogue[c].resource.service == service.prefix)
    ]
    manual = duty.manual or duty.customer_does
    if not relevant:
        return DutyStatus.MANUAL, f"no check covers this for {service.name} yet: {manual}", ()
    judged = [c for c in relevant if c in ran]
    if not judged:
        return (
            DutyStatus.MANUAL,
            f"its checks were not run ({', '.join(relevant)}); evidence: {manual}",
            (),
        )
    evidence = tuple(
        Evidence(
            check_id=c,
            passed=verdicts[(c, service.prefix)][Verdict.PASS],
            failed=verdicts[(c, service.prefix)][Verdict.FAIL],
            unknown=verdicts[(c, service.prefix)][Verdict.UNKNOWN],
            not_applicable=verdicts[(c, service.prefix)][Verdict.NOT_APPLICABLE],
        )
        for c in judged
    )
    passed = sum(e.passed for e in evidence)
    failed = sum(e.failed for e in evidence)
    unknown = sum(e.unknown for e in evidence)
    if failed:
        status = DutyStatus.PARTLY_MET if passed else DutyStatus.NOT_MET
        reason = f"{failed} failing, {passed} passing result(s)"
    elif unknown:
        status, reason = DutyStatus.UNKNOWN, f"{unknown} result(s) could not be assessed"
    elif passed:
        status, reason = DutyStatus.MET, f"all {passed} result(s) pass"
    else:
        status, reason = DutyStatus.MET, "nothing the checks apply to"
    if duty.manual and status is DutyStatus.MET:
        reason += f"; still to evidence by hand: {duty.manual}"
    return status, reason, evidence
