"""What becomes of each account once it is collected: evaluated into the roll-up (``scan
--org``), or written as a snapshot file (``collect --org``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..assessment import Assessment
from ..rollup import OrgAssessment, RollupBuilder
from ..rollup.model import AccountState, ControlsState
from ..snapshot import Snapshot, save_snapshot
from ..snapshot.org import Organization
from .artefacts import ScanFiles

AssessAccount = Callable[[Snapshot, float], Assessment]
"""Evaluates one account's snapshot (and its collection seconds) into its assessment."""


@dataclass(frozen=True)
class Peak:
    """An account's busiest shard: the most API calls it made within one second, and the
    request budget of its service (rate per second and burst) it ran under.
    """

    shard: str = ""
    requests: int = 0
    budget_rate: float = 0.0
    budget_burst: float = 0.0


@dataclass(frozen=True)
class AccountOutcome:
    """One account, collected: its snapshot and how it went."""

    snapshot: Snapshot
    seconds: float
    state: AccountState
    reason: str
    controls: ControlsState
    peak: Peak = Peak()

    @property
    def account_id(self) -> str:
        """The account."""
        return self.snapshot.accounts[0].account_id


class AccountSink(Protocol):
    """Takes each account as it completes (then the coordinator drops it)."""

    def add(self, outcome: AccountOutcome) -> None:
        """Use one account."""
        ...


@dataclass
class Evaluating:
    """``scan --org``: save the snapshot, evaluate it, save the assessment, and summarise it
    into the roll-up.
    """

    scan_id: str
    organization: Organization
    files: ScanFiles
    assess_account: AssessAccount
    rollup: RollupBuilder = field(init=False)

    def __post_init__(self) -> None:
        self.rollup = RollupBuilder(self.scan_id, self.organization)

    def add(self, outcome: AccountOutcome) -> None:
        """Evaluate one account into the roll-up."""
        assessment = self.assess_account(outcome.snapshot, outcome.seconds)
        path = self.files.save_account(outcome.snapshot, assessment)
        self.rollup.add(
            assessment,
            report=self.files.relative(path),
            controls=outcome.controls,
            state=outcome.state,
            reason=outcome.reason,
            peak=(
                outcome.peak.shard,
                outcome.peak.requests,
                outcome.peak.budget_rate,
                outcome.peak.budget_burst,
            ),
        )

    def result(self, seconds: float) -> OrgAssessment:
        """The organisation's assessment."""
        return self.rollup.build(timings={"scan": seconds})


@dataclass(frozen=True)
class Written:
    """One account's snapshot file, and what it holds."""

    account_id: str
    state: AccountState
    reason: str
    resources: int
    gaps: int
    api_calls: int
    path: Path


@dataclass
class Collecting:
    """``collect --org``: each account's snapshot as ``DIRECTORY/<account>.json.gz``."""

    directory: Path
    written: list[Written] = field(default_factory=list)

    def add(self, outcome: AccountOutcome) -> None:
        """Write one account's snapshot."""
        snapshot = outcome.snapshot
        path = self.directory / f"{outcome.account_id}.json.gz"
        save_snapshot(snapshot, path)
        calls = sum(count.count for count in snapshot.api_calls)
        self.written.append(
            Written(
                outcome.account_id,
                outcome.state,
                outcome.reason,
                len(snapshot.resources),
                len(snapshot.gaps),
                calls,
                path,
            )
        )
