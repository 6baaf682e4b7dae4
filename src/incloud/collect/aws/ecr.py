"""Amazon ECR collector: private repositories and the registry scanning configuration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.ecr import EcrRegistry, EcrRepository, ScanningRule
from ..registry import collector
from ..unit import Unit


@collector(
    service="ecr",
    scope="regional",
    operations=(
        "ecr:DescribeRepositories",
        "ecr:GetRegistryScanningConfiguration",
        "ecr:GetRepositoryPolicy",
        "ecr:GetLifecyclePolicy",
    ),
)
def collect_ecr(unit: Unit) -> Iterator[Resource]:
    """The region's registry settings and every private repository."""
    config = unit.call("get_registry_scanning_configuration")
    scanning = (config or {}).get("scanningConfiguration", {})
    yield EcrRegistry(
        arn=unit.arn(f"registry/{unit.account_id}"),
        name=unit.region,
        account_id=unit.account_id,
        region=unit.region,
        scan_type=scanning.get("scanType", "BASIC") if config is not None else None,
        rules=tuple(
            ScanningRule(
                frequency=rule.get("scanFrequency", "MANUAL"),
                filters=tuple(f["filter"] for f in rule.get("repositoryFilters", [])),
            )
            for rule in scanning.get("rules", [])
        ),
    )
    repositories = unit.pages("describe_repositories", "repositories")
    yield from unit.fan_out(lambda raw: _repository(unit, raw), repositories)


def _repository(unit: Unit, raw: dict[str, Any]) -> EcrRepository:
    # repositoryArn and repositoryName are optional in botocore's model but identify the
    # repository: AWS omits them only in a malformed answer (a CollectorError gap).
    answer = unit.call(
        "get_repository_policy",
        resource_arn=raw["repositoryArn"],
        absent_on=("RepositoryPolicyNotFoundException",),
        repositoryName=raw["repositoryName"],
    )
    policy = (answer or {}).get("policyText")
    # No bulk read exists: the lifecycle policy is one call per repository.
    lifecycle = unit.outcome(
        "get_lifecycle_policy",
        resource_arn=raw["repositoryArn"],
        absent_on=("LifecyclePolicyNotFoundException",),
        repositoryName=raw["repositoryName"],
    )
    return EcrRepository(
        arn=raw["repositoryArn"],
        name=raw["repositoryName"],
        account_id=unit.account_id,
        region=unit.region,
        uri=raw.get("repositoryUri", ""),
        scan_on_push=raw.get("imageScanningConfiguration", {}).get("scanOnPush", False),
        tag_mutability=raw.get("imageTagMutability", "MUTABLE"),
        encryption_type=raw.get("encryptionConfiguration", {}).get("encryptionType", "AES256"),
        created=raw.get("createdAt"),
        policy=unit.document(policy, "get_repository_policy", resource_arn=raw["repositoryArn"]),
        lifecycle_policy=True
        if lifecycle.answer is not None
        else (False if lifecycle.absent else None),
    )
