"""EFS: encryption at rest, and who the file system policy lets in."""

from __future__ import annotations

from ....snapshot.efs import EfsFileSystem
from ...check import Domain, Severity
from ..factories import flag_check, resource_policy_checks

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


file_system_policy_not_public, file_system_policy_trusted_accounts = resource_policy_checks(
    prefix="elasticfilesystem.file-system",
    resource=EfsFileSystem,
    policy=lambda f: f.policy,
    requires=("efs:DescribeFileSystemPolicy",),
)
