"""What an organisation scan reports: per-account results and the organisation's roll-up.

Small by design: each account contributes a summary (counts, its duties' statuses, its
frameworks' scores) and its full assessment stays in its own file, so the roll-up of 500
accounts is as light to hold and render as that of 5.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ..snapshot import CollectionGap, Frozen

AccountState = Literal["assessed", "incomplete", "unreachable"]
"""``assessed``: read and evaluated; ``incomplete``: evaluated, but most reads failed or the
scan was interrupted; ``unreachable``: never entered, every check unknown."""

ControlsState = Literal["applied", "not_applied", "management", "none"]
"""Whether the organisation's SCPs and RCPs were applied to an account's IAM analyses:
``management`` (they bind nothing there), ``none`` (the account is in no organisation)."""

ORG_ASSESSMENT_SCHEMA_VERSION = 1


class FrameworkScore(Frozen):
    """One framework's posture in one account."""

    framework: str
    score: float | None
    by_status: dict[str, int]


class AccountResult(Frozen):
    """One account's place in the organisation and what its scan found."""

    account_id: str
    name: str = ""
    ou_path: str = ""
    state: AccountState
    reason: str = ""
    """Why the account is unreachable or incomplete."""
    regions: tuple[str, ...] = ()
    verdicts: dict[str, int] = {}
    """Findings per verdict (muted ones included: their verdict stands)."""
    failures_by_severity: dict[str, int] = {}
    """Failing, unmuted findings per severity."""
    muted: int = 0
    services: tuple[str, ...] = ()
    """Services in use (prefixes), from the account's matrix."""
    load: float = 0.0
    """The account's responsibility load (docs/responsibility.md)."""
    frameworks: tuple[FrameworkScore, ...] = ()
    api_calls: int = 0
    gaps: int = 0
    controls: ControlsState = "none"
    report: str = ""
    """The account's full JSON report, relative to the scan directory."""
    busiest_shard: str = ""
    """The shard (account/region/service) that sent the most requests within one second."""
    busiest_second: int = 0
    """How many: the account's peak request rate."""
    budget_rate: float = 0.0
    """The busiest shard's request budget per second (half AWS's documented rate, scaled)."""
    budget_burst: float = 0.0
    """And its burst: within any one second a shard may send at most rate + burst."""

    @property
    def failures(self) -> int:
        """Failing, unmuted findings of any severity."""
        return sum(self.failures_by_severity.values())


class OrgCell(Frozen):
    """One duty of one service across the organisation."""

    service: str
    duty: str
    title: str
    owner: str
    accounts: int
    """Accounts that use the service (and were read)."""
    by_status: dict[str, int]
    """Duty status -> number of accounts."""
    not_met_in: tuple[str, ...] = ()
    unknown_in: tuple[str, ...] = ()


class OrgRequirement(Frozen):
    """One framework requirement across the organisation: its status per account, and
    overall (the worst: not met anywhere is not met; unknown anywhere is never met).
    """

    framework: str
    requirement: str
    status: str
    by_status: dict[str, int]
    not_met_in: tuple[str, ...] = ()


class OrgFramework(Frozen):
    """One framework across the organisation."""

    framework: str
    name: str
    by_status: dict[str, int]
    """Requirements per overall status."""
    requirements: tuple[OrgRequirement, ...]


class OrgAssessment(Frozen):
    """The organisation scan's result (the JSON report's ``organization`` part)."""

    schema_version: int = ORG_ASSESSMENT_SCHEMA_VERSION
    incloud_version: str
    scan_id: str
    organization_id: str
    management_account_id: str
    collected_at: datetime
    accounts: tuple[AccountResult, ...]
    """Every account selected, unreachable ones included, ranked: failures, then load."""
    matrix: tuple[OrgCell, ...]
    frameworks: tuple[OrgFramework, ...] = ()
    organization_gaps: tuple[CollectionGap, ...] = ()
    """Reads of the organisation itself that failed (its policies, say)."""
    timings: dict[str, float] = {}
    api_calls: int = 0

    @property
    def unreachable(self) -> tuple[AccountResult, ...]:
        """Accounts the scan could not enter."""
        return tuple(a for a in self.accounts if a.state == "unreachable")

    @property
    def read(self) -> tuple[AccountResult, ...]:
        """Accounts the scan entered and evaluated."""
        return tuple(a for a in self.accounts if a.state != "unreachable")

    @property
    def busiest(self) -> AccountResult | None:
        """The account whose busiest shard sent the most requests within one second."""
        read = [a for a in self.accounts if a.busiest_second]
        return max(read, key=lambda a: a.busiest_second) if read else None

    def services(self) -> dict[str, int]:
        """Service prefix -> accounts using it."""
        counts: dict[str, int] = {}
        for account in self.accounts:
            for service in account.services:
                counts[service] = counts.get(service, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
