"""AWS Backup collector: the region's backup plans and the resource selections of each.

``ListBackupPlans`` lists the plans; ``ListBackupSelections`` the selections of a plan, and
``GetBackupSelection`` each selection's ARNs and tag conditions (AWS Backup API Reference).
A failed selection read marks the plan incomplete (and records a gap naming the plan).
Vaults: ``ListBackupVaults``, then ``ListRecoveryPointsByBackupVault`` per vault (paginated;
no read covers several vaults) for each recovery point's ``IsEncrypted``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.backup import (
    BackupPlan,
    BackupRegion,
    BackupSelection,
    BackupVault,
    TagCondition,
)
from ..registry import collector
from ..unit import Unit

CONDITION_OPERATORS = ("StringEquals", "StringLike", "StringNotEquals", "StringNotLike")
"""The operators of a selection's ``Conditions`` (AWS Backup API Reference, ``Conditions``)."""


@collector(
    service="backup",
    scope="regional",
    operations=(
        "backup:ListBackupPlans",
        "backup:ListBackupSelections",
        "backup:GetBackupSelection",
        "backup:ListBackupVaults",
        "backup:ListRecoveryPointsByBackupVault",
    ),
)
def collect_backup(unit: Unit) -> Iterator[Resource]:
    """One settings resource per region, with every plan and its selections."""
    listed = unit.pages("list_backup_plans", "BackupPlansList")
    plans = unit.fan_out(lambda raw: _plan(unit, raw), listed)
    yield BackupRegion(
        arn=unit.arn(f"account/{unit.account_id}"),
        name=unit.region,
        account_id=unit.account_id,
        region=unit.region,
        plans=tuple(plans),
    )
    vaults = unit.pages("list_backup_vaults", "BackupVaultList")
    yield from unit.fan_out(lambda raw: _vault(unit, raw), vaults)


def _vault(unit: Unit, raw: dict[str, Any]) -> BackupVault:
    # BackupVaultName is optional in botocore's model but identifies the vault: AWS omits it
    # only in a malformed answer (a CollectorError gap).
    name = raw["BackupVaultName"]
    arn = raw.get("BackupVaultArn") or unit.arn(f"backup-vault:{name}")
    points = _recovery_points(unit, name, arn)
    return BackupVault(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        recovery_points=None if points is None else len(points),
        unencrypted=tuple(
            str(p.get("RecoveryPointArn", ""))
            for p in points or ()
            if p.get("IsEncrypted") is False
        ),
    )


def _recovery_points(unit: Unit, name: str, arn: str) -> list[dict[str, Any]] | None:
    """Every recovery point of the vault, or None when they could not be read whole.

    A point whose ``IsEncrypted`` is missing cannot be judged: the read is then malformed.
    """
    found: list[dict[str, Any]] = []
    token: dict[str, str] = {}
    while True:
        page = unit.call(
            "list_recovery_points_by_backup_vault", resource_arn=arn, BackupVaultName=name, **token
        )
        if page is None:
            return None
        points = page.get("RecoveryPoints", [])
        if any("IsEncrypted" not in p for p in points):
            unit.malformed(
                "list_recovery_points_by_backup_vault",
                "a recovery point has no IsEncrypted",
                resource_arn=arn,
            )
            return None
        found.extend(points)
        if not page.get("NextToken"):
            return found
        token = {"NextToken": page["NextToken"]}


def _plan(unit: Unit, raw: dict[str, Any]) -> BackupPlan:
    # BackupPlanId (and a selection's SelectionId) are optional in botocore's model but
    # identify them: AWS omits them only in a malformed answer (a CollectorError gap).
    plan_id = raw["BackupPlanId"]
    arn = raw.get("BackupPlanArn") or unit.arn(f"backup-plan:{plan_id}")
    ids = _selection_ids(unit, plan_id, arn)
    selections = []
    for selection_id in ids or []:
        answer = unit.call(
            "get_backup_selection",
            resource_arn=arn,
            BackupPlanId=plan_id,
            SelectionId=selection_id,
        )
        if answer is not None:
            selections.append(_selection(selection_id, answer.get("BackupSelection", {})))
    return BackupPlan(
        plan_id=plan_id,
        name=raw.get("BackupPlanName", plan_id),
        arn=arn,
        selections=tuple(selections),
        selections_complete=ids is not None and len(selections) == len(ids),
    )


def _selection_ids(unit: Unit, plan_id: str, arn: str) -> list[str] | None:
    """Every selection id of the plan, or None when the list could not be read whole."""
    found: list[str] = []
    token: dict[str, str] = {}
    while True:
        page = unit.call("list_backup_selections", resource_arn=arn, BackupPlanId=plan_id, **token)
        if page is None:
            return None
        found.extend(s["SelectionId"] for s in page.get("BackupSelectionsList", []))
        if not page.get("NextToken"):
            return found
        token = {"NextToken": page["NextToken"]}


def _selection(selection_id: str, raw: dict[str, Any]) -> BackupSelection:
    conditions = raw.get("Conditions") or {}
    return BackupSelection(
        selection_id=selection_id,
        name=raw.get("SelectionName", selection_id),
        resources=tuple(raw.get("Resources") or ()),
        not_resources=tuple(raw.get("NotResources") or ()),
        list_of_tags=tuple(
            TagCondition(
                operator="StringEquals",
                key=t.get("ConditionKey", ""),
                value=t.get("ConditionValue", ""),
            )
            for t in raw.get("ListOfTags") or ()
        ),
        conditions=tuple(
            TagCondition(
                operator=op, key=c.get("ConditionKey", ""), value=c.get("ConditionValue", "")
            )
            for op in CONDITION_OPERATORS
            for c in conditions.get(op) or ()
        ),
    )
