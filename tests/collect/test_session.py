"""Opening a session: credentials, profiles, regions, partition and client configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from incloud.collect.session import AwsSession, SessionOptions, open_session
from incloud.collect.unit import Unit
from incloud.errors import InputError
from incloud.snapshot import GLOBAL
from tests.collect.moto_account import ACCOUNT, raw_client


def test_no_credentials_is_a_one_line_input_error(no_credentials: None) -> None:
    with pytest.raises(InputError) as raised:
        open_session(SessionOptions())

    message = str(raised.value)
    assert "no AWS credentials found" in message
    assert "\n" not in message
    assert raised.value.__cause__ is None  # ``from None``: no botocore traceback chained


def test_unknown_profile_is_an_input_error(no_credentials: None) -> None:
    with pytest.raises(InputError, match="'nobody-here'") as raised:
        open_session(SessionOptions(profile="nobody-here"))

    assert "\n" not in str(raised.value)


def test_profile_from_the_credentials_file_is_used(
    no_credentials: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials = tmp_path / "credentials"
    credentials.write_text(
        "[audit]\naws_access_key_id = testing\naws_secret_access_key = testing\n"
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    with mock_aws():
        session = open_session(SessionOptions(profile="audit"))

        assert session.account_id == ACCOUNT
        assert session.boto.profile_name == "audit"


def test_regions_asked_for_are_checked_against_enabled_ones(session: AwsSession) -> None:
    assert session.enabled_regions() == ("us-east-1", "eu-west-1")

    unknown = AwsSession(
        options=SessionOptions(regions=("us-east-1", "xx-fake-1")),
        boto=session.boto,
        account_id=session.account_id,
        partition=session.partition,
    )
    with pytest.raises(InputError, match="xx-fake-1") as raised:
        unknown.enabled_regions()
    assert "us-east-1" not in str(raised.value).split(":")[-1]
    assert "\n" not in str(raised.value)


def test_a_region_the_account_has_not_opted_into_is_refused(aws: None) -> None:
    regions = raw_client("ec2").describe_regions(AllRegions=True)["Regions"]
    not_opted_in = sorted(r["RegionName"] for r in regions if r["OptInStatus"] == "not-opted-in")
    assert not_opted_in, "moto lists no opt-in region"
    session = open_session(SessionOptions(regions=(not_opted_in[0],)))

    with pytest.raises(InputError, match=not_opted_in[0]):
        session.enabled_regions()


def test_all_enabled_regions_when_none_are_asked_for(aws: None) -> None:
    session = open_session(SessionOptions())

    regions = session.enabled_regions()

    assert {"us-east-1", "eu-west-1"} <= set(regions)
    assert regions == tuple(sorted(regions))
    opted_out = {
        r["RegionName"]
        for r in raw_client("ec2").describe_regions(AllRegions=True)["Regions"]
        if r["OptInStatus"] == "not-opted-in"
    }
    assert not opted_out & set(regions)


def test_partition_comes_from_the_caller_identity(aws: None) -> None:
    session = open_session(SessionOptions(default_region="cn-north-1", regions=("cn-north-1",)))

    assert (session.partition, session.account_id) == ("aws-cn", ACCOUNT)
    assert session.arn("s3", "", "x") == f"arn:aws-cn:s3::{ACCOUNT}:x"
    unit = Unit(session=session, region=GLOBAL, service="iam")
    assert unit.arn("root") == f"arn:aws-cn:iam::{ACCOUNT}:root"
    assert Unit(session=session, region="cn-north-1", service="kms").arn("key/k") == (
        f"arn:aws-cn:kms:cn-north-1:{ACCOUNT}:key/k"
    )


def test_commercial_partition(session: AwsSession) -> None:
    assert session.partition == "aws"
    assert session.arn("s3", "", "x") == f"arn:aws:s3::{ACCOUNT}:x"


def offline_session(endpoint_url: str | None = None) -> AwsSession:
    """A session object built without any call (clients are created lazily, offline)."""
    return AwsSession(
        options=SessionOptions(endpoint_url=endpoint_url),
        boto=boto3.Session(
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        ),
        account_id=ACCOUNT,
        partition="aws",
    )


def test_an_emulator_endpoint_gets_a_single_attempt() -> None:
    session = offline_session(endpoint_url="http://127.0.0.1:5000")

    client = session.client("s3", "us-east-1")

    assert client.meta.config.retries == {"mode": "standard", "total_max_attempts": 1}
    assert client.meta.endpoint_url == "http://127.0.0.1:5000"


def test_aws_gets_standard_retries_with_three_attempts() -> None:
    session = offline_session()

    client = session.client("kms", "eu-west-1")

    assert client.meta.config.retries == {"mode": "standard", "total_max_attempts": 3}
    assert client.meta.region_name == "eu-west-1"


def test_clients_are_cached_per_service_and_region() -> None:
    session = offline_session()

    assert session.client("s3", "us-east-1") is session.client("s3", "us-east-1")
    assert session.client("s3", "us-east-1") is not session.client("s3", "eu-west-1")
    assert session.client("s3", "us-east-1") is not session.client("s3control", "us-east-1")


def test_s3control_host_prefix_is_stripped_only_for_an_emulator() -> None:
    emulated = offline_session(endpoint_url="http://127.0.0.1:5000").client(
        "s3control", "us-east-1"
    )
    seen: list[str] = []

    def capture(request: Any, **_: Any) -> None:
        seen.append(request.url)
        raise RuntimeError("captured")

    emulated.meta.events.register("before-send.s3-control", capture)
    with pytest.raises(RuntimeError, match="captured"):
        emulated.get_public_access_block(AccountId=ACCOUNT)

    assert seen and seen[0].startswith("http://127.0.0.1:5000/v20180820/configuration/")
