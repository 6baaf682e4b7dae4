"""AWS Batch collector: compute environments, job queues and active job definitions, each
read by one paginated bulk ``Describe*`` (three listings per region).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.batch import BatchComputeEnvironment, BatchJobDefinition, BatchJobQueue
from ..registry import collector
from ..unit import Unit


@collector(
    service="batch",
    scope="regional",
    operations=(
        "batch:DescribeComputeEnvironments",
        "batch:DescribeJobQueues",
        "batch:DescribeJobDefinitions",
    ),
)
def collect_batch(unit: Unit) -> Iterator[Resource]:
    """Every compute environment, job queue and active job definition in the region."""
    yield from unit.gather(
        lambda: _environments(unit), lambda: _queues(unit), lambda: _definitions(unit)
    )


def _common(unit: Unit, arn: str, name: str) -> dict[str, Any]:
    return {"arn": arn, "name": name, "account_id": unit.account_id, "region": unit.region}


def _environments(unit: Unit) -> list[BatchComputeEnvironment]:
    raw = unit.pages("describe_compute_environments", "computeEnvironments")
    # computeEnvironmentArn and computeEnvironmentName are required in botocore's model.
    return [
        BatchComputeEnvironment(
            **_common(unit, e["computeEnvironmentArn"], e["computeEnvironmentName"]),
            state=e.get("state", "ENABLED"),
            status=e.get("status", "VALID"),
        )
        for e in raw
    ]


def _queues(unit: Unit) -> list[BatchJobQueue]:
    raw = unit.pages("describe_job_queues", "jobQueues")
    # jobQueueArn, jobQueueName and computeEnvironmentOrder are required in botocore's model.
    return [
        BatchJobQueue(
            **_common(unit, q["jobQueueArn"], q["jobQueueName"]),
            state=q.get("state", "ENABLED"),
            status=q.get("status", "VALID"),
            compute_environment_arns=tuple(
                o["computeEnvironment"]
                for o in sorted(q["computeEnvironmentOrder"], key=lambda o: o.get("order", 0))
            ),
        )
        for q in raw
    ]


def _definitions(unit: Unit) -> list[BatchJobDefinition]:
    raw = unit.pages("describe_job_definitions", "jobDefinitions", status="ACTIVE")
    # jobDefinitionArn, jobDefinitionName and revision are required in botocore's model.
    out = []
    for d in raw:
        container = d.get("containerProperties") or {}
        out.append(
            BatchJobDefinition(
                **_common(unit, d["jobDefinitionArn"], f"{d['jobDefinitionName']}:{d['revision']}"),
                status=d.get("status", "ACTIVE"),
                type=d.get("type", "container"),
                job_role_arn=container.get("jobRoleArn"),
                execution_role_arn=container.get("executionRoleArn"),
            )
        )
    return out
