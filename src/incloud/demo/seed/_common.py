"""What the seeding steps share: the account's names, the client factory, policy helpers.

A leaf module: it imports nothing from the rest of the package, so every area module and the
package itself can import it without a cycle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import boto3
import botocore.config

ACCOUNT_ID = "123456789012"
"""moto's default account id."""

MAIN_REGION = "us-east-1"
"""Where most of the company runs; the region of every client unless one is named."""

EU_REGION = "eu-west-1"
"""The smaller European footprint: a VPC, a key, a bucket and a function."""

REGIONS = (MAIN_REGION, EU_REGION)
"""The regions holding seeded resources."""

AUDITOR_ACCOUNT_ID = "210987654321"
"""The external auditor's account, trusted by ``cross-account-auditor``."""
PARTNER_ACCOUNT_ID = "999988887777"
"""An account outside the scan that a queue policy names (sqs.queue-policy-trusted-accounts)."""

LOG_BUCKET = "northwind-access-logs"
"""Receives S3 server access logs, the VPC flow log and CloudTrail."""

ADMIN_POLICY_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"
"""AWS's managed AdministratorAccess, attached to ``admins`` when moto has loaded it."""

FAKE_DB_PASSWORD = "hunter2-demo"
"""The secret planted in ``legacy-report-export``'s environment. Never print it."""

DEMO_PASSWORD = "Demo-Passw0rd-not-real"
"""Console and database master password of the fictional company."""

_CREATING = ("Create", "Run", "Register", "Allocate")
"""Operation name prefixes counted as creating a resource."""


@dataclass
class _Seeder:
    """boto3 clients against the moto endpoint, and what the services hand each other."""

    endpoint_url: str
    created: int = 0
    data_key: str = ""
    public_subnets: list[str] = field(default_factory=list)
    private_subnets: list[str] = field(default_factory=list)
    sg: dict[str, str] = field(default_factory=dict)
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._session: Any = boto3.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=MAIN_REGION
        )
        self._session.events.register("after-call.*.*", self._count)
        self._config: Any = botocore.config.Config(
            retries={"mode": "standard", "total_max_attempts": 1}
        )

    def __call__(self, service: str, region: str = MAIN_REGION) -> Any:
        """Return the (cached) client for ``service`` in ``region``."""
        key = (service, region)
        if key not in self._clients:
            self._clients[key] = self._session.client(
                service, region_name=region, endpoint_url=self.endpoint_url, config=self._config
            )
        return self._clients[key]

    def _count(self, http_response: Any, model: Any, **_: Any) -> None:
        if http_response.status_code < 300 and model.name.startswith(_CREATING):
            self.created += 1


# --- policy and tag helpers ----------------------------------------------------------------


def _doc(*statements: dict[str, Any]) -> str:
    """Return a JSON policy document made of ``statements``."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _allow(actions: str | list[str], resource: str | list[str] = "*") -> dict[str, Any]:
    """Return an identity-policy Allow statement."""
    return {"Effect": "Allow", "Action": actions, "Resource": resource}


def _trust(principal: dict[str, str], **condition: Any) -> str:
    """Return a role trust policy for ``principal``, with an optional condition."""
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    return _doc({**statement, "Condition": condition} if condition else statement)


def _spec(resource_type: str, name: str) -> list[dict[str, Any]]:
    """Return EC2 ``TagSpecifications``: a ``Name`` and the company tag."""
    tags = [{"Key": "Name", "Value": name}, {"Key": "company", "Value": "northwind-notes"}]
    return [{"ResourceType": resource_type, "Tags": tags}]
