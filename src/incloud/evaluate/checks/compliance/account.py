"""The account's security contact: whom AWS tells about a security issue in the account."""

from __future__ import annotations

from ....snapshot.account import AccountContacts
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context


@check(
    id="account.security-contact",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=AccountContacts,
    requires=("account:GetAlternateContact",),
)
def security_contact(account: AccountContacts, ctx: Context) -> Outcome:
    """The account registers a security contact.

    AWS sends notices of abuse reports, leaked credentials and compromised resources to the
    security alternate contact; without one they go to the root user's address only, which
    often nobody reads (Security Hub Account.1; AWS Account Management Reference Guide,
    "Update the alternate contacts for your AWS account").

    Remediation: `aws account put-alternate-contact --alternate-contact-type SECURITY
    --email-address security@example.com --name "Security team" --phone-number "+1..."
    --title "Security"`; Terraform `aws_account_alternate_contact` with
    `alternate_contact_type = "SECURITY"`.
    """
    if account.security_contact is None:
        return unknown("the security contact was not read")
    if account.security_contact:
        return passed("a security contact is registered")
    return failed("no security contact: AWS's security notices reach only the root address")
