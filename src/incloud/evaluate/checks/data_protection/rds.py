"""RDS and Aurora data protection: encryption at rest, snapshots, backups, deletion,
Multi-AZ, tags on snapshots, backtracking.
"""

from __future__ import annotations

from ....snapshot.rds import DbCluster, DbInstance, DbSnapshot
from ...check import (
    Domain,
    Outcome,
    Severity,
    check,
    failed,
    not_applicable,
    passed,
    unknown,
)
from ...context import Context
from .._databases import cluster_member, only_engines
from ..factories import flag_check, setting_check

instance_storage_encrypted = flag_check(
    id="rds.instance-storage-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=DbInstance,
    is_ok=lambda db: db.storage_encrypted,
    ok="storage is encrypted",
    bad="storage is not encrypted at rest (nor are its backups and snapshots)",
    doc="""RDS DB instances encrypt their storage.

    Encryption covers the storage, automated backups, read replicas and snapshots; it can
    only be chosen at creation.

    Remediation: snapshot the instance, copy the snapshot with a KMS key
    (`aws rds copy-db-snapshot --kms-key-id ...`), restore from the encrypted copy and
    switch over. Terraform: `storage_encrypted = true`.
    """,
)


@check(
    id="rds.snapshot-not-public",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.CRITICAL,
    resource=DbSnapshot,
    requires=("rds:DescribeDBSnapshotAttributes", "rds:DescribeDBClusterSnapshotAttributes"),
)
def snapshot_not_public(snapshot: DbSnapshot, ctx: Context) -> Outcome:
    """Manual DB and cluster snapshots are not restorable by everyone.

    A snapshot whose `restore` attribute holds `all` can be restored by any AWS account,
    which then owns a full copy of the database. Only unencrypted snapshots (or ones under a
    key others may use) can be shared this way, so this usually means data in clear.

    Remediation: `aws rds modify-db-snapshot-attribute --db-snapshot-identifier ID
    --attribute-name restore --values-to-remove all` (cluster snapshots:
    `modify-db-cluster-snapshot-attribute`); share with named accounts instead.
    """
    if snapshot.public is None:
        return unknown("the snapshot's restore attribute was not read")
    kind = "cluster snapshot" if snapshot.cluster_snapshot else "snapshot"
    if snapshot.public:
        return failed(
            f"{kind} is public: any AWS account can restore it",
            encrypted=snapshot.encrypted,
            source=snapshot.source_id,
        )
    return passed(f"{kind} is private", shared_with=list(snapshot.shared_with))


snapshot_encrypted = flag_check(
    id="rds.snapshot-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DbSnapshot,
    is_ok=lambda s: s.encrypted,
    ok="snapshot is encrypted",
    bad="snapshot is not encrypted: whoever can restore it reads the data in clear",
    doc="""Manual DB and cluster snapshots are encrypted.

    A snapshot outlives the database it came from; unencrypted, it can be shared or made
    public and restored anywhere without any key.

    Remediation: `aws rds copy-db-snapshot --source-db-snapshot-identifier ID
    --target-db-snapshot-identifier ID-encrypted --kms-key-id KEY`
    (`copy-db-cluster-snapshot` for clusters), then delete the unencrypted copy; encrypt the
    source database so future snapshots are encrypted.
    """,
)


@check(
    id="rds.instance-backup-retention",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DbInstance,
)
def instance_backup_retention(db: DbInstance, ctx: Context) -> Outcome:
    """DB instances keep automated backups for at least {rds_backup_retention_days} days.

    Automated backups allow restoring to any second within the retention period; at the
    default of 1 day (or 0, which turns backups off) a problem noticed after a weekend
    cannot be undone. Cluster members are judged on their cluster, and read replicas on
    their source. The minimum is the setting `rds_backup_retention_days`.

    Remediation: `aws rds modify-db-instance --db-instance-identifier ID
    --backup-retention-period {rds_backup_retention_days} --apply-immediately`; Terraform
    `backup_retention_period`.
    """
    if db.cluster_id:
        return not_applicable(f"member of cluster {db.cluster_id}: the cluster keeps backups")
    if db.read_replica_source:
        return not_applicable(f"read replica of {db.read_replica_source}: judged on its source")
    return _retention(db.backup_retention_days, ctx)


@check(
    id="rds.cluster-backup-retention",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DbCluster,
)
def cluster_backup_retention(cluster: DbCluster, ctx: Context) -> Outcome:
    """DB clusters keep automated backups for at least {rds_backup_retention_days} days.

    Aurora and Multi-AZ DB clusters keep continuous backups for their retention period
    (1 to 35 days); a short period leaves little time to notice and undo damage. The minimum
    is the setting `rds_backup_retention_days`.

    Remediation: `aws rds modify-db-cluster --db-cluster-identifier ID
    --backup-retention-period {rds_backup_retention_days} --apply-immediately`; Terraform
    `backup_retention_period`.
    """
    return _retention(cluster.backup_retention_days, ctx)


def _retention(days: int, ctx: Context) -> Outcome:
    minimum = ctx.settings.rds_backup_retention_days
    if days == 0:
        return failed(
            "automated backups are off (retention 0 days)", retention_days=0, minimum_days=minimum
        )
    if days < minimum:
        return failed(
            f"backups kept {days} day(s), fewer than {minimum}",
            retention_days=days,
            minimum_days=minimum,
        )
    return passed(
        f"backups kept {days} days (at least {minimum})", retention_days=days, minimum_days=minimum
    )


@check(
    id="rds.instance-deletion-protection",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=DbInstance,
)
def instance_deletion_protection(db: DbInstance, ctx: Context) -> Outcome:
    """DB instances have deletion protection on.

    Deletion protection makes a delete call fail until someone deliberately turns it off,
    which stops a mistaken script, console click or stolen credential from deleting the
    database. Aurora members are judged on their cluster, which holds the setting.

    Remediation: `aws rds modify-db-instance --db-instance-identifier ID
    --deletion-protection --apply-immediately`; Terraform `deletion_protection = true`.
    """
    if db.cluster_id:
        return not_applicable(f"member of cluster {db.cluster_id}: protection is the cluster's")
    if db.deletion_protection:
        return passed("deletion protection on")
    return failed("deletion protection off: one API call deletes the instance")


cluster_deletion_protection = flag_check(
    id="rds.cluster-deletion-protection",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=DbCluster,
    is_ok=lambda c: c.deletion_protection,
    ok="deletion protection on",
    bad="deletion protection off: one API call deletes the cluster",
    doc="""DB clusters have deletion protection on.

    Deletion protection makes a delete call fail until someone deliberately turns it off;
    without it, deleting an Aurora cluster takes all its instances with it.

    Remediation: `aws rds modify-db-cluster --db-cluster-identifier ID
    --deletion-protection --apply-immediately`; Terraform `deletion_protection = true`.
    """,
)


instance_multi_az = setting_check(
    id="rds.instance-multi-az",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DbInstance,
    setting="multi_az",
    value=lambda db: db.multi_az,
    is_ok=bool,
    ok="Multi-AZ: a standby in another Availability Zone takes over on failure",
    bad="single-AZ: an Availability Zone outage or host failure stops the database",
    exempt=cluster_member,
    doc="""DB instances run in multiple Availability Zones.

    A Multi-AZ deployment keeps a synchronous standby in a second Availability Zone and
    fails over to it automatically, so a zone outage or a host failure costs a minute, not
    the database (RDS User Guide, "Configuring and managing a Multi-AZ deployment"; Security
    Hub RDS.5). Aurora members are judged on their cluster.

    Remediation: `aws rds modify-db-instance --db-instance-identifier ID --multi-az
    --apply-immediately`; Terraform `multi_az = true` on `aws_db_instance`.
    """,
)


cluster_multi_az = setting_check(
    id="rds.cluster-multi-az",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DbCluster,
    setting="multi_az",
    value=lambda c: c.multi_az,
    is_ok=bool,
    ok="instances in several Availability Zones",
    bad="every instance in one Availability Zone: a zone outage stops the cluster",
    doc="""DB clusters have instances in multiple Availability Zones.

    Aurora stores data in three zones whatever the cluster, but a cluster whose instances
    all sit in one zone has nothing to fail over to when that zone fails; `MultiAZ` is true
    once readers run in other zones (RDS User Guide, "High availability for Amazon Aurora";
    Security Hub RDS.15).

    Remediation: add a reader in another Availability Zone (`aws rds create-db-instance
    --db-cluster-identifier ID --db-instance-identifier ID-reader --engine ENGINE
    --db-instance-class CLASS --availability-zone ZONE`); Terraform: an
    `aws_rds_cluster_instance` per zone, with `availability_zones` on `aws_rds_cluster`.
    """,
)


instance_copy_tags_to_snapshot = setting_check(
    id="rds.instance-copy-tags-to-snapshot",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=DbInstance,
    setting="copy_tags_to_snapshot",
    value=lambda db: db.copy_tags_to_snapshot,
    is_ok=bool,
    ok="snapshots inherit the instance's tags",
    bad="snapshots are taken without the instance's tags",
    exempt=cluster_member,
    doc="""DB instances copy their tags to their snapshots.

    Tags carry the owner, data classification and the keys of tag-based access policies and
    backup plans; a snapshot taken without them escapes all three (RDS User Guide, "Copying
    tags to DB instance snapshots"; Security Hub RDS.17). Aurora members are judged on their
    cluster.

    Remediation: `aws rds modify-db-instance --db-instance-identifier ID
    --copy-tags-to-snapshot --apply-immediately`; Terraform `copy_tags_to_snapshot = true`
    on `aws_db_instance`.
    """,
)


cluster_copy_tags_to_snapshot = setting_check(
    id="rds.cluster-copy-tags-to-snapshot",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=DbCluster,
    setting="copy_tags_to_snapshot",
    value=lambda c: c.copy_tags_to_snapshot,
    is_ok=bool,
    ok="snapshots inherit the cluster's tags",
    bad="snapshots are taken without the cluster's tags",
    doc="""DB clusters copy their tags to their snapshots.

    A cluster snapshot without the cluster's tags escapes tag-based access policies, backup
    selections and ownership reports (RDS User Guide, "Tagging Amazon RDS resources";
    Security Hub RDS.16).

    Remediation: `aws rds modify-db-cluster --db-cluster-identifier ID
    --copy-tags-to-snapshot --apply-immediately`; Terraform `copy_tags_to_snapshot = true`
    on `aws_rds_cluster`.
    """,
)


cluster_storage_encrypted = setting_check(
    id="rds.cluster-storage-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=DbCluster,
    setting="storage_encrypted",
    value=lambda c: c.storage_encrypted,
    is_ok=bool,
    ok="storage is encrypted",
    bad="storage is not encrypted at rest (nor are its backups and snapshots)",
    doc="""DB clusters encrypt their storage.

    Encryption covers the cluster volume, its automated backups, snapshots and replicas; it
    can only be chosen at creation (RDS User Guide, "Encrypting Amazon Aurora resources";
    Security Hub RDS.27).

    Remediation: snapshot the cluster, restore the snapshot with a KMS key
    (`aws rds restore-db-cluster-from-snapshot --kms-key-id KEY ...`) and switch over.
    Terraform: `storage_encrypted = true` (and `kms_key_id`) on `aws_rds_cluster`.
    """,
)


cluster_backtracking = setting_check(
    id="rds.cluster-backtracking",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DbCluster,
    setting="backtrack_window_seconds",
    value=lambda c: c.backtrack_window,
    is_ok=lambda seconds: seconds > 0,
    ok="backtracking on ({value} s window)",
    bad="backtracking off: undoing a bad write needs a full restore",
    exempt=only_engines("aurora-mysql"),
    doc="""Aurora MySQL clusters have backtracking on.

    Backtracking rewinds the cluster in place to a point in its window within minutes,
    without restoring to a new cluster, which undoes a mistaken `DELETE` or a bad migration
    quickly (Aurora User Guide, "Backtracking an Aurora DB cluster"; Security Hub RDS.14).
    Only Aurora MySQL offers it.

    Remediation: `aws rds modify-db-cluster --db-cluster-identifier ID --backtrack-window
    86400 --apply-immediately` (clusters created before backtracking was on must be restored
    from a snapshot with it on); Terraform `backtrack_window` on `aws_rds_cluster`.
    """,
)
