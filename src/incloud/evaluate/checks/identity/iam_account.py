"""Account-level IAM hygiene: a support role, and no expired server certificates."""

from __future__ import annotations

from ....snapshot.iam import IamAccount, IamGroup, IamPolicy, IamRole, IamServerCertificate, IamUser
from ...check import Domain, Outcome, Severity, check, failed, passed
from ...context import Context


@check(
    id="iam.support-role",
    domain=Domain.IDENTITY,
    severity=Severity.LOW,
    resource=IamAccount,
    requires=("iam:GetAccountAuthorizationDetails",),
)
def support_role(account: IamAccount, ctx: Context) -> Outcome:
    """Someone is allowed to manage AWS Support cases through a dedicated role or group.

    Incidents need a support case opened quickly by the right people, without handing them
    broader rights (CIS 3.0.0 1.17).

    Remediation: create a role trusted by your incident responders and attach the AWS managed
    policy ``AWSSupportAccess`` (`aws iam attach-role-policy --policy-arn
    arn:aws:iam::aws:policy/AWSSupportAccess --role-name support`).
    """
    principals: list[IamRole | IamGroup | IamUser] = [
        *ctx.resources(IamRole, account_id=account.account_id),
        *ctx.resources(IamGroup, account_id=account.account_id),
        *ctx.resources(IamUser, account_id=account.account_id),
    ]
    holders = [
        item.name
        for item in principals
        if any(arn.endswith(":policy/AWSSupportAccess") for arn in item.attached_policy_arns)
    ]
    if holders:
        return passed("AWSSupportAccess is attached", holders=sorted(holders))
    known = any(
        p.arn.endswith(":policy/AWSSupportAccess")
        for p in ctx.resources(IamPolicy, account_id=account.account_id)
    )
    detail = "" if known else " (the policy is attached to no principal)"
    return failed(f"no role, group or user holds AWSSupportAccess{detail}")


@check(
    id="iam.server-certificate-not-expired",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=IamServerCertificate,
)
def server_certificate_not_expired(certificate: IamServerCertificate, ctx: Context) -> Outcome:
    """No expired server certificates stay in IAM.

    An expired certificate still deployable to a load balancer or CloudFront breaks TLS and,
    deployed by mistake, erodes trust in your endpoints (CIS 3.0.0 1.19).

    Remediation: `aws iam delete-server-certificate --server-certificate-name NAME`; manage
    certificates in ACM, which renews them.
    """
    if certificate.expiration is None:
        return passed("no expiration recorded")
    if certificate.expiration <= ctx.now:
        return failed(
            f"expired on {certificate.expiration.date()}",
            expired=certificate.expiration.isoformat(),
        )
    return passed(f"valid until {certificate.expiration.date()}")
