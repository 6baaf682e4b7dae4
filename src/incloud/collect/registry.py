"""The collector registry: one decorated function per service, with its declared operations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from ..snapshot import Resource
from .unit import Unit

CollectFn = Callable[[Unit], Iterable[Resource]]
Scope = Literal["global", "regional"]


@dataclass(frozen=True)
class Collector:
    """A service collector: its scope and every ``service:Operation`` it may call.

    The declared operations generate the README's IAM policy, and a test fails if a
    collector calls an operation it did not declare.
    """

    service: str
    scope: Scope
    operations: tuple[str, ...]
    collect: CollectFn


_COLLECTORS: dict[str, Collector] = {}

IAM_ACTION_FOR_OPERATION = {
    "s3:ListBuckets": "s3:ListAllMyBuckets",
    "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
    "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "s3control:GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock",
    "accessanalyzer:ListAnalyzers": "access-analyzer:ListAnalyzers",
    # boto3's elbv2 client is IAM's elasticloadbalancing; API Gateway's management API is
    # authorised by HTTP verb ("Actions defined by Amazon API Gateway Management").
    "elbv2:DescribeLoadBalancers": "elasticloadbalancing:DescribeLoadBalancers",
    "elbv2:DescribeListeners": "elasticloadbalancing:DescribeListeners",
    "elbv2:DescribeLoadBalancerAttributes": "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elbv2:DescribeTargetGroups": "elasticloadbalancing:DescribeTargetGroups",
    "elbv2:DescribeTargetHealth": "elasticloadbalancing:DescribeTargetHealth",
    "elbv2:DescribeTargetGroupAttributes": "elasticloadbalancing:DescribeTargetGroupAttributes",
    "apigateway:GetRestApis": "apigateway:GET",
    "apigateway:GetResources": "apigateway:GET",
    "apigateway:GetStages": "apigateway:GET",
    "s3:GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
    "s3:GetBucketReplication": "s3:GetReplicationConfiguration",
    "s3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
    # The efs and opensearch clients sign for the elasticfilesystem and es IAM prefixes.
    "efs:DescribeFileSystems": "elasticfilesystem:DescribeFileSystems",
    "efs:DescribeFileSystemPolicy": "elasticfilesystem:DescribeFileSystemPolicy",
    "opensearch:ListDomainNames": "es:ListDomainNames",
    "opensearch:DescribeDomains": "es:DescribeDomains",
}
"""API operations whose IAM action has another name (Service Authorization Reference,
"Actions defined by Amazon S3"); every other operation's action is ``service:Operation``."""


def collector(
    service: str, scope: Scope, operations: Iterable[str]
) -> Callable[[CollectFn], CollectFn]:
    """Register the decorated function as the collector for ``service``."""

    def register(fn: CollectFn) -> CollectFn:
        if service in _COLLECTORS:
            raise ValueError(f"two collectors for {service}")
        _COLLECTORS[service] = Collector(service, scope, tuple(sorted(operations)), fn)
        return fn

    return register


def all_collectors() -> dict[str, Collector]:
    """Every collector, keyed by service, once their modules are imported."""
    from . import aws  # noqa: F401  (importing registers the collectors)

    return dict(sorted(_COLLECTORS.items()))


def required_policy() -> dict[str, object]:
    """The least-privilege IAM policy document for running incloud (read-only)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "IncloudReadOnly",
                "Effect": "Allow",
                "Action": required_permissions(),
                "Resource": "*",
            }
        ],
    }


def required_permissions() -> list[str]:
    """The IAM actions incloud needs: every declared operation (as its IAM action), plus the
    identity and region look-ups every scan starts with.
    """
    actions = {"sts:GetCallerIdentity", "ec2:DescribeRegions"}
    for item in all_collectors().values():
        actions.update(IAM_ACTION_FOR_OPERATION.get(op, op) for op in item.operations)
    return sorted(actions)
