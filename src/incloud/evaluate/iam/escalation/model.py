"""What the escalation graph is made of: nodes, edges, and the paths it reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ....snapshot.iam import IamUser
from ..matching import RequestPrincipal
from ..principals import PrincipalPolicies
from ..scp_limits import Subject

SESSION_NAME = "incloud-escalation"
"""The session name in the role-session ARNs the graph evaluates requests as."""


@dataclass(frozen=True)
class Step:
    """One move of a path: who acts, how, on what, and which statements allow it."""

    principal: str
    technique: str
    title: str
    actions: tuple[str, ...]
    resource: str
    target: str
    """The principal obtained, or :data:`ADMINISTRATOR` when the step makes ``principal``
    itself an administrator."""
    effect: Literal["become", "grant"]
    statements: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    source: str = ""

    def to_json(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        out: dict[str, object] = {
            "principal": self.principal,
            "technique": self.technique,
            "title": self.title,
            "actions": list(self.actions),
            "resource": self.resource,
            "target": self.target,
            "effect": self.effect,
            "statements": list(self.statements),
            "source": self.source,
        }
        if self.conditions:
            out["conditions"] = list(self.conditions)
        return out


@dataclass(frozen=True)
class Path:
    """The shortest way from ``start`` to administrator rights."""

    start: str
    steps: tuple[Step, ...]
    administrator: str
    """The principal that holds the rights at the end (administrator or ``goal``)."""
    goal: str = "administrator"
    """What the path obtains: ``administrator``, or a sensitive permission (``action on
    resource``) the caller asked about."""
    held_conditions: tuple[str, ...] = ()
    """What the final principal's hold of a sensitive permission depends on."""

    @property
    def conditions(self) -> tuple[str, ...]:
        """Every condition the path depends on, its steps' and the final hold's (empty: it
        holds unconditionally).
        """
        found = [c for step in self.steps for c in step.conditions]
        return tuple(dict.fromkeys([*found, *self.held_conditions]))

    def to_json(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "start": self.start,
            "goal": self.goal,
            "administrator": self.administrator,
            "conditional": bool(self.conditions),
            "conditions": list(self.conditions),
            "steps": [step.to_json() for step in self.steps],
        }


@dataclass(frozen=True)
class Sensitive:
    """A permission treated like administrator rights: a principal that can obtain it is
    reported with its path (e.g. ``s3:GetObject`` on ``arn:aws:s3:::payroll/*``).
    """

    action: str
    resource: str = "*"

    @classmethod
    def parse(cls, text: str) -> Sensitive:
        """``ACTION`` or ``ACTION=RESOURCE`` (``service:Action``; the resource defaults to
        ``*``); raises ValueError on anything else.
        """
        action, _, resource = text.partition("=")
        service, colon, name = action.strip().partition(":")
        if not colon or not service or not name or " " in action.strip():
            raise ValueError(f"not an IAM action: {action!r} (expected service:Action[=ARN])")
        return cls(action.strip(), resource.strip() or "*")

    def __str__(self) -> str:
        return f"{self.action} on {self.resource}"


@dataclass
class Node:
    """A principal that can make requests."""

    id: str
    arn: str
    kind: Literal["user", "role"]
    account: str
    name: str
    policies: PrincipalPolicies
    groups: tuple[str, ...]
    attached: tuple[str, ...]
    """Managed policy ARNs attached to the principal or its groups."""
    admin: bool
    tags: dict[str, str] = field(default_factory=dict)
    user: IamUser | None = None
    joined: str | None = None
    """For a user after ``iam:AddUserToGroup``: the group it joined."""
    service_linked: bool = False
    """A service-linked role: SCPs do not restrict it."""
    unbounded: bool = False
    """For a principal after lifting its own permissions boundary: the same principal, its
    identity policies alone deciding."""

    @property
    def derived(self) -> bool:
        """A principal as it would be after a step on itself (joined a group, lifted its
        boundary): not a start, and not derived again.
        """
        return self.joined is not None or self.unbounded

    @property
    def subject(self) -> Subject:
        """The principal as SCP conditions see it."""
        tags = tuple(sorted(self.tags.items()))
        return Subject(self.arn, self.kind, self.account, self.name, tags, self.service_linked)

    @property
    def request_principal(self) -> RequestPrincipal:
        """Who makes the requests: the user, or a session of the role."""
        if self.kind == "user":
            return RequestPrincipal.parse(self.arn)
        partition = self.arn.split(":")[1]
        return RequestPrincipal.parse(
            f"arn:{partition}:sts::{self.account}:assumed-role/{self.name}/{SESSION_NAME}"
        )


@dataclass(frozen=True)
class Edge:
    """An edge of the graph and the step that realises it."""

    target: str
    step: Step
