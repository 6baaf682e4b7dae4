"""Amazon ECS: task definitions (active revisions), clusters, services and running tasks."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource
from .secrets import SecretFinding


class EcsContainer(Frozen):
    """What one container definition of a task definition says about its hardening.

    ``privileged`` and ``readonly_root_filesystem`` are False when the definition leaves them
    out (AWS's default); ``user`` is None when none is set (the image's user, root unless
    the image says otherwise); ``log_driver`` is None without a ``logConfiguration``.
    """

    name: str
    privileged: bool = False
    readonly_root_filesystem: bool = False
    user: str | None = None
    log_driver: str | None = None


class EcsTaskDefinition(Resource):
    """One active task definition revision.

    Container environment values are never stored: only what looked like a secret among
    them, masked, and the names of the variables taken from Secrets Manager or Parameter
    Store (the ``secrets`` key), which is where secrets belong.
    """

    kind: Literal["ecs.task-definition"] = "ecs.task-definition"
    family: str
    revision: int
    container_names: tuple[str, ...] = ()
    environment_variable_names: tuple[str, ...] = ()
    """``container:NAME`` for every plain environment variable."""
    secret_references: tuple[str, ...] = ()
    """``container:NAME`` for every variable injected from a secret store."""
    environment_secrets: tuple[SecretFinding, ...] = ()
    task_role_arn: str | None = None
    """The role the task's containers run as (none: they get no AWS credentials)."""
    execution_role_arn: str | None = None
    """The role ECS pulls images and sends logs with (none: it uses no role)."""
    network_mode: str | None = None
    """``awsvpc``, ``bridge``, ``host`` or ``none`` (AWS's default, ``bridge`` on Linux, when
    the definition names none); None when the definition was not read."""
    pid_mode: str | None = None
    """``host`` or ``task`` when set; None when unset (each container its own namespace)."""
    containers: tuple[EcsContainer, ...] | None = None
    """Each container definition's hardening; None when the definition was not read."""

    service: ClassVar[str] = "ecs"
    listed_by: ClassVar[tuple[str, ...]] = ("ecs:ListTaskDefinitions",)

    def display_name(self) -> str:
        """``family:revision``, as the console shows it."""
        return f"{self.family}:{self.revision}"


class EcsCluster(Resource):
    """An ECS cluster: where tasks run (and services keep them running)."""

    kind: Literal["ecs.cluster"] = "ecs.cluster"
    status: str = "ACTIVE"
    """``ACTIVE``, ``PROVISIONING``, ``DEPROVISIONING``, ``FAILED``, ``INACTIVE``; ``UNKNOWN``
    when the cluster could not be described."""
    registered_container_instances: int = 0
    """EC2 container instances registered: ``StartTask`` places tasks only on these."""
    container_insights: str | None = None
    """The cluster's ``containerInsights`` setting (``enabled``, ``enhanced``, ``disabled``);
    None when the cluster's settings were not read."""

    service: ClassVar[str] = "ecs"
    listed_by: ClassVar[tuple[str, ...]] = ("ecs:ListClusters",)

    @property
    def active(self) -> bool:
        """True when tasks can be run in the cluster."""
        return self.status == "ACTIVE"


class EcsService(Resource):
    """An ECS service: the task definition it keeps running, on which cluster."""

    kind: Literal["ecs.service"] = "ecs.service"
    cluster_arn: str
    task_definition_arn: str | None = None
    """None when the service could not be described."""
    described: bool = False
    """True when ``DescribeServices`` answered for the service: the fields below were read."""
    launch_type: str | None = None
    """``EC2``, ``FARGATE`` or ``EXTERNAL``; None when the service uses a capacity provider
    strategy instead."""
    capacity_providers: tuple[str, ...] = ()
    """The capacity providers of its strategy (``FARGATE``, ``FARGATE_SPOT``, or the
    cluster's Auto Scaling providers)."""
    platform_version: str | None = None
    """Fargate only: ``LATEST`` or a version such as ``1.4.0``."""
    platform_family: str | None = None
    """Fargate only: ``LINUX`` or a ``WINDOWS_SERVER_...`` family."""
    assign_public_ip: bool = False
    """awsvpc tasks get a public IPv4 address (``assignPublicIp`` ``ENABLED``)."""

    @property
    def on_fargate(self) -> bool:
        """The service's tasks run on Fargate (its launch type, or a Fargate capacity
        provider).
        """
        return self.launch_type == "FARGATE" or any(
            p in ("FARGATE", "FARGATE_SPOT") for p in self.capacity_providers
        )

    service: ClassVar[str] = "ecs"
    listed_by: ClassVar[tuple[str, ...]] = ("ecs:ListClusters", "ecs:ListServices")


class EcsTask(Resource):
    """A task of a cluster whose desired status is ``RUNNING`` (as ``ListTasks`` lists them)."""

    kind: Literal["ecs.task"] = "ecs.task"
    cluster_arn: str
    described: bool = False
    """True when ``DescribeTasks`` answered for the task: the fields below were read."""
    task_definition_arn: str | None = None
    last_status: str | None = None
    """``PROVISIONING``, ``PENDING``, ``ACTIVATING``, ``RUNNING``, ``DEACTIVATING``,
    ``STOPPING``, ``DEPROVISIONING`` or ``STOPPED``."""
    enable_execute_command: bool = False
    """ECS Exec is on: ``ExecuteCommand`` opens a shell in its containers."""
    task_role_arn: str | None = None
    """The task role the task was started with in its overrides; None when it runs as its
    task definition's."""

    service: ClassVar[str] = "ecs"
    listed_by: ClassVar[tuple[str, ...]] = ("ecs:ListClusters", "ecs:ListTasks")
