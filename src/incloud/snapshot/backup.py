"""AWS Backup: the backup plans of each region and the resources their selections assign,
and the backup vaults with the encryption of their recovery points.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class TagCondition(Frozen):
    """One tag condition of a selection: ``operator`` is ``StringEquals``, ``StringLike``,
    ``StringNotEquals`` or ``StringNotLike``; ``key`` as the API gives it (``backup`` or
    ``aws:ResourceTag/backup``).
    """

    operator: str
    key: str
    value: str


class BackupSelection(Frozen):
    """A resource assignment of a plan (``GetBackupSelection``), as AWS Backup defines it:
    ``resources`` and ``not_resources`` are ARN patterns (``*`` wildcards); ``list_of_tags``
    is the older tag filter (any one matching), ``conditions`` the newer one (all matching).
    """

    selection_id: str
    name: str
    resources: tuple[str, ...] = ()
    not_resources: tuple[str, ...] = ()
    list_of_tags: tuple[TagCondition, ...] = ()
    conditions: tuple[TagCondition, ...] = ()


class BackupPlan(Frozen):
    """A backup plan and its selections. ``selections_complete`` is False when a selection
    list or a selection could not be read (a gap names the plan).
    """

    plan_id: str
    name: str
    arn: str
    selections: tuple[BackupSelection, ...] = ()
    selections_complete: bool = True


class BackupRegion(Resource):
    """AWS Backup in one region of one account (a settings resource: present in every
    scanned region). A plan backs up resources in its own region only.
    """

    kind: Literal["backup.region"] = "backup.region"
    plans: tuple[BackupPlan, ...] = ()

    service: ClassVar[str] = "backup"

    def in_use(self) -> bool:
        """A backup plan shows the customer uses AWS Backup."""
        return bool(self.plans)


class BackupVault(Resource):
    """A backup vault and what its recovery points say of their encryption
    (``ListRecoveryPointsByBackupVault``'s ``IsEncrypted``).

    ``recovery_points`` is None when the recovery points were not read whole (a gap names
    the vault); ``unencrypted`` holds the ARNs of the recovery points stored unencrypted.
    """

    kind: Literal["backup.vault"] = "backup.vault"
    recovery_points: int | None = None
    unencrypted: tuple[str, ...] = ()

    service: ClassVar[str] = "backup"
    listed_by: ClassVar[tuple[str, ...]] = ("backup:ListBackupVaults",)
