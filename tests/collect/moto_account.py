"""An incloud session on moto's in-process mock, as the collector tests use it.

moto's in-process mock (``mock_aws``) raises ``NotImplementedError`` straight out of botocore
for an operation it lacks (``ec2:GetEbsDefaultKmsKeyId`` among ours), where moto's server,
like a real endpoint without that API, answers with an HTTP error. :func:`make_session`
swaps moto's request handler, on that session only, for one that answers such operations
with HTTP 501, so collectors see what they would see from the demo's moto server.
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse
from moto.core.models import botocore_stubber

from incloud.collect.session import AwsSession, SessionOptions, open_session

ACCOUNT = "123456789012"
"""moto's default account id."""

REGIONS = ("us-east-1", "eu-west-1")


def _server_like(event_name: str, request: Any, **kwargs: Any) -> AWSResponse | None:
    """moto's handler, except that an operation moto lacks answers HTTP 501."""
    try:
        response: AWSResponse | None = botocore_stubber(event_name, request, **kwargs)
    except NotImplementedError as error:
        return AWSResponse(request.url, 501, {}, MockRawResponse(str(error)))
    return response


def make_session(**options: Any) -> AwsSession:
    """An incloud session over the two test regions (extra ``SessionOptions`` allowed)."""
    session = open_session(SessionOptions(regions=REGIONS, **options))
    events = session.boto.events
    events.unregister("before-send", botocore_stubber)
    events.register("before-send", _server_like)
    return session


def raw_client(service: str, region: str = "us-east-1") -> Any:
    """A plain, unguarded boto3 client, to seed the account or look behind incloud's back."""
    return boto3.client(service, region_name=region)


def trust_policy(service: str) -> dict[str, Any]:
    """A trust policy letting an AWS service assume a role."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
        ],
    }


READ_ONLY_S3 = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
}
DENY_ALL = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}],
}
