"""Families of escalation techniques that differ only in a service, a verb or a state: one
builder each (a role passed to a new resource, ECS task starts, permissions-boundary changes,
existing workloads, instance user data), used by the catalogue in :mod:`.techniques`.
"""

from __future__ import annotations

from typing import Literal

from .technique import ADMINISTRATOR_ACCESS, PATHFINDING, Need, Technique


def passed_role(
    tid: str,
    title: str,
    service: str,
    *actions: str | Need,
    resource: str,
    source: str,
    prerequisite: str | None = None,
) -> Technique:
    """A role passed to a new resource of ``service`` (the role must trust it); ``actions``
    made on ``resource`` unless given as a :class:`Need` of their own.
    """
    needs = (a if isinstance(a, Need) else Need(a, resource) for a in actions)
    return Technique(
        tid,
        title,
        "pass-role",
        (Need("iam:PassRole"), *needs),
        "become",
        source,
        service=service,
        prerequisite=prerequisite,
    )


def ecs_task(how: Literal["run", "service", "start", "update"], create_cluster: bool) -> Technique:
    """A task definition whose task role is the role, registered and started: run once, kept
    running by a new service, placed on a container instance, or swapped into an existing
    service. On an existing cluster (a collected active one in the account), or on one the
    principal creates (``ecs:CreateCluster``).
    """
    action, title, ident = {
        "run": ("ecs:RunTask", "run it", "run-task"),
        "service": ("ecs:CreateService", "start it as a new service", "create-service"),
        "start": ("ecs:StartTask", "start it on a container instance", "start-task"),
        "update": ("ecs:UpdateService", "put it into an existing service", "update-service"),
    }[how]
    source = {
        ("run", False): f"{PATHFINDING} ecs-004 (iam:PassRole + ecs:RegisterTaskDefinition + "
        "ecs:RunTask); Rhino Security Labs, Weaponizing ECS Task Definitions (2020)",
        ("run", True): f"{PATHFINDING} ecs-002 (iam:PassRole + ecs:CreateCluster + "
        "ecs:RegisterTaskDefinition + ecs:RunTask)",
        ("service", False): f"{PATHFINDING} ecs-003 (iam:PassRole + ecs:RegisterTaskDefinition + "
        "ecs:CreateService)",
        ("service", True): f"{PATHFINDING} ecs-001 (iam:PassRole + ecs:CreateCluster + "
        "ecs:RegisterTaskDefinition + ecs:CreateService)",
    }.get(
        (how, create_cluster), f"{PATHFINDING} iam:PassRole + ecs:RegisterTaskDefinition + {action}"
    )
    cluster = (Need("ecs:CreateCluster", "*"),) if create_cluster else ()
    last = Need(action, "{prerequisite}" if how == "update" else "*")
    prerequisite = {"update": "ecs-service", "start": "ecs-container-instances"}.get(
        how, "ecs-cluster"
    )
    return passed_role(
        f"ecs-create-cluster-{ident}" if create_cluster else f"ecs-{ident}",
        ("Create a cluster, register" if create_cluster else "Register")
        + f" a task definition whose task role is the role and {title}",
        "ecs-tasks.amazonaws.com",
        *cluster,
        "ecs:RegisterTaskDefinition",
        last,
        resource="*",
        source=source,
        prerequisite=None if create_cluster else prerequisite,
    )


def boundary_change(kind: Literal["user", "role"], verb: Literal["Delete", "Put"]) -> Technique:
    """Lift one's own permissions boundary: delete it, or replace it with
    :data:`ADMINISTRATOR_ACCESS` (a boundary that allows everything). Either leaves the principal
    its identity policies' permissions (IAM User Guide, "Permissions boundaries for IAM
    entities"). The request is made on the principal itself; a ``Put`` is decided with
    ``iam:PermissionsBoundary`` set to the policy it names, so a condition pinning the boundary
    to another policy cuts it.
    """
    noun = kind.capitalize()
    action = f"iam:{verb}{noun}PermissionsBoundary"
    context = (("iam:PermissionsBoundary", ADMINISTRATOR_ACCESS),) if verb == "Put" else ()
    what = "Delete" if verb == "Delete" else "Replace with AdministratorAccess"
    return Technique(
        f"{verb.lower()}-{kind}-permissions-boundary",
        f"{what} the permissions boundary of one's own {kind}",
        "unbound-user" if kind == "user" else "unbound-role",
        (Need(action, context=context),),
        "become",
        f"{PATHFINDING} {action}",
    )


def existing_workload(tid: str, title: str, workload: str, *actions: str, source: str) -> Technique:
    """Change what an existing resource runs (``resources.KINDS[workload]``) and run it: its
    role's permissions. Every action is requested on the resource itself.
    """
    return Technique(
        tid,
        title,
        "workload",
        tuple(Need(action) for action in actions),
        "become",
        source,
        workload=workload,
    )


def instance_user_data(state: Literal["running", "stopped"]) -> Technique:
    """Rewrite the user data of an existing instance whose profile carries a role and boot it
    (cloud-init told to run the script on every boot): a running instance must be stopped
    first (``ModifyInstanceAttribute`` refuses ``userData`` on a running one, EC2 API
    Reference), a stopped one only started.
    """
    stop = (Need("ec2:StopInstances"),) if state == "running" else ()
    title = "Stop an instance whose profile carries the role, rewrite its user data, start it"
    if state == "stopped":
        title = (
            "Rewrite the user data of a stopped instance whose profile carries the role, start it"
        )
    return Technique(
        "ec2-user-data-stop-start" if state == "running" else "ec2-user-data-start",
        title,
        "instance" if state == "running" else "stopped-instance",
        (*stop, Need("ec2:ModifyInstanceAttribute"), Need("ec2:StartInstances")),
        "become",
        f"{PATHFINDING} ec2-002 (ec2:ModifyInstanceAttribute + ec2:StopInstances + "
        "ec2:StartInstances)",
    )
