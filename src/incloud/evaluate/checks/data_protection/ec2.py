"""EBS encryption and snapshot exposure."""

from __future__ import annotations

from ....snapshot.ec2 import EbsSnapshot, EbsVolume, Ec2Region
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ..factories import flag_check

ebs_encryption_by_default = flag_check(
    id="ec2.ebs-encryption-by-default",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=Ec2Region,
    requires=("ec2:GetEbsEncryptionByDefault",),
    is_ok=lambda r: r.ebs_encryption_by_default,
    ok="EBS encryption by default is on",
    bad="EBS encryption by default is off: new volumes may be created unencrypted",
    doc="""EBS encryption by default is enabled in the region.

    With it on, every new volume and snapshot copy is encrypted, whoever creates it and
    however; without it, encryption depends on each launch being configured right.

    Remediation: `aws ec2 enable-ebs-encryption-by-default --region REGION` in every region;
    Terraform `aws_ebs_encryption_by_default`.
    """,
)

volume_encrypted = flag_check(
    id="ec2.volume-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=EbsVolume,
    is_ok=lambda v: v.encrypted,
    ok="volume is encrypted",
    bad="volume is not encrypted at rest",
    doc="""EBS volumes are encrypted at rest.

    Unencrypted volumes leave data readable from their snapshots and from any copy shared
    by mistake, and fail most frameworks' encryption-at-rest requirement.

    Remediation: an existing volume cannot be encrypted in place: snapshot it, copy the
    snapshot with `--encrypted`, create a volume from the copy and swap it in. Turn on EBS
    encryption by default so it does not recur.
    """,
)


@check(
    id="ec2.snapshot-not-public",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.CRITICAL,
    resource=EbsSnapshot,
    requires=("ec2:DescribeSnapshotAttribute",),
)
def snapshot_not_public(snapshot: EbsSnapshot, ctx: Context) -> Outcome:
    """EBS snapshots are not shared with everyone.

    Anyone with an AWS account can create a volume from a public snapshot and read every
    byte of the disk: databases, keys, credentials.

    Remediation: `aws ec2 modify-snapshot-attribute --snapshot-id ID
    --attribute createVolumePermission --operation-type remove --group-names all`, and turn
    on block public access for snapshots (`aws ec2 enable-snapshot-block-public-access`).
    """
    if snapshot.public is None:
        return unknown("the snapshot's sharing attribute was not read")
    if snapshot.public:
        return failed(
            "snapshot is public: any AWS account can restore it", encrypted=snapshot.encrypted
        )
    return passed("snapshot is private", shared_with=list(snapshot.shared_with))
