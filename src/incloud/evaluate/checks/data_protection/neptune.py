"""Amazon Neptune data protection: encryption at rest, backups, deletion protection, tags on
snapshots, Multi-AZ, and manual cluster snapshots (Security Hub Neptune.1, 3 to 6, 8, 9).
"""

from __future__ import annotations

from ....snapshot.neptune import NeptuneCluster, NeptuneClusterSnapshot
from ...check import Domain, Severity
from .._databases import retention_check
from ..factories import setting_check

cluster_storage_encrypted = setting_check(
    id="neptune.cluster-storage-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=NeptuneCluster,
    setting="storage_encrypted",
    value=lambda c: c.storage_encrypted,
    is_ok=bool,
    ok="storage is encrypted",
    bad="storage is not encrypted at rest (nor are its backups, replicas and snapshots)",
    doc="""Neptune DB clusters encrypt their storage.

    Encryption at rest covers the cluster volume, automated backups, snapshots and read
    replicas, and can only be chosen when the cluster is created (Neptune User Guide,
    "Encrypting Neptune resources at rest"; Security Hub Neptune.1).

    Remediation: snapshot the cluster, restore the snapshot into a new cluster with a KMS
    key (`aws neptune restore-db-cluster-from-snapshot --db-cluster-identifier NEW
    --snapshot-identifier SNAP --engine neptune --kms-key-id KEY`) and move clients to it.
    Terraform: `storage_encrypted = true` (and `kms_key_arn`) on `aws_neptune_cluster`.
    """,
)


cluster_backup_retention = retention_check(
    id="neptune.cluster-backup-retention",
    resource=NeptuneCluster,
    days=lambda c: c.backup_retention_days,
    minimum="neptune_backup_retention_days",
    doc="""Neptune clusters keep backups for at least {neptune_backup_retention_days} days.

    Neptune backs the cluster volume up continuously and restores it to any point within the
    retention period (1 to 35 days); a short period leaves little time to notice and undo
    damage (Neptune User Guide, "Backing up and restoring a Neptune DB cluster"; Security
    Hub Neptune.5). The minimum is the setting `neptune_backup_retention_days`.

    Remediation: `aws neptune modify-db-cluster --db-cluster-identifier ID
    --backup-retention-period {neptune_backup_retention_days} --apply-immediately`;
    Terraform `backup_retention_period` on `aws_neptune_cluster`.
    """,
)


cluster_deletion_protection = setting_check(
    id="neptune.cluster-deletion-protection",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=NeptuneCluster,
    setting="deletion_protection",
    value=lambda c: c.deletion_protection,
    is_ok=bool,
    ok="deletion protection on",
    bad="deletion protection off: one API call deletes the cluster",
    doc="""Neptune DB clusters have deletion protection on.

    With deletion protection, a delete call fails until someone deliberately turns it off,
    so a mistaken script or a stolen credential cannot drop the graph in one call (Neptune
    User Guide, "Deletion protection for Neptune DB clusters"; Security Hub Neptune.4).

    Remediation: `aws neptune modify-db-cluster --db-cluster-identifier ID
    --deletion-protection --apply-immediately`; Terraform `deletion_protection = true` on
    `aws_neptune_cluster`.
    """,
)


cluster_copy_tags_to_snapshot = setting_check(
    id="neptune.cluster-copy-tags-to-snapshot",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=NeptuneCluster,
    setting="copy_tags_to_snapshot",
    value=lambda c: c.copy_tags_to_snapshot,
    is_ok=bool,
    ok="snapshots inherit the cluster's tags",
    bad="snapshots are taken without the cluster's tags",
    doc="""Neptune DB clusters copy their tags to their snapshots.

    Tags carry ownership, data classification and the keys of tag-based access policies and
    backup selections; a snapshot without them escapes all three (Neptune User Guide,
    "Tagging Neptune resources"; Security Hub Neptune.8).

    Remediation: `aws neptune modify-db-cluster --db-cluster-identifier ID
    --copy-tags-to-snapshot --apply-immediately`; Terraform `copy_tags_to_snapshot = true`
    on `aws_neptune_cluster`.
    """,
)


cluster_multi_az = setting_check(
    id="neptune.cluster-multi-az",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=NeptuneCluster,
    setting="multi_az",
    value=lambda c: c.multi_az,
    is_ok=bool,
    ok="instances in several Availability Zones",
    bad="every instance in one Availability Zone: a zone outage stops the cluster",
    doc="""Neptune DB clusters have instances in more than one Availability Zone.

    The cluster volume spans three zones, but a cluster whose instances all sit in one zone
    has no read replica elsewhere to promote when that zone fails; `MultiAZ` is true once a
    replica runs in another zone (Neptune User Guide, "High availability for Neptune";
    Security Hub Neptune.9).

    Remediation: add a read replica in another zone (`aws neptune create-db-instance
    --db-cluster-identifier ID --db-instance-identifier ID-replica --engine neptune
    --db-instance-class CLASS --availability-zone ZONE`); Terraform: a second
    `aws_neptune_cluster_instance` (with `availability_zone`).
    """,
)


cluster_snapshot_not_public = setting_check(
    id="neptune.cluster-snapshot-not-public",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.CRITICAL,
    resource=NeptuneClusterSnapshot,
    setting="public",
    value=lambda s: s.public,
    is_ok=lambda public: not public,
    ok="the snapshot is private",
    bad="the snapshot is public: any AWS account can restore the graph it holds",
    requires=("rds:DescribeDBClusterSnapshotAttributes",),
    doc="""Manual Neptune cluster snapshots are not restorable by every AWS account.

    A snapshot whose `restore` attribute holds `all` can be copied and restored by anyone,
    who then owns the whole database (Neptune User Guide, "Sharing a DB cluster snapshot";
    Security Hub Neptune.3).

    Remediation: `aws neptune modify-db-cluster-snapshot-attribute
    --db-cluster-snapshot-identifier ID --attribute-name restore --values-to-remove all`;
    share with named accounts instead. Terraform manages no snapshot attribute: remove the
    sharing with the CLI and keep it out of scripts.
    """,
)


cluster_snapshot_encrypted = setting_check(
    id="neptune.cluster-snapshot-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=NeptuneClusterSnapshot,
    setting="encrypted",
    value=lambda s: s.encrypted,
    is_ok=bool,
    ok="the snapshot is encrypted",
    bad="the snapshot is not encrypted: whoever restores it reads the data in clear",
    doc="""Manual Neptune cluster snapshots are encrypted.

    A snapshot outlives its cluster and can be shared and restored elsewhere; unencrypted,
    no key stands between a copy and the data (Neptune User Guide, "Copying a DB cluster
    snapshot"; Security Hub Neptune.6).

    Remediation: `aws neptune copy-db-cluster-snapshot
    --source-db-cluster-snapshot-identifier ID --target-db-cluster-snapshot-identifier
    ID-encrypted --kms-key-id KEY`, then delete the unencrypted one; encrypt the cluster
    (Terraform `storage_encrypted = true` on `aws_neptune_cluster`) so new snapshots are.
    """,
)
