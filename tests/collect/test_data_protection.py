"""Data-protection collection on moto: S3 retention settings, RDS TLS parameters, KMS keys,
EBS snapshots and AMIs, and the checks that read them.

moto facts met here: ``DescribeDBParameters`` ignores ``Source`` (a custom group holds only
what was modified, so the answer is the same); a cluster created without a cluster parameter
group names ``default.aurora8.0``, which moto never creates, so that group cannot be read and
the cluster's TLS check is unknown; ``GetObjectLockConfiguration`` answers ``Years: 0``
beside ``Days``.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Snapshot
from incloud.snapshot.rds import DbCluster, DbInstance
from incloud.snapshot.s3 import LifecycleRule, ObjectLock, ReplicationRule, S3Bucket
from tests.collect.moto_account import ACCOUNT, raw_client

PASSWORD = "not-a-real-password"


def verdicts(snapshot: Snapshot, check_id: str) -> dict[str, Verdict]:
    """The check's verdict per resource name."""
    assessment = evaluate(snapshot, [all_checks()[check_id]])
    return {f.resource_name: f.verdict for f in assessment.findings}


def deny(session: AwsSession, service: str, operation: str, region: str = "us-east-1") -> None:
    """Make ``operation`` answer AccessDenied on the session's (cached) client."""

    def answer(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        body = {"Error": {"Code": "AccessDenied", "Message": "denied by test"}}
        http = AWSResponse("https://denied", 403, {}, MockRawResponse(json.dumps(body)))
        return http, {**body, "ResponseMetadata": {"HTTPStatusCode": 403}}

    session.client(service, region).meta.events.register(
        f"before-call.{service}.{operation}", answer
    )


def statement(bucket: str, **fields: Any) -> dict[str, Any]:
    resources = [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]
    return {"Principal": "*", "Action": "s3:*", "Resource": resources, **fields}


# --- S3 ------------------------------------------------------------------------------------


def seed_s3_retention() -> None:
    s3 = raw_client("s3")
    s3.create_bucket(Bucket="locked", ObjectLockEnabledForBucket=True)
    s3.put_object_lock_configuration(
        Bucket="locked",
        ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled",
            "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 30}},
        },
    )
    for name in ("replicated", "replica"):
        s3.create_bucket(Bucket=name)
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_replication(
        Bucket="replicated",
        ReplicationConfiguration={
            "Role": f"arn:aws:iam::{ACCOUNT}:role/replication",
            "Rules": [
                {
                    "ID": "everything",
                    "Status": "Enabled",
                    "Priority": 1,
                    "Filter": {},
                    "DeleteMarkerReplication": {"Status": "Disabled"},
                    "Destination": {"Bucket": "arn:aws:s3:::replica", "Account": "111122223333"},
                }
            ],
        },
    )
    s3.put_bucket_lifecycle_configuration(
        Bucket="replicated",
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "expire",
                    "Status": "Enabled",
                    "Filter": {"Prefix": "tmp/"},
                    "Expiration": {"Days": 30},
                    "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
                },
                {"ID": "off", "Status": "Disabled", "Filter": {}, "Expiration": {"Days": 1}},
            ]
        },
    )
    s3.create_bucket(Bucket="bare")


def test_s3_object_lock_replication_and_lifecycle(session: AwsSession) -> None:
    seed_s3_retention()

    snapshot = collect(session, services=["s3"])

    assert snapshot.gaps == ()
    buckets = {b.name: b for b in snapshot.of_type(S3Bucket)}
    assert buckets["locked"].object_lock == ObjectLock(
        enabled=True, default_mode="COMPLIANCE", default_days=30
    )
    replicated = buckets["replicated"]
    assert replicated.replication_rules == (
        ReplicationRule(
            rule_id="everything",
            status="Enabled",
            destination_bucket="arn:aws:s3:::replica",
            destination_account="111122223333",
        ),
    )
    assert replicated.lifecycle_rules == (
        LifecycleRule(
            rule_id="expire",
            status="Enabled",
            actions=("AbortIncompleteMultipartUpload", "Expiration"),
        ),
        LifecycleRule(rule_id="off", status="Disabled", actions=("Expiration",)),
    )
    # "No such configuration" answers are None, never gaps.
    bare = buckets["bare"]
    assert (bare.object_lock, bare.replication_rules, bare.lifecycle_rules) == (None, None, None)

    assert verdicts(snapshot, "s3.bucket-object-lock")["locked"] is Verdict.PASS
    assert verdicts(snapshot, "s3.bucket-object-lock")["bare"] is Verdict.FAIL
    assert verdicts(snapshot, "s3.bucket-replication")["replicated"] is Verdict.PASS
    assert verdicts(snapshot, "s3.bucket-lifecycle")["replicated"] is Verdict.PASS
    assert verdicts(snapshot, "s3.bucket-lifecycle")["bare"] is Verdict.FAIL


def test_s3_denied_retention_reads_are_gaps_and_unknowns(session: AwsSession) -> None:
    raw_client("s3").create_bucket(Bucket="guarded")
    deny(session, "s3", "GetObjectLockConfiguration")
    deny(session, "s3", "GetBucketLifecycleConfiguration")

    snapshot = collect(session, services=["s3"])

    failed = {(g.action, g.resource_arn) for g in snapshot.gaps}
    assert failed == {
        ("s3:GetObjectLockConfiguration", "arn:aws:s3:::guarded"),
        ("s3:GetBucketLifecycleConfiguration", "arn:aws:s3:::guarded"),
    }
    assert verdicts(snapshot, "s3.bucket-object-lock")["guarded"] is Verdict.UNKNOWN
    assert verdicts(snapshot, "s3.bucket-lifecycle")["guarded"] is Verdict.UNKNOWN
    assert verdicts(snapshot, "s3.bucket-replication")["guarded"] is Verdict.FAIL


def test_s3_policy_checks_on_collected_policies(session: AwsSession) -> None:
    s3 = raw_client("s3")
    s3.create_bucket(Bucket="hardened", ObjectOwnership="BucketOwnerEnforced")
    deny_http = statement(
        "hardened", Effect="Deny", Condition={"Bool": {"aws:SecureTransport": "false"}}
    )
    s3.put_bucket_policy(Bucket="hardened", Policy=json.dumps({"Statement": [deny_http]}))
    s3.create_bucket(Bucket="open")
    read_all = statement("open", Effect="Allow", Action="s3:GetObject")
    s3.put_bucket_policy(Bucket="open", Policy=json.dumps({"Statement": read_all}))

    snapshot = collect(session, services=["s3"])

    assert verdicts(snapshot, "s3.bucket-tls-only") == {
        "hardened": Verdict.PASS,
        "open": Verdict.FAIL,
    }
    assert verdicts(snapshot, "s3.bucket-policy-not-public") == {
        "hardened": Verdict.PASS,
        "open": Verdict.FAIL,
    }
    acls = verdicts(snapshot, "s3.bucket-acls-disabled")
    assert acls["hardened"] is Verdict.PASS


# --- RDS -----------------------------------------------------------------------------------


def seed_rds_tls() -> None:
    rds = raw_client("rds")
    rds.create_db_parameter_group(
        DBParameterGroupName="pg14-tls", DBParameterGroupFamily="postgres14", Description="tls"
    )
    rds.modify_db_parameter_group(
        DBParameterGroupName="pg14-tls",
        Parameters=[
            {"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"},
            {"ParameterName": "work_mem", "ParameterValue": "8192", "ApplyMethod": "immediate"},
        ],
    )
    common = {
        "DBInstanceClass": "db.t3.micro",
        "MasterUsername": "admin_user",
        "MasterUserPassword": PASSWORD,
        "AllocatedStorage": 20,
    }
    rds.create_db_instance(
        DBInstanceIdentifier="forced",
        Engine="postgres",
        EngineVersion="14.10",
        DBParameterGroupName="pg14-tls",
        **common,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="defaults", Engine="mysql", EngineVersion="8.0.39", **common
    )
    rds.create_db_instance_read_replica(
        DBInstanceIdentifier="defaults-replica", SourceDBInstanceIdentifier="defaults"
    )
    rds.create_db_cluster_parameter_group(
        DBClusterParameterGroupName="aurora-tls",
        DBParameterGroupFamily="aurora-mysql8.0",
        Description="tls",
    )
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName="aurora-tls",
        Parameters=[
            {
                "ParameterName": "require_secure_transport",
                "ParameterValue": "ON",
                "ApplyMethod": "immediate",
            }
        ],
    )
    cluster = {"MasterUsername": "admin_user", "MasterUserPassword": PASSWORD}
    rds.create_db_cluster(
        DBClusterIdentifier="billing",
        Engine="aurora-mysql",
        EngineVersion="8.0.mysql_aurora.3.05.2",
        DBClusterParameterGroupName="aurora-tls",
        **cluster,
    )
    rds.create_db_cluster(DBClusterIdentifier="analytics", Engine="aurora-postgresql", **cluster)


def test_rds_tls_parameters_from_parameter_groups(session: AwsSession) -> None:
    seed_rds_tls()

    snapshot = collect(session, services=["rds"])

    assert snapshot.gaps == ()
    instances = {i.name: i for i in snapshot.of_type(DbInstance)}
    forced = instances["forced"]
    assert forced.parameter_groups == ("pg14-tls",)
    # Only the TLS parameters are kept, and only those the customer set.
    assert forced.parameter_overrides == {"rds.force_ssl": "1"}
    assert instances["defaults"].parameter_overrides == {}
    assert instances["defaults-replica"].read_replica_source == "defaults"
    clusters = {c.name: c for c in snapshot.of_type(DbCluster)}
    assert clusters["billing"].parameter_overrides == {"require_secure_transport": "ON"}
    # moto names a default cluster group it never creates: unread, and no gap.
    assert clusters["analytics"].parameter_overrides is None
    # One read per distinct group: pg14-tls and default.mysql8.0 (shared by the replica);
    # aurora-tls and moto's default.aurora8.0.
    counts = {c.operation: c.count for c in snapshot.api_calls if c.service == "rds"}
    assert counts["DescribeDBParameters"] == 2
    assert counts["DescribeDBClusterParameters"] == 2

    assert verdicts(snapshot, "rds.instance-tls-required") == {
        "forced": Verdict.PASS,  # 14 defaults to off; the group turns it on
        "defaults": Verdict.FAIL,  # MySQL's require_secure_transport defaults to OFF
        "defaults-replica": Verdict.FAIL,
    }
    assert verdicts(snapshot, "rds.cluster-tls-required") == {
        "billing": Verdict.PASS,
        "analytics": Verdict.UNKNOWN,
    }
    assert verdicts(snapshot, "rds.instance-backup-retention")["defaults-replica"] is (
        Verdict.NOT_APPLICABLE
    )


def test_rds_denied_parameters_are_a_gap_and_the_tls_check_unknown(session: AwsSession) -> None:
    seed_rds_tls()
    deny(session, "rds", "DescribeDBParameters")

    snapshot = collect(session, services=["rds"])

    gaps = {(g.action, g.resource_arn) for g in snapshot.gaps if g.region == "us-east-1"}
    assert gaps == {
        ("rds:DescribeDBParameters", f"arn:aws:rds:us-east-1:{ACCOUNT}:pg:pg14-tls"),
        ("rds:DescribeDBParameters", f"arn:aws:rds:us-east-1:{ACCOUNT}:pg:default.mysql8.0"),
    }
    instances = {i.name: i for i in snapshot.of_type(DbInstance)}
    assert instances["forced"].parameter_overrides is None
    assert set(verdicts(snapshot, "rds.instance-tls-required").values()) == {Verdict.UNKNOWN}


# --- KMS -----------------------------------------------------------------------------------


def test_kms_key_pending_deletion_names_what_still_uses_it(session: AwsSession) -> None:
    kms = raw_client("kms")
    doomed = kms.create_key(Description="doomed")["KeyMetadata"]
    kms.create_alias(AliasName="alias/doomed", TargetKeyId=doomed["KeyId"])
    volume = raw_client("ec2").create_volume(
        AvailabilityZone="us-east-1a", Size=8, Encrypted=True, KmsKeyId=doomed["Arn"]
    )["VolumeId"]
    s3 = raw_client("s3")
    s3.create_bucket(Bucket="by-alias")
    s3.put_bucket_encryption(
        Bucket="by-alias",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": "alias/doomed",
                    }
                }
            ]
        },
    )
    kms.schedule_key_deletion(KeyId=doomed["KeyId"], PendingWindowInDays=7)
    kms.create_key(Description="kept")

    snapshot = collect(session, services=["kms", "ec2", "s3"])

    assessment = evaluate(snapshot, [all_checks()["kms.key-not-pending-deletion"]])
    findings = {f.resource: f for f in assessment.findings}
    finding = findings[doomed["Arn"]]
    assert finding.verdict is Verdict.FAIL
    used_by = finding.evidence["used_by"]
    assert any(volume in user for user in used_by)
    assert any("arn:aws:s3:::by-alias" in user for user in used_by)
    assert finding.evidence["deletion_date"]
    kept = [f for arn, f in findings.items() if arn != doomed["Arn"]]
    assert [f.verdict for f in kept] == [Verdict.PASS]


def test_kms_key_policy_open_to_everyone(session: AwsSession) -> None:
    kms = raw_client("kms")
    root = {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    open_policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": root, "Action": "kms:*", "Resource": "*"},
            {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"},
        ],
    }
    opened = kms.create_key(Policy=json.dumps(open_policy))["KeyMetadata"]["Arn"]
    default = kms.create_key(Description="default policy")["KeyMetadata"]["Arn"]

    snapshot = collect(session, services=["kms"])

    assessment = evaluate(snapshot, [all_checks()["kms.key-policy-not-public"]])
    found = {f.resource: f.verdict for f in assessment.findings}
    assert found == {opened: Verdict.FAIL, default: Verdict.PASS}


def test_kms_denied_key_policy_makes_the_policy_check_unknown(session: AwsSession) -> None:
    arn = raw_client("kms").create_key()["KeyMetadata"]["Arn"]
    deny(session, "kms", "GetKeyPolicy")

    snapshot = collect(session, services=["kms"])

    assert {(g.action, g.resource_arn) for g in snapshot.gaps} == {("kms:GetKeyPolicy", arn)}
    verdict = verdicts(snapshot, "kms.key-policy-not-public")
    assert list(verdict.values()) == [Verdict.UNKNOWN]


# --- EBS and AMIs --------------------------------------------------------------------------


def test_ebs_snapshot_encryption_and_public_images(session: AwsSession) -> None:
    ec2 = raw_client("ec2")
    plain = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    sealed = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, Encrypted=True)["VolumeId"]
    plain_snapshot = ec2.create_snapshot(VolumeId=plain)["SnapshotId"]
    sealed_snapshot = ec2.create_snapshot(VolumeId=sealed)["SnapshotId"]
    image = ec2.register_image(
        Name="shared-image", RootDeviceName="/dev/xvda", VirtualizationType="hvm"
    )["ImageId"]
    ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"Group": "all"}]})

    snapshot = collect(session, services=["ec2"])

    encrypted = {
        f.resource.rsplit("/", 1)[1]: f.verdict
        for f in evaluate(snapshot, [all_checks()["ec2.snapshot-encrypted"]]).findings
    }
    assert encrypted[plain_snapshot] is Verdict.FAIL
    assert encrypted[sealed_snapshot] is Verdict.PASS
    images = verdicts(snapshot, "ec2.ami-not-public")
    assert images["shared-image"] is Verdict.FAIL
