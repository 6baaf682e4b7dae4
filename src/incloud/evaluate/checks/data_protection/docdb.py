"""Amazon DocumentDB data protection: encryption at rest, backups, deletion protection and
public cluster snapshots (Security Hub DocumentDB.1, 2, 3, 5).
"""

from __future__ import annotations

from ....snapshot.docdb import DocDbCluster, DocDbClusterSnapshot
from ...check import Domain, Severity
from .._databases import retention_check
from ..factories import setting_check

cluster_storage_encrypted = setting_check(
    id="docdb.cluster-storage-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DocDbCluster,
    setting="storage_encrypted",
    value=lambda c: c.storage_encrypted,
    is_ok=bool,
    ok="storage is encrypted",
    bad="storage is not encrypted at rest (nor are its backups, replicas and snapshots)",
    doc="""DocumentDB clusters encrypt their storage.

    Encryption at rest covers the cluster volume, its backups, snapshots and replicas, and is
    chosen only when the cluster is created (DocumentDB Developer Guide, "Encrypting Amazon
    DocumentDB data at rest"; Security Hub DocumentDB.1).

    Remediation: snapshot the cluster and restore it into a new, encrypted cluster (`aws
    docdb restore-db-cluster-from-snapshot --db-cluster-identifier NEW --snapshot-identifier
    SNAP --engine docdb --kms-key-id KEY`), then move clients; Terraform
    `storage_encrypted = true` (and `kms_key_id`) on `aws_docdb_cluster`.
    """,
)


cluster_backup_retention = retention_check(
    id="docdb.cluster-backup-retention",
    resource=DocDbCluster,
    days=lambda c: c.backup_retention_days,
    minimum="docdb_backup_retention_days",
    doc="""DocumentDB clusters keep backups for at least {docdb_backup_retention_days} days.

    DocumentDB restores a cluster to any point in its backup retention period (1 to 35
    days); with the default single day, damage noticed after a weekend cannot be undone
    (DocumentDB Developer Guide, "Backing up and restoring in Amazon DocumentDB"; Security
    Hub DocumentDB.2). The minimum is the setting `docdb_backup_retention_days`.

    Remediation: `aws docdb modify-db-cluster --db-cluster-identifier ID
    --backup-retention-period {docdb_backup_retention_days} --apply-immediately`; Terraform
    `backup_retention_period` on `aws_docdb_cluster`.
    """,
)


cluster_deletion_protection = setting_check(
    id="docdb.cluster-deletion-protection",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DocDbCluster,
    setting="deletion_protection",
    value=lambda c: c.deletion_protection,
    is_ok=bool,
    ok="deletion protection on",
    bad="deletion protection off: one API call deletes the cluster",
    doc="""DocumentDB clusters have deletion protection on.

    With deletion protection a delete call fails until someone turns it off on purpose, so a
    mistaken script or a stolen credential cannot drop the cluster in one call (DocumentDB
    Developer Guide, "Deleting an Amazon DocumentDB cluster"; Security Hub DocumentDB.5).

    Remediation: `aws docdb modify-db-cluster --db-cluster-identifier ID
    --deletion-protection --apply-immediately`; Terraform `deletion_protection = true` on
    `aws_docdb_cluster`.
    """,
)


cluster_snapshot_not_public = setting_check(
    id="docdb.cluster-snapshot-not-public",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.CRITICAL,
    resource=DocDbClusterSnapshot,
    setting="public",
    value=lambda s: s.public,
    is_ok=lambda public: not public,
    ok="the snapshot is private",
    bad="the snapshot is public: any AWS account can restore the documents it holds",
    requires=("rds:DescribeDBClusterSnapshotAttributes",),
    doc="""Manual DocumentDB cluster snapshots are not restorable by every AWS account.

    A snapshot whose `restore` attribute holds `all` can be restored by anyone, who then
    owns a full copy of the database (DocumentDB Developer Guide, "Sharing Amazon DocumentDB
    cluster snapshots"; Security Hub DocumentDB.3).

    Remediation: `aws docdb modify-db-cluster-snapshot-attribute
    --db-cluster-snapshot-identifier ID --attribute-name restore --values-to-remove all`;
    share with named accounts instead. Terraform manages no snapshot attribute: remove the
    sharing with the CLI and keep it out of scripts.
    """,
)
