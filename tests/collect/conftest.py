"""Fixtures for collector tests: an in-process moto account and an incloud session on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto import mock_aws

from incloud.collect.session import AwsSession
from tests.collect.moto_account import make_session


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials and moto settings in the environment (no mock started)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")


@pytest.fixture
def aws(aws_env: None) -> Iterator[None]:
    """An empty moto account (``mock_aws``), with fake credentials in the environment."""
    with mock_aws():
        yield


@pytest.fixture
def session(aws: None) -> AwsSession:
    """An incloud session (``open_session``) on the moto account, over us-east-1 and eu-west-1."""
    return make_session()
