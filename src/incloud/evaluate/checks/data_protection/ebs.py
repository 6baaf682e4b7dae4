"""EBS snapshot encryption and AMI exposure."""

from __future__ import annotations

from ....snapshot.ec2 import Ami, EbsSnapshot
from ...check import Domain, Severity
from ..factories import flag_check

snapshot_encrypted = flag_check(
    id="ec2.snapshot-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=EbsSnapshot,
    is_ok=lambda s: s.encrypted,
    ok="snapshot is encrypted",
    bad="snapshot is not encrypted: anyone it is shared with reads the disk in clear",
    doc="""EBS snapshots are encrypted.

    A snapshot is a full copy of a disk. Unencrypted, it can be shared (or made public) and
    restored by anyone it reaches, with no key policy standing in the way; encrypted, every
    restore also needs use of the KMS key.

    Remediation: a snapshot cannot be encrypted in place: `aws ec2 copy-snapshot
    --source-snapshot-id ID --source-region REGION --encrypted --kms-key-id KEY`, then delete
    the unencrypted original. Turn on EBS encryption by default so new snapshots are
    encrypted.
    """,
)

ami_not_public = flag_check(
    id="ec2.ami-not-public",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=Ami,
    is_ok=lambda image: not image.public,
    ok="AMI is private",
    bad="AMI is public: any AWS account can launch it and read its disks",
    doc="""AMIs owned by the account are not public.

    A public image can be launched by any AWS account, which then reads everything baked
    into it: application code, configuration, keys and credentials left on the disk.

    Remediation: `aws ec2 modify-image-attribute --image-id ID --launch-permission
    "Remove=[{Group=all}]"`, share with named accounts instead, and turn on block public
    access for AMIs (`aws ec2 enable-image-block-public-access
    --image-block-public-access-state block-new-sharing`).
    """,
)
