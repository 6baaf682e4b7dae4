"""What an escalation technique is: the requests it needs, what it acts on, what it yields,
and the names of the public catalogues it comes from (the catalogue itself is
:mod:`.techniques`, built partly by the families in :mod:`.families`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RHINO = "Rhino Security Labs, AWS IAM Privilege Escalation - Methods and Mitigation"
BISHOPFOX = "BishopFox iam-vulnerable"
PATHFINDING = "pathfinding.cloud"
ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"
"""The AWS managed policy a replaced permissions boundary names: a boundary that allows
everything leaves the principal exactly its identity policies' permissions."""

Target = Literal[
    "user",  # another IAM user's credentials
    "role-trust",  # a role whose trust policy lets the principal assume it
    "role-retrust",  # a role whose trust policy the principal can rewrite
    "pass-role",  # a role passed to a new service resource (the role must trust the service)
    "lambda-function",  # an existing Lambda function and its execution role
    "instance",  # an existing running EC2 instance and its instance profile's role
    "stopped-instance",  # an existing stopped EC2 instance and its instance profile's role
    "workload",  # an existing collected resource that runs as a role (``resources.KINDS``)
    "identity-pool-role",  # a role set on an identity pool whose identities its trust admits
    "stack-set-execution",  # a role a passed stack set administration role may assume
    "join-group",  # a group the user adds itself to
    "self-user",  # the principal's own user (policies rewritten)
    "self-role",  # the principal's own role (policies rewritten)
    "unbound-user",  # the principal's own user, its permissions boundary lifted
    "unbound-role",  # the principal's own role, its permissions boundary lifted
    "group",  # a group (its members' policies rewritten)
    "policy-version",  # a customer managed policy (every principal it is attached to)
    "default-version",  # the same, only when the policy has another version
]
"""What a technique acts on; ``graph`` turns each into edges from the account's state."""


@dataclass(frozen=True)
class Need:
    """One request the technique needs: an action on a resource.

    ``resource`` is a template: ``{target}`` (the target's ARN), ``{prerequisite}`` (a collected
    resource of the technique's prerequisite kind: allowed on one of them is enough),
    ``{passes}`` (the role a workload resource names and a change to it passes again, such as
    a stack set's administration role, or the role the prerequisite resource a request is
    allowed on names, such as an ECS task definition's execution role: decided per resource,
    see ``resources.Kind.passes``; no request when the resource names none),
    ``{region}``, ``{account}``.
    ``context`` holds condition keys whose value the technique chooses (the boundary policy a
    ``Put*PermissionsBoundary`` request names): the request is decided with them known.
    """

    action: str
    resource: str = "{target}"
    context: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Technique:
    """One escalation technique."""

    id: str
    title: str
    target: Target
    needs: tuple[Need, ...]
    yields: Literal["become", "grant"]
    source: str
    service: str | None = None
    """For ``pass-role`` and existing service resources: the service principal the role must
    trust (also the ``iam:PassedToService`` value)."""
    requires_instance_profile: bool = False
    workload: str | None = None
    """For a ``workload`` target: the kind of resource (a key of ``resources.KINDS``)."""
    prerequisite: str | None = None
    """A kind of resource (``resources.KINDS``) that must exist in the principal's account
    (an ECS cluster to run a task on); none collected there, no edge."""
    note: str | None = None
    """What the technique also waits on that no snapshot shows: its steps are conditional,
    with this as their condition."""
    self_granted: tuple[str, ...] = ()
    """Actions the technique grants the principal itself in a resource policy it writes
    (``lambda:AddPermission``): decided with that policy as the resource's, so the principal's
    own policies need not allow them, while a Deny, a boundary or an SCP still refuses."""
