"""CloudFront collector: every web distribution, from ``ListDistributions``, and its
standard logging and default root object from ``GetDistributionConfig``.

A distribution summary carries its origins, cache behaviours, viewer certificate and WAF
web ACL; the logging configuration and the default root object are missing from it
(CloudFront API Reference, ``DistributionSummary`` and ``LoggingConfig``), so one
``GetDistributionConfig`` per distribution reads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import GLOBAL, Resource
from ...snapshot.cloudfront import CacheBehavior, Distribution, Origin, ViewerCertificate
from ..registry import collector
from ..unit import Unit


@collector(
    service="cloudfront",
    scope="global",
    operations=("cloudfront:ListDistributions", "cloudfront:GetDistributionConfig"),
)
def collect_cloudfront(unit: Unit) -> Iterator[Resource]:
    """Every distribution of the account (CloudFront is global)."""
    yield from unit.fan_out(lambda raw: _distribution(unit, raw), _summaries(unit))


def _summaries(unit: Unit) -> list[dict[str, Any]]:
    # The list sits under DistributionList.Items, which Unit.pages cannot reach: page by hand.
    found: list[dict[str, Any]] = []
    marker: dict[str, str] = {}
    while True:
        page = unit.call("list_distributions", **marker)
        if page is None:
            return found
        listing = page.get("DistributionList", {})
        found.extend(listing.get("Items", []))
        if not listing.get("IsTruncated") or not listing.get("NextMarker"):
            return found
        marker = {"Marker": listing["NextMarker"]}


def _items(raw: dict[str, Any] | None) -> list[Any]:
    """The ``Items`` of CloudFront's ``{Quantity, Items}`` lists (absent when empty)."""
    return list((raw or {}).get("Items") or [])


def _distribution(unit: Unit, raw: dict[str, Any]) -> Distribution:
    default = raw.get("DefaultCacheBehavior", {})
    behaviors = [_behavior("*", default)] + [
        _behavior(b.get("PathPattern", ""), b) for b in _items(raw.get("CacheBehaviors"))
    ]
    config = unit.call("get_distribution_config", resource_arn=raw["ARN"], Id=raw["Id"])
    settings = (config or {}).get("DistributionConfig", {})
    logging = settings.get("Logging", {})
    return Distribution(
        arn=raw["ARN"],
        name=raw["Id"],
        account_id=unit.account_id,
        region=GLOBAL,
        distribution_id=raw["Id"],
        domain_name=raw.get("DomainName", ""),
        aliases=tuple(_items(raw.get("Aliases"))),
        enabled=raw.get("Enabled", True),
        origins=tuple(_origin(o) for o in _items(raw.get("Origins"))),
        origin_groups={
            group["Id"]: tuple(m["OriginId"] for m in _items(group.get("Members")))
            for group in _items(raw.get("OriginGroups"))
        },
        behaviors=tuple(behaviors),
        viewer_certificate=_certificate(raw.get("ViewerCertificate", {})),
        web_acl_id=raw.get("WebACLId") or None,
        logging_enabled=bool(logging.get("Enabled", False)) if config is not None else None,
        logging_bucket=logging.get("Bucket") or None,
        # Optional in the model; CloudFront answers "" when the distribution has none.
        default_root_object=settings.get("DefaultRootObject", "") if config is not None else None,
    )


def _behavior(path: str, raw: dict[str, Any]) -> CacheBehavior:
    return CacheBehavior(
        path_pattern=path,
        target_origin_id=raw.get("TargetOriginId", ""),
        viewer_protocol_policy=raw.get("ViewerProtocolPolicy", ""),
    )


def _origin(raw: dict[str, Any]) -> Origin:
    custom = raw.get("CustomOriginConfig")
    if custom is not None:
        kind = "custom"
    elif raw.get("VpcOriginConfig") is not None:
        kind = "vpc"
    else:
        kind = "s3"
    return Origin(
        origin_id=raw.get("Id", ""),
        domain_name=raw.get("DomainName", ""),
        origin_type=kind,
        protocol_policy=custom.get("OriginProtocolPolicy") if custom else None,
        ssl_protocols=tuple(_items(custom.get("OriginSslProtocols"))) if custom else (),
        # Both optional; absent (or "", as CloudFront answers an S3 origin without one) when
        # the origin has none.
        origin_access_control_id=raw.get("OriginAccessControlId") or None,
        origin_access_identity=(raw.get("S3OriginConfig") or {}).get("OriginAccessIdentity")
        or None,
    )


def _certificate(raw: dict[str, Any]) -> ViewerCertificate:
    return ViewerCertificate(
        cloudfront_default=bool(raw.get("CloudFrontDefaultCertificate", False)),
        acm_certificate_arn=raw.get("ACMCertificateArn") or None,
        iam_certificate_id=raw.get("IAMCertificateId") or None,
        minimum_protocol_version=raw.get("MinimumProtocolVersion") or None,
        ssl_support_method=raw.get("SSLSupportMethod") or None,
    )
