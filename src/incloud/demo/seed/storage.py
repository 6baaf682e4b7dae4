"""Storage of the demo account: S3 buckets, EBS volumes and snapshots, RDS databases.

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control(s) it corresponds to; "(no check yet)" marks findings no incloud check covers today.

S3
  - Account-level Block Public Access not configured -> s3.account-public-access-block; S3.1
  - ``northwind-public-assets``: public-read ACL -> s3.bucket-acl-not-public (S3.2, S3.12);
    no versioning -> s3.bucket-versioning (S3.14); no access logging ->
    s3.bucket-access-logging (S3.9); also no bucket BPA (S3.8) and no TLS-only policy (S3.5),
    (no check yet). It has no explicit default encryption: AWS encrypts with SSE-S3 anyway,
    but moto's GetBucketEncryption answers ServerSideEncryptionConfigurationNotFoundError.
  - ``northwind-access-logs`` is neither versioned nor logged itself (usual for a log bucket)
    -> s3.bucket-versioning, s3.bucket-access-logging
  Fine: ``northwind-customer-data`` (SSE-KMS with the rotating key, BPA, versioning, access
  logging, BucketOwnerEnforced, TLS-only policy), ``northwind-eu-backups`` (SSE-S3, BPA,
  versioning, eu-west-1).
EBS
  - Encryption by default off in us-east-1 (on in eu-west-1) -> ec2.ebs-encryption-by-default;
    EC2.7
  - ``scratch-unencrypted`` (and the three instances' root volumes, see :mod:`.compute`)
    -> ec2.volume-encrypted; EC2.3
  - ``scratch-unencrypted-snapshot``: restorable by anyone -> ec2.snapshot-not-public; EC2.1
  Fine: ``reports-encrypted``.
RDS
  - ``legacy-reporting-db``: publicly accessible, in public subnets -> rds.instance-not-public
    (RDS.2, RDS.46); unencrypted -> rds.instance-storage-encrypted (RDS.3); 1-day backups and
    no deletion protection (RDS.8), (no check yet)
  - ``legacy-reporting-db-manual`` snapshot: restorable by anyone, unencrypted -> (no check
    yet); RDS.1, RDS.4
  Fine: ``orders-db`` (encrypted with the data key, private, 7-day backups, deletion
  protection, Multi-AZ).
"""

from __future__ import annotations

from typing import Any

from ._common import (
    ACCOUNT_ID,
    DEMO_PASSWORD,
    EU_REGION,
    LOG_BUCKET,
    MAIN_REGION,
    _allow,
    _doc,
    _Seeder,
    _spec,
)

# --- S3 ------------------------------------------------------------------------------------


_ALL_BLOCKED = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def _bucket(s3: Any, name: str, ownership: str, kms_key: str | None = None, **create: Any) -> None:
    """Create a bucket with default encryption: SSE-KMS with a bucket key, else SSE-S3."""
    s3.create_bucket(Bucket=name, ObjectOwnership=ownership, **create)
    default: dict[str, str] = {"SSEAlgorithm": "AES256"}
    if kms_key:
        default = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": kms_key}
    rule = {"ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": bool(kms_key)}
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [rule]})


def seed_s3(s: _Seeder) -> None:
    """Create four buckets; the account-level Block Public Access stays unset."""
    s3 = s("s3")
    _seed_log_bucket(s3)

    public = "northwind-public-assets"
    s3.create_bucket(Bucket=public, ObjectOwnership="ObjectWriter")
    s3.put_bucket_acl(Bucket=public, ACL="public-read")
    s3.put_object(Bucket=public, Key="index.html", Body=b"<h1>Northwind Notes</h1>")

    data = "northwind-customer-data"
    _bucket(s3, data, "BucketOwnerEnforced", s.data_key)
    s3.put_public_access_block(Bucket=data, PublicAccessBlockConfiguration=_ALL_BLOCKED)
    s3.put_bucket_versioning(Bucket=data, VersioningConfiguration={"Status": "Enabled"})
    logging = {"LoggingEnabled": {"TargetBucket": LOG_BUCKET, "TargetPrefix": f"{data}/"}}
    s3.put_bucket_logging(Bucket=data, BucketLoggingStatus=logging)
    deny_plain_http = {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{data}", f"arn:aws:s3:::{data}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    s3.put_bucket_policy(Bucket=data, Policy=_doc(deny_plain_http))

    eu, backups = s("s3", EU_REGION), "northwind-eu-backups"
    location = {"LocationConstraint": EU_REGION}
    _bucket(eu, backups, "BucketOwnerEnforced", CreateBucketConfiguration=location)
    eu.put_public_access_block(Bucket=backups, PublicAccessBlockConfiguration=_ALL_BLOCKED)
    eu.put_bucket_versioning(Bucket=backups, VersioningConfiguration={"Status": "Enabled"})


def _seed_log_bucket(s3: Any) -> None:
    """Create the bucket that receives S3 access logs, the VPC flow log and CloudTrail."""
    _bucket(s3, LOG_BUCKET, "BucketOwnerEnforced")
    s3.put_public_access_block(Bucket=LOG_BUCKET, PublicAccessBlockConfiguration=_ALL_BLOCKED)
    arn, own = f"arn:aws:s3:::{LOG_BUCKET}", {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}}

    def write(sid: str, service: str, resource: str) -> dict[str, Any]:
        # One service per statement: moto's PutBucketLogging only recognises a policy whose
        # Principal.Service is exactly the string "logging.s3.amazonaws.com".
        principal = {"Service": service}
        return {"Sid": sid, **_allow("s3:PutObject", resource), "Principal": principal}

    statements = [
        {**write("S3ServerAccessLogs", "logging.s3.amazonaws.com", f"{arn}/*"), "Condition": own},
        write("VpcFlowLogs", "delivery.logs.amazonaws.com", f"{arn}/AWSLogs/{ACCOUNT_ID}/*"),
        write("CloudTrail", "cloudtrail.amazonaws.com", f"{arn}/cloudtrail/AWSLogs/{ACCOUNT_ID}/*"),
        {
            **write("CloudTrailAclCheck", "cloudtrail.amazonaws.com", arn),
            "Action": "s3:GetBucketAcl",
        },
    ]
    s3.put_bucket_policy(Bucket=LOG_BUCKET, Policy=_doc(*statements))


# --- EBS -----------------------------------------------------------------------------------


def seed_ebs(s: _Seeder) -> None:
    """Turn on default encryption in eu-west-1 only; create two volumes and a public snapshot."""
    s("ec2", EU_REGION).enable_ebs_encryption_by_default()
    ec2, az = s("ec2"), f"{MAIN_REGION}a"
    scratch = ec2.create_volume(
        AvailabilityZone=az,
        Size=100,
        VolumeType="gp3",
        Encrypted=False,
        TagSpecifications=_spec("volume", "scratch-unencrypted"),
    )["VolumeId"]
    ec2.create_volume(
        AvailabilityZone=az,
        Size=50,
        VolumeType="gp3",
        Encrypted=True,
        KmsKeyId=s.data_key,
        TagSpecifications=_spec("volume", "reports-encrypted"),
    )
    snapshot = ec2.create_snapshot(
        VolumeId=scratch,
        Description="scratch disk before resize",
        TagSpecifications=_spec("snapshot", "scratch-unencrypted-snapshot"),
    )["SnapshotId"]
    ec2.modify_snapshot_attribute(
        SnapshotId=snapshot,
        Attribute="createVolumePermission",
        OperationType="add",
        GroupNames=["all"],
    )


# --- RDS -----------------------------------------------------------------------------------


def seed_rds(s: _Seeder) -> None:
    """Create a hardened Postgres, a public unencrypted MySQL, and a public manual snapshot."""
    rds = s("rds")
    for name, subnets in (
        ("northwind-private", s.private_subnets),
        ("northwind-legacy-public", s.public_subnets),
    ):
        rds.create_db_subnet_group(
            DBSubnetGroupName=name, DBSubnetGroupDescription=f"{name} subnets", SubnetIds=subnets
        )
    common: dict[str, Any] = {
        "DBInstanceClass": "db.t3.medium",
        "AllocatedStorage": 50,
        "MasterUsername": "northwind",
        "MasterUserPassword": DEMO_PASSWORD,
        "VpcSecurityGroupIds": [s.sg["db-sg"]],
        "Tags": [{"Key": "company", "Value": "northwind-notes"}],
    }
    rds.create_db_instance(
        DBInstanceIdentifier="orders-db",
        Engine="postgres",
        EngineVersion="16.3",
        DBSubnetGroupName="northwind-private",
        StorageEncrypted=True,
        KmsKeyId=s.data_key,
        PubliclyAccessible=False,
        BackupRetentionPeriod=7,
        DeletionProtection=True,
        MultiAZ=True,
        **common,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="legacy-reporting-db",
        Engine="mysql",
        EngineVersion="5.7.44",
        DBSubnetGroupName="northwind-legacy-public",
        StorageEncrypted=False,
        PubliclyAccessible=True,
        BackupRetentionPeriod=1,
        DeletionProtection=False,
        MultiAZ=False,
        **common,
    )
    snapshot = "legacy-reporting-db-manual"
    rds.create_db_snapshot(
        DBSnapshotIdentifier=snapshot, DBInstanceIdentifier="legacy-reporting-db"
    )
    rds.modify_db_snapshot_attribute(
        DBSnapshotIdentifier=snapshot, AttributeName="restore", ValuesToAdd=["all"]
    )


def seed_simpledb(s: _Seeder) -> None:
    """A legacy SimpleDB domain: in use, but outside the HIPAA scope the company declares."""
    s("sdb").create_domain(DomainName="legacy-report-index")
