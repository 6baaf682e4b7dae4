"""What one export sends to Security Hub, decided from the report and the findings already
there (pure: no AWS call).

* **Current**: every finding of the caller's account that fails or is unknown is imported
  (muted ones SUPPRESSED, with their mutelist entry), created or updated in place by its
  stable ``Id``. Passing and not-applicable findings that were never exported are not sent.
* **Resolutions**: a finding Security Hub holds (ACTIVE, ours) whose check now passes is
  imported again with ``Compliance.Status`` PASSED; one that no longer applies with
  NOT_AVAILABLE and ``RecordState`` ARCHIVED; one the report no longer has at all (the
  resource is gone) with NOT_AVAILABLE and ARCHIVED, as Security Hub does for its own control
  findings on deleted resources (User Guide, "Evaluating compliance status and control
  status"). Only findings the report could have seen are resolved: their check ran, and their
  region was scanned (or is ``global``).
* **Workflow**: ``BatchImportFindings`` cannot change ``Workflow`` (nor ``Note``,
  ``UserDefinedFields``, ``VerificationState``) of a finding that exists, and providers should
  not change its top-level ``Severity`` or ``Types`` (API Reference, BatchImportFindings), so
  updates leave those out (``FindingProviderFields`` carries severity and types). Workflow
  changes are separate ``BatchUpdateFindings`` requests: RESOLVED for a resolved finding, and
  SUPPRESSED for a newly muted one, each only while the finding's status is NEW or NOTIFIED
  (a status someone set by hand is left alone); NEW again for a failing finding incloud
  suppressed for a mutelist entry that no longer silences it (expired or removed: mutes fail
  closed, in Security Hub too).
* **Time**: ``UpdatedAt`` is the report's collection time. A finding Security Hub holds from a
  newer scan is left alone (counted as ``newer``): an older report never undoes a newer one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..assessment import Assessment
from ..evaluate.check import Verdict
from ..evaluate.finding import Finding
from ..report.asff import (
    GENERATOR_PREFIX,
    MUTELIST_AUTHOR,
    NOTE_MAX,
    REASON_MAX,
    asff_finding,
    cut,
    mute_note,
    product_arn,
    timestamp,
)
from ..snapshot import GLOBAL, Account

OPEN = frozenset({"NEW", "NOTIFIED"})
"""Workflow statuses incloud may change: nobody has decided anything about the finding yet."""

ACTIVE_VERDICTS = (Verdict.FAIL, Verdict.UNKNOWN)
"""Verdicts exported as current findings."""

NOT_UPDATABLE = ("Workflow", "Note", "UserDefinedFields", "VerificationState", "Severity", "Types")
"""Left out of an update of an existing finding (see the module's docstring)."""

KEPT_WHEN_GONE = (
    "SchemaVersion",
    "Id",
    "ProductArn",
    "GeneratorId",
    "AwsAccountId",
    "CreatedAt",
    "FirstObservedAt",
    "LastObservedAt",
    "Title",
    "Description",
    "Resources",
    "Remediation",
    "FindingProviderFields",
)
"""What an archiving update copies from the finding Security Hub holds."""


@dataclass(frozen=True)
class Target:
    """Where findings go: the calling account, its partition, and the Security Hub region."""

    account: str
    partition: str
    region: str

    @property
    def product_arn(self) -> str:
        """The account's default product ARN in the region (its custom integration)."""
        return product_arn(self.partition, self.region, self.account)


@dataclass(frozen=True)
class Earlier:
    """A finding Security Hub already holds, as ``GetFindings`` returned it."""

    document: dict[str, Any]

    @property
    def id(self) -> str:
        """Its ``Id`` (an incloud uid)."""
        return str(self.document["Id"])

    @property
    def workflow(self) -> str:
        """Its ``Workflow.Status`` (NEW when absent, as Security Hub starts it)."""
        workflow = self.document.get("Workflow")
        status = workflow.get("Status") if isinstance(workflow, dict) else None
        return status if isinstance(status, str) else "NEW"

    @property
    def compliance(self) -> str:
        """Its ``Compliance.Status`` ("" when absent)."""
        compliance = self.document.get("Compliance")
        status = compliance.get("Status") if isinstance(compliance, dict) else None
        return status if isinstance(status, str) else ""

    @property
    def updated_at(self) -> datetime | None:
        """Its ``UpdatedAt``; None when it cannot be read."""
        return _moment(self.document.get("UpdatedAt"))

    @property
    def suppressed_by_mutelist(self) -> bool:
        """True when it is SUPPRESSED by incloud for a mutelist entry (its note is still
        incloud's): a status a person set is never theirs to reopen.
        """
        note = self.document.get("Note")
        author = note.get("UpdatedBy") if isinstance(note, dict) else None
        return self.workflow == "SUPPRESSED" and author == MUTELIST_AUTHOR

    @property
    def check_id(self) -> str:
        """The incloud check that made it (from ``GeneratorId``)."""
        return str(self.document.get("GeneratorId", "")).removeprefix(GENERATOR_PREFIX)

    @property
    def region(self) -> str:
        """The region incloud gave the finding (``global`` for a global resource)."""
        fields = self.document.get("ProductFields")
        region = fields.get("incloud/region") if isinstance(fields, dict) else None
        if isinstance(region, str):
            return region
        resources = self.document.get("Resources")
        first = resources[0] if isinstance(resources, list) and resources else {}
        return str(first.get("Region", "")) if isinstance(first, dict) else ""


@dataclass(frozen=True)
class WorkflowChange:
    """One ``BatchUpdateFindings`` change: a finding's new workflow status and why."""

    id: str
    product_arn: str
    status: str
    note: str
    author: str = "incloud"
    """The note's ``UpdatedBy``."""


@dataclass(frozen=True)
class Plan:
    """What to send, in order: imports (current findings, then resolutions), then workflow."""

    current: tuple[dict[str, Any], ...]
    resolutions: tuple[dict[str, Any], ...]
    workflow: tuple[WorkflowChange, ...]
    other_accounts: int
    """Findings of accounts other than the caller's: Security Hub takes only the caller's."""
    newer: int
    """Findings Security Hub holds from a newer scan than the report, left alone."""


def earlier_findings(found: Iterable[Any], target: Target) -> dict[str, Earlier]:
    """The active incloud findings of ``target``'s account and product among ``found``.

    ``GetFindings`` is asked for exactly these; they are checked again here, so an endpoint
    that ignores filters (moto does) or answers items of the wrong shape changes nothing.
    """
    earlier: dict[str, Earlier] = {}
    for item in found:
        if (
            isinstance(item, dict)
            and isinstance(item.get("Id"), str)
            and item.get("ProductArn") == target.product_arn
            and item.get("AwsAccountId") == target.account
            and str(item.get("GeneratorId", "")).startswith(GENERATOR_PREFIX)
            and item.get("RecordState", "ACTIVE") == "ACTIVE"
        ):
            earlier[item["Id"]] = Earlier(item)
    return earlier


def plan(assessment: Assessment, target: Target, earlier: Mapping[str, Earlier]) -> Plan:
    """What to import and which workflow statuses to change (see the module's docstring)."""
    when = _aware(assessment.collected_at)
    account = next(
        (a for a in assessment.accounts if a.account_id == target.account),
        Account(account_id=target.account, partition=target.partition),
    )
    mine = [f for f in assessment.findings if f.account == target.account]
    current: list[dict[str, Any]] = []
    resolutions: list[dict[str, Any]] = []
    workflow: list[WorkflowChange] = []
    newer = 0
    for finding in mine:
        old = earlier.get(finding.uid)
        if old is not None and _after(old.updated_at, when):
            newer += 1
            continue
        active = finding.verdict in ACTIVE_VERDICTS
        if not active and (old is None or not _needs_resolving(old, finding, when)):
            continue
        document = asff_finding(
            finding,
            account,
            collected_at=when,
            version=assessment.incloud_version,
            region=target.region,
        )
        if old is not None:
            document = _as_update(document, old)
        (current if active else resolutions).append(document)
        change = _workflow_change(finding, old, active, when)
        if change is not None:
            workflow.append(change)
    seen = {f.uid for f in mine}
    judged = set(assessment.checks_run)
    for old in earlier.values():
        if old.id in seen or old.check_id not in judged:
            continue
        if old.region not in (GLOBAL, "") and old.region not in account.regions:
            continue
        if _after(old.updated_at, when):
            newer += 1
            continue
        if old.updated_at is not None and old.updated_at == when:
            continue
        resolutions.append(_gone(old, when))
        if old.workflow in OPEN:
            note = f"incloud: not found in the scan collected at {timestamp(when)}"
            workflow.append(WorkflowChange(old.id, target.product_arn, "RESOLVED", note))
    return Plan(
        current=tuple(current),
        resolutions=tuple(resolutions),
        workflow=tuple(workflow),
        other_accounts=len(assessment.findings) - len(mine),
        newer=newer,
    )


def _needs_resolving(old: Earlier, finding: Finding, when: datetime) -> bool:
    """True unless Security Hub already shows ``finding``'s pass (or the same report sent it)."""
    if old.updated_at is not None and old.updated_at >= when:
        return False
    if finding.verdict is Verdict.PASS:
        return old.compliance != "PASSED" or old.workflow in OPEN
    return True


def _workflow_change(
    finding: Finding, old: Earlier | None, active: bool, when: datetime
) -> WorkflowChange | None:
    if old is None:
        return None
    arn = str(old.document["ProductArn"])
    if active and finding.muted is None and old.suppressed_by_mutelist:
        note = (
            "incloud: no mutelist entry silences this finding any more (expired or removed) "
            f"in the scan collected at {timestamp(when)}"
        )
        return WorkflowChange(old.id, arn, "NEW", note)
    if old.workflow not in OPEN:
        return None
    if not active:
        verdict = "passes" if finding.verdict is Verdict.PASS else "no longer applies"
        note = f"incloud: {verdict} in the scan collected at {timestamp(when)}"
        return WorkflowChange(old.id, arn, "RESOLVED", note)
    if finding.muted is not None:
        note = cut(mute_note(finding), NOTE_MAX)
        return WorkflowChange(old.id, arn, "SUPPRESSED", note, MUTELIST_AUTHOR)
    return None


def _as_update(document: dict[str, Any], old: Earlier) -> dict[str, Any]:
    """``document`` as an update of ``old``: what providers may not update left out, and
    when it was first seen kept.
    """
    update = {key: value for key, value in document.items() if key not in NOT_UPDATABLE}
    for key in ("CreatedAt", "FirstObservedAt"):
        if isinstance(old.document.get(key), str):
            update[key] = old.document[key]
    return update


def _gone(old: Earlier, when: datetime) -> dict[str, Any]:
    """An update archiving ``old``, whose resource the report no longer has."""
    update = {key: old.document[key] for key in KEPT_WHEN_GONE if key in old.document}
    fields = old.document.get("ProductFields")
    if isinstance(fields, dict):  # Security Hub adds its own "aws/..." fields; not ours to send
        kept = {k: v for k, v in fields.items() if isinstance(k, str) and not k.startswith("aws/")}
        update["ProductFields"] = kept | {"incloud/verdict": "absent"}
    reason = (
        f"Not reported by the incloud scan collected at {timestamp(when)}: the resource is "
        "gone, or the check no longer judges it."
    )
    update |= {
        "UpdatedAt": timestamp(when),
        "RecordState": "ARCHIVED",
        "Compliance": {
            "Status": "NOT_AVAILABLE",
            "StatusReasons": [
                {"ReasonCode": "RESOURCE_NOT_FOUND", "Description": cut(reason, REASON_MAX)}
            ],
        },
    }
    return update


def _after(moment: datetime | None, when: datetime) -> bool:
    return moment is not None and moment > when


def _aware(moment: datetime) -> datetime:
    """``moment`` with a time zone: a naive time is UTC, as :func:`..report.asff.timestamp`
    writes it.
    """
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
