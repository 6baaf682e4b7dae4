"""boto3 clients against the moto endpoint: the management account's, and each member
account's through ``sts:AssumeRole`` of its ``OrganizationAccountAccessRole``; every call counted.

All clients come from one boto3 session (credentials are passed per client), so service models
and endpoint rules load once: a fresh session per account costs about ten times more per client.
"""

from __future__ import annotations

import threading
from typing import Any

import boto3
import botocore.config

from .plan import ROLE_NAME

MANAGEMENT_REGION = "us-east-1"
"""The region of global-service clients (Organizations, IAM, STS)."""

SESSION_NAME = "incloud-demo-seed"

_CONFIG = botocore.config.Config(retries={"mode": "standard", "total_max_attempts": 1})
"""One attempt: moto never throttles, and a failed seeding call is a bug to see at once."""


class Clients:
    """The management account's clients (moto's default account, keys ``testing``), and the
    factory of member accounts' clients.
    """

    def __init__(self, endpoint_url: str) -> None:
        self.endpoint_url = endpoint_url
        self._calls = 0
        self._lock = threading.Lock()
        self._session: Any = boto3.Session(
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name=MANAGEMENT_REGION,
        )
        self._session.events.register("after-call.*.*", self._count)
        self._management: dict[tuple[str, str], Any] = {}

    @property
    def calls(self) -> int:
        """API calls made so far through any client of this factory."""
        return self._calls

    def management(self, service: str, region: str = MANAGEMENT_REGION) -> Any:
        """The management account's (cached) client for ``service`` in ``region``."""
        key = (service, region)
        if key not in self._management:
            self._management[key] = self.client(service, region)
        return self._management[key]

    def client(self, service: str, region: str, **credentials: str) -> Any:
        """A new client; ``credentials`` (``aws_access_key_id``, ...) override the session's."""
        return self._session.client(
            service,
            region_name=region,
            endpoint_url=self.endpoint_url,
            config=_CONFIG,
            **credentials,
        )

    def member(self, account_id: str) -> MemberClients:
        """Clients of member account ``account_id``, through its role.

        moto's STS issues the credentials whether or not the role exists (and they stay valid
        after it is deleted); what they reach is the account named in the role's ARN.
        """
        sts = self.management("sts")
        arn = f"arn:aws:iam::{account_id}:role/{ROLE_NAME}"
        issued = sts.assume_role(RoleArn=arn, RoleSessionName=SESSION_NAME)["Credentials"]
        return MemberClients(
            self,
            account_id,
            {
                "aws_access_key_id": issued["AccessKeyId"],
                "aws_secret_access_key": issued["SecretAccessKey"],
                "aws_session_token": issued["SessionToken"],
            },
        )

    def _count(self, **_: Any) -> None:
        with self._lock:
            self._calls += 1


class MemberClients:
    """One member account's clients, created on first use and cached per (service, region)."""

    def __init__(self, factory: Clients, account_id: str, credentials: dict[str, str]) -> None:
        self.account_id = account_id
        self._factory = factory
        self._credentials = credentials
        self._clients: dict[tuple[str, str], Any] = {}

    def __call__(self, service: str, region: str = MANAGEMENT_REGION) -> Any:
        """The account's client for ``service`` in ``region``."""
        key = (service, region)
        if key not in self._clients:
            self._clients[key] = self._factory.client(service, region, **self._credentials)
        return self._clients[key]
