"""Fixtures for collector tests: an in-process moto account and an incloud session on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto import mock_aws
from moto.core.models import MockAWS

from incloud.collect.session import AwsSession
from tests.collect.moto_account import make_session, raw_client


def _moto_environment(patch: pytest.MonkeyPatch) -> None:
    """Fake credentials and moto settings in the environment."""
    patch.setenv("AWS_ACCESS_KEY_ID", "testing")
    patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    patch.delenv("AWS_SESSION_TOKEN", raising=False)
    patch.delenv("AWS_PROFILE", raising=False)
    patch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    patch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials and moto settings in the environment (no mock started)."""
    _moto_environment(monkeypatch)


@pytest.fixture
def aws(aws_env: None) -> Iterator[None]:
    """An empty moto account (``mock_aws``), with fake credentials in the environment."""
    with mock_aws():
        yield


@pytest.fixture
def session(aws: None) -> AwsSession:
    """An incloud session (``open_session``) on the moto account, over us-east-1 and eu-west-1."""
    return make_session()


@pytest.fixture(scope="module")
def moto_module() -> Iterator[tuple[MockAWS, AwsSession]]:
    """One moto mock and one incloud session for a whole test module: boto3 parses its
    service models once per session, which would otherwise cost most of each case's time.
    """
    with pytest.MonkeyPatch.context() as patch:
        _moto_environment(patch)
        with mock_aws() as mock:
            yield mock, make_session()


@pytest.fixture
def reset_session(moto_module: tuple[MockAWS, AwsSession]) -> AwsSession:
    """The module's session on an empty account: every moto backend reset."""
    mock, aws = moto_module
    mock.reset()
    assert not raw_client("iam").list_users()["Users"]
    return aws
