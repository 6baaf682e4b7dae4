"""AWS Private Certificate Authority (IAM prefix ``acm-pca``): the account's CAs."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class CertificateAuthority(Resource):
    """A private CA. ``ca_type`` is ``ROOT`` or ``SUBORDINATE``; ``status`` one of
    ``CREATING``, ``PENDING_CERTIFICATE``, ``ACTIVE``, ``DISABLED``, ``EXPIRED``, ``FAILED``
    or ``DELETED`` (in its restore period).
    """

    kind: Literal["acm-pca.certificate-authority"] = "acm-pca.certificate-authority"
    ca_type: str
    status: str

    service: ClassVar[str] = "acm-pca"
    listed_by: ClassVar[tuple[str, ...]] = ("acm-pca:ListCertificateAuthorities",)
