"""Systems Manager documents: who the account's own documents are shared with."""

from __future__ import annotations

from ....snapshot.ssm import SsmDocument
from ...check import Domain, Outcome, Severity, check, failed, passed
from ...context import Context


@check(
    id="ssm.document-not-public",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.CRITICAL,
    resource=SsmDocument,
    requires=("ssm:DescribeDocumentPermission",),
)
def document_not_public(document: SsmDocument, ctx: Context) -> Outcome:
    """The account's Systems Manager documents are not shared publicly.

    A public document can be read, and run, by every AWS account; documents hold scripts,
    parameters, internal host names and sometimes credentials (Security Hub SSM.4; Systems
    Manager User Guide, "Best practices for shared SSM documents"). Sharing with named
    accounts passes, the accounts shown.

    Remediation: `aws ssm modify-document-permission --name NAME --permission-type Share
    --account-ids-to-remove all`, and block public sharing for the account with
    `aws ssm update-service-setting --setting-id
    /ssm/documents/console/public-sharing-permission --setting-value Disable`; Terraform
    `permissions` on `aws_ssm_document` without `account_ids = "All"`.
    """
    shared = list(document.shared_with)
    if any(account.lower() == "all" for account in shared):
        return failed("shared publicly: every AWS account can read and run it")
    if shared:
        return passed(f"shared with {len(shared)} named account(s)", shared_with=shared)
    return passed("not shared")
