"""Privilege escalation: principals that are not administrators but can make themselves one."""

from __future__ import annotations

from ....snapshot.iam import IamPrincipal, IamRole
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed
from ...context import Context
from ...iam.escalation import ADMINISTRATOR, Path
from ..analyses import escalation, policy_index
from ..controls import administrator, scp_note, scps_applied, with_note

_SCPS_APPLIED = " with the SCPs of its account applied"


def _describe(path: Path) -> str:
    steps = " -> ".join(f"{s.technique} ({', '.join(s.actions)})" for s in path.steps)
    return f"{len(path.steps)} step(s): {steps}"


def _accounts(principal: IamPrincipal, path: Path) -> list[str]:
    """The accounts whose principals act on the path (their SCPs bind its steps)."""
    arns = [principal.arn, *(s.principal for s in path.steps), path.administrator]
    return [arn.split(":")[4] for arn in arns if arn != ADMINISTRATOR and arn.count(":") >= 5]


@check(
    id="iam.privilege-escalation",
    domain=Domain.IDENTITY,
    severity=Severity.HIGH,
    resource=IamPrincipal,
    requires=("iam:GetAccountAuthorizationDetails",),
)
def privilege_escalation(principal: IamPrincipal, ctx: Context) -> Outcome:
    """No IAM user or role can escalate itself to administrator.

    A principal that can create another user's keys, pass a powerful role to a service it
    controls, rewrite a policy it holds or assume a more privileged role is an administrator in
    all but name. Each edge of the path is decided by the IAM engine (Deny statements,
    conditions, resource constraints and boundaries apply); the shortest path is the evidence,
    step by step, with the statement that allows each step (docs/escalation.md lists the
    techniques and their sources). In member accounts of an organisation the SCPs apply to
    every request of a path and to who counts as an administrator; where they could not be
    read, a path found says so. Permissions named with ``--sensitive`` (e.g.
    ``s3:GetObject=arn:aws:s3:::payroll/*``) are goals too. Administrators themselves are
    reported by iam.user-not-full-admin and iam.role-not-full-admin.

    Remediation: remove the first step's permission (or constrain its resource), e.g. scope
    ``iam:PassRole`` to the roles the workload needs, deny ``iam:CreatePolicyVersion`` and
    ``iam:Attach*Policy`` outside an administrator path, and add permissions boundaries.
    """
    if isinstance(principal, IamRole) and principal.is_service_linked:
        return not_applicable("service-linked role")
    index = ctx.analysis(policy_index)
    if administrator(principal, index.for_principal(principal), ctx).status == "admin":
        return not_applicable("already an administrator (reported by the admin check)")
    goals = list(ctx.settings.sensitive_permissions)
    paths = ctx.analysis(escalation)
    path = paths.get(principal.arn)
    if path is None:
        wanted = ", ".join(["administrator", *map(str, goals)])
        applied = scps_applied(ctx, principal.account_id)
        return passed(f"no path to {wanted} found" + (_SCPS_APPLIED if applied else ""))
    reason = f"can obtain {path.goal} in {_describe(path)}"
    if path.conditions:
        reason += f" (only if: {'; '.join(path.conditions)})"
    reason, evidence = with_note(reason, scp_note(ctx, _accounts(principal, path)), {})
    return failed(reason, path=path.to_json(), **evidence)
