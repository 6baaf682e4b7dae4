"""A small live account for command-line tests: moto's server on a free port, seeded with
boto3 through its endpoint, with the fake credentials the demo uses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import boto3

from incloud.demo.run import demo_environment
from incloud.demo.server import DemoServer

ACCOUNT = "123456789012"
IAM = f"arn:aws:iam::{ACCOUNT}"
PAYROLL = "s3:GetObject=arn:aws:s3:::payroll/*"
"""A ``--sensitive`` goal: reading the payroll bucket."""


@contextmanager
def live_account(seed: Callable[[str], None]) -> Iterator[str]:
    """Start moto's server, seed it, and yield its endpoint URL (credentials set)."""
    with DemoServer() as server, demo_environment():
        seed(server.endpoint_url)
        yield server.endpoint_url


def seed_payroll(endpoint_url: str) -> None:
    """``dev`` can mint ``payroll-bot``'s keys; ``payroll-bot`` reads the payroll bucket."""
    iam = boto3.client("iam", endpoint_url=endpoint_url, region_name="us-east-1")
    s3 = boto3.client("s3", endpoint_url=endpoint_url, region_name="us-east-1")
    s3.create_bucket(Bucket="payroll")
    for name, action, resource in (
        ("dev", "iam:CreateAccessKey", f"{IAM}:user/payroll-bot"),
        ("payroll-bot", "s3:GetObject", "arn:aws:s3:::payroll/*"),
    ):
        iam.create_user(UserName=name)
        statement = {"Effect": "Allow", "Action": action, "Resource": resource}
        iam.put_user_policy(
            UserName=name,
            PolicyName="p",
            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [statement]}),
        )
