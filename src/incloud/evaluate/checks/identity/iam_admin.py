"""Full administrators and ``*:*`` policies, decided by the IAM engine's action coverage and,
in member accounts of an organisation, the SCPs that bind the principal.
"""

from __future__ import annotations

from typing import TypeVar

from ....snapshot import Resource
from ....snapshot.iam import IamGroup, IamPolicy, IamRole, IamUser
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
from ...iam.policy import PolicyError, parse_policy
from ..analyses import policy_index
from ..controls import administrator, scp_note, with_note

BREAK_GLASS_TAG = "incloud:break-glass"
"""Tag a user or role with this key (value ``true``) to mark an intended emergency administrator."""

P = TypeVar("P", IamUser, IamRole)

_ADMIN_DOC = """{kind}s are not full administrators, except tagged break-glass ones.

    A {kind_lower} whose policies allow every action on every resource can read all data, turn
    off logging and create new credentials; such power belongs to a few emergency identities.
    Decided from the effective policies (groups included, Deny statements and the permissions
    boundary applied) over every IAM action; conditions make it "administrator only if". In a
    member account the SCPs apply: a {kind_lower} they take actions from that they leave to
    others in its account (a Deny naming it, a level that does not cover it) is not an
    administrator; guardrails that bind everyone alike do not change the verdict. Where the
    SCPs could not be read, the finding says so. Name intended emergency administrators with
    ``--break-glass`` (ARNs or names) or tag them ``incloud:break-glass = true``.

    Remediation: replace AdministratorAccess (or ``*:*`` policies) with job-scoped policies; for
    a real break-glass identity, add the tag and protect it with MFA and alerts.
    """


def _admin_check(kind: type[P], check_id: str) -> CheckFn[P]:
    def judge(principal: P, ctx: Context) -> Outcome:
        if isinstance(principal, IamRole) and principal.is_service_linked:
            return not_applicable("service-linked role: AWS defines its permissions")
        index = ctx.analysis(policy_index)
        policies = index.for_principal(principal)
        verdict = administrator(principal, policies, ctx)
        if verdict.status == "not-admin":
            return passed(verdict.reason, administers=list(verdict.services))
        if verdict.status == "unknown":
            return unknown(verdict.reason)
        declared = {principal.arn, principal.name} & ctx.settings.break_glass
        if declared or principal.tags.get(BREAK_GLASS_TAG, "").lower() == "true":
            return passed(f"break-glass administrator ({verdict.reason})", break_glass=True)
        note = scp_note(ctx, [principal.account_id])
        if verdict.status == "conditional":
            reason = f"administrator when its policy conditions hold: {verdict.reason}"
        else:
            reason = f"full administrator: {verdict.reason}"
        reason, evidence = with_note(reason, note, {})
        return failed(reason, **evidence)

    return check(
        id=check_id,
        domain=Domain.IDENTITY,
        severity=Severity.HIGH,
        resource=kind,
        requires=("iam:GetAccountAuthorizationDetails",),
        name=check_id.replace(".", "_").replace("-", "_"),
        doc=_ADMIN_DOC.format(kind=kind.__name__[3:], kind_lower=kind.__name__[3:].lower()),
    )(judge)


user_not_full_admin = _admin_check(IamUser, "iam.user-not-full-admin")
role_not_full_admin = _admin_check(IamRole, "iam.role-not-full-admin")


def _grants_star_star(document: dict[str, object]) -> bool | None:
    """True when a statement allows ``*`` on ``*`` without conditions (None: unparseable)."""
    try:
        policy = parse_policy(document)
    except PolicyError:
        return None
    return any(
        s.effect == "Allow"
        and s.actions is not None
        and "*" in s.actions
        and s.resources is not None
        and "*" in s.resources
        and not s.conditions
        for s in policy.statements
    )


@check(
    id="iam.policy-no-star-star",
    domain=Domain.IDENTITY,
    severity=Severity.HIGH,
    resource=IamPolicy,
)
def policy_no_star_star(policy: IamPolicy, ctx: Context) -> Outcome:
    """Customer-managed policies do not allow ``*`` on ``*``.

    A ``"Action": "*", "Resource": "*"`` policy makes whoever holds it an administrator and is
    rarely what its author needed (CIS 3.0.0 1.16; Security Hub IAM.1).

    Remediation: replace the policy's statements with the actions and resources the workload
    uses (IAM Access Analyzer policy generation helps), or attach AWS managed job-function
    policies.
    """
    if policy.aws_managed:
        return not_applicable("AWS managed policy")
    grants = _grants_star_star(policy.document)
    if grants is None:
        return unknown("the policy document could not be parsed")
    if grants:
        return failed("allows * on * without conditions", attachments=policy.attachment_count)
    return passed("no statement allows * on *")


def _inline_star_star(item: Resource) -> Outcome:
    inline: dict[str, dict[str, object]] = getattr(item, "inline_policies", {})
    if not inline:
        return not_applicable("no inline policies")
    verdicts = {name: _grants_star_star(doc) for name, doc in inline.items()}
    broad = sorted(n for n, v in verdicts.items() if v)
    if broad:
        return failed(f"inline policy allows * on *: {', '.join(broad)}", policies=broad)
    if any(v is None for v in verdicts.values()):
        return unknown("an inline policy could not be parsed")
    return passed("no inline statement allows * on *")


def _inline_check(kind: type[Resource]) -> None:
    name = kind.__name__[3:].lower()

    def judge(item: Resource, ctx: Context) -> Outcome:
        return _inline_star_star(item)

    check(
        id=f"iam.{name}-inline-no-star-star",
        domain=Domain.IDENTITY,
        severity=Severity.HIGH,
        resource=kind,
        name=f"{name}_inline_no_star_star",
        doc=f"""Inline policies of {name}s do not allow ``*`` on ``*``.

    Inline ``*:*`` policies make an administrator that no managed-policy review will find.

    Remediation: delete the inline policy (`aws iam delete-{name}-policy`) and attach scoped
    managed policies instead.
    """,
    )(judge)


for _kind in (IamUser, IamGroup, IamRole):
    _inline_check(_kind)
