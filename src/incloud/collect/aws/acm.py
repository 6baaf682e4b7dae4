"""ACM collector: every certificate of the region, from the bulk ``ListCertificates``.

The summaries carry status, type, validity and whether the certificate is in use, so no
per-certificate ``DescribeCertificate`` call is needed.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.acm import Certificate
from ..registry import collector
from ..unit import Unit

ALL_KEY_TYPES = (
    "RSA_1024",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "EC_prime256v1",
    "EC_secp384r1",
    "EC_secp521r1",
)
"""Without this filter ListCertificates returns only RSA_1024 and RSA_2048 certificates
(ACM API Reference, "Filters", keyTypes)."""


@collector(service="acm", scope="regional", operations=("acm:ListCertificates",))
def collect_acm(unit: Unit) -> Iterator[Resource]:
    """Every certificate in the region, whatever its key type or status."""
    listed = unit.pages(
        "list_certificates", "CertificateSummaryList", Includes={"keyTypes": list(ALL_KEY_TYPES)}
    )
    for raw in listed:
        # CertificateArn is optional in botocore's model but identifies the certificate:
        # AWS omits it only in a malformed answer, whose KeyError is a CollectorError gap.
        yield Certificate(
            arn=raw["CertificateArn"],
            name=raw.get("DomainName") or raw["CertificateArn"].rsplit("/", 1)[-1],
            account_id=unit.account_id,
            region=unit.region,
            domain_name=raw.get("DomainName", ""),
            status=raw.get("Status", "UNKNOWN"),
            cert_type=raw.get("Type", ""),
            key_algorithm=raw.get("KeyAlgorithm", ""),
            not_before=raw.get("NotBefore"),
            not_after=raw.get("NotAfter"),
            attached=raw.get("InUse"),
            renewal_eligibility=raw.get("RenewalEligibility"),
        )
