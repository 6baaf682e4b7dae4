"""Building the roll-up one account at a time: each assessment is summarised as it arrives
and can then be dropped, so memory grows with the catalogue, not with the organisation.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime

from .. import __version__
from ..assessment import Assessment
from ..compliance.result import RequirementStatus
from ..responsibility.matrix import ACCOUNT_SERVICE
from ..snapshot.org import Organization
from .model import (
    AccountResult,
    AccountState,
    ControlsState,
    FrameworkScore,
    OrgAssessment,
    OrgCell,
    OrgFramework,
    OrgRequirement,
)

WORST_FIRST = (
    RequirementStatus.NOT_MET,
    RequirementStatus.UNKNOWN,
    RequirementStatus.PARTLY_MET,
    RequirementStatus.MANUAL,
    RequirementStatus.MET,
    RequirementStatus.ATTESTED,
    RequirementStatus.INHERITED,
    RequirementStatus.NOT_APPLICABLE,
)
"""A requirement's organisation-wide status is the first of these any account has."""

NEEDS_READING = frozenset(
    {RequirementStatus.MET, RequirementStatus.PARTLY_MET, RequirementStatus.ATTESTED}
)
"""Statuses an account that was not read cannot be presumed to share."""


class RollupBuilder:
    """Accumulates account results into an :class:`OrgAssessment`."""

    def __init__(self, scan_id: str, organization: Organization) -> None:
        self.scan_id = scan_id
        self.organization = organization
        self._results: list[AccountResult] = []
        self._cells: dict[tuple[str, str], _CellTally] = {}
        self._requirements: dict[tuple[str, str], _RequirementTally] = {}
        self._framework_names: dict[str, str] = {}
        self._collected_at: datetime | None = None

    def add(
        self,
        assessment: Assessment,
        *,
        report: str,
        controls: ControlsState,
        state: AccountState = "assessed",
        reason: str = "",
        peak: tuple[str, int, float, float] = ("", 0, 0.0, 0.0),
    ) -> AccountResult:
        """Summarise one account's assessment (the caller may drop it afterwards)."""
        account_id = assessment.accounts[0].account_id
        verdicts = Counter(f.verdict.value for f in assessment.findings)
        failing = Counter(f.severity.value for f in assessment.failures())
        services: tuple[str, ...] = ()
        load = 0.0
        # An account not entered used no service we know of: its matrix (every duty unknown)
        # would count it in every row; it is listed among the accounts not read instead.
        if assessment.matrix is not None and state != "unreachable":
            for matrix in assessment.matrix.accounts:
                services = tuple(s.prefix for s in matrix.services if s.prefix != ACCOUNT_SERVICE)
                load = matrix.load.total
                for cell in matrix.cells:
                    self._cell(cell.service, cell.duty, cell.title, cell.owner).add(
                        account_id, cell.status.value
                    )
        frameworks = []
        for posture in assessment.compliance:
            self._framework_names[posture.framework] = posture.name
            frameworks.append(
                FrameworkScore(
                    framework=posture.framework,
                    score=posture.summary.score,
                    by_status=dict(posture.summary.by_status),
                )
            )
            for requirement in posture.requirements:
                key = (posture.framework, requirement.id)
                self._requirements.setdefault(key, _RequirementTally()).add(
                    account_id, requirement.status
                )
        collected = assessment.collected_at
        if self._collected_at is None or collected > self._collected_at:
            self._collected_at = collected
        result = AccountResult(
            **self._placement(account_id),
            state=state,
            reason=reason,
            regions=assessment.accounts[0].regions,
            verdicts=dict(verdicts),
            failures_by_severity=dict(failing),
            muted=len(assessment.muted()),
            services=services,
            load=round(load, 2),
            frameworks=tuple(frameworks),
            api_calls=sum(c.count for c in assessment.api_calls),
            gaps=len(assessment.gaps),
            controls=controls,
            report=report,
            busiest_shard=peak[0],
            busiest_second=peak[1],
            budget_rate=peak[2],
            budget_burst=peak[3],
        )
        self._results.append(result)
        return result

    def build(
        self, *, timings: dict[str, float] | None = None, api_calls: int = 0
    ) -> OrgAssessment:
        """The organisation's assessment: accounts ranked, matrix and frameworks rolled up."""
        unread = {r.account_id for r in self._results if r.state == "unreachable"}
        ranked = sorted(
            self._results,
            key=lambda r: (r.state != "unreachable", -r.failures, -r.load, r.account_id),
        )
        cells = tuple(
            tally.cell(service, duty) for (service, duty), tally in sorted(self._cells.items())
        )
        return OrgAssessment(
            incloud_version=__version__,
            scan_id=self.scan_id,
            organization_id=self.organization.organization_id,
            management_account_id=self.organization.management_account_id,
            collected_at=self._collected_at or datetime.now(UTC),
            accounts=tuple(ranked),
            matrix=cells,
            frameworks=self._frameworks(unread),
            organization_gaps=tuple(self.organization.gaps),
            timings=timings or {},
            api_calls=api_calls + sum(r.api_calls for r in self._results),
        )

    def _placement(self, account_id: str) -> dict[str, str]:
        member = self.organization.account(account_id)
        return {
            "account_id": account_id,
            "name": member.name if member else "",
            "ou_path": self.organization.ou_path(account_id) if member else "",
        }

    def _cell(self, service: str, duty: str, title: str, owner: str) -> _CellTally:
        key = (service, duty)
        if key not in self._cells:
            self._cells[key] = _CellTally(title, owner)
        return self._cells[key]

    def _frameworks(self, unread: set[str]) -> tuple[OrgFramework, ...]:
        by_framework: dict[str, list[OrgRequirement]] = defaultdict(list)
        for (framework, requirement), tally in sorted(self._requirements.items()):
            by_framework[framework].append(tally.requirement(framework, requirement, unread))
        return tuple(
            OrgFramework(
                framework=framework,
                name=self._framework_names.get(framework, framework),
                by_status=dict(Counter(r.status for r in requirements)),
                requirements=tuple(requirements),
            )
            for framework, requirements in by_framework.items()
        )


class _CellTally:
    """One (service, duty) across accounts."""

    def __init__(self, title: str, owner: str) -> None:
        self.title = title
        self.owner = owner
        self.by_status: Counter[str] = Counter()
        self.not_met: list[str] = []
        self.unknown: list[str] = []

    def add(self, account_id: str, status: str) -> None:
        self.by_status[status] += 1
        if status in ("not_met", "partly_met"):
            self.not_met.append(account_id)
        elif status == "unknown":
            self.unknown.append(account_id)

    def cell(self, service: str, duty: str) -> OrgCell:
        return OrgCell(
            service=service,
            duty=duty,
            title=self.title,
            owner=self.owner,
            accounts=sum(self.by_status.values()),
            by_status=dict(self.by_status),
            not_met_in=tuple(sorted(self.not_met)),
            unknown_in=tuple(sorted(self.unknown)),
        )


class _RequirementTally:
    """One framework requirement across accounts."""

    def __init__(self) -> None:
        self.by_status: Counter[RequirementStatus] = Counter()
        self.not_met: list[str] = []

    def add(self, account_id: str, status: RequirementStatus) -> None:
        self.by_status[status] += 1
        if status is RequirementStatus.NOT_MET:
            self.not_met.append(account_id)

    def requirement(self, framework: str, requirement: str, unread: set[str]) -> OrgRequirement:
        statuses = Counter(self.by_status)
        worst = next(s for s in WORST_FIRST if statuses.get(s))
        if unread and worst in NEEDS_READING:
            worst = RequirementStatus.UNKNOWN
        if unread and worst not in (RequirementStatus.INHERITED, RequirementStatus.NOT_APPLICABLE):
            statuses[RequirementStatus.UNKNOWN] += len(unread)
        return OrgRequirement(
            framework=framework,
            requirement=requirement,
            status=worst.value,
            by_status={s.value: n for s, n in statuses.items()},
            not_met_in=tuple(sorted(self.not_met)),
        )
