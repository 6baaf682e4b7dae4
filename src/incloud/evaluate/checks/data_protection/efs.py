"""EFS encryption at rest."""

from __future__ import annotations

from ....snapshot.efs import EfsFileSystem
from ...check import Domain, Severity
from ..factories import flag_check

file_system_encrypted = flag_check(
    id="elasticfilesystem.file-system-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=EfsFileSystem,
    is_ok=lambda fs: fs.encrypted,
    ok="encrypted at rest",
    bad="not encrypted at rest",
    doc="""EFS file systems are encrypted at rest.

    Encryption at rest can only be chosen when a file system is created; an unencrypted
    file system keeps its data, metadata and backups unencrypted on AWS storage (Security
    Hub EFS.1).

    Remediation: create an encrypted file system (console: Amazon EFS > Create file
    system, encryption on; CLI `aws efs create-file-system --encrypted --kms-key-id KEY`),
    copy the data across with AWS DataSync, switch the mount targets over and delete the
    old one. Terraform: `encrypted = true` on `aws_efs_file_system`.
    """,
)
