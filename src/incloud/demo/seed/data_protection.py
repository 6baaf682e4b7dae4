"""Data protection of the demo account, beyond :mod:`.storage`: policies, keys, images, TLS.

Runs after :mod:`.storage` (it reuses the buckets, volumes and databases made there).

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control(s) it corresponds to where there is one.

S3
  - ``northwind-press-kit``: ACLs disabled, but its bucket policy lets ``*`` read every
    object -> s3.bucket-policy-not-public (S3.2); no TLS-only statement ->
    s3.bucket-tls-only (S3.5)
  Fine: ``northwind-customer-data`` passes every baseline S3 check (SSE-KMS, no public
  grant, a Deny for ``aws:SecureTransport`` false on the bucket and its objects, ACLs
  disabled), set up in :mod:`.storage`.
KMS
  - ``alias/northwind-scratch-2023``: scheduled for deletion while the volume
    ``scratch-2023-archive`` is still encrypted with it -> kms.key-not-pending-deletion
    (KMS.3), the volume named in the evidence
  - ``alias/northwind-partner-share``: its key policy lets ``*`` decrypt ->
    kms.key-policy-not-public
EC2
  - ``northwind-export-image``: an AMI launchable by everyone -> ec2.ami-not-public
  - ``scratch-unencrypted-snapshot`` (from :mod:`.storage`) -> ec2.snapshot-encrypted
RDS
  - ``legacy-reporting-db`` (from :mod:`.storage`): MySQL 5.7 on the default group, so
    ``require_secure_transport`` is OFF -> rds.instance-tls-required; past standard
    support -> rds.instance-engine-supported; 1-day backups, no deletion protection ->
    rds.instance-backup-retention (RDS.11), rds.instance-deletion-protection (RDS.8); its
    public unencrypted manual snapshot -> rds.snapshot-not-public (RDS.1),
    rds.snapshot-encrypted (RDS.4)
  Fine: ``orders-db`` is moved to ``northwind-orders-pg16``, a parameter group setting
  ``rds.force_ssl`` to 1 (PostgreSQL 16 defaults to 1 anyway).
"""

from __future__ import annotations

import json
from typing import Any

from ._common import ACCOUNT_ID, MAIN_REGION, _doc, _Seeder, _spec

PRESS_KIT = "northwind-press-kit"


def seed_data_protection(s: _Seeder) -> None:
    """Add the public bucket policy, the doomed key in use, the open key policy, the public
    AMI and the TLS parameter group.
    """
    _seed_public_policy(s)
    _seed_keys(s)
    _seed_public_image(s)
    _seed_parameter_group(s)


def _seed_public_policy(s: _Seeder) -> None:
    """A bucket with ACLs disabled whose policy still opens it to everyone."""
    s3 = s("s3")
    s3.create_bucket(Bucket=PRESS_KIT, ObjectOwnership="BucketOwnerEnforced")
    read_all = {
        "Sid": "PublicRead",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{PRESS_KIT}/*",
    }
    s3.put_bucket_policy(Bucket=PRESS_KIT, Policy=_doc(read_all))
    s3.put_object(Bucket=PRESS_KIT, Key="logo.svg", Body=b"<svg/>")


def _seed_keys(s: _Seeder) -> None:
    """A key scheduled for deletion that a volume still uses, and a key open to everyone."""
    kms, ec2 = s("kms"), s("ec2")
    tags = [{"TagKey": "company", "TagValue": "northwind-notes"}]
    scratch = kms.create_key(Description="2023 scratch archive", Tags=tags)["KeyMetadata"]
    kms.create_alias(AliasName="alias/northwind-scratch-2023", TargetKeyId=scratch["KeyId"])
    ec2.create_volume(
        AvailabilityZone=f"{MAIN_REGION}a",
        Size=20,
        VolumeType="gp3",
        Encrypted=True,
        KmsKeyId=scratch["Arn"],
        TagSpecifications=_spec("volume", "scratch-2023-archive"),
    )
    kms.schedule_key_deletion(KeyId=scratch["KeyId"], PendingWindowInDays=7)

    account_root = {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}
    policy: dict[str, Any] = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Admin",
                "Effect": "Allow",
                "Principal": account_root,
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "PartnersDecrypt",
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["kms:Decrypt", "kms:DescribeKey"],
                "Resource": "*",
            },
        ],
    }
    shared = kms.create_key(
        Description="Files shared with partners", Policy=json.dumps(policy), Tags=tags
    )["KeyMetadata"]
    kms.enable_key_rotation(KeyId=shared["KeyId"])
    kms.create_alias(AliasName="alias/northwind-partner-share", TargetKeyId=shared["KeyId"])


def _seed_public_image(s: _Seeder) -> None:
    """An AMI everyone may launch."""
    ec2 = s("ec2")
    image = ec2.register_image(
        Name="northwind-export-image",
        Description="Reporting export box, shared for a partner in 2022",
        Architecture="x86_64",
        RootDeviceName="/dev/xvda",
        VirtualizationType="hvm",
    )["ImageId"]
    ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"Group": "all"}]})


def _seed_parameter_group(s: _Seeder) -> None:
    """Require TLS on ``orders-db`` explicitly, through a custom parameter group."""
    rds, group = s("rds"), "northwind-orders-pg16"
    rds.create_db_parameter_group(
        DBParameterGroupName=group,
        DBParameterGroupFamily="postgres16",
        Description="orders-db: TLS required",
    )
    rds.modify_db_parameter_group(
        DBParameterGroupName=group,
        Parameters=[
            {"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"}
        ],
    )
    rds.modify_db_instance(
        DBInstanceIdentifier="orders-db", DBParameterGroupName=group, ApplyImmediately=True
    )
