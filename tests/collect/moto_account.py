"""An incloud session on moto's in-process mock, and a seeded account to collect from.

moto's in-process mock (``mock_aws``) raises ``NotImplementedError`` straight out of botocore
for an operation it lacks (``ec2:GetEbsDefaultKmsKeyId`` among ours), where moto's server,
like a real endpoint without that API, answers with an HTTP error. :func:`make_session`
swaps moto's request handler, on that session only, for one that answers such operations
with HTTP 501, so collectors see what they would see from the demo's moto server.

The ``seed_*`` functions create resources with plain boto3 (never through incloud) and
return the names and ids the tests assert on.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse
from moto.core.models import botocore_stubber

from incloud.collect.session import AwsSession, SessionOptions, open_session

ACCOUNT = "123456789012"
"""moto's default account id."""

REGIONS = ("us-east-1", "eu-west-1")

SECRET_VALUE = "hunter2-do-not-store-me"
"""A Lambda environment variable value that must never reach a snapshot."""


def _server_like(event_name: str, request: Any, **kwargs: Any) -> AWSResponse | None:
    """moto's handler, except that an operation moto lacks answers HTTP 501 (and the AWS
    Backup selection reads come from :func:`seed_backup_selection`'s store, AWS WAF Classic
    reads from :mod:`tests.collect.waf_classic`, CodeBuild report groups from
    :mod:`tests.collect.codebuild_report_groups`, recovery points from
    :func:`seed_recovery_points`, CodeDeploy's ``BatchGetDeploymentGroups`` from
    :mod:`tests.collect.codedeploy_groups`).
    """
    emulated = (
        _backup_selection_read(request)
        or _waf_classic_read(request)
        or _recovery_points_read(request)
        or _codedeploy_groups_read(request)
        or _codebuild_report_groups_read(request)
    )
    if emulated is not None:
        return emulated
    try:
        response: AWSResponse | None = botocore_stubber(event_name, request, **kwargs)
    except NotImplementedError as error:
        return AWSResponse(request.url, 501, {}, MockRawResponse(f"501 Not Implemented: {error}"))
    return response


_SELECTIONS = re.compile(
    r"https://backup\.([a-z0-9-]+)\.amazonaws\.com/backup/plans/([^/]+)/selections/([^/?]*)"
)


def seed_backup_selection(
    plan_id: str, selection: dict[str, Any], region: str = "us-east-1"
) -> str:
    """Assign resources to a backup plan, as ``CreateBackupSelection`` would; its id.

    moto has no backup selections (it lacks ``CreateBackupSelection``,
    ``ListBackupSelections`` and ``GetBackupSelection``), so the selection is kept on moto's
    backup backend (reset with it) and :func:`_server_like` answers the two reads from
    there, in the shapes of the AWS Backup API Reference.
    """
    from moto.backup.models import backup_backends

    backend = backup_backends[ACCOUNT][region]
    store = backend.__dict__.setdefault("incloud_selections", {})
    selection_id = f"selection-{len(store) + 1}"
    store[selection_id] = {"BackupPlanId": plan_id, **selection}
    return selection_id


def _backup_selection_read(request: Any) -> AWSResponse | None:
    match = _SELECTIONS.match(request.url)
    if match is None or request.method != "GET":
        return None
    from moto.backup.models import backup_backends

    region, plan_id, selection_id = match.groups()
    store = backup_backends[ACCOUNT][region].__dict__.get("incloud_selections", {})
    mine = {k: v for k, v in store.items() if v["BackupPlanId"] == plan_id}
    if selection_id:
        body: dict[str, Any] = {
            "BackupSelection": {k: v for k, v in mine[selection_id].items() if k != "BackupPlanId"},
            "SelectionId": selection_id,
            "BackupPlanId": plan_id,
        }
    else:
        body = {
            "BackupSelectionsList": [
                {"SelectionId": k, "SelectionName": v["SelectionName"], "BackupPlanId": plan_id}
                for k, v in mine.items()
            ]
        }
    headers = {"Content-Type": "application/json", "x-amzn-RequestId": "incloud-test-selection"}
    return AWSResponse(request.url, 200, headers, MockRawResponse(json.dumps(body)))


def _waf_classic_read(request: Any) -> AWSResponse | None:
    """AWS WAF Classic reads, which moto lacks, from :mod:`tests.collect.waf_classic`."""
    from tests.collect.waf_classic import answer

    return answer(request)


def _codebuild_report_groups_read(request: Any) -> AWSResponse | None:
    """CodeBuild's report group reads, which moto lacks, from
    :mod:`tests.collect.codebuild_report_groups`.
    """
    from tests.collect.codebuild_report_groups import answer

    return answer(request)


_RECOVERY_POINTS = re.compile(
    r"https://backup\.([a-z0-9-]+)\.amazonaws\.com/backup-vaults/([^/]+)/recovery-points/"
)


def seed_recovery_points(
    vault: str, points: list[dict[str, Any]], region: str = "us-east-1"
) -> None:
    """Give a backup vault recovery points, as backups would: moto lacks
    ``ListRecoveryPointsByBackupVault``, so :func:`_server_like` answers it from moto's backup
    backend (reset with it), every vault with none unless seeded here.
    """
    from moto.backup.models import backup_backends

    backend = backup_backends[ACCOUNT][region]
    backend.__dict__.setdefault("incloud_recovery_points", {})[vault] = points


def _recovery_points_read(request: Any) -> AWSResponse | None:
    match = _RECOVERY_POINTS.match(request.url)
    if match is None or request.method != "GET":
        return None
    from moto.backup.models import backup_backends

    region, vault = match.groups()
    store = backup_backends[ACCOUNT][region].__dict__.get("incloud_recovery_points", {})
    body = {"RecoveryPoints": store.get(vault, [])}
    headers = {"Content-Type": "application/json", "x-amzn-RequestId": "incloud-test-points"}
    return AWSResponse(request.url, 200, headers, MockRawResponse(json.dumps(body)))


def _codedeploy_groups_read(request: Any) -> AWSResponse | None:
    """CodeDeploy's ``BatchGetDeploymentGroups``, which moto lacks, from
    :mod:`tests.collect.codedeploy_groups`.
    """
    from tests.collect.codedeploy_groups import answer

    return answer(request)


def make_session(**options: Any) -> AwsSession:
    """An incloud session over the two test regions (extra ``SessionOptions`` allowed)."""
    session = open_session(SessionOptions(regions=REGIONS, **options))
    events = session.boto.events
    events.unregister("before-send", botocore_stubber)
    events.register("before-send", _server_like)
    return session


def raw_client(service: str, region: str = "us-east-1") -> Any:
    """A plain, unguarded boto3 client, to seed the account or look behind incloud's back."""
    return boto3.client(service, region_name=region)


def trust_policy(service: str) -> dict[str, Any]:
    """A trust policy letting an AWS service assume a role."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
        ],
    }


READ_ONLY_S3 = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
}
DENY_ALL = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}],
}
PUBLIC_READ_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::public-data/*",
        }
    ],
}


def seed_iam() -> dict[str, str]:
    """Two users (one with password, MFA, a key, a group, attached and inline policies),
    a group, a role with an instance profile, a managed policy and a password policy.
    """
    iam = raw_client("iam")
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob", Path="/ops/")
    iam.create_group(GroupName="admins")
    iam.add_user_to_group(GroupName="admins", UserName="alice")
    policy_arn = iam.create_policy(PolicyName="read-s3", PolicyDocument=json.dumps(READ_ONLY_S3))[
        "Policy"
    ]["Arn"]
    iam.attach_user_policy(UserName="alice", PolicyArn=policy_arn)
    iam.put_user_policy(UserName="alice", PolicyName="deny", PolicyDocument=json.dumps(DENY_ALL))
    iam.attach_group_policy(GroupName="admins", PolicyArn=policy_arn)
    iam.put_group_policy(
        GroupName="admins", PolicyName="deny-all", PolicyDocument=json.dumps(DENY_ALL)
    )
    iam.create_login_profile(UserName="alice", Password="Correct-Horse-9")
    iam.create_access_key(UserName="alice")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice-mfa")["VirtualMFADevice"][
        "SerialNumber"
    ]
    iam.enable_mfa_device(
        UserName="alice",
        SerialNumber=serial,
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
    iam.create_role(
        RoleName="ec2-app",
        Path="/app/",
        AssumeRolePolicyDocument=json.dumps(trust_policy("ec2.amazonaws.com")),
    )
    iam.put_role_policy(
        RoleName="ec2-app", PolicyName="read", PolicyDocument=json.dumps(READ_ONLY_S3)
    )
    iam.attach_role_policy(RoleName="ec2-app", PolicyArn=policy_arn)
    iam.create_instance_profile(InstanceProfileName="ec2-app-profile")
    iam.add_role_to_instance_profile(InstanceProfileName="ec2-app-profile", RoleName="ec2-app")
    iam.update_account_password_policy(
        MinimumPasswordLength=14,
        RequireSymbols=True,
        RequireNumbers=True,
        RequireUppercaseCharacters=True,
        MaxPasswordAge=90,
        PasswordReusePrevention=24,
    )
    return {"policy_arn": policy_arn}


def seed_s3() -> dict[str, str]:
    """A fully configured bucket, a bare one, a log target, one in eu-west-1, and
    account-level Block Public Access.
    """
    s3 = raw_client("s3")
    key_arn = raw_client("kms").create_key(Description="s3")["KeyMetadata"]["Arn"]
    s3.create_bucket(Bucket="access-logs")
    s3.put_bucket_acl(Bucket="access-logs", ACL="log-delivery-write")
    s3.create_bucket(Bucket="bare-bucket")
    s3.create_bucket(Bucket="public-data")
    s3.put_bucket_acl(Bucket="public-data", ACL="public-read")
    s3.put_bucket_policy(Bucket="public-data", Policy=json.dumps(PUBLIC_READ_POLICY))
    s3.put_public_access_block(
        Bucket="public-data",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": False,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": False,
        },
    )
    s3.put_bucket_encryption(
        Bucket="public-data",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": key_arn,
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    s3.put_bucket_versioning(Bucket="public-data", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_logging(
        Bucket="public-data",
        BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": "access-logs", "TargetPrefix": "public-data/"}
        },
    )
    s3.put_bucket_ownership_controls(
        Bucket="public-data",
        OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
    )
    raw_client("s3", "eu-west-1").create_bucket(
        Bucket="eu-archive", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    raw_client("s3control").put_public_access_block(
        AccountId=ACCOUNT,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": False,
        },
    )
    return {"key_arn": key_arn}


def seed_ec2() -> dict[str, str]:
    """An IMDSv2 instance, an AMI made from it, a public and a private EBS snapshot, two
    launch templates, security groups with IPv4, IPv6 and group-pair rules, a group in
    eu-west-1, and EBS encryption by default in us-east-1 only.
    """
    ec2 = raw_client("ec2")
    instance = ec2.run_instances(
        ImageId="ami-12345678",
        MinCount=1,
        MaxCount=1,
        InstanceType="t3.micro",
        MetadataOptions={"HttpTokens": "required", "HttpPutResponseHopLimit": 2},
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}],
    )["Instances"][0]
    legacy = ec2.run_instances(
        ImageId="ami-12345678",
        MinCount=1,
        MaxCount=1,
        MetadataOptions={"HttpTokens": "optional"},
    )["Instances"][0]
    image_id = ec2.create_image(InstanceId=instance["InstanceId"], Name="golden")["ImageId"]
    volume_id = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    public_snapshot = ec2.create_snapshot(VolumeId=volume_id)["SnapshotId"]
    ec2.modify_snapshot_attribute(
        SnapshotId=public_snapshot,
        Attribute="createVolumePermission",
        OperationType="add",
        GroupNames=["all"],
    )
    private_snapshot = ec2.create_snapshot(VolumeId=volume_id)["SnapshotId"]
    imdsv2_template = ec2.create_launch_template(
        LaunchTemplateName="imdsv2",
        LaunchTemplateData={"MetadataOptions": {"HttpTokens": "required"}},
    )["LaunchTemplate"]["LaunchTemplateId"]
    plain_template = ec2.create_launch_template(
        LaunchTemplateName="plain", LaunchTemplateData={"InstanceType": "t3.micro"}
    )["LaunchTemplate"]["LaunchTemplateId"]
    app = ec2.create_security_group(GroupName="app", Description="app tier")["GroupId"]
    web = ec2.create_security_group(GroupName="web", Description="web tier")["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=web,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}, {"CidrIp": "10.0.0.0/8"}],
                "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
            },
            {
                "IpProtocol": "tcp",
                "FromPort": 8080,
                "ToPort": 8080,
                "UserIdGroupPairs": [{"GroupId": app}],
            },
        ],
    )
    ec2.enable_ebs_encryption_by_default()
    eu_group = raw_client("ec2", "eu-west-1").create_security_group(
        GroupName="eu-web", Description="eu"
    )["GroupId"]
    return {
        "instance_id": instance["InstanceId"],
        "legacy_instance_id": legacy["InstanceId"],
        "image_id": image_id,
        "public_snapshot": public_snapshot,
        "private_snapshot": private_snapshot,
        "imdsv2_template": imdsv2_template,
        "plain_template": plain_template,
        "app_group": app,
        "web_group": web,
        "eu_group": eu_group,
    }


def seed_kms() -> dict[str, str]:
    """A rotated key with two aliases (us-east-1), a key pending deletion, and an unrotated
    key in eu-west-1.
    """
    kms = raw_client("kms")
    rotated = kms.create_key(Description="rotated")["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=rotated)
    kms.create_alias(AliasName="alias/orders", TargetKeyId=rotated)
    kms.create_alias(AliasName="alias/billing", TargetKeyId=rotated)
    doomed = kms.create_key(Description="doomed")["KeyMetadata"]["KeyId"]
    kms.schedule_key_deletion(KeyId=doomed, PendingWindowInDays=7)
    eu = raw_client("kms", "eu-west-1").create_key(Description="eu")["KeyMetadata"]["KeyId"]
    return {"rotated": rotated, "doomed": doomed, "eu": eu}


def seed_cloudtrail() -> dict[str, str]:
    """A logging multi-region trail homed in us-east-1 and a stopped trail in eu-west-1."""
    raw_client("s3").create_bucket(Bucket="trail-logs")
    trails = raw_client("cloudtrail")
    trails.create_trail(
        Name="org-trail",
        S3BucketName="trail-logs",
        IsMultiRegionTrail=True,
        EnableLogFileValidation=True,
    )
    trails.start_logging(Name="org-trail")
    raw_client("cloudtrail", "eu-west-1").create_trail(Name="eu-trail", S3BucketName="trail-logs")
    return {}


def seed_rds() -> dict[str, str]:
    """An encrypted public instance, a public and a private snapshot of it, an Aurora cluster
    and a cluster snapshot shared with one account.
    """
    rds = raw_client("rds")
    rds.create_db_instance(
        DBInstanceIdentifier="orders-db",
        Engine="postgres",
        DBInstanceClass="db.t3.micro",
        MasterUsername="admin_user",
        MasterUserPassword="not-a-real-password",
        AllocatedStorage=20,
        StorageEncrypted=True,
        PubliclyAccessible=True,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="plain-db",
        Engine="mysql",
        DBInstanceClass="db.t3.micro",
        MasterUsername="admin_user",
        MasterUserPassword="not-a-real-password",
        AllocatedStorage=20,
    )
    rds.create_db_snapshot(DBSnapshotIdentifier="orders-public", DBInstanceIdentifier="orders-db")
    rds.modify_db_snapshot_attribute(
        DBSnapshotIdentifier="orders-public", AttributeName="restore", ValuesToAdd=["all"]
    )
    rds.create_db_snapshot(DBSnapshotIdentifier="orders-private", DBInstanceIdentifier="orders-db")
    rds.create_db_cluster(
        DBClusterIdentifier="aurora",
        Engine="aurora-postgresql",
        MasterUsername="admin_user",
        MasterUserPassword="not-a-real-password",
        StorageEncrypted=True,
    )
    rds.create_db_cluster_snapshot(
        DBClusterSnapshotIdentifier="aurora-shared", DBClusterIdentifier="aurora"
    )
    rds.modify_db_cluster_snapshot_attribute(
        DBClusterSnapshotIdentifier="aurora-shared",
        AttributeName="restore",
        ValuesToAdd=["111122223333"],
    )
    return {}


def seed_lambda() -> dict[str, str]:
    """A function with a secret-valued environment variable and a resource policy (us-east-1),
    and one in eu-west-1.
    """
    role_arn = raw_client("iam").create_role(
        RoleName="lambda-exec",
        AssumeRolePolicyDocument=json.dumps(trust_policy("lambda.amazonaws.com")),
    )["Role"]["Arn"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("handler.py", "def handle(event, context):\n    return event\n")
    code = {"ZipFile": archive.getvalue()}
    functions = raw_client("lambda")
    functions.create_function(
        FunctionName="orders-api",
        Runtime="python3.12",
        Role=role_arn,
        Handler="handler.handle",
        Code=code,
        Environment={"Variables": {"DB_PASSWORD": SECRET_VALUE, "STAGE": "prod"}},
    )
    functions.add_permission(
        FunctionName="orders-api",
        StatementId="s3-invoke",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
    )
    raw_client("lambda", "eu-west-1").create_function(
        FunctionName="eu-worker",
        Runtime="nodejs20.x",
        Role=role_arn,
        Handler="handler.handle",
        Code=code,
    )
    return {"role_arn": role_arn}


def seed_everything() -> None:
    """Every seeder: an account that exercises every collector's code paths.

    The seeders of the later service families live beside their tests and are imported here
    lazily (those test modules import this one).
    """
    from tests.collect.seed_application import seed_application
    from tests.collect.test_autoscaling_collect import seed_groups
    from tests.collect.test_codebuild_collect import seed_projects
    from tests.collect.test_database_settings import seed_database_settings
    from tests.collect.test_detection import seed_detection
    from tests.collect.test_ec2_fsbp_collect import seed_ec2_connectivity
    from tests.collect.test_elb_collect import seed_classic_load_balancers
    from tests.collect.test_escalation_workloads_moto import seed_workloads
    from tests.collect.test_front_doors import (
        seed_distributions,
        seed_load_balancers,
        seed_rest_api,
    )
    from tests.collect.test_fsbp_breadth import seed_fsbp_breadth
    from tests.collect.test_migration_firewall_collect import seed_migration_and_firewalls
    from tests.collect.test_monitoring_chain import seed_monitoring
    from tests.collect.test_network_checks_collect import seed_network_exposure
    from tests.collect.test_network_collect import seed_reachability
    from tests.collect.test_sagemaker_collect import seed_sagemaker
    from tests.collect.test_service_breadth import seed_service_breadth
    from tests.collect.test_stores import seed_stores

    seed_stores()
    seed_service_breadth()
    seed_database_settings()
    seed_detection()
    seed_network_exposure()
    seed_reachability()
    seed_load_balancers(with_web_acl=True)
    seed_classic_load_balancers()
    seed_ec2_connectivity()
    seed_rest_api()
    seed_distributions()
    seed_monitoring()
    seed_application()
    seed_groups()
    seed_projects()
    seed_sagemaker()
    seed_workloads()
    seed_iam()
    seed_s3()
    seed_ec2()
    seed_kms()
    seed_cloudtrail()
    seed_rds()
    seed_lambda()
    seed_fsbp_breadth()
    seed_migration_and_firewalls()
