"""Administrator groups: a group whose own policies allow everything, named with the members it
makes administrators.

The user check (``iam.user-not-full-admin``) reports each member; this check names the grant's
source, so one change (detach the policy from the group) fixes every member at once. Decided by
the same engine and rules: the group's attached and inline policies over every IAM action
(``evaluate/iam/admin.py``), then, for each member, its permissions boundary and the SCPs of its
account (``evaluate/iam/scp_limits.py``), as the user check decides that member.
"""

from __future__ import annotations

from dataclasses import replace

from ....snapshot.iam import IamGroup, IamUser
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ...iam.admin import AdminVerdict, admin_verdict
from ...iam.policy import Policy, PolicyError, parse_policy
from ...iam.principals import PolicyIndex, PrincipalPolicies
from ...iam.scp_limits import Subject, administrator_verdict
from ..analyses import organisation_controls, policy_index
from ..controls import scp_note, with_note
from .iam_admin import BREAK_GLASS_TAG

ADMINISTRATOR = ("admin", "conditional")
"""Verdicts that make a principal an administrator (``conditional``: when conditions hold)."""


def _group_policies(group: IamGroup, index: PolicyIndex) -> PrincipalPolicies:
    """The group's own attached and inline policies as a principal's policies (no boundary)."""
    parsed: list[Policy] = []
    invalid: list[str] = []
    for outcome in index.group_policies(group):
        if isinstance(outcome, PolicyError):
            invalid.append(str(outcome))
        else:
            parsed.append(outcome)
    missing = [arn for arn in dict.fromkeys(group.attached_policy_arns) if arn not in index.managed]
    return PrincipalPolicies(group.arn, tuple(parsed), None, tuple(missing), tuple(invalid))


def _members(group: IamGroup, ctx: Context) -> list[IamUser]:
    """The users of the group's account that belong to it, by name."""
    return sorted(
        (
            user
            for user in ctx.snapshot.of_type(IamUser)
            if user.account_id == group.account_id and group.name in user.groups
        ),
        key=lambda user: user.name,
    )


def _as_member(
    policies: PrincipalPolicies, member: IamUser, index: PolicyIndex, ctx: Context
) -> AdminVerdict:
    """What the group's policies make ``member``: its permissions boundary caps them and its
    account's SCPs apply as they do to the member itself (``iam.user-not-full-admin``).
    """
    boundary: Policy | None = None
    missing = list(policies.missing)
    invalid = list(policies.invalid)
    arn = member.permissions_boundary_arn
    if arn is not None:
        managed = index.managed.get(arn)
        if managed is None:
            missing.append(arn)
        else:
            try:
                boundary = parse_policy(managed.document, name=f"boundary {arn}")
            except PolicyError as error:
                invalid.append(str(error))
    own = replace(
        policies, arn=member.arn, boundary=boundary, missing=tuple(missing), invalid=tuple(invalid)
    )
    levels = ctx.analysis(organisation_controls).scp(member.account_id).levels
    return administrator_verdict(own, Subject.of(member), levels)


def _break_glass(member: IamUser, ctx: Context) -> bool:
    """Declared with ``--break-glass`` (ARN or name) or tagged ``incloud:break-glass = true``."""
    declared = {member.arn, member.name} & ctx.settings.break_glass
    return bool(declared) or member.tags.get(BREAK_GLASS_TAG, "").lower() == "true"


@check(
    id="iam.group-not-full-admin",
    domain=Domain.IDENTITY,
    severity=Severity.HIGH,
    resource=IamGroup,
    requires=("iam:GetAccountAuthorizationDetails",),
)
def group_not_full_admin(group: IamGroup, ctx: Context) -> Outcome:
    """Groups do not make their members full administrators, except break-glass ones.

    A group whose attached and inline policies allow every action on every resource makes each
    member an administrator, and every user added later too; the user check reports the
    members one by one, this check names the group, where one change removes the grant. The
    group's policies are decided over every IAM action as for users (Deny statements
    included; conditions make it "administrator only if"); each member is then judged with its
    own permissions boundary and, in a member account of an organisation, the SCPs that bind
    it, exactly as ``iam.user-not-full-admin`` judges it. The group fails when it makes at
    least one member an administrator who is not a declared break-glass identity. A group
    without members passes, with ``latent_administrator`` in its evidence: it grants nothing
    today, and whoever may add users to it is reported by ``iam.privilege-escalation``.
    Declare an intended emergency group with ``--break-glass`` (its ARN or name). CIS AWS
    Foundations 1.16 (v3.0) and 1.15 (v5.0): no policy in use grants ``*`` on ``*``.

    Remediation: detach AdministratorAccess (or the ``*:*`` policy) from the group and attach
    job-scoped policies instead: `aws iam detach-group-policy --group-name NAME --policy-arn
    arn:aws:iam::aws:policy/AdministratorAccess` (inline: `aws iam delete-group-policy`); in
    Terraform, remove the `aws_iam_group_policy_attachment` (or `aws_iam_group_policy`) that
    grants it. Keep administrator access on a few break-glass identities protected by MFA.
    """
    index = ctx.analysis(policy_index)
    policies = _group_policies(group, index)
    verdict = admin_verdict(policies)
    if verdict.status == "not-admin":
        return passed(verdict.reason, administers=list(verdict.services))
    if verdict.status == "unknown":
        return unknown(verdict.reason)
    if {group.arn, group.name} & ctx.settings.break_glass:
        return passed(f"break-glass group ({verdict.reason})", break_glass=True)
    members = _members(group, ctx)
    if not members:
        return passed(
            f"no members: the group grants administrator to nobody today ({verdict.reason})",
            latent_administrator=True,
        )
    judged = {member.name: _as_member(policies, member, index, ctx) for member in members}
    spared = {name: v.reason for name, v in judged.items() if v.status not in ADMINISTRATOR}
    made = [m for m in members if judged[m.name].status in ADMINISTRATOR]
    names = [m.name for m in members]
    if not made:
        return passed(
            "its policies allow everything, but no member is an administrator through them: "
            + "; ".join(f"{name}: {reason}" for name, reason in spared.items()),
            members=names,
            not_administrators=spared,
        )
    administrators = [m.name for m in made if not _break_glass(m, ctx)]
    if not administrators:
        return passed(
            "makes only break-glass members administrators: " + ", ".join(m.name for m in made),
            members=names,
            break_glass=True,
        )
    conditional = [m for m in administrators if judged[m].status == "conditional"]
    kind = "full administrators"
    if len(conditional) == len(administrators):
        kind = "administrators when their policy conditions hold"
    reason = (
        f"makes {len(administrators)} of its {len(members)} members {kind}: "
        f"{', '.join(administrators)} ({verdict.reason})"
    )
    evidence: dict[str, object] = {"members": names, "administrators": administrators}
    if conditional and len(conditional) < len(administrators):
        evidence["conditional"] = conditional
    if spared:
        evidence["not_administrators"] = spared
    reason, evidence = with_note(reason, scp_note(ctx, [group.account_id]), evidence)
    return failed(reason, **evidence)
