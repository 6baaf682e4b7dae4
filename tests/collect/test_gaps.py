"""API failures become CollectionGaps, gaps make verdicts ``unknown``, and an answer a collector
cannot read loses only its own unit.

Most cases put botocore's ``Stubber`` on a client the session has cached (the collectors get
the very same client object), so the collector sees exactly the answer we queue. Where the
retry machinery matters, a ``before-send`` handler answers instead, because a Stubber answers
before botocore's retry loop and is never retried.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import botocore.exceptions
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber
from moto.core.botocore_stubber import MockRawResponse

from incloud.collect.registry import all_collectors
from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.collect.unit import Unit
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import GLOBAL
from incloud.snapshot.cloudtrail import Trail
from incloud.snapshot.ec2 import Ec2Region, SecurityGroup
from incloud.snapshot.kms import KmsKey
from incloud.snapshot.s3 import S3Account, S3Bucket
from tests.collect.ec2_stubs import EC2_LISTINGS, stub_empty
from tests.collect.moto_account import ACCOUNT, make_session, raw_client, seed_cloudtrail
from tests.collect.stubs import OperationStubber

OWNER = {"ID": "0f1e2d3c", "DisplayName": "owner"}


def stub_bucket_reads(stubber: Stubber, *, encryption_error: str | None) -> None:
    """Queue one bucket's reads (answered by operation, in no fixed order)."""
    stubber.add_client_error("get_bucket_policy", "NoSuchBucketPolicy", http_status_code=404)
    stubber.add_response(
        "get_bucket_acl",
        {
            "Owner": OWNER,
            "Grants": [
                {
                    "Grantee": {"Type": "CanonicalUser", "ID": OWNER["ID"]},
                    "Permission": "FULL_CONTROL",
                }
            ],
        },
    )
    stubber.add_client_error(
        "get_public_access_block", "NoSuchPublicAccessBlockConfiguration", http_status_code=404
    )
    if encryption_error:
        stubber.add_client_error(
            "get_bucket_encryption", encryption_error, "Access Denied", http_status_code=403
        )
    else:
        stubber.add_response(
            "get_bucket_encryption",
            {
                "ServerSideEncryptionConfiguration": {
                    "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
                }
            },
        )
    stubber.add_response("get_bucket_versioning", {"Status": "Enabled"})
    stubber.add_response("get_bucket_logging", {})
    stubber.add_client_error(
        "get_bucket_ownership_controls", "OwnershipControlsNotFoundError", http_status_code=404
    )
    stubber.add_client_error(
        "get_object_lock_configuration",
        "ObjectLockConfigurationNotFoundError",
        http_status_code=404,
    )
    stubber.add_client_error(
        "get_bucket_replication", "ReplicationConfigurationNotFoundError", http_status_code=404
    )
    stubber.add_client_error(
        "get_bucket_lifecycle_configuration", "NoSuchLifecycleConfiguration", http_status_code=404
    )
    stubber.add_response("get_bucket_notification_configuration", {})


def listed(name: str, region: str) -> dict[str, Any]:
    return {"Name": name, "CreationDate": datetime(2025, 1, 1, tzinfo=UTC), "BucketRegion": region}


def test_access_denied_on_one_bucket_makes_only_that_bucket_unknown(session: AwsSession) -> None:
    # eu-bucket is answered by moto through the (unstubbed) eu-west-1 client.
    eu = raw_client("s3", "eu-west-1")
    eu.create_bucket(
        Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    s3 = session.client("s3", "us-east-1")
    with OperationStubber(s3) as stubber:
        stubber.add_response(
            "list_buckets",
            {"Buckets": [listed("secret-bucket", "us-east-1"), listed("eu-bucket", "eu-west-1")]},
        )
        stub_bucket_reads(stubber, encryption_error="AccessDenied")

        snapshot = collect(session, services=["s3"])

        stubber.assert_no_pending_responses()
    (gap,) = snapshot.gaps
    assert gap.resource_arn == "arn:aws:s3:::secret-bucket"
    assert (gap.service, gap.operation, gap.error_code) == (
        "s3",
        "GetBucketEncryption",
        "AccessDenied",
    )
    assert (gap.account_id, gap.region) == (ACCOUNT, GLOBAL)
    buckets = {b.name: b for b in snapshot.of_type(S3Bucket)}
    # Unread, the configuration looks like "none", which the check alone would pass.
    assert buckets["secret-bucket"].encryption is None
    assert buckets["secret-bucket"].versioning == "Enabled"  # the other reads still happened

    assessment = evaluate(snapshot, [all_checks()["s3.bucket-default-encryption"]])

    findings = {f.resource_name: f for f in assessment.findings}
    assert set(findings) == {"secret-bucket", "eu-bucket"}
    secret = findings["secret-bucket"]
    assert secret.verdict is Verdict.UNKNOWN
    assert "s3:GetBucketEncryption" in secret.reason
    assert "AccessDenied" in secret.reason
    assert "arn:aws:s3:::secret-bucket" in secret.reason
    assert findings["eu-bucket"].verdict is Verdict.PASS


def test_access_denied_on_list_buckets_makes_every_bucket_check_unknown(
    session: AwsSession,
) -> None:
    raw_client("s3").create_bucket(Bucket="invisible")
    with OperationStubber(session.client("s3", "us-east-1")) as stubber:
        stubber.add_client_error("list_buckets", "AccessDenied", http_status_code=403)

        snapshot = collect(session, services=["s3"])

    (gap,) = snapshot.gaps
    assert (gap.action, gap.error_code, gap.resource_arn) == (
        "s3:ListBuckets",
        "AccessDenied",
        None,
    )
    assert list(snapshot.of_type(S3Bucket)) == []
    assert len(list(snapshot.of_type(S3Account))) == 1  # the account settings were still read
    bucket_checks = [c for c in all_checks().values() if c.resource is S3Bucket]
    assert bucket_checks

    assessment = evaluate(snapshot, bucket_checks)

    assert {f.check_id for f in assessment.findings} == {c.id for c in bucket_checks}
    for finding in assessment.findings:
        assert finding.verdict is Verdict.UNKNOWN
        assert finding.resource == f"{ACCOUNT}/{GLOBAL}"
        assert finding.reason.startswith("inventory incomplete: s3:ListBuckets failed")
    assert len(assessment.findings) == len(bucket_checks)  # one scope finding per check


def test_throttling_becomes_a_gap_and_the_region_carries_on(session: AwsSession) -> None:
    eu_key = raw_client("kms", "eu-west-1").create_key()["KeyMetadata"]["KeyId"]
    with OperationStubber(session.client("kms", "us-east-1")) as stubber:
        stubber.add_client_error(
            "list_aliases", "Throttling", "Rate exceeded", http_status_code=400
        )
        stubber.add_response("list_keys", {"Keys": [], "Truncated": False})

        snapshot = collect(session, services=["kms"])

        stubber.assert_no_pending_responses()
    (gap,) = snapshot.gaps
    assert (gap.action, gap.error_code, gap.region) == (
        "kms:ListAliases",
        "Throttling",
        "us-east-1",
    )
    assert gap.message == "Rate exceeded"
    assert [k.key_id for k in snapshot.of_type(KmsKey)] == [eu_key]


class Throttler:
    """A ``before-send`` handler answering every attempt with HTTP 400 ThrottlingException."""

    def __init__(self) -> None:
        self.attempts = 0

    def __call__(self, request: Any, **_: Any) -> AWSResponse:
        self.attempts += 1
        body = b'{"__type": "ThrottlingException", "message": "Rate exceeded"}'
        headers = {"Content-Type": "application/x-amz-json-1.1"}
        return AWSResponse(request.url, 400, headers, MockRawResponse(body))


def test_throttling_is_retried_before_it_becomes_a_gap(aws: None) -> None:
    session = make_session(max_attempts=2)
    throttler = Throttler()
    session.client("kms", "us-east-1").meta.events.register_first(
        "before-send.kms.ListAliases", throttler
    )

    snapshot = collect(session, services=["kms"])

    assert throttler.attempts == 2  # max_attempts counts every attempt, the first included
    (gap,) = snapshot.gaps
    assert (gap.action, gap.error_code) == ("kms:ListAliases", "ThrottlingException")
    # The counter counts invocations, not attempts.
    counts = {(c.service, c.operation): c.count for c in snapshot.api_calls}
    assert counts[("kms", "ListAliases")] == 2  # once per region


def test_paginated_security_groups_are_all_collected(session: AwsSession) -> None:
    def group(group_id: str, name: str) -> dict[str, Any]:
        return {
            "GroupId": group_id,
            "GroupName": name,
            "Description": name,
            "VpcId": "vpc-0abc",
            "IpPermissions": [
                {
                    "IpProtocol": "tcp",
                    "FromPort": 443,
                    "ToPort": 443,
                    "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                }
            ],
            "IpPermissionsEgress": [],
        }

    with OperationStubber(session.client("ec2", "us-east-1")) as stubber:
        # The EC2 collector's calls; only security groups come in two pages.
        stubber.add_response("get_ebs_encryption_by_default", {"EbsEncryptionByDefault": True})
        stubber.add_response("get_ebs_default_kms_key_id", {"KmsKeyId": "alias/aws/ebs"})
        stub_empty(stubber, [("describe_instances", "Reservations"), EC2_LISTINGS[0]])
        stubber.add_response(
            "describe_security_groups",
            {"SecurityGroups": [group("sg-0001", "first")], "NextToken": "page-2"},
            expected_params={},
        )
        stubber.add_response(
            "describe_security_groups",
            {"SecurityGroups": [group("sg-0002", "second")]},
            expected_params={"NextToken": "page-2"},
        )
        stub_empty(stubber, EC2_LISTINGS[2:])  # after the security groups
        unit = Unit(session=session, region="us-east-1", service="ec2")

        resources = list(all_collectors()["ec2"].collect(unit))

        stubber.assert_no_pending_responses()
    assert unit.gaps == []
    groups = [r for r in resources if isinstance(r, SecurityGroup)]
    assert [(g.group_id, g.name) for g in groups] == [("sg-0001", "first"), ("sg-0002", "second")]
    assert all(g.ingress[0].cidr_ipv4 == "0.0.0.0/0" for g in groups)
    (region,) = [r for r in resources if isinstance(r, Ec2Region)]
    assert (region.ebs_encryption_by_default, region.ebs_default_kms_key_id) == (
        True,
        "alias/aws/ebs",
    )


def test_a_timeout_becomes_a_gap_and_collection_continues(aws: None) -> None:
    seed_cloudtrail()
    kms = raw_client("kms")
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/orders", TargetKeyId=key_id)
    session = make_session(max_attempts=1)
    attempts: list[str] = []

    def time_out(request: Any, **_: Any) -> None:
        attempts.append(request.url)
        raise botocore.exceptions.ReadTimeoutError(endpoint_url="x")

    session.client("kms", "us-east-1").meta.events.register_first(
        "before-send.kms.ListAliases", time_out
    )

    snapshot = collect(session, services=["kms", "cloudtrail"])

    assert len(attempts) == 1  # max_attempts=1: no retry
    (gap,) = snapshot.gaps
    assert (gap.action, gap.error_code, gap.region) == (
        "kms:ListAliases",
        "ReadTimeoutError",
        "us-east-1",
    )
    assert gap.resource_arn is None
    # The rest of the unit and the other units ran: the key is there (without its alias,
    # which could not be read) and so are the trails.
    (key,) = snapshot.of_type(KmsKey)
    assert (key.key_id, key.aliases, key.name) == (key_id, (), key_id)
    assert {t.name for t in snapshot.of_type(Trail)} == {"org-trail", "eu-trail"}


def test_an_answer_the_collector_cannot_read_loses_only_its_unit(session: AwsSession) -> None:
    with OperationStubber(session.client("lambda", "us-east-1")) as stubber:
        # FunctionArn is missing (a truncated or malformed answer): the collector cannot
        # build the function, so the lambda unit becomes gaps on every operation it declares
        # (its inventory is incomplete: unknown, never an empty pass), and the scan goes on.
        stubber.add_response("list_functions", {"Functions": [{"FunctionName": "broken"}]})

        snapshot = collect(session, services=["lambda", "kms"])

    lambda_gaps = {g.action: g for g in snapshot.gaps if g.region == "us-east-1"}
    declared = set(all_collectors()["lambda"].operations)
    assert declared <= set(lambda_gaps)
    gap = lambda_gaps["lambda:ListFunctions"]
    assert gap.error_code == "CollectorError"
    assert "KeyError" in gap.message and "FunctionArn" in gap.message
    assert gap.resource_arn is None
    # eu-west-1's lambda unit and the kms units were not affected
    assert not [g for g in snapshot.gaps if g.region == "eu-west-1"]
    findings = evaluate(snapshot, [all_checks()["lambda.runtime-supported"]]).findings
    assert [f.verdict for f in findings if f.region == "us-east-1"] == [Verdict.UNKNOWN]
