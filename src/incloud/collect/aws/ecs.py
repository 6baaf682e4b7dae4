"""Amazon ECS collector: active task definition revisions, their environments scanned for
secrets (values are not kept).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.ecs import EcsTaskDefinition
from ...snapshot.secrets import SecretFinding
from ..registry import collector
from ..secrets import scan_mapping
from ..unit import Unit

_FAMILY_REVISION = re.compile(r"task-definition/(?P<family>[^:]+):(?P<revision>\d+)$")


@collector(
    service="ecs",
    scope="regional",
    operations=("ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition"),
)
def collect_ecs(unit: Unit) -> Iterator[Resource]:
    """Every active task definition revision in the region."""
    arns = unit.pages("list_task_definitions", "taskDefinitionArns", status="ACTIVE")
    yield from unit.fan_out(lambda arn: _task_definition(unit, arn), arns)


def _task_definition(unit: Unit, arn: str) -> EcsTaskDefinition:
    match = _FAMILY_REVISION.search(arn)
    family = match["family"] if match else arn.rsplit("/", 1)[-1]
    revision = int(match["revision"]) if match else 0
    answer = unit.call("describe_task_definition", resource_arn=arn, taskDefinition=arn)
    containers: list[dict[str, Any]] = (
        (answer or {}).get("taskDefinition", {}).get("containerDefinitions", [])
    )
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
    )
