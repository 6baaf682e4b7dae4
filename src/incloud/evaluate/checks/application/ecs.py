"""ECS task definitions and services: secrets, container hardening, the Fargate platform."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from ....snapshot.ecs import EcsContainer, EcsService, EcsTaskDefinition
from ...check import (
    CheckFn,
    Domain,
    Outcome,
    Severity,
    check,
    failed,
    not_applicable,
    passed,
    unknown,
)
from ...context import Context
from ._secrets import secrets_outcome

DESCRIBED = ("ecs:DescribeTaskDefinition",)
"""What a task definition's containers are read from, beyond its listing."""


@check(
    id="ecs.no-secrets-in-task-definition",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=EcsTaskDefinition,
    requires=DESCRIBED,
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


# --- every container of a task definition ----------------------------------------------------


def _latest(task: EcsTaskDefinition, ctx: Context) -> bool:
    """True when no active revision of the task's family is newer (in its account and region)."""
    return all(
        other.revision <= task.revision
        for other in ctx.resources(EcsTaskDefinition, task.account_id, task.region)
        if other.family == task.family
    )


def container_check(
    *,
    id: str,
    domain: Domain,
    severity: Severity,
    is_ok: Callable[[EcsContainer], bool],
    fault: str,
    ok: str,
    doc: str,
    latest_only: bool = False,
) -> CheckFn[EcsTaskDefinition]:
    """Register a check that passes when every container of a task definition satisfies
    ``is_ok``; ``fault`` says what a failing container does (``runs privileged``), ``ok``
    what they all do. With ``latest_only``, only each family's newest active revision is
    judged (older ones are not applicable), as Security Hub judges some controls.

    Declared by the module that calls it (``@check``'s default ``module``).
    """

    def judge(task: EcsTaskDefinition, ctx: Context) -> Outcome:
        if task.containers is None:
            return unknown("the task definition's containers were not read")
        if latest_only and not _latest(task, ctx):
            return not_applicable(f"a newer active revision of {task.family} exists")
        if not task.containers:
            return not_applicable("the task definition has no containers")
        bad = [c.name for c in task.containers if not is_ok(c)]
        if bad:
            return failed(f"containers that {fault}: {', '.join(bad)}", containers=bad)
        return passed(f"all {len(task.containers)} containers {ok}")

    return check(
        id=id,
        domain=domain,
        severity=severity,
        resource=EcsTaskDefinition,
        requires=DESCRIBED,
        name=id.replace(".", "_").replace("-", "_"),
        doc=textwrap.dedent(doc),
    )(judge)


ecs_containers_not_privileged = container_check(
    id="ecs.containers-not-privileged",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    is_ok=lambda c: not c.privileged,
    fault="run privileged",
    ok="run unprivileged",
    doc="""\
    Task definitions run no container in privileged mode.

    A privileged container is given root on the host: every device and kernel capability,
    so a compromise of the container is a compromise of the container instance and every
    task on it (Security Hub ECS.4; ECS Developer Guide, "Task definition parameters",
    privileged). Fargate refuses privileged containers; EC2 and external instances run them.

    Remediation: remove `privileged` (or set it to false) in each container definition,
    grant only the Linux capabilities needed (`linuxParameters.capabilities.add`), and
    register a new revision: `aws ecs register-task-definition --cli-input-json
    file://task.json`; Terraform `privileged = false` in `container_definitions` of
    `aws_ecs_task_definition`.
    """,
)

ecs_containers_read_only_root = container_check(
    id="ecs.containers-read-only-root",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    is_ok=lambda c: c.readonly_root_filesystem,
    fault="can write to their root filesystem",
    ok="mount their root filesystem read-only",
    doc="""\
    Task definitions mount every container's root filesystem read-only.

    A writable root filesystem lets an intruder change the container's binaries and
    configuration, or drop tools that persist for the task's life; with it read-only,
    writes go only to the volumes the task declares (Security Hub ECS.5; ECS Developer
    Guide, "Task definition parameters", readonlyRootFilesystem). Left out, the root
    filesystem is writable.

    Remediation: set `readonlyRootFilesystem` to true in each container definition (mount a
    volume for the paths the application writes) and register a new revision with `aws ecs
    register-task-definition`; Terraform `readonlyRootFilesystem = true` in
    `container_definitions` of `aws_ecs_task_definition`.
    """,
)


@check(
    id="ecs.host-network-user",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=EcsTaskDefinition,
    requires=DESCRIBED,
)
def host_network_user(task: EcsTaskDefinition, ctx: Context) -> Outcome:
    """Task definitions in host network mode run no unprivileged container as root.

    In `host` network mode a container shares the host's network stack: its processes bind
    the instance's interfaces directly. Security Hub ECS.1 (AWS Config
    `ecs-task-definition-user-for-host-mode-check`) fails a host-mode task definition with a
    container that is not privileged and whose `user` is root or unset (the image's user,
    usually root); a non-root user, or privileged mode chosen on purpose, passes. Other
    network modes are not applicable.

    Remediation: use `awsvpc` network mode where the tasks allow it, or set each container's
    `user` to a non-root user (`"user": "1000:1000"`) and register a new revision with `aws
    ecs register-task-definition`; Terraform `network_mode = "awsvpc"` on
    `aws_ecs_task_definition`, or `user` in its `container_definitions`.
    """
    if task.network_mode is None or task.containers is None:
        return unknown("the task definition was not read")
    if task.network_mode != "host":
        return not_applicable(f"network mode {task.network_mode}")
    as_root = [
        c.name
        for c in task.containers
        if not c.privileged and (c.user is None or c.user.split(":", 1)[0] in ("root", "0"))
    ]
    if as_root:
        return failed(
            f"host network mode, and containers run as root without privileged mode: "
            f"{', '.join(as_root)}",
            containers=as_root,
        )
    return passed("host network mode, every container has a non-root user or is privileged")


@check(
    id="ecs.no-host-pid-namespace",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=EcsTaskDefinition,
    requires=DESCRIBED,
)
def no_host_pid_namespace(task: EcsTaskDefinition, ctx: Context) -> Outcome:
    """Task definitions do not share the host's process namespace.

    With `pidMode` `host`, the task's containers see and can signal every process of the
    container instance, other tasks' and the ECS agent's included; with process
    inspection tools, secrets in other processes' memory and arguments are in reach
    (Security Hub ECS.3; ECS Developer Guide, "Task definition parameters", pidMode).

    Remediation: remove `pidMode` (or set it to `task` to share it only within the task) and
    register a new revision with `aws ecs register-task-definition`; Terraform `pid_mode =
    "task"` (or no `pid_mode`) on `aws_ecs_task_definition`.
    """
    if task.containers is None:
        return unknown("the task definition was not read")
    if task.pid_mode == "host":
        return failed("pidMode host: containers share the host's process namespace")
    return passed(f"pidMode {task.pid_mode or 'unset'}: no access to the host's processes")


LATEST_FARGATE = {"LINUX": "1.4.0", "WINDOWS": "1.0.0"}
"""The newest Fargate platform version per operating system family (ECS Developer Guide,
"Fargate Linux platform versions", "Fargate Windows platform versions"); the defaults of the
AWS Config rule `ecs-fargate-latest-platform-version` behind Security Hub ECS.10."""


@check(
    id="ecs.fargate-latest-platform",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=EcsService,
    requires=("ecs:DescribeServices",),
)
def fargate_latest_platform(service: EcsService, ctx: Context) -> Outcome:
    """Fargate services run on the latest Fargate platform version.

    Platform versions carry the Fargate kernel, container runtime and agent; AWS ships
    security fixes in new ones, and a service pinned to an old version keeps running
    without them (Security Hub ECS.10). `LATEST`, or the newest version for the tasks'
    operating system (Linux 1.4.0, Windows 1.0.0), passes. Services on EC2 or external
    instances are not applicable.

    Remediation: `aws ecs update-service --cluster CLUSTER --service SERVICE
    --platform-version LATEST --force-new-deployment`; Terraform `platform_version =
    "LATEST"` on `aws_ecs_service`.
    """
    if not service.described:
        return unknown("the service was not described")
    if not service.on_fargate:
        return not_applicable(
            f"not on Fargate (launch type {service.launch_type or 'via providers'})"
        )
    version = service.platform_version
    if version is None:
        return unknown("the service's platform version was not reported")
    family = "WINDOWS" if (service.platform_family or "").startswith("WINDOWS") else "LINUX"
    latest = LATEST_FARGATE[family]
    if version in ("LATEST", latest):
        return passed(f"platform version {version}", platform_version=version)
    return failed(
        f"platform version {version}, not the latest {family.lower()} version {latest}",
        platform_version=version,
    )
