"""Amazon ECS collector: active task definition revisions (their environments scanned for
secrets, values not kept; the task role), clusters and services (what escalation analysis needs
to know where tasks can be started).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.ecs import EcsCluster, EcsService, EcsTaskDefinition
from ...snapshot.secrets import SecretFinding
from ..registry import collector
from ..secrets import scan_mapping
from ..unit import Unit

_FAMILY_REVISION = re.compile(r"task-definition/(?P<family>[^:]+):(?P<revision>\d+)$")


_DESCRIBE_CLUSTERS = 100
_DESCRIBE_SERVICES = 10
"""The most names ``DescribeClusters`` / ``DescribeServices`` take at once (ECS API Reference)."""


@collector(
    service="ecs",
    scope="regional",
    operations=(
        "ecs:ListTaskDefinitions",
        "ecs:DescribeTaskDefinition",
        "ecs:ListClusters",
        "ecs:DescribeClusters",
        "ecs:ListServices",
        "ecs:DescribeServices",
    ),
)
def collect_ecs(unit: Unit) -> Iterator[Resource]:
    """Every active task definition revision, cluster and service in the region."""
    yield from unit.gather(lambda: _task_definitions(unit), lambda: _clusters(unit))


def _task_definitions(unit: Unit) -> list[EcsTaskDefinition]:
    arns = unit.pages("list_task_definitions", "taskDefinitionArns", status="ACTIVE")
    return unit.fan_out(lambda arn: _task_definition(unit, arn), arns)


def _batches(items: list[str], size: int) -> list[list[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _clusters(unit: Unit) -> Iterator[Resource]:
    """Clusters described in bulk, then each cluster's services (described ten at a time)."""
    arns: list[str] = unit.pages("list_clusters", "clusterArns")
    described: dict[str, dict[str, Any]] = {}
    for batch in _batches(arns, _DESCRIBE_CLUSTERS):
        answer = unit.call("describe_clusters", clusters=batch)
        described.update({c["clusterArn"]: c for c in (answer or {}).get("clusters", [])})
    for arn in arns:
        raw = described.get(arn, {})
        yield EcsCluster(
            arn=arn,
            name=arn.rsplit("/", 1)[-1],
            account_id=unit.account_id,
            region=unit.region,
            status=raw.get("status", "UNKNOWN"),
            registered_container_instances=raw.get("registeredContainerInstancesCount", 0),
        )
    for services in unit.fan_out(lambda arn: _services(unit, arn), arns):
        yield from services


def _services(unit: Unit, cluster: str) -> list[EcsService]:
    arns: list[str] = unit.pages("list_services", "serviceArns", cluster=cluster)
    described: dict[str, dict[str, Any]] = {}
    for batch in _batches(arns, _DESCRIBE_SERVICES):
        answer = unit.call(
            "describe_services", resource_arn=cluster, cluster=cluster, services=batch
        )
        described.update({s["serviceArn"]: s for s in (answer or {}).get("services", [])})
    return [
        EcsService(
            arn=arn,
            name=arn.rsplit("/", 1)[-1],
            account_id=unit.account_id,
            region=unit.region,
            cluster_arn=cluster,
            task_definition_arn=described.get(arn, {}).get("taskDefinition"),
        )
        for arn in arns
    ]


def _task_definition(unit: Unit, arn: str) -> EcsTaskDefinition:
    match = _FAMILY_REVISION.search(arn)
    family = match["family"] if match else arn.rsplit("/", 1)[-1]
    revision = int(match["revision"]) if match else 0
    answer = unit.call("describe_task_definition", resource_arn=arn, taskDefinition=arn)
    definition: dict[str, Any] = (answer or {}).get("taskDefinition", {})
    containers: list[dict[str, Any]] = definition.get("containerDefinitions", [])
    names: list[str] = []
    references: list[str] = []
    findings: list[SecretFinding] = []
    for container in containers:
        cname = container.get("name", "")
        # A variable's name is optional in botocore's model, but variables are kept by name
        # and scanned under it: a missing one is a malformed answer (a CollectorError gap).
        variables = {e["name"]: e.get("value", "") for e in container.get("environment", [])}
        names.extend(f"{cname}:{name}" for name in sorted(variables))
        references.extend(f"{cname}:{s['name']}" for s in container.get("secrets", []))
        findings.extend(scan_mapping(variables, prefix=f"container {cname}: "))
    return EcsTaskDefinition(
        arn=arn,
        name=f"{family}:{revision}",
        account_id=unit.account_id,
        region=unit.region,
        family=family,
        revision=revision,
        container_names=tuple(c.get("name", "") for c in containers),
        environment_variable_names=tuple(names),
        secret_references=tuple(references),
        environment_secrets=tuple(findings),
        task_role_arn=definition.get("taskRoleArn"),
    )
