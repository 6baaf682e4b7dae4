"""Amazon CloudFront: distributions, their origins, cache behaviours and viewer TLS."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class Origin(Frozen):
    """A distribution origin. ``origin_type`` is ``custom`` (any HTTP server, including S3
    website endpoints), ``s3`` (an S3 REST endpoint) or ``vpc`` (a VPC origin);
    ``protocol_policy`` (``http-only``, ``match-viewer``, ``https-only``) is set for custom
    origins only.
    """

    origin_id: str
    domain_name: str
    origin_type: str
    protocol_policy: str | None = None
    ssl_protocols: tuple[str, ...] = ()
    origin_access_control_id: str | None = None
    """The origin access control CloudFront signs requests to the origin with; None when
    none is set."""
    origin_access_identity: str | None = None
    """S3 origins: the legacy origin access identity (``origin-access-identity/cloudfront/ID``);
    None when none is set."""


class CacheBehavior(Frozen):
    """A cache behaviour: ``path_pattern`` is ``*`` for the default behaviour."""

    path_pattern: str
    target_origin_id: str
    viewer_protocol_policy: str


class ViewerCertificate(Frozen):
    """How the distribution presents TLS to viewers.

    ``cloudfront_default`` is True when it uses the ``*.cloudfront.net`` certificate, with
    which CloudFront always allows TLSv1, whatever ``minimum_protocol_version`` says.
    """

    cloudfront_default: bool = False
    acm_certificate_arn: str | None = None
    iam_certificate_id: str | None = None
    minimum_protocol_version: str | None = None
    ssl_support_method: str | None = None


class Distribution(Resource):
    """A CloudFront web distribution (global). ``web_acl_id`` is the WAF web ACL (a WAFv2
    ARN, or a WAF Classic id); None when none is associated. ``logging_enabled`` is standard
    logging (legacy, to S3) from ``GetDistributionConfig``; None when that was not read.
    """

    kind: Literal["cloudfront.distribution"] = "cloudfront.distribution"
    distribution_id: str
    domain_name: str = ""
    aliases: tuple[str, ...] = ()
    enabled: bool = True
    origins: tuple[Origin, ...] = ()
    origin_groups: dict[str, tuple[str, ...]] = {}
    """Origin group id -> the ids of its member origins (behaviours may target a group)."""
    behaviors: tuple[CacheBehavior, ...] = ()
    """The default behaviour first (path ``*``), then the ordered cache behaviours."""
    viewer_certificate: ViewerCertificate = ViewerCertificate()
    web_acl_id: str | None = None
    logging_enabled: bool | None = None
    logging_bucket: str | None = None
    """The S3 bucket domain standard logs go to (``BUCKET.s3.amazonaws.com``)."""
    default_root_object: str | None = None
    """The object served for a request to the root URL (``index.html``), ``""`` when none is
    set; None when ``GetDistributionConfig`` was not read."""

    service: ClassVar[str] = "cloudfront"
    listed_by: ClassVar[tuple[str, ...]] = ("cloudfront:ListDistributions",)

    def display_name(self) -> str:
        """The first alias if any, else the distribution's own name."""
        return self.aliases[0] if self.aliases else self.name
