"""EFS: encryption at rest, who the file system policy lets in, and what access points impose."""

from __future__ import annotations

from ....snapshot.efs import EfsAccessPoint, EfsFileSystem
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

access_point_root_directory = flag_check(
    id="elasticfilesystem.access-point-root-directory",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=EfsAccessPoint,
    is_ok=lambda point: point.root_directory != "/",
    ok="clients are confined to a directory below the file system's root",
    bad="the root directory is the file system's root: clients see every file",
    doc="""EFS access points confine clients to a directory below the file system's root.

    An access point's root directory is what its clients see as `/`; left at the file
    system's root, every application using the access point can read and change every other
    application's files (Security Hub EFS.3; EFS User Guide, "Enforcing a root directory with
    an access point").

    Remediation: access points cannot be changed: create one with a directory of its own,
    `aws efs create-access-point --file-system-id FS --root-directory
    'Path=/app,CreationInfo={OwnerUid=1000,OwnerGid=1000,Permissions=750}'`, move clients to
    it and delete the old one; Terraform `root_directory { path = "/app" }` on
    `aws_efs_access_point`.
    """,
)

access_point_user_identity = flag_check(
    id="elasticfilesystem.access-point-user-identity",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=EfsAccessPoint,
    is_ok=lambda point: point.posix_user is not None,
    ok="a POSIX user is enforced on every request",
    bad="no POSIX user: clients act as whatever user and group they claim",
    doc="""EFS access points enforce a POSIX user identity.

    NFS clients state their own user and group ids; without an enforced POSIX user, a client
    that claims root (or another application's uid) gets its file permissions (Security Hub
    EFS.4; EFS User Guide, "Enforcing a user identity using an access point").

    Remediation: access points cannot be changed: create one that enforces an identity,
    `aws efs create-access-point --file-system-id FS --posix-user Uid=1000,Gid=1000`, move
    clients to it and delete the old one; Terraform `posix_user { uid = 1000 gid = 1000 }` on
    `aws_efs_access_point`.
    """,
)
