"""The read-only guard: writes through an incloud session are refused before anything is sent."""

from __future__ import annotations

from typing import Any

import botocore.exceptions
import pytest

from incloud.collect.readonly import WriteRefused, is_read_operation
from incloud.collect.session import AwsSession
from tests.collect.moto_account import raw_client


@pytest.mark.parametrize(
    ("operation", "allowed"),
    [
        ("ListBuckets", True),
        ("DescribeInstances", True),
        ("GetBucketPolicy", True),
        ("GenerateCredentialReport", True),
        ("GetAccountAuthorizationDetails", True),
        ("HeadBucket", True),
        ("BatchGetBuilds", True),
        ("AssumeRole", True),
        ("CreateBucket", False),
        ("PutBucketPolicy", False),
        ("DeleteUser", False),
        ("RunInstances", False),
        ("TerminateInstances", False),
        ("UpdateTrail", False),
        ("AuthorizeSecurityGroupIngress", False),
        ("ModifySnapshotAttribute", False),
        # Read verbs that hand out secrets or credentials.
        ("GetSecretValue", False),
        ("GetSessionToken", False),
        ("GetFederationToken", False),
        ("GetPasswordData", False),
        # Prefix matching is on whole API names, case-sensitive, as botocore spells them.
        ("listBuckets", False),
        ("", False),
    ],
)
def test_is_read_operation(operation: str, allowed: bool) -> None:
    assert is_read_operation(operation) is allowed


class SendRecorder:
    """A ``before-send`` handler that records every request that would leave the process."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def __call__(self, request: Any, **_: Any) -> None:
        self.sent.append(f"{request.method} {request.url}")


def recorded(client: Any) -> SendRecorder:
    recorder = SendRecorder()
    client.meta.events.register_first("before-send", recorder)
    return recorder


def test_s3_create_bucket_is_refused_and_nothing_is_sent(session: AwsSession) -> None:
    client = session.client("s3", "us-east-1")
    recorder = recorded(client)

    with pytest.raises(WriteRefused, match="s3:CreateBucket"):
        client.create_bucket(Bucket="incloud-must-not-create")

    assert recorder.sent == []
    # The refused call is not counted either: it never happened.
    assert ("s3", "CreateBucket") not in {
        (c.service, c.operation) for c in session.counter.snapshot()
    }
    # Behind incloud's back, the account has no such bucket.
    with pytest.raises(botocore.exceptions.ClientError) as missing:
        raw_client("s3").head_bucket(Bucket="incloud-must-not-create")
    assert missing.value.response["Error"]["Code"] == "404"
    # The recorder does see requests: a read on the same client goes out.
    client.list_buckets()
    assert len(recorder.sent) == 1


def test_iam_create_user_is_refused_and_nothing_is_sent(session: AwsSession) -> None:
    client = session.client("iam", "us-east-1")
    recorder = recorded(client)

    with pytest.raises(WriteRefused, match="iam:CreateUser"):
        client.create_user(UserName="intruder")

    assert recorder.sent == []
    with pytest.raises(raw_client("iam").exceptions.NoSuchEntityException):
        raw_client("iam").get_user(UserName="intruder")


def test_ec2_terminate_is_refused_and_the_instance_keeps_running(session: AwsSession) -> None:
    ec2 = raw_client("ec2")
    instance_id = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1)["Instances"][0][
        "InstanceId"
    ]
    client = session.client("ec2", "us-east-1")
    recorder = recorded(client)

    with pytest.raises(WriteRefused):
        client.terminate_instances(InstanceIds=[instance_id])

    assert recorder.sent == []
    state = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    assert state["State"]["Name"] == "running"


def test_secret_reads_are_refused_too(session: AwsSession) -> None:
    raw_client("secretsmanager").create_secret(Name="db", SecretString="s3cr3t")
    client = session.client("secretsmanager", "us-east-1")
    recorder = recorded(client)

    with pytest.raises(WriteRefused, match="GetSecretValue"):
        client.get_secret_value(SecretId="db")

    assert recorder.sent == []
    # Listing secrets (names and metadata, no values) is an ordinary read.
    assert [s["Name"] for s in client.list_secrets()["SecretList"]] == ["db"]
