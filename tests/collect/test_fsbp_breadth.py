"""FSBP breadth on moto (issue 17): the fields and reads added for OpenSearch, S3, EKS,
GuardDuty, Lambda, Secrets Manager, SNS, EFS, Systems Manager, ECR, AWS Backup and the
account's contacts, and the checks that read them.

moto facts met here (moto 5.2): ``ListRecoveryPointsByBackupVault`` is not implemented, so
``moto_account.seed_recovery_points`` stands in; ``SetTopicAttributes`` drops the delivery
status roles (``LambdaFailureFeedbackRoleArn`` ...), so SNS.2 is tested on fixtures only;
``GetBucketNotificationConfiguration`` leaves out an ``EventBridgeConfiguration`` that was
put, so a queue stands in.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Resource, Snapshot
from incloud.snapshot.account import AccountContacts
from incloud.snapshot.awslambda import LambdaFunction
from incloud.snapshot.backup import BackupVault
from incloud.snapshot.ecr import EcrRepository
from incloud.snapshot.efs import EfsAccessPoint
from incloud.snapshot.eks import EksCluster
from incloud.snapshot.guardduty import GuardDutyRegion
from incloud.snapshot.opensearch import OpenSearchDomain
from incloud.snapshot.s3 import S3AccessPoint, S3Bucket
from incloud.snapshot.ssm import SsmDocument
from tests.collect.moto_account import ACCOUNT, raw_client, seed_recovery_points, trust_policy

DOCUMENT = {
    "schemaVersion": "2.2",
    "description": "says hello",
    "mainSteps": [
        {"action": "aws:runShellScript", "name": "hello", "inputs": {"runCommand": ["echo hi"]}}
    ],
}


def seed_fsbp_breadth() -> dict[str, str]:
    """What the FSBP breadth reads need: an S3 bucket sending events, EFS access points, SSM
    documents (one public), an ECR repository with a lifecycle policy, a backup vault and a
    security contact.
    """
    s3 = raw_client("s3")
    sqs = raw_client("sqs")
    queue = sqs.create_queue(QueueName="object-events")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    s3.create_bucket(Bucket="events-to-queue")
    s3.put_bucket_notification_configuration(
        Bucket="events-to-queue",
        NotificationConfiguration={
            "QueueConfigurations": [{"QueueArn": queue_arn, "Events": ["s3:ObjectCreated:*"]}]
        },
    )
    s3.create_bucket(Bucket="silent-bucket")
    control = raw_client("s3control")
    control.create_access_point(AccountId=ACCOUNT, Name="locked-point", Bucket="silent-bucket")
    control.create_access_point(
        AccountId=ACCOUNT,
        Name="open-point",
        Bucket="silent-bucket",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
    )

    efs = raw_client("efs")
    fs = efs.create_file_system(CreationToken="shared")["FileSystemId"]
    efs.create_access_point(
        FileSystemId=fs,
        PosixUser={"Uid": 1000, "Gid": 1000},
        RootDirectory={"Path": "/app"},
        Tags=[{"Key": "Name", "Value": "app-point"}],
    )
    efs.create_access_point(FileSystemId=fs, Tags=[{"Key": "Name", "Value": "open-point"}])

    ssm = raw_client("ssm")
    for name in ("private-runbook", "public-runbook"):
        ssm.create_document(Content=json.dumps(DOCUMENT), Name=name, DocumentType="Command")
    ssm.modify_document_permission(
        Name="public-runbook", PermissionType="Share", AccountIdsToAdd=["all"]
    )

    ecr = raw_client("ecr")
    for name in ("kept-tidy", "hoarder"):
        ecr.create_repository(repositoryName=name)
    ecr.put_lifecycle_policy(
        repositoryName="kept-tidy",
        lifecyclePolicyText=json.dumps(
            {
                "rules": [
                    {
                        "rulePriority": 1,
                        "selection": {
                            "tagStatus": "any",
                            "countType": "imageCountMoreThan",
                            "countNumber": 10,
                        },
                        "action": {"type": "expire"},
                    }
                ]
            }
        ),
    )

    backup = raw_client("backup")
    for vault in ("vault-a", "vault-b"):
        backup.create_backup_vault(BackupVaultName=vault)
    seed_recovery_points(
        "vault-b",
        [
            {
                "RecoveryPointArn": "arn:aws:ec2:us-east-1::snapshot/snap-plain",
                "IsEncrypted": False,
            },
            {
                "RecoveryPointArn": f"arn:aws:backup:us-east-1:{ACCOUNT}:recovery-point:1",
                "IsEncrypted": True,
            },
        ],
    )
    raw_client("account").put_alternate_contact(
        AlternateContactType="SECURITY",
        EmailAddress="security@example.com",
        Name="Security",
        PhoneNumber="+15555550100",
        Title="Security team",
    )
    return {"file_system": fs}


def named(snapshot: Snapshot, kind: type[Resource]) -> dict[str, Any]:
    return {r.name: r for r in snapshot.resources if isinstance(r, kind)}


def verdicts(snapshot: Snapshot, check_id: str) -> dict[str, Verdict]:
    assessment = evaluate(snapshot, [all_checks()[check_id]])
    return {f.resource_name: f.verdict for f in assessment.findings}


def test_new_reads_and_their_checks(reset_session: AwsSession) -> None:
    seed_fsbp_breadth()
    snapshot = collect(
        reset_session, services=["s3", "s3control", "efs", "ssm", "ecr", "backup", "account"]
    )

    buckets = named(snapshot, S3Bucket)
    assert buckets["events-to-queue"].notification_targets == ("sqs",)
    assert buckets["silent-bucket"].notification_targets == ()
    assert verdicts(snapshot, "s3.bucket-event-notifications") == {
        "events-to-queue": Verdict.PASS,
        "silent-bucket": Verdict.FAIL,
    }

    access_points = named(snapshot, S3AccessPoint)
    assert access_points["locked-point"].bucket == "silent-bucket"
    assert verdicts(snapshot, "s3.access-point-public-access-block") == {
        "locked-point": Verdict.PASS,  # AWS's defaults: all four on
        "open-point": Verdict.FAIL,
    }

    points = named(snapshot, EfsAccessPoint)
    assert points["app-point"].root_directory == "/app"
    assert points["app-point"].posix_user is not None
    assert points["open-point"].root_directory == "/"
    assert points["open-point"].posix_user is None
    assert verdicts(snapshot, "elasticfilesystem.access-point-root-directory") == {
        "app-point": Verdict.PASS,
        "open-point": Verdict.FAIL,
    }
    assert verdicts(snapshot, "elasticfilesystem.access-point-user-identity") == {
        "app-point": Verdict.PASS,
        "open-point": Verdict.FAIL,
    }

    documents = named(snapshot, SsmDocument)
    assert set(documents) == {"private-runbook", "public-runbook"}  # owned only, no AWS-*
    assert verdicts(snapshot, "ssm.document-not-public") == {
        "private-runbook": Verdict.PASS,
        "public-runbook": Verdict.FAIL,
    }

    repositories = named(snapshot, EcrRepository)
    assert repositories["kept-tidy"].lifecycle_policy is True
    assert repositories["hoarder"].lifecycle_policy is False
    assert verdicts(snapshot, "ecr.repository-lifecycle-policy") == {
        "kept-tidy": Verdict.PASS,
        "hoarder": Verdict.FAIL,
    }

    vaults = named(snapshot, BackupVault)
    assert (vaults["vault-a"].recovery_points, vaults["vault-a"].unencrypted) == (0, ())
    assert vaults["vault-b"].recovery_points == 2
    assert vaults["vault-b"].unencrypted == ("arn:aws:ec2:us-east-1::snapshot/snap-plain",)
    assert verdicts(snapshot, "backup.recovery-points-encrypted") == {
        "vault-a": Verdict.PASS,
        "vault-b": Verdict.FAIL,
    }

    (contacts,) = named(snapshot, AccountContacts).values()
    assert contacts.security_contact is True
    assert verdicts(snapshot, "account.security-contact") == {ACCOUNT: Verdict.PASS}


def test_no_security_contact_is_an_answer_not_a_gap(reset_session: AwsSession) -> None:
    snapshot = collect(reset_session, services=["account"])
    (contacts,) = named(snapshot, AccountContacts).values()
    assert contacts.security_contact is False
    assert not [g for g in snapshot.gaps if g.service == "account"]
    assert verdicts(snapshot, "account.security-contact") == {ACCOUNT: Verdict.FAIL}


def seed_fields() -> None:
    """Resources whose existing reads carry the new fields: an OpenSearch domain, an EKS
    cluster, a GuardDuty detector, and a Lambda function in two subnets of one zone.
    """
    raw_client("opensearch").create_domain(
        DomainName="search",
        EngineVersion="OpenSearch_2.11",
        ClusterConfig={
            "InstanceCount": 3,
            "ZoneAwarenessEnabled": True,
            "DedicatedMasterEnabled": True,
            "DedicatedMasterCount": 2,
        },
        LogPublishingOptions={
            "ES_APPLICATION_LOGS": {
                "CloudWatchLogsLogGroupArn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:os",
                "Enabled": True,
            },
            "AUDIT_LOGS": {"Enabled": False},
        },
        AdvancedSecurityOptions={
            "Enabled": True,
            "InternalUserDatabaseEnabled": False,
            "MasterUserOptions": {"MasterUserARN": f"arn:aws:iam::{ACCOUNT}:role/search-admin"},
        },
    )
    raw_client("eks").create_cluster(
        name="apps",
        roleArn=f"arn:aws:iam::{ACCOUNT}:role/eks",
        resourcesVpcConfig={"subnetIds": []},
        encryptionConfig=[
            {
                "resources": ["secrets"],
                "provider": {"keyArn": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1"},
            }
        ],
        logging={"clusterLogging": [{"types": ["api", "audit"], "enabled": True}]},
    )
    raw_client("guardduty").create_detector(
        Enable=True,
        Features=[
            {"Name": "S3_DATA_EVENTS", "Status": "ENABLED"},
            {"Name": "RDS_LOGIN_EVENTS", "Status": "DISABLED"},
        ],
    )
    ec2 = raw_client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{n}.0/24", AvailabilityZone="us-east-1a")[
            "Subnet"
        ]["SubnetId"]
        for n in (1, 2)
    ]
    group = ec2.create_security_group(GroupName="fn", Description="fn", VpcId=vpc)["GroupId"]
    role_arn = raw_client("iam").create_role(
        RoleName="fn-exec",
        AssumeRolePolicyDocument=json.dumps(trust_policy("lambda.amazonaws.com")),
    )["Role"]["Arn"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("handler.py", "def handle(event, context):\n    return event\n")
    raw_client("lambda").create_function(
        FunctionName="one-zone",
        Runtime="python3.12",
        Role=role_arn,
        Handler="handler.handle",
        Code={"ZipFile": archive.getvalue()},
        VpcConfig={"SubnetIds": subnets, "SecurityGroupIds": [group]},
    )


def test_new_fields_of_existing_reads(reset_session: AwsSession) -> None:
    seed_fields()
    snapshot = collect(reset_session, services=["opensearch", "eks", "guardduty", "lambda", "ec2"])

    (domain,) = named(snapshot, OpenSearchDomain).values()
    assert domain.log_types == ("ES_APPLICATION_LOGS",)  # audit logs disabled
    assert (domain.data_nodes, domain.zone_awareness, domain.dedicated_masters) == (3, True, 2)
    assert domain.fine_grained_access_control is True
    assert domain.update_available is None  # moto reports no ServiceSoftwareOptions
    expected = {
        "es.domain-error-logging": Verdict.PASS,
        "es.domain-audit-logging": Verdict.FAIL,
        "es.domain-data-nodes": Verdict.PASS,
        "es.domain-dedicated-masters": Verdict.FAIL,
        "es.domain-fine-grained-access-control": Verdict.PASS,
        "es.domain-software-current": Verdict.UNKNOWN,
    }
    assert {c: verdicts(snapshot, c)["search"] for c in expected} == expected

    (cluster,) = named(snapshot, EksCluster).values()
    assert cluster.secrets_key_arn == f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1"
    assert cluster.log_types == ("api", "audit")
    assert verdicts(snapshot, "eks.secrets-encrypted") == {"apps": Verdict.PASS}
    assert verdicts(snapshot, "eks.audit-logging") == {"apps": Verdict.PASS}

    regions = named(snapshot, GuardDutyRegion)
    (detector,) = regions["us-east-1"].detectors
    assert detector.features["S3_DATA_EVENTS"] == "ENABLED"
    assert verdicts(snapshot, "guardduty.s3-protection")["us-east-1"] is Verdict.PASS
    assert verdicts(snapshot, "guardduty.rds-protection")["us-east-1"] is Verdict.FAIL
    assert verdicts(snapshot, "guardduty.rds-protection")["eu-west-1"] is Verdict.NOT_APPLICABLE

    function = named(snapshot, LambdaFunction)["one-zone"]
    assert len(function.subnet_ids) == 2
    assert verdicts(snapshot, "lambda.function-in-vpc")["one-zone"] is Verdict.PASS
    assert verdicts(snapshot, "lambda.function-multi-az")["one-zone"] is Verdict.FAIL
