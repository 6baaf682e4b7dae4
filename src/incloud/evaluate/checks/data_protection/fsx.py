"""Amazon FSx: OpenZFS file systems copy their tags to backups and volumes."""

from __future__ import annotations

from ....snapshot.fsx import FsxFileSystem
from ...check import Domain, Severity
from ..factories import flag_check


def _copies_tags(fs: FsxFileSystem) -> bool | None:
    if fs.copy_tags_to_backups is None or fs.copy_tags_to_volumes is None:
        return None
    return fs.copy_tags_to_backups and fs.copy_tags_to_volumes


openzfs_copy_tags = flag_check(
    id="fsx.openzfs-copy-tags",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=FsxFileSystem,
    exempt=lambda fs: None if fs.file_system_type == "OPENZFS" else "not an OpenZFS file system",
    is_ok=_copies_tags,
    ok="tags are copied to its backups and volumes",
    bad="tags are not copied to both its backups and its volumes",
    doc="""FSx for OpenZFS file systems copy their tags to backups and volumes.

    Tags carry what governs the data: owner, classification, the AWS Backup plan or
    tag-based IAM and retention policies that select it. A backup or volume created without
    the file system's tags falls outside those rules (Security Hub FSx.1; Amazon FSx for
    OpenZFS User Guide, "Tagging your Amazon FSx resources"). Other file system types are not
    judged.

    Remediation: `aws fsx update-file-system --file-system-id ID
    --open-zfs-configuration CopyTagsToBackups=true,CopyTagsToVolumes=true`; Terraform
    `copy_tags_to_backups = true` and `copy_tags_to_volumes = true` on
    `aws_fsx_openzfs_file_system`.
    """,
)
