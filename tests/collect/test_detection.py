"""Logging and detection on moto: the AWS Config, GuardDuty, Security Hub, AWS Backup and
CloudFront logging collectors, the CloudTrail bucket and data-event checks, and the verdicts
of their checks on what they collect.

moto lacks ``securityhub:GetEnabledStandards``: an enabled hub's standards are then a gap and
``securityhub.enabled`` must say unknown, never pass. moto has no AWS Backup selections at
all; ``seed_backup_selection`` (moto_account.py) stands in for them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from incloud.collect.registry import all_collectors
from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Snapshot
from incloud.snapshot.backup import BackupRegion
from incloud.snapshot.cloudfront import Distribution
from incloud.snapshot.cloudtrail import Trail
from incloud.snapshot.config import ConfigRegion
from incloud.snapshot.guardduty import GuardDutyRegion
from incloud.snapshot.securityhub import SecurityHubRegion
from tests.collect.moto_account import ACCOUNT, raw_client, seed_backup_selection
from tests.collect.stubs import OperationStubber
from tests.collect.test_front_doors import fail_operation

SERVICES = ("config", "guardduty", "securityhub", "backup")
"""The new collectors (boto3 client names)."""

DETECTION_ARN_SHAPES = {
    "config.region": ("config", rf"account/{ACCOUNT}"),
    "guardduty.region": ("guardduty", rf"account/{ACCOUNT}"),
    "securityhub.region": ("securityhub", r"hub/default"),
    "backup.region": ("backup", rf"account/{ACCOUNT}"),
}
"""ARN shapes of the per-region settings resources (Security Hub's is the hub's own ARN)."""

CONFIG_ROLE = f"arn:aws:iam::{ACCOUNT}:role/aws-config"
BACKUP_ROLE = f"arn:aws:iam::{ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole"


# --- seeding ---------------------------------------------------------------------------------


def seed_config() -> None:
    """us-east-1: a recorder of every type (global ones included), recording, with a delivery
    channel. eu-west-1: a recorder of two types, never started, without a channel.
    """
    raw_client("s3").create_bucket(Bucket="config-history")
    config = raw_client("config")
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": CONFIG_ROLE,
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    config.put_delivery_channel(
        DeliveryChannel={"name": "default", "s3BucketName": "config-history"}
    )
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    raw_client("config", "eu-west-1").put_configuration_recorder(
        ConfigurationRecorder={
            "name": "partial",
            "roleARN": CONFIG_ROLE,
            "recordingGroup": {
                "allSupported": False,
                "resourceTypes": ["AWS::EC2::Instance", "AWS::S3::Bucket"],
                "recordingStrategy": {"useOnly": "INCLUSION_BY_RESOURCE_TYPES"},
            },
        }
    )


def seed_guardduty() -> str:
    """An enabled detector in us-east-1 (none in eu-west-1); its id."""
    return str(raw_client("guardduty").create_detector(Enable=True)["DetectorId"])


def seed_securityhub() -> None:
    """Security Hub enabled in us-east-1 only."""
    raw_client("securityhub").enable_security_hub(EnableDefaultStandards=True)


def seed_backup() -> dict[str, str]:
    """A DynamoDB table and an EFS file system in us-east-1, a table in eu-west-1; a us-east-1
    plan selecting every table by ARN, and an eu-west-1 plan selecting by tag.
    """
    raw_client("dynamodb").create_table(
        TableName="ledger",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    raw_client("efs").create_file_system(CreationToken="backup-share")
    raw_client("dynamodb", "eu-west-1").create_table(
        TableName="eu-ledger",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    raw_client("backup").create_backup_vault(BackupVaultName="Default")
    rule = {"RuleName": "daily", "TargetBackupVaultName": "Default"}
    plan = raw_client("backup").create_backup_plan(
        BackupPlan={"BackupPlanName": "tables", "Rules": [rule]}
    )["BackupPlanId"]
    seed_backup_selection(
        plan,
        {
            "SelectionName": "all-tables",
            "IamRoleArn": BACKUP_ROLE,
            "Resources": ["arn:aws:dynamodb:*:*:table/*"],
            "NotResources": [],
            "ListOfTags": [],
        },
    )
    eu_plan = raw_client("backup", "eu-west-1").create_backup_plan(
        BackupPlan={"BackupPlanName": "tagged", "Rules": [rule]}
    )["BackupPlanId"]
    seed_backup_selection(
        eu_plan,
        {
            "SelectionName": "by-tag",
            "IamRoleArn": BACKUP_ROLE,
            "Resources": ["*"],
            "Conditions": {
                "StringEquals": [
                    {"ConditionKey": "aws:ResourceTag/backup", "ConditionValue": "daily"}
                ]
            },
        },
        region="eu-west-1",
    )
    return {"plan": plan, "eu_plan": eu_plan}


def seed_logged_distributions() -> dict[str, str]:
    """A distribution with standard logging to S3 and one without."""
    cloudfront = raw_client("cloudfront")
    logged = cloudfront.create_distribution(
        DistributionConfig=_distribution("logged")
        | {
            "Logging": {
                "Enabled": True,
                "IncludeCookies": False,
                "Bucket": "cf-logs.s3.amazonaws.com",
                "Prefix": "logged/",
            }
        }
    )["Distribution"]["Id"]
    quiet = cloudfront.create_distribution(DistributionConfig=_distribution("quiet"))
    return {"logged": logged, "quiet": quiet["Distribution"]["Id"]}


def seed_detection() -> None:
    """Every seeder of this module (for ``seed_everything``)."""
    seed_config()
    seed_guardduty()
    seed_securityhub()
    seed_backup()
    seed_logged_distributions()


def _distribution(reference: str) -> dict[str, Any]:
    return {
        "CallerReference": reference,
        "Comment": reference,
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "site",
                    "DomainName": f"{reference}.example.com",
                    "CustomOriginConfig": {
                        "HTTPPort": 80,
                        "HTTPSPort": 443,
                        "OriginProtocolPolicy": "https-only",
                    },
                }
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": "redirect-to-https",
            "MinTTL": 0,
            "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
        },
    }


# --- helpers ---------------------------------------------------------------------------------


def verdicts(snapshot: Snapshot, check_id: str) -> dict[str, Verdict]:
    """The check's verdict per resource name."""
    assessment = evaluate(snapshot, [all_checks()[check_id]])
    return {f.resource_name: f.verdict for f in assessment.findings}


def regional(snapshot: Snapshot, kind: type[Any]) -> dict[str, Any]:
    return {r.region: r for r in snapshot.of_type(kind)}


def gap_keys(snapshot: Snapshot) -> set[tuple[str, str, str]]:
    return {(g.region, g.action, g.error_code) for g in snapshot.gaps}


# --- AWS Config ------------------------------------------------------------------------------


def test_config_recorders_status_and_channels(session: AwsSession) -> None:
    seed_config()

    snapshot = collect(session, services=["config"])

    assert snapshot.gaps == ()
    regions = regional(snapshot, ConfigRegion)
    (home,) = regions["us-east-1"].recorders
    assert (home.name, home.all_supported, home.include_global_resource_types) == (
        "default",
        True,
        True,
    )
    assert home.recording is True
    assert home.records_all_types
    assert [c.s3_bucket for c in regions["us-east-1"].delivery_channels] == ["config-history"]
    (partial,) = regions["eu-west-1"].recorders
    assert partial.recording_strategy == "INCLUSION_BY_RESOURCE_TYPES"
    assert partial.resource_types == ("AWS::EC2::Instance", "AWS::S3::Bucket")
    assert partial.recording is False
    assert regions["eu-west-1"].delivery_channels == ()
    assert verdicts(snapshot, "config.recorder-enabled") == {
        "us-east-1": Verdict.PASS,
        "eu-west-1": Verdict.FAIL,
    }


def test_a_region_without_config_fails_and_a_denied_one_is_unknown(session: AwsSession) -> None:
    fail_operation(session, "config", "DescribeConfigurationRecorders", "eu-west-1")

    snapshot = collect(session, services=["config"])

    assert regional(snapshot, ConfigRegion)["us-east-1"].recorders == ()
    assert verdicts(snapshot, "config.recorder-enabled") == {
        "us-east-1": Verdict.FAIL,
        "eu-west-1": Verdict.UNKNOWN,
    }


# --- GuardDuty -------------------------------------------------------------------------------


def test_guardduty_detector_per_region(session: AwsSession) -> None:
    detector = seed_guardduty()

    snapshot = collect(session, services=["guardduty"])

    assert snapshot.gaps == ()
    regions = regional(snapshot, GuardDutyRegion)
    (found,) = regions["us-east-1"].detectors
    assert (found.detector_id, found.status) == (detector, "ENABLED")
    assert found.arn == f"arn:aws:guardduty:us-east-1:{ACCOUNT}:detector/{detector}"
    assert regions["eu-west-1"].detectors == ()
    assert regions["us-east-1"].in_use() and not regions["eu-west-1"].in_use()
    assert verdicts(snapshot, "guardduty.enabled") == {
        "us-east-1": Verdict.PASS,
        "eu-west-1": Verdict.FAIL,
    }


def test_a_suspended_detector_fails_and_an_unreadable_one_is_unknown(
    session: AwsSession,
) -> None:
    detector = seed_guardduty()
    raw_client("guardduty").update_detector(DetectorId=detector, Enable=False)
    eu = raw_client("guardduty", "eu-west-1").create_detector(Enable=True)["DetectorId"]
    fail_operation(session, "guardduty", "GetDetector", "eu-west-1")

    snapshot = collect(session, services=["guardduty"])

    regions = regional(snapshot, GuardDutyRegion)
    assert regions["us-east-1"].detectors[0].status == "DISABLED"
    assert regions["eu-west-1"].detectors[0].status is None
    (gap,) = snapshot.gaps
    assert gap.resource_arn == f"arn:aws:guardduty:eu-west-1:{ACCOUNT}:detector/{eu}"
    assert verdicts(snapshot, "guardduty.enabled") == {
        "us-east-1": Verdict.FAIL,
        "eu-west-1": Verdict.UNKNOWN,
    }


# --- Security Hub ----------------------------------------------------------------------------


def test_securityhub_not_subscribed_is_absence_and_missing_standards_are_a_gap(
    session: AwsSession,
) -> None:
    seed_securityhub()

    snapshot = collect(session, services=["securityhub"])

    regions = regional(snapshot, SecurityHubRegion)
    assert regions["us-east-1"].enabled is True
    assert regions["us-east-1"].arn == f"arn:aws:securityhub:us-east-1:{ACCOUNT}:hub/default"
    assert regions["eu-west-1"].enabled is False
    # "Not subscribed" in eu-west-1 is no gap; moto's missing GetEnabledStandards is one.
    assert gap_keys(snapshot) == {
        ("us-east-1", "securityhub:GetEnabledStandards", "NotImplemented")
    }
    assert verdicts(snapshot, "securityhub.enabled") == {
        "us-east-1": Verdict.UNKNOWN,
        "eu-west-1": Verdict.FAIL,
    }


def test_securityhub_standards_decide_once_they_are_read(session: AwsSession) -> None:
    fsbp = (
        "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
    )
    hub = {"HubArn": f"arn:aws:securityhub:us-east-1:{ACCOUNT}:hub/default"}
    client = session.client("securityhub", "us-east-1")
    with OperationStubber(client) as stubber:
        stubber.add_response("describe_hub", hub)
        stubber.add_response(
            "get_enabled_standards",
            {
                "StandardsSubscriptions": [
                    {
                        "StandardsSubscriptionArn": f"{hub['HubArn']}/fsbp",
                        "StandardsArn": fsbp,
                        "StandardsInput": {},
                        "StandardsStatus": "READY",
                    }
                ]
            },
        )
        snapshot = collect(session, services=["securityhub"])

    us = regional(snapshot, SecurityHubRegion)["us-east-1"]
    assert [(s.standards_arn, s.status) for s in us.standards] == [(fsbp, "READY")]
    assert verdicts(snapshot, "securityhub.enabled")["us-east-1"] is Verdict.PASS


def test_securityhub_denied_is_a_gap_not_a_disabled_hub(session: AwsSession) -> None:
    client = session.client("securityhub", "us-east-1")
    with OperationStubber(client) as stubber:
        stubber.add_client_error("describe_hub", "AccessDeniedException", http_status_code=403)
        snapshot = collect(session, services=["securityhub"])

    assert ("us-east-1", "securityhub:DescribeHub", "AccessDeniedException") in gap_keys(snapshot)
    assert verdicts(snapshot, "securityhub.enabled")["us-east-1"] is Verdict.UNKNOWN


# --- AWS Backup ------------------------------------------------------------------------------


def test_backup_plans_and_selections(session: AwsSession) -> None:
    seeded = seed_backup()

    snapshot = collect(session, services=["backup", "dynamodb", "efs"])

    regions = regional(snapshot, BackupRegion)
    (plan,) = regions["us-east-1"].plans
    assert (plan.plan_id, plan.name, plan.selections_complete) == (seeded["plan"], "tables", True)
    (selection,) = plan.selections
    assert (selection.name, selection.resources) == (
        "all-tables",
        ("arn:aws:dynamodb:*:*:table/*",),
    )
    (eu_selection,) = regions["eu-west-1"].plans[0].selections
    assert [(c.operator, c.key, c.value) for c in eu_selection.conditions] == [
        ("StringEquals", "aws:ResourceTag/backup", "daily")
    ]
    findings = {
        f.region: f
        for f in evaluate(snapshot, [all_checks()["backup.data-stores-covered"]]).findings
    }
    # us-east-1: the table is selected, the file system is not.
    assert findings["us-east-1"].verdict is Verdict.FAIL
    (uncovered,) = findings["us-east-1"].evidence["uncovered"]
    assert ":elasticfilesystem:" in uncovered
    # eu-west-1: selected by a tag, and table tags are not collected.
    assert findings["eu-west-1"].verdict is Verdict.UNKNOWN
    assert "tags" in findings["eu-west-1"].reason


def test_unreadable_selections_make_coverage_unknown(session: AwsSession) -> None:
    seed_backup()
    fail_operation(session, "backup", "ListBackupSelections", "us-east-1")
    snapshot = collect(session, services=["backup", "dynamodb"])

    (plan,) = regional(snapshot, BackupRegion)["us-east-1"].plans
    assert plan.selections_complete is False
    (gap,) = [g for g in snapshot.gaps if g.region == "us-east-1"]
    assert (gap.action, gap.resource_arn) == ("backup:ListBackupSelections", plan.arn)
    assert verdicts(snapshot, "backup.data-stores-covered")["us-east-1"] is Verdict.UNKNOWN


# --- CloudFront ------------------------------------------------------------------------------


def test_cloudfront_standard_logging(session: AwsSession) -> None:
    seeded = seed_logged_distributions()

    snapshot = collect(session, services=["cloudfront"])

    assert snapshot.gaps == ()
    found = {d.distribution_id: d for d in snapshot.of_type(Distribution)}
    logged, quiet = found[seeded["logged"]], found[seeded["quiet"]]
    assert (logged.logging_enabled, logged.logging_bucket) == (True, "cf-logs.s3.amazonaws.com")
    assert (quiet.logging_enabled, quiet.logging_bucket) == (False, None)
    assert verdicts(snapshot, "cloudfront.access-logging") == {
        logged.name: Verdict.PASS,
        quiet.name: Verdict.FAIL,
    }


def test_cloudfront_config_denied_is_unknown(session: AwsSession) -> None:
    seeded = seed_logged_distributions()
    fail_operation(session, "cloudfront", "GetDistributionConfig", "us-east-1")

    snapshot = collect(session, services=["cloudfront"])

    assert {d.logging_enabled for d in snapshot.of_type(Distribution)} == {None}
    assert {g.action for g in snapshot.gaps} == {"cloudfront:GetDistributionConfig"}
    assert set(verdicts(snapshot, "cloudfront.access-logging").values()) == {Verdict.UNKNOWN}
    assert seeded["logged"] in {d.distribution_id for d in snapshot.of_type(Distribution)}


# --- CloudTrail: the log bucket and S3 data events --------------------------------------------


def seed_trails() -> dict[str, str]:
    """A KMS-encrypted multi-region trail to a private, access-logged bucket, logging S3 object
    writes (advanced selectors); a single-region eu-west-1 trail to a public bucket.
    """
    s3 = raw_client("s3")
    s3.create_bucket(Bucket="trail-access-logs")
    s3.put_bucket_acl(Bucket="trail-access-logs", ACL="log-delivery-write")
    s3.create_bucket(Bucket="audit-trail")
    s3.put_bucket_logging(
        Bucket="audit-trail",
        BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": "trail-access-logs", "TargetPrefix": "audit/"}
        },
    )
    s3.create_bucket(Bucket="leaky-trail")
    s3.put_bucket_policy(
        Bucket="leaky-trail",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::leaky-trail/*",
                    }
                ],
            }
        ),
    )
    key = raw_client("kms").create_key(Description="trail")["KeyMetadata"]["Arn"]
    trails = raw_client("cloudtrail")
    trails.create_trail(
        Name="audit", S3BucketName="audit-trail", IsMultiRegionTrail=True, KmsKeyId=key
    )
    trails.put_event_selectors(
        TrailName="audit",
        AdvancedEventSelectors=[
            {
                "Name": "management",
                "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}],
            },
            {
                "Name": "s3-writes",
                "FieldSelectors": [
                    {"Field": "eventCategory", "Equals": ["Data"]},
                    {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                    {"Field": "readOnly", "Equals": ["false"]},
                ],
            },
        ],
    )
    trails.start_logging(Name="audit")
    raw_client("cloudtrail", "eu-west-1").create_trail(Name="leaky", S3BucketName="leaky-trail")
    return {"key": key}


def test_trail_buckets_and_data_events(session: AwsSession) -> None:
    seeded = seed_trails()

    snapshot = collect(session, services=["cloudtrail", "s3", "kms"])

    def judged(check_id: str) -> dict[str, Verdict]:
        return verdicts(snapshot, check_id)

    assert judged("cloudtrail.kms-encryption") == {"audit": Verdict.PASS, "leaky": Verdict.FAIL}
    assert judged("cloudtrail.bucket-not-public") == {
        "audit": Verdict.PASS,
        "leaky": Verdict.FAIL,
    }
    assert judged("cloudtrail.bucket-access-logging") == {
        "audit": Verdict.PASS,
        "leaky": Verdict.FAIL,
    }
    writes = judged("cloudtrail.s3-object-write-events")
    reads = judged("cloudtrail.s3-object-read-events")
    assert set(writes.values()) == {Verdict.PASS}  # every bucket, through the audit trail
    assert set(reads.values()) == {Verdict.FAIL}
    trails = {t.name: t for t in snapshot.of_type(Trail)}
    assert trails["audit"].kms_key_id == seeded["key"]


def test_a_trail_bucket_outside_the_snapshot_is_unknown(session: AwsSession) -> None:
    raw_client("s3").create_bucket(Bucket="org-archive")
    raw_client("cloudtrail").create_trail(Name="org", S3BucketName="org-archive")

    snapshot = collect(session, services=["cloudtrail"])  # buckets not collected

    for check_id in ("cloudtrail.bucket-not-public", "cloudtrail.bucket-access-logging"):
        (finding,) = evaluate(snapshot, [all_checks()[check_id]]).findings
        assert finding.verdict is Verdict.UNKNOWN
        assert "org-archive" in finding.reason


# --- declarations ----------------------------------------------------------------------------


def test_one_settings_resource_per_region_with_the_right_arn(session: AwsSession) -> None:
    seed_detection()

    snapshot = collect(session, services=SERVICES)

    found = [r for r in snapshot.resources if r.kind in DETECTION_ARN_SHAPES]
    assert sorted((r.kind, r.region) for r in found) == sorted(
        (kind, region) for kind in DETECTION_ARN_SHAPES for region in ("us-east-1", "eu-west-1")
    )
    for resource in found:
        service, pattern = DETECTION_ARN_SHAPES[resource.kind]
        expected = rf"arn:aws:{service}:{resource.region}:{ACCOUNT}:{pattern}"
        assert re.fullmatch(expected, resource.arn), resource.arn
        assert resource.service == service


def test_detection_collectors_call_exactly_what_they_declare(session: AwsSession) -> None:
    seed_detection()

    snapshot = collect(session, services=[*SERVICES, "cloudfront"])

    called = {f"{c.service}:{c.operation}" for c in snapshot.api_calls}
    declared = {op for s in (*SERVICES, "cloudfront") for op in all_collectors()[s].operations}
    assert called - {"sts:GetCallerIdentity", "ec2:DescribeRegions"} == declared
