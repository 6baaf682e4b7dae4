"""RDS storage encryption."""

from __future__ import annotations

from ....snapshot.rds import DbInstance
from ...check import Domain, Severity
from ..factories import flag_check

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
