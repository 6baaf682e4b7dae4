"""Privilege escalation: principals that are not administrators but can make themselves one."""

from __future__ import annotations

from ....snapshot import Snapshot
from ....snapshot.iam import IamRole, IamUser
from ...check import (
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
from ...iam.admin import admin_verdict
from ...iam.escalation import Path, escalation_paths
from ...iam.principals import PolicyIndex

MAX_PRINCIPALS = 400
"""Above this many users and roles the path search is skipped (its cost grows with the square
of the principals that hold broad IAM or PassRole rights; measured: 200 roles, 9.6 s). The
checks then say ``unknown``, never pass, until the search is made faster."""


def _paths(snapshot: Snapshot) -> dict[str, Path] | None:
    principals = sum(1 for _ in snapshot.of_type(IamUser)) + sum(
        1 for _ in snapshot.of_type(IamRole)
    )
    if principals > MAX_PRINCIPALS:
        return None
    return escalation_paths(snapshot)


def _describe(path: Path) -> str:
    steps = " -> ".join(f"{s.technique} ({', '.join(s.actions)})" for s in path.steps)
    return f"{len(path.steps)} step(s): {steps}"


def _escalation_check(kind: type[IamUser] | type[IamRole], check_id: str) -> None:
    def judge(principal: IamUser | IamRole, ctx: Context) -> Outcome:
        if isinstance(principal, IamRole) and principal.is_service_linked:
            return not_applicable("service-linked role")
        index = ctx.analysis("iam.policy-index", PolicyIndex)
        policies = index.for_principal(principal)
        if admin_verdict(policies).status == "admin":
            return not_applicable("already an administrator (reported by the admin check)")
        paths = ctx.analysis("iam.escalation", _paths)
        if paths is None:
            return unknown(
                f"escalation search skipped: more than {MAX_PRINCIPALS} users and roles "
                "(the search does not scale to this size yet)"
            )
        path = paths.get(principal.arn)
        if path is None:
            return passed("no path to administrator rights found")
        reason = f"can become an administrator in {_describe(path)}"
        if path.conditions:
            reason += f" (only if: {'; '.join(path.conditions)})"
        return failed(reason, path=path.to_json())

    noun = kind.__name__[3:].lower()
    judge.__doc__ = f"""No IAM {noun} can escalate itself to administrator.

    A principal that can create another user's keys, pass a powerful role to a service it
    controls, rewrite a policy it holds or assume a more privileged role is an administrator in
    all but name. Each edge of the path is decided by the IAM engine (Deny statements,
    conditions, resource constraints and boundaries apply); the shortest path is the evidence,
    step by step (docs/escalation.md lists the techniques and their sources).

    Remediation: remove the first step's permission (or constrain its resource), e.g. scope
    ``iam:PassRole`` to the roles the workload needs, deny ``iam:CreatePolicyVersion`` and
    ``iam:Attach*Policy`` outside an administrator path, and add permissions boundaries.
    """
    judge.__name__ = f"{noun}_privilege_escalation"
    check(
        id=check_id,
        domain=Domain.IDENTITY,
        severity=Severity.HIGH,
        resource=kind,
        requires=("iam:GetAccountAuthorizationDetails",),
    )(judge)


_escalation_check(IamUser, "iam.user-privilege-escalation")
_escalation_check(IamRole, "iam.role-privilege-escalation")
