"""Role trust policies: who may assume a role, and whether third parties need an external id.

Trust policies are read with the IAM engine: a statement opens a role to the world when it
allows ``*`` (or ``{"AWS": "*"}``) unless a condition confines the caller to known accounts or
an organisation (the exposure analysis; IAM User Guide, "Roles: trust policies"; "The confused
deputy problem" for ``sts:ExternalId``). In a member account the RCPs on ``sts:AssumeRole``
apply, except to service-linked roles (Organizations User Guide, "Resources and entities not
restricted by RCPs").
"""

from __future__ import annotations

from datetime import timedelta

from ....snapshot.iam import IamRole
from ...check import (
    Domain,
    Level,
    Outcome,
    Severity,
    check,
    failed,
    not_applicable,
    passed,
    unknown,
)
from ...context import Context
from ...iam.exposure import analyse
from ...iam.matching import action_matches
from ...iam.policy import Policy, PolicyError, Statement, parse_policy
from ..controls import review


def _trust(role: IamRole) -> Policy | None:
    try:
        return parse_policy(role.trust_policy, kind="resource", name=f"{role.name} trust policy")
    except PolicyError:
        return None


def _assume_statements(policy: Policy) -> list[Statement]:
    return [
        s
        for s in policy.statements
        if s.effect == "Allow"
        and s.actions is not None
        and any(
            action_matches(a, "sts:AssumeRole") or a.lower().startswith("sts:assumerole")
            for a in s.actions
        )
    ]


@check(
    id="iam.role-trust-not-public",
    domain=Domain.IDENTITY,
    severity=Severity.CRITICAL,
    resource=IamRole,
)
def role_trust_not_public(role: IamRole, ctx: Context) -> Outcome:
    """No role can be assumed by any AWS account.

    A trust policy naming ``*`` without a condition that pins the caller's account or
    organisation lets anyone with an AWS account become the role, unless the organisation's
    RCPs deny the role to every caller outside it.

    Remediation: name the trusted accounts or roles in Principal, or add an
    ``aws:PrincipalOrgID`` (or ``aws:PrincipalAccount``) condition.
    """
    try:
        exposure = analyse(role.trust_policy, role.account_id, f"{role.name} trust policy")
    except PolicyError:
        return unknown("the trust policy could not be parsed")
    public = list(exposure.public)
    if not public:
        return passed("trust policy names its principals or restricts them")
    if role.is_service_linked:
        return failed("trust policy lets any AWS principal assume the role", statements=public)
    grants = {label: [label] for label in public}
    rcps = review(ctx, role, "sts", role.trust_policy, grants, tags=role.tags)
    if not rcps.open:
        return passed(
            "trust policy names everyone, but the RCPs deny the role to every caller outside "
            f"the organisation: {'; '.join(rcps.blocked)}",
            **rcps.evidence,
        )
    reason = rcps.explain("trust policy lets any AWS principal assume the role")
    return failed(reason, statements=rcps.open, **rcps.evidence)


@check(
    id="iam.role-third-party-external-id",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=IamRole,
)
def role_third_party_external_id(role: IamRole, ctx: Context) -> Outcome:
    """Roles trusted by other accounts require an ``sts:ExternalId``.

    A vendor assuming roles in many customers' accounts can be tricked into using its access
    on the wrong account (the confused deputy); an external id unique to you prevents it.

    Remediation: agree an external id with the third party and add
    ``"Condition": {"StringEquals": {"sts:ExternalId": "..."}}`` to the trust statement.
    """
    policy = _trust(role)
    if policy is None:
        return unknown("the trust policy could not be parsed")
    foreign = []
    for statement in _assume_statements(policy):
        for principal in statement.principals or ():
            account = _account_of(principal.value) if principal.type == "AWS" else None
            if account is None or account == role.account_id:
                continue
            if not any(c.key.lower() == "sts:externalid" for c in statement.conditions):
                foreign.append(account)
    if not foreign and not _assume_statements(policy):
        return not_applicable("the role has no sts:AssumeRole trust")
    if foreign:
        return failed(
            "other accounts may assume the role without an external id",
            accounts=sorted(set(foreign)),
        )
    return passed("no foreign account trusted without an external id")


def _account_of(value: str) -> str | None:
    if value.isdigit() and len(value) == 12:
        return value
    parts = value.split(":")
    if len(parts) >= 5 and parts[4].isdigit():
        return parts[4]
    return None


@check(
    id="iam.role-recently-used",
    domain=Domain.IDENTITY,
    severity=Severity.LOW,
    resource=IamRole,
    level=Level.STRICT,
)
def role_recently_used(role: IamRole, ctx: Context) -> Outcome:
    """Roles unused for {role_unused_days} days are removed.

    Unused roles keep trust relationships and permissions nobody reviews. Opinionated: some
    roles exist for rare events (disaster recovery). A role never used counts from its
    creation; the limit is the setting `role_unused_days`.

    Remediation: confirm with the owner, then delete the role (`aws iam delete-role`).
    """
    if role.is_service_linked:
        return not_applicable("service-linked role")
    reference = role.last_used or role.created
    if reference is None:
        return unknown("neither last use nor creation date is known")
    days = ctx.settings.role_unused_days
    if ctx.now - reference > timedelta(days=days):
        return failed(
            f"unused since {reference.date()}, over {days} days",
            last_used=reference.isoformat(),
            limit_days=days,
        )
    return passed(f"used or created within {days} days", limit_days=days)
