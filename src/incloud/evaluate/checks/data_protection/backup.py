"""AWS Backup coverage of the data stores the account runs."""

from __future__ import annotations

from collections.abc import Iterable

from ....snapshot import Resource
from ....snapshot.backup import (
    BackupPlan,
    BackupRegion,
    BackupSelection,
    BackupVault,
    TagCondition,
)
from ....snapshot.dynamodb import DynamoDbTable
from ....snapshot.ec2 import EbsVolume, Ec2Instance
from ....snapshot.efs import EfsFileSystem
from ....snapshot.rds import DbCluster, DbInstance, EngineCluster
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from ...iam.matching import arn_matches, wildcard_match

STORE_TYPES: tuple[type[Resource], ...] = (
    DbInstance,
    DbCluster,
    EngineCluster,
    DynamoDbTable,
    EfsFileSystem,
    EbsVolume,
)
"""The data stores judged: each needs a backup plan (AWS Backup supports all of them;
``EngineCluster``: Neptune and DocumentDB clusters, listed by the RDS API)."""

Maybe = bool | None
"""Three-valued: None when the answer depends on facts not collected (resource tags)."""

TAG_KEY_PREFIX = "aws:ResourceTag/"


@check(
    id="backup.data-stores-covered",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=BackupRegion,
    requires=("backup:ListBackupPlans",),
)
def data_stores_covered(region: BackupRegion, ctx: Context) -> Outcome:
    """Every data store in the region is assigned to an AWS Backup plan.

    Service-native backups (RDS automated backups, DynamoDB point-in-time recovery) live
    and die with the account and the resource; an AWS Backup plan adds schedules, retention
    and copies to vaults that can be locked or kept in another account. Judged per region,
    because a plan backs up resources in its own region: RDS instances (not Aurora members,
    judged through their cluster, nor read replicas, which AWS Backup cannot back up), DB
    clusters (Aurora, Multi-AZ, Neptune and DocumentDB), DynamoDB tables, EFS file systems
    and EBS volumes (a volume is also covered when its instance is). A selection assigns a
    resource when one of its `Resources` ARN patterns matches, no `NotResources` pattern
    does, and its tag conditions hold (AWS Backup Developer Guide, "Assign resources with AWS
    CLI"; API Reference, `BackupSelection`). incloud does not collect tags of these stores,
    so a verdict that depends on tags is unknown, never a pass; a selection with no resources
    or tags at all assigns everything (service opt-in settings are not read). Security Hub's
    Backup controls and NIST 800-53 CP-9 ask for this.

    Remediation: assign the stores to a plan: `aws backup create-backup-selection
    --backup-plan-id PLAN_ID --backup-selection
    '{"SelectionName":"data-stores","IamRoleArn":"arn:aws:iam::ACCOUNT:role/service-role/AWSBackupDefaultServiceRole","Resources":["arn:aws:rds:*:*:db:*","arn:aws:rds:*:*:cluster:*","arn:aws:dynamodb:*:*:table/*","arn:aws:elasticfilesystem:*:*:file-system/*","arn:aws:ec2:*:*:volume/*"]}'`
    (create the plan first with `aws backup create-backup-plan`); Terraform
    `aws_backup_plan` and `aws_backup_selection`.
    """
    stores = list(_stores(region, ctx))
    unlisted = sorted(
        {
            gap.action
            for model in STORE_TYPES
            for action in model.listed_by
            for gap in ctx.gaps(action)
            if gap.account_id == region.account_id and gap.region in (region.region, "global")
        }
    )
    if not stores:
        if unlisted:
            return unknown("data stores could not be listed", gaps=unlisted)
        return not_applicable("no data stores in this region")
    uncovered: list[Resource] = []
    undetermined: dict[str, str] = {}
    for store in stores:
        covered, why = _coverage(store, region.plans, ctx)
        if covered is False:
            uncovered.append(store)
        elif covered is None:
            undetermined[store.arn] = why
    if uncovered:
        names = ", ".join(s.display_name() for s in uncovered[:5])
        more = f" and {len(uncovered) - 5} more" if len(uncovered) > 5 else ""
        return failed(
            f"{len(uncovered)} of {len(stores)} data store(s) in no backup plan: {names}{more}",
            uncovered=[s.arn for s in uncovered],
            undetermined=undetermined,
            plans=[p.name for p in region.plans],
        )
    if undetermined:
        return unknown(
            f"{len(undetermined)} data store(s) may be in a plan: "
            + "; ".join(sorted(set(undetermined.values()))),
            undetermined=undetermined,
        )
    if unlisted:
        return unknown("every store seen is covered, but some could not be listed", gaps=unlisted)
    return passed(f"all {len(stores)} data store(s) are in a backup plan")


def store_covered(id: str, model: type[Resource], noun: str, fsbp: str) -> None:
    """Register the per-resource twin of ``backup.data-stores-covered`` for one kind of data
    store, for the controls that ask it of that kind alone (FSBP ``fsbp``).
    """
    doc = f"""Each {noun} is assigned to an AWS Backup plan of its region.

    The per-resource form of ``backup.data-stores-covered`` for {noun}s only (Security Hub
    {fsbp}): the same selection rules decide (a selection's `Resources`, `NotResources` and
    tag conditions; a verdict that depends on tags incloud does not collect is unknown).

    Remediation: add the {noun} to a backup selection (`aws backup create-backup-selection
    --backup-plan-id PLAN_ID --backup-selection '{{"SelectionName":"...","IamRoleArn":"...",
    "Resources":["ARN"]}}'`); Terraform `aws_backup_selection`.
    """

    def judge(store: Resource, ctx: Context) -> Outcome:
        if isinstance(store, DbInstance) and (store.cluster_id or store.read_replica_source):
            return not_applicable("cluster member or read replica: judged through its source")
        regions = list(ctx.resources(BackupRegion, store.account_id, store.region))
        if not regions:
            return unknown("AWS Backup was not read in this region")
        covered, why = _coverage(store, regions[0].plans, ctx)
        if covered:
            return passed(f"in backup plan {why}")
        if covered is None:
            return unknown(f"may be in a backup plan: {why}")
        return failed(
            f"in no backup plan of {store.region}", plans=[p.name for p in regions[0].plans]
        )

    check(
        id=id,
        domain=Domain.DATA_PROTECTION,
        severity=Severity.MEDIUM,
        resource=model,
        requires=("backup:ListBackupPlans",),
        name=id.replace(".", "_").replace("-", "_"),
        doc=doc,
    )(judge)


store_covered("ec2.volume-backup-plan", EbsVolume, "EBS volume", "EC2.28")
store_covered("dynamodb.table-backup-plan", DynamoDbTable, "DynamoDB table", "DynamoDB.4")
store_covered(
    "elasticfilesystem.file-system-backup-plan", EfsFileSystem, "EFS file system", "EFS.2"
)
store_covered("rds.instance-backup-plan", DbInstance, "RDS DB instance", "RDS.26")
store_covered("rds.cluster-backup-plan", DbCluster, "RDS DB cluster", "RDS.26")


def _stores(region: BackupRegion, ctx: Context) -> Iterable[Resource]:
    for model in STORE_TYPES:
        for store in ctx.resources(model, region.account_id, region.region):
            if isinstance(store, DbInstance) and (store.cluster_id or store.read_replica_source):
                continue
            yield store


def _instances_by_id(ctx: Context) -> dict[tuple[str, str], Ec2Instance]:
    return {(i.account_id, i.instance_id): i for i in ctx.snapshot.of_type(Ec2Instance)}


def _candidates(store: Resource, ctx: Context) -> list[tuple[str, dict[str, str] | None]]:
    """ARNs whose selection backs ``store`` up, each with its tags (None: not collected)."""
    found: list[tuple[str, dict[str, str] | None]] = [(store.arn, None)]
    if isinstance(store, EbsVolume):
        instances = ctx.analysis(_instances_by_id)
        for instance_id in store.attached_instance_ids:
            instance = instances.get((store.account_id, instance_id))
            if instance is not None:
                found.append((instance.arn, dict(instance.tags)))
    return found


def _coverage(store: Resource, plans: Iterable[BackupPlan], ctx: Context) -> tuple[Maybe, str]:
    maybe: list[str] = []
    for plan in plans:
        if not plan.selections_complete:
            maybe.append(f"plan {plan.name}'s selections could not all be read")
        for selection in plan.selections:
            for arn, tags in _candidates(store, ctx):
                selected = selects(selection, arn, tags)
                if selected:
                    return True, f"{plan.name}/{selection.name}"
                if selected is None:
                    maybe.append(
                        f"plan {plan.name} selection {selection.name} selects by tags, which "
                        "incloud does not collect for this kind of store"
                    )
    if maybe:
        return None, "; ".join(sorted(set(maybe)))
    return False, ""


def selects(selection: BackupSelection, arn: str, tags: dict[str, str] | None) -> Maybe:
    """Whether ``selection`` assigns the resource ``arn`` (with ``tags``, None if unknown).

    ``Resources`` patterns are ORed and ``NotResources`` exclude; ``Conditions`` are ANDed
    and ``ListOfTags`` ORed (API Reference, ``BackupSelection``). How ``ListOfTags``
    combines with ``Resources`` and ``Conditions`` is not stated; both readings (all must
    hold, or either side suffices) are evaluated, and a disagreement is None.
    """
    if any(arn_matches(pattern, arn) for pattern in selection.not_resources):
        return False
    tagged = bool(selection.list_of_tags or selection.conditions)
    if not selection.resources and not tagged:
        return True  # no criteria: every supported resource (API Reference, BackupSelection)
    arn_ok = any(arn_matches(p, arn) for p in selection.resources) if selection.resources else True
    if not tagged:
        return arn_ok
    conditions_ok = _all(_tag_holds(c, tags) for c in selection.conditions)
    if not selection.list_of_tags:
        return _all((arn_ok, conditions_ok))
    listed_ok = _any(_tag_holds(c, tags) for c in selection.list_of_tags)
    narrowed = bool(selection.resources or selection.conditions)
    all_hold = _all((arn_ok, conditions_ok, listed_ok))
    either = _any((_all((narrowed, arn_ok, conditions_ok)), listed_ok))
    return all_hold if all_hold == either else None


def _tag_holds(condition: TagCondition, tags: dict[str, str] | None) -> Maybe:
    """One tag condition on a resource's tags (an absent tag fails the positive operators
    and satisfies the negative ones, as in IAM condition operators).
    """
    if tags is None:
        return None
    value = tags.get(condition.key.removeprefix(TAG_KEY_PREFIX))
    if condition.operator == "StringEquals":
        return value == condition.value
    if condition.operator == "StringNotEquals":
        return value != condition.value
    if condition.operator == "StringLike":
        return value is not None and wildcard_match(condition.value, value)
    if condition.operator == "StringNotLike":
        return value is None or not wildcard_match(condition.value, value)
    return None


def _all(values: Iterable[Maybe]) -> Maybe:
    """Three-valued AND: False wins over None, None over True."""
    seen = list(values)
    if False in seen:
        return False
    return None if None in seen else True


def _any(values: Iterable[Maybe]) -> Maybe:
    """Three-valued OR: True wins over None, None over False."""
    seen = list(values)
    if True in seen:
        return True
    return None if None in seen else False


SHOWN_RECOVERY_POINTS = 10
"""How many unencrypted recovery points a finding lists (the count says the rest)."""


@check(
    id="backup.recovery-points-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=BackupVault,
    requires=("backup:ListRecoveryPointsByBackupVault",),
)
def recovery_points_encrypted(vault: BackupVault, ctx: Context) -> Outcome:
    """Every recovery point in the backup vault is encrypted at rest.

    AWS Backup encrypts what it copies with the vault's key, except for resource types
    whose backups keep the source's encryption (EBS snapshots, RDS snapshots, for example):
    an unencrypted source leaves an unencrypted recovery point, readable by whoever can
    restore or share it (Security Hub Backup.1; AWS Backup Developer Guide, "Encryption for
    backups in AWS Backup").

    Remediation: encrypt the source (copy the snapshot or volume with a KMS key), take a new
    backup, then delete the unencrypted recovery point with `aws backup
    delete-recovery-point --backup-vault-name NAME --recovery-point-arn ARN`; copy jobs into
    a vault with its own key (`aws backup start-copy-job`) also produce encrypted copies.
    Terraform: `kms_key_arn` on `aws_backup_vault`, `storage_encrypted = true` or
    `encrypted = true` on the sources.
    """
    if vault.recovery_points is None:
        return unknown("the vault's recovery points were not read")
    if not vault.unencrypted:
        return passed(
            f"{vault.recovery_points} recovery point(s), all encrypted",
            recovery_points=vault.recovery_points,
        )
    return failed(
        f"{len(vault.unencrypted)} of {vault.recovery_points} recovery point(s) unencrypted",
        unencrypted=list(vault.unencrypted[:SHOWN_RECOVERY_POINTS]),
        unencrypted_count=len(vault.unencrypted),
    )
