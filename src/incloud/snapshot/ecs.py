"""Amazon ECS: task definitions (active revisions)."""

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

    service: ClassVar[str] = "ecs"
    listed_by: ClassVar[tuple[str, ...]] = ("ecs:ListTaskDefinitions",)

    def display_name(self) -> str:
        """``family:revision``, as the console shows it."""
        return f"{self.family}:{self.revision}"
