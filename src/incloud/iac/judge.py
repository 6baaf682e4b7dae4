"""Verdicts that hang on what deploy decides: evaluation again with each other way an
undecided field may go; a finding whose verdict changes is ``unknown``, with the reason.
A verdict every way agrees on stands: it is not a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..evaluate.check import Check, Verdict, all_checks
from ..evaluate.engine import evaluate
from ..evaluate.finding import Finding
from ..evaluate.settings import Settings
from ..snapshot import Resource, Snapshot
from .assembly import NOT_KNOWN, Undecided
from .source import Source


def open_verdicts(
    snapshot: Snapshot,
    undecided: Sequence[Undecided],
    checks: Iterable[Check[Any]],
    settings: Settings | None,
    base: Iterable[Finding],
) -> dict[str, str]:
    """The uids of findings (of ``base``, the evaluation of ``snapshot``) whose verdict
    changes with an undecided field, and why.
    """
    selected = list(checks)
    verdicts = {f.uid: f.verdict for f in base}
    found: dict[str, str] = {}
    for item in undecided:
        for way in item.alternatives:
            variant = _variant(snapshot, item, way)
            for finding in evaluate(variant, selected, settings).findings:
                if verdicts.get(finding.uid, finding.verdict) is not finding.verdict:
                    found.setdefault(finding.uid, item.reason)
    return found


def _variant(snapshot: Snapshot, item: Undecided, way: tuple[Any, ...]) -> Snapshot:
    changes: dict[str, dict[str, Any]] = {}
    for (arn, name), value in zip(item.fields, way, strict=True):
        changes.setdefault(arn, {})[name] = value
    resources: list[Resource] = [
        r.model_copy(update=changes[r.arn]) if r.arn in changes else r for r in snapshot.resources
    ]
    # a new instance: a copy would carry the original's cached indexes
    return Snapshot.model_construct(**{**dict(snapshot), "resources": tuple(resources)})


def settle(
    findings: Iterable[Finding],
    open_uids: dict[str, str],
    sources: dict[str, Source],
    *,
    only_sources: bool,
    settings: Settings | None = None,
) -> tuple[Finding, ...]:
    """``findings`` as ``incloud iac`` reports them: open verdicts ``unknown`` with their
    reason, each resource named with its place in the files; with ``only_sources`` (a
    context snapshot was merged) only the files' resources, and the inventories the files
    left incomplete.
    """
    kept: list[Finding] = []
    for finding in findings:
        source = sources.get(finding.resource)
        if only_sources and source is None and NOT_KNOWN not in finding.reason:
            continue
        update: dict[str, Any] = {}
        if source is not None:
            update["resource_name"] = f"{finding.resource_name} ({source.describe()})"
        reason = open_uids.get(finding.uid)
        if reason is not None and finding.verdict is not Verdict.UNKNOWN:
            update["verdict"] = Verdict.UNKNOWN
            update["remediation"] = all_checks()[finding.check_id].section("Remediation", settings)
            update["reason"] = (
                f"depends on what deploy decides ({finding.verdict.value} one way): {reason}"
            )
        kept.append(finding.model_copy(update=update) if update else finding)
    return tuple(kept)
