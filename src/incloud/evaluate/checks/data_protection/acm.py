"""ACM certificate validity and key length."""

from __future__ import annotations

from ....snapshot.acm import Certificate
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context

JUDGED_STATUSES = ("ISSUED", "EXPIRED")
"""Certificates that were issued; pending, failed, revoked and inactive ones serve nobody."""


@check(
    id="acm.certificate-not-expiring",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=Certificate,
)
def certificate_not_expiring(certificate: Certificate, ctx: Context) -> Outcome:
    """ACM certificates have at least {certificate_expiry_warning_days} days of validity left.

    An expired certificate breaks TLS for every endpoint that presents it: clients refuse
    the connection, or users learn to click through warnings. ACM renews the certificates it
    issued only while they are in use and their validation records are in place; imported
    certificates are never renewed for you. All issued certificates are judged, and the
    evidence says whether a service uses each one (Security Hub ACM.1). The warning period is
    the setting `certificate_expiry_warning_days`: 30 days by default, as in that control; ACM
    starts renewing its own eligible certificates 60 days before expiry, so one still
    unrenewed 30 days out is stuck ("Managed certificate renewal in AWS Certificate Manager").

    Remediation: for an ACM-issued certificate, fix what blocks renewal (restore the DNS
    validation CNAME, see `aws acm describe-certificate --certificate-arn ARN`); for an
    imported one, re-import the renewed certificate into the same ARN with
    `aws acm import-certificate --certificate-arn ARN --certificate ... --private-key ...`.
    Delete certificates nothing uses (`aws acm delete-certificate`). Terraform:
    `aws_acm_certificate` with `aws_acm_certificate_validation`.
    """
    if certificate.status not in JUDGED_STATUSES:
        return not_applicable(f"certificate is {certificate.status}: it was never issued")
    if certificate.not_after is None:
        return unknown("ACM gave no expiry date for the certificate")
    days = (certificate.not_after - ctx.now).days
    evidence = _evidence(certificate, days)
    if certificate.not_after <= ctx.now:
        return failed(
            f"expired on {certificate.not_after.date()} ({-days} days ago){_usage(certificate)}",
            **evidence,
        )
    warning = ctx.settings.certificate_expiry_warning_days
    if days < warning:
        return failed(
            f"expires in {days} days (fewer than {warning}), on {certificate.not_after.date()}"
            f"{_usage(certificate)}",
            warning_days=warning,
            **evidence,
        )
    return passed(f"valid for {days} more days", **evidence)


def _evidence(certificate: Certificate, days_left: int) -> dict[str, object]:
    assert certificate.not_after is not None
    return {
        "not_after": certificate.not_after.isoformat(),
        "days_left": days_left,
        "in_use": certificate.attached,
        "type": certificate.cert_type,
        "renewal_eligibility": certificate.renewal_eligibility,
    }


def _usage(certificate: Certificate) -> str:
    if certificate.attached is None:
        return ""
    return "; in use" if certificate.attached else "; not in use"


@check(
    id="acm.certificate-rsa-key-length",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=Certificate,
)
def certificate_rsa_key_length(certificate: Certificate, ctx: Context) -> Outcome:
    """RSA certificates have keys of at least {certificate_min_rsa_bits} bits.

    RSA keys shorter than 2,048 bits are within reach of well-funded attackers and refused by
    current browsers and NIST SP 800-131A; a certificate with one protects nothing it
    terminates (Security Hub ACM.2). ECDSA keys are not judged. The minimum is the setting
    `certificate_min_rsa_bits`.

    Remediation: request a replacement with a longer key (`aws acm request-certificate
    --domain-name NAME --key-algorithm RSA_2048`, or import one), move its users to it, then
    `aws acm delete-certificate`; Terraform `key_algorithm = "RSA_2048"` on
    `aws_acm_certificate`.
    """
    algorithm = certificate.key_algorithm
    if not algorithm:
        return unknown("ACM reported no key algorithm")
    family, _, size = algorithm.replace("-", "_").partition("_")
    if family.upper() != "RSA":
        return not_applicable(f"{algorithm} key, not RSA")
    if not size.isdigit():
        return unknown(f"unrecognised key algorithm {algorithm}")
    bits, minimum = int(size), ctx.settings.certificate_min_rsa_bits
    if bits < minimum:
        return failed(
            f"RSA key of {bits} bits, shorter than {minimum}", key_bits=bits, minimum=minimum
        )
    return passed(f"RSA key of {bits} bits", key_bits=bits, minimum=minimum)
