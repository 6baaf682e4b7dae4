"""AWS Private CA collector: the account's certificate authorities, from the bulk
``ListCertificateAuthorities`` (it carries each CA's type and status).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.acmpca import CertificateAuthority
from ..registry import collector
from ..unit import Unit


@collector(service="acm-pca", scope="regional", operations=("acm-pca:ListCertificateAuthorities",))
def collect_acmpca(unit: Unit) -> Iterator[Resource]:
    """Every private CA the account owns in the region."""
    for raw in unit.pages("list_certificate_authorities", "CertificateAuthorities"):
        yield _authority(unit, raw)


def _authority(unit: Unit, raw: dict[str, Any]) -> CertificateAuthority:
    arn = raw["Arn"]  # identifies the CA (optional in botocore's model)
    subject = raw.get("CertificateAuthorityConfiguration", {}).get("Subject", {})
    if "Type" not in raw or "Status" not in raw:  # AWS always sends both: the verdict rests on them
        unit.malformed(
            "list_certificate_authorities", "a CA without its Type or Status", resource_arn=arn
        )
    return CertificateAuthority(
        arn=arn,
        name=subject.get("CommonName") or arn.rsplit("/", 1)[-1],
        account_id=unit.account_id,
        region=unit.region,
        ca_type=raw.get("Type", ""),
        status=raw.get("Status", ""),
    )
