"""AWS Private CA: root certificate authorities kept disabled."""

from __future__ import annotations

from ....snapshot.acmpca import CertificateAuthority
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed
from ...context import Context


@check(
    id="acm-pca.root-ca-disabled",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=CertificateAuthority,
    requires=("acm-pca:ListCertificateAuthorities",),
)
def root_ca_disabled(ca: CertificateAuthority, _: Context) -> Outcome:
    """Private root certificate authorities are disabled.

    A root CA's key anchors trust in every certificate below it; AWS recommends using it
    only to sign subordinate CAs and keeping it disabled otherwise, so a caller who gains
    `acm-pca:IssueCertificate` cannot mint trusted certificates from the root (Security Hub
    PrivateCertificateAuthority.1, also PCA.1; AWS Private CA User Guide, "Designing a CA
    hierarchy"). Subordinate CAs and CAs pending deletion are not judged.

    Remediation: `aws acm-pca update-certificate-authority --certificate-authority-arn ARN
    --status DISABLED` (re-enable it only while signing a subordinate CA); Terraform
    `enabled = false` on the root `aws_acmpca_certificate_authority`.
    """
    if ca.ca_type != "ROOT":
        return not_applicable(f"a {ca.ca_type.lower() or 'non-root'} CA")
    if ca.status == "DELETED":
        return not_applicable("the CA is pending deletion")
    if ca.status == "DISABLED":
        return passed("the root CA is disabled")
    return failed(f"the root CA is {ca.status.lower()}", status=ca.status)
