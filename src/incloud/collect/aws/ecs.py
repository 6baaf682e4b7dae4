"""Amazon ECS collector: active task definition revisions (their environments scanned for
secrets, values not kept; the task and execution roles), clusters, services and running tasks
(what escalation analysis needs to know where tasks can be started or entered).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.ecs import EcsCluster, EcsContainer, EcsService, EcsTask, EcsTaskDefinition
from ...snapshot.secrets import SecretFinding
from ..registry import collector
from ..secrets import scan_mapping
from ..unit import Unit

_FAMILY_REVISION = re.compile(r"task-definition/(?P<family>[^:]+):(?P<revision>\d+)$")


_DESCRIBE_CLUSTERS = 100
_DESCRIBE_SERVICES = 10
_DESCRIBE_TASKS = 100
"""The most names ``DescribeClusters`` / ``DescribeServices`` / ``DescribeTasks`` take at once
(ECS API Reference)."""


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
        "ecs:ListTasks",
        "ecs:DescribeTasks",
    ),
)
def collect_ecs(unit: Unit) -> Iterator[Resource]:
    """Every active task definition revision, cluster, service and running task in the
    region.
    """
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
        # SETTINGS adds each cluster's settings (Container Insights) to the same answer.
        answer = unit.call("describe_clusters", clusters=batch, include=["SETTINGS"])
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
            container_insights=_container_insights(raw) if raw else None,
        )
    for services in unit.fan_out(lambda arn: _services(unit, arn), arns):
        yield from services
    for tasks in unit.fan_out(lambda arn: _tasks(unit, arn), arns):
        yield from tasks


def _services(unit: Unit, cluster: str) -> list[EcsService]:
    arns: list[str] = unit.pages("list_services", "serviceArns", cluster=cluster)
    described: dict[str, dict[str, Any]] = {}
    for batch in _batches(arns, _DESCRIBE_SERVICES):
        answer = unit.call(
            "describe_services", resource_arn=cluster, cluster=cluster, services=batch
        )
        described.update({s["serviceArn"]: s for s in (answer or {}).get("services", [])})
    return [_service(unit, cluster, arn, described.get(arn)) for arn in arns]


def _tasks(unit: Unit, cluster: str) -> list[EcsTask]:
    """The cluster's running tasks (``ListTasks`` lists those whose desired status is
    ``RUNNING`` by default), described a hundred at a time: one listing page and one
    ``DescribeTasks`` per hundred tasks.
    """
    arns: list[str] = unit.pages("list_tasks", "taskArns", cluster=cluster)
    described: dict[str, dict[str, Any]] = {}
    for batch in _batches(arns, _DESCRIBE_TASKS):
        answer = unit.call("describe_tasks", resource_arn=cluster, cluster=cluster, tasks=batch)
        described.update({t["taskArn"]: t for t in (answer or {}).get("tasks", [])})
    out = []
    for arn in arns:
        raw = described.get(arn)
        fields: dict[str, Any] = {}
        if raw is not None:
            fields = {
                "described": True,
                "task_definition_arn": raw.get("taskDefinitionArn"),
                "last_status": raw.get("lastStatus"),
                # ECS Exec is off unless the task was started with it (ECS API Reference).
                "enable_execute_command": bool(raw.get("enableExecuteCommand", False)),
                "task_role_arn": (raw.get("overrides") or {}).get("taskRoleArn"),
            }
        out.append(
            EcsTask(
                arn=arn,
                name=arn.rsplit("/", 1)[-1],
                account_id=unit.account_id,
                region=unit.region,
                cluster_arn=cluster,
                **fields,
            )
        )
    return out


def _container_insights(raw: dict[str, Any]) -> str:
    """A described cluster's ``containerInsights`` setting. ECS answers every setting with
    ``include=SETTINGS``; one left out is off (the account default applies only when a
    cluster is created), so its absence reads as ``disabled``.
    """
    for setting in raw.get("settings") or []:
        if setting.get("name") == "containerInsights":
            return str(setting.get("value") or "disabled")
    return "disabled"


def _service(unit: Unit, cluster: str, arn: str, raw: dict[str, Any] | None) -> EcsService:
    common = {
        "arn": arn,
        "name": arn.rsplit("/", 1)[-1],
        "account_id": unit.account_id,
        "region": unit.region,
        "cluster_arn": cluster,
    }
    if raw is None:
        return EcsService(**common)
    awsvpc = (raw.get("networkConfiguration") or {}).get("awsvpcConfiguration") or {}
    return EcsService(
        **common,
        task_definition_arn=raw.get("taskDefinition"),
        described=True,
        launch_type=raw.get("launchType"),
        capacity_providers=tuple(
            s["capacityProvider"] for s in raw.get("capacityProviderStrategy") or []
        ),
        platform_version=raw.get("platformVersion"),
        platform_family=raw.get("platformFamily"),
        assign_public_ip=awsvpc.get("assignPublicIp") == "ENABLED",
    )


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
        execution_role_arn=definition.get("executionRoleArn"),
        # ECS API Reference, TaskDefinition.networkMode: without one, Linux tasks use bridge.
        network_mode=definition.get("networkMode", "bridge") if answer is not None else None,
        pid_mode=definition.get("pidMode"),
        containers=tuple(_container(c) for c in containers) if answer is not None else None,
    )


def _container(raw: dict[str, Any]) -> EcsContainer:
    """One container definition's hardening; absent members are AWS's defaults (not
    privileged, writable root filesystem, the image's user, no log configuration).
    """
    log = raw.get("logConfiguration") or {}
    return EcsContainer(
        name=raw.get("name", ""),
        privileged=bool(raw.get("privileged", False)),
        readonly_root_filesystem=bool(raw.get("readonlyRootFilesystem", False)),
        user=raw.get("user") or None,
        log_driver=log.get("logDriver") or None,
    )
