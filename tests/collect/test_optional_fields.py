"""Answers without a member botocore's model marks optional are collected, not lost.

Each case queues, with botocore's ``Stubber`` on the session's cached client, an answer that
leaves out an optional member. The Stubber validates every answer against the operation's
output shape, so each one here is an answer AWS may legitimately send; the collector must
read it without a gap and give the member the meaning AWS documents for its absence (or
None, unknown, where a default could pass a check). Members that identify a resource stay
required by the collectors: the last case shows such an answer loses its unit, loudly.
"""

from __future__ import annotations

from typing import Any

from botocore.stub import Stubber

from incloud.collect.registry import all_collectors
from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.collect.unit import Unit
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import GLOBAL, Resource
from incloud.snapshot.cloudtrail import Trail
from incloud.snapshot.ec2 import Ec2Instance
from incloud.snapshot.iam import IamAccount, IamUser
from incloud.snapshot.s3 import S3Account, S3Bucket
from tests.collect.ec2_stubs import EC2_LISTINGS, stub_empty
from tests.collect.moto_account import ACCOUNT
from tests.collect.stubs import OperationStubber


def bare(**members: Any) -> dict[str, Any]:
    """An answer with ``members`` and the request metadata every real answer carries (so,
    like a real one, it is never an empty dict).
    """
    return {**members, "ResponseMetadata": {"RequestId": "req-0001", "HTTPStatusCode": 200}}


def run(session: AwsSession, service: str, region: str) -> tuple[list[Resource], Unit]:
    """One collector's resources for ``region``, and the unit (with its gaps)."""
    unit = Unit(session=session, region=region, service=service, scanned_regions=(region,))
    return list(all_collectors()[service].collect(unit)), unit


# --- CloudTrail ----------------------------------------------------------------------------


def trail(name: str) -> dict[str, Any]:
    return {
        "Name": name,
        "TrailARN": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/{name}",
        "HomeRegion": "us-east-1",
        "IsMultiRegionTrail": True,
        "S3BucketName": "trail-bucket",
    }


def test_a_trail_status_without_is_logging_is_a_gap_on_that_trail(session: AwsSession) -> None:
    with OperationStubber(session.client("cloudtrail", "us-east-1")) as stubber:
        stubber.add_response("describe_trails", {"trailList": [trail("quiet"), trail("stopped")]})
        # GetTrailStatus's members are all optional: this answer says nothing about logging.
        stubber.add_response("get_trail_status", bare(LatestDeliveryError=""))
        stubber.add_response("get_event_selectors", {})
        stubber.add_response("get_trail_status", {"IsLogging": False})
        stubber.add_response("get_event_selectors", {})

        resources, unit = run(session, "cloudtrail", "us-east-1")

        stubber.assert_no_pending_responses()
    trails = {t.name: t for t in resources if isinstance(t, Trail)}
    # Unknown (None and a gap on that trail), never "logging" or "not logging".
    (gap,) = unit.gaps
    assert (gap.action, gap.error_code, gap.resource_arn) == (
        "cloudtrail:GetTrailStatus",
        "BadResponse",
        trails["quiet"].arn,
    )
    assert trails["quiet"].is_logging is None
    assert trails["stopped"].is_logging is False  # an answer that has the flag is unchanged


# --- EC2 -----------------------------------------------------------------------------------


def test_an_ec2_tag_without_a_value_is_an_empty_value(session: AwsSession) -> None:
    instance = {
        "InstanceId": "i-0abc",
        "State": {"Name": "running"},
        # EC2's Tag marks Value optional; a tag may be a bare key (an empty value).
        "Tags": [{"Key": "Name", "Value": "web"}, {"Key": "backup"}],
    }
    with OperationStubber(session.client("ec2", "us-east-1")) as stubber:
        stubber.add_response("get_ebs_encryption_by_default", {"EbsEncryptionByDefault": True})
        stubber.add_response("get_ebs_default_kms_key_id", {"KmsKeyId": "alias/aws/ebs"})
        stubber.add_response("describe_instances", {"Reservations": [{"Instances": [instance]}]})
        stubber.add_response("describe_instance_attribute", {"InstanceId": "i-0abc"})
        stub_empty(stubber, EC2_LISTINGS)

        resources, unit = run(session, "ec2", "us-east-1")

        stubber.assert_no_pending_responses()
    assert unit.gaps == []
    (collected,) = [r for r in resources if isinstance(r, Ec2Instance)]
    assert (collected.name, collected.tags) == ("web", {"Name": "web", "backup": ""})


# --- IAM -----------------------------------------------------------------------------------

REPORT = (
    "user,arn,password_enabled,mfa_active,access_key_1_active,access_key_2_active\n"
    f"<root_account>,arn:aws:iam::{ACCOUNT}:root,not_supported,true,false,false\n"
    f"alice,arn:aws:iam::{ACCOUNT}:user/alice,true,true,false,false\n"
)


def stub_iam(stubber: Stubber, report: dict[str, Any], summary: dict[str, Any]) -> None:
    """Queue the IAM collector's reads, with one user."""
    stubber.add_response(
        "get_account_authorization_details",
        {
            "UserDetailList": [
                {"UserName": "alice", "Arn": f"arn:aws:iam::{ACCOUNT}:user/alice", "Path": "/"}
            ],
            "GroupDetailList": [],
            "RoleDetailList": [],
            "Policies": [],
            "IsTruncated": False,
        },
    )
    stubber.add_response("generate_credential_report", {"State": "COMPLETE"})
    stubber.add_response("get_credential_report", report)
    stubber.add_client_error("get_account_password_policy", "NoSuchEntity", http_status_code=404)
    stubber.add_response("get_account_summary", summary)
    stubber.add_response("list_virtual_mfa_devices", {"VirtualMFADevices": []})
    stubber.add_response("list_server_certificates", {"ServerCertificateMetadataList": []})


def test_an_account_summary_without_its_map_is_an_empty_summary(session: AwsSession) -> None:
    with OperationStubber(session.client("iam", "us-east-1")) as stubber:
        # GetAccountSummary's SummaryMap is optional: an answer without it has no counts.
        stub_iam(stubber, {"Content": REPORT.encode(), "ReportFormat": "text/csv"}, bare())

        resources, unit = run(session, "iam", GLOBAL)

        stubber.assert_no_pending_responses()
    assert unit.gaps == []
    (account,) = [r for r in resources if isinstance(r, IamAccount)]
    assert account.summary == {}
    assert account.root is not None and account.root.mfa_active
    (alice,) = [r for r in resources if isinstance(r, IamUser)]
    assert (alice.name, alice.password_enabled, alice.mfa_active) == ("alice", True, True)


def test_a_credential_report_without_content_is_a_gap_on_the_report(
    session: AwsSession,
) -> None:
    with OperationStubber(session.client("iam", "us-east-1")) as stubber:
        # Content is optional in the model but is the report: read as empty, alice would
        # pass for a user without a password or keys. It is a gap (unknown) instead, as when
        # the call fails; the rest of IAM is kept.
        stub_iam(stubber, {"ReportFormat": "text/csv"}, {"SummaryMap": {"Users": 1}})

        snapshot = collect(session, services=["iam"])

    (gap,) = snapshot.gaps
    assert (gap.action, gap.error_code) == ("iam:GetCredentialReport", "BadResponse")
    assert [u.name for u in snapshot.of_type(IamUser)] == ["alice"]  # the rest of IAM is kept
    verdicts = evaluate(snapshot, [all_checks()["iam.console-user-mfa"]]).findings
    assert [(f.resource_name, f.verdict) for f in verdicts] == [("alice", Verdict.UNKNOWN)]


# --- S3 ------------------------------------------------------------------------------------


def test_s3_answers_without_their_configuration_mean_none_configured(
    session: AwsSession,
) -> None:
    s3 = session.client("s3", "us-east-1")
    with (
        OperationStubber(session.client("s3control", "us-east-1")) as control,
        OperationStubber(s3) as stubber,
    ):
        # Each payload member below is optional in its output shape: an answer without it
        # reports no configuration, as the operation's "not found" error would.
        control.add_response("get_public_access_block", bare())
        stubber.add_response(
            "list_buckets", {"Buckets": [{"Name": "bare", "BucketRegion": "us-east-1"}]}
        )
        stubber.add_client_error("get_bucket_policy", "NoSuchBucketPolicy", http_status_code=404)
        stubber.add_response("get_bucket_acl", {"Grants": []})
        stubber.add_response("get_public_access_block", bare())
        stubber.add_client_error(
            "get_bucket_encryption",
            "ServerSideEncryptionConfigurationNotFoundError",
            http_status_code=404,
        )
        stubber.add_response("get_bucket_versioning", {})
        stubber.add_response("get_bucket_logging", {})
        stubber.add_response("get_bucket_ownership_controls", bare())
        stubber.add_response("get_object_lock_configuration", bare())
        stubber.add_response("get_bucket_replication", {})
        stubber.add_response("get_bucket_lifecycle_configuration", {})
        stubber.add_response("get_bucket_notification_configuration", {})

        snapshot = collect(session, services=["s3"])

        control.assert_no_pending_responses()
        stubber.assert_no_pending_responses()
    assert snapshot.gaps == ()
    (account,) = snapshot.of_type(S3Account)
    (bucket,) = snapshot.of_type(S3Bucket)
    assert account.public_access_block is None
    assert (bucket.public_access_block, bucket.ownership, bucket.object_lock) == (None, None, None)
    # "None configured" is a failing answer, never an unknown or a pass.
    checks = all_checks()
    assessment = evaluate(
        snapshot, [checks["s3.account-public-access-block"], checks["s3.bucket-acls-disabled"]]
    )
    assert {f.check_id: f.verdict for f in assessment.findings} == {
        "s3.account-public-access-block": Verdict.FAIL,
        "s3.bucket-acls-disabled": Verdict.FAIL,
    }


def test_s3_ownership_controls_without_rules_set_nothing(session: AwsSession) -> None:
    s3 = session.client("s3", "us-east-1")
    with (
        OperationStubber(session.client("s3control", "us-east-1")) as control,
        OperationStubber(s3) as stubber,
    ):
        control.add_client_error(
            "get_public_access_block", "NoSuchPublicAccessBlockConfiguration", http_status_code=404
        )
        stubber.add_response(
            "list_buckets", {"Buckets": [{"Name": "ruleless", "BucketRegion": "us-east-1"}]}
        )
        stubber.add_client_error("get_bucket_policy", "NoSuchBucketPolicy", http_status_code=404)
        stubber.add_response("get_bucket_acl", {"Grants": []})
        stubber.add_response(
            "get_public_access_block",
            {"PublicAccessBlockConfiguration": {"BlockPublicAcls": True}},
        )
        stubber.add_client_error(
            "get_bucket_encryption",
            "ServerSideEncryptionConfigurationNotFoundError",
            http_status_code=404,
        )
        stubber.add_response("get_bucket_versioning", {})
        stubber.add_response("get_bucket_logging", {})
        # Rules is required but may be empty; an empty list sets no Object Ownership.
        stubber.add_response("get_bucket_ownership_controls", {"OwnershipControls": {"Rules": []}})
        stubber.add_response(
            "get_object_lock_configuration",
            {"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled"}},
        )
        stubber.add_response("get_bucket_replication", {})
        stubber.add_response("get_bucket_lifecycle_configuration", {})
        stubber.add_response("get_bucket_notification_configuration", {})

        snapshot = collect(session, services=["s3"])

        stubber.assert_no_pending_responses()
    assert snapshot.gaps == ()
    (bucket,) = snapshot.of_type(S3Bucket)
    assert bucket.ownership is None
    # Answers that carry their configuration read as before.
    assert bucket.public_access_block is not None
    assert bucket.public_access_block.block_public_acls
    assert not bucket.public_access_block.ignore_public_acls
    assert bucket.object_lock is not None and bucket.object_lock.enabled
