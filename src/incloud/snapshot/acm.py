"""AWS Certificate Manager: the certificates of each region."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from .base import Resource


class Certificate(Resource):
    """An ACM certificate, from its ``ListCertificates`` summary.

    ``status`` is ACM's (``ISSUED``, ``EXPIRED``, ``PENDING_VALIDATION`` ...); ``cert_type``
    is ``AMAZON_ISSUED``, ``IMPORTED`` or ``PRIVATE``. ``attached`` says whether an AWS
    service (a load balancer, a distribution, an API) uses it; None when ACM did not say.
    ``not_after`` is None when ACM gave no validity (a certificate still pending validation).
    """

    kind: Literal["acm.certificate"] = "acm.certificate"
    domain_name: str = ""
    status: str
    cert_type: str = ""
    key_algorithm: str = ""
    not_before: datetime | None = None
    not_after: datetime | None = None
    attached: bool | None = None
    renewal_eligibility: str | None = None

    service: ClassVar[str] = "acm"
    listed_by: ClassVar[tuple[str, ...]] = ("acm:ListCertificates",)
