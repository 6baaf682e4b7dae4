"""Amazon ECS: task definitions (active revisions), clusters and services."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource
from .secrets import SecretFinding


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

    service: ClassVar[str] = "ecs"
    listed_by: ClassVar[tuple[str, ...]] = ("ecs:ListClusters", "ecs:ListServices")
