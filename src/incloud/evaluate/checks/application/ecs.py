"""Secrets in ECS task definitions."""

from __future__ import annotations

from ....snapshot.ecs import EcsTaskDefinition
from ...check import Domain, Outcome, Severity, check
from ...context import Context
from ._secrets import secrets_outcome


@check(
    id="ecs.no-secrets-in-task-definition",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=EcsTaskDefinition,
    requires=("ecs:DescribeTaskDefinition",),
)
def no_secrets_in_task_definition(task: EcsTaskDefinition, ctx: Context) -> Outcome:
    """Task definitions keep secrets out of container environment variables.

    Plain ``environment`` values in a task definition are readable by anyone allowed
    `ecs:DescribeTaskDefinition`, stay in every revision forever (revisions are immutable),
    and are visible inside the container's process environment. The ``secrets`` key injects
    values from Secrets Manager or Parameter Store instead. incloud scans the environment
    with detect-secrets while collecting and keeps only masked findings.

    Remediation: move each secret to Secrets Manager or Parameter Store, reference it under
    the container's `secrets` (`valueFrom` = the secret's ARN) with read access for the task
    execution role, register a new revision, deregister the revisions holding the secret
    (`aws ecs deregister-task-definition`), and rotate the secret.
    """
    return secrets_outcome(task.environment_secrets, "container environment")
