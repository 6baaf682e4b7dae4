"""CloudFront encryption in transit: viewers to the edge, and the edge to custom origins."""

from __future__ import annotations

from ....snapshot.cloudfront import Distribution
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context

HTTPS_VIEWER_POLICIES = ("https-only", "redirect-to-https")
"""Viewer protocol policies that never serve content over plain HTTP."""

SECURITY_POLICY_RANK = {
    "SSLv3": 0,
    "TLSv1": 1,
    "TLSv1_2016": 2,
    "TLSv1.1_2016": 3,
    "TLSv1.2_2018": 4,
    "TLSv1.2_2019": 5,
    "TLSv1.2_2021": 6,
    "TLSv1.2_2025": 7,
    "TLSv1.3_2025": 8,
}
"""CloudFront viewer security policies from oldest to strictest ("Supported protocols and
ciphers between viewers and CloudFront"). The API's enum is not in this order."""

MINIMUM_POLICY = "TLSv1.2_2021"
"""The oldest policy accepted: TLS 1.2 with only forward-secret AEAD ciphers."""


@check(
    id="cloudfront.viewer-https",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=Distribution,
)
def viewer_https(distribution: Distribution, ctx: Context) -> Outcome:
    """Every cache behaviour of a distribution requires HTTPS or redirects HTTP to it.

    A behaviour with viewer protocol policy `allow-all` serves content, cookies and
    signed URLs over plain HTTP to anyone who asks for it (Security Hub CloudFront.3).

    Remediation: set each behaviour's viewer protocol policy to `redirect-to-https` (or
    `https-only`) in the console or with `aws cloudfront update-distribution`; Terraform
    `viewer_protocol_policy = "redirect-to-https"` in `default_cache_behavior` and every
    `ordered_cache_behavior`.
    """
    if not distribution.behaviors:
        return unknown("the distribution's cache behaviours were not reported")
    plain = [
        f"{b.path_pattern} ({b.viewer_protocol_policy})"
        for b in distribution.behaviors
        if b.viewer_protocol_policy not in HTTPS_VIEWER_POLICIES
    ]
    if plain:
        return failed(f"behaviours serve plain HTTP: {', '.join(plain)}", behaviors=plain)
    return passed(f"all {len(distribution.behaviors)} cache behaviours require HTTPS")


@check(
    id="cloudfront.minimum-tls",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=Distribution,
)
def minimum_tls(distribution: Distribution, ctx: Context) -> Outcome:
    """Distributions refuse viewers older than TLS 1.2 (security policy TLSv1.2_2021 or later).

    Older security policies let viewers negotiate TLS 1.0 or 1.1, or TLS 1.2 with weak CBC
    and non-forward-secret ciphers. A distribution on the default `*.cloudfront.net`
    certificate cannot choose: CloudFront fixes its policy at TLSv1 whatever the
    configuration says (API reference, ViewerCertificate.MinimumProtocolVersion).

    Remediation: serve the distribution on your own domain with an ACM certificate in
    us-east-1 and set the security policy to TLSv1.2_2021 (console: Edit settings, Security
    policy; Terraform `viewer_certificate { acm_certificate_arn = ...
    ssl_support_method = "sni-only" minimum_protocol_version = "TLSv1.2_2021" }`).
    """
    certificate = distribution.viewer_certificate
    if certificate.cloudfront_default:
        return failed(
            "uses the default *.cloudfront.net certificate, with which CloudFront always "
            "allows TLSv1: add a custom domain and certificate to set TLSv1.2_2021",
            minimum_protocol_version="TLSv1",
        )
    policy = certificate.minimum_protocol_version
    if policy is None:
        return unknown("the distribution's security policy was not reported")
    rank = SECURITY_POLICY_RANK.get(policy)
    if rank is None:
        return unknown(f"security policy {policy} is not one incloud knows", policy=policy)
    if rank < SECURITY_POLICY_RANK[MINIMUM_POLICY]:
        return failed(
            f"security policy {policy} is older than {MINIMUM_POLICY}",
            minimum_protocol_version=policy,
        )
    return passed(f"security policy {policy}", minimum_protocol_version=policy)


@check(
    id="cloudfront.origin-https",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=Distribution,
)
def origin_https(distribution: Distribution, ctx: Context) -> Outcome:
    """CloudFront reaches custom origins over HTTPS.

    With origin protocol policy `http-only`, or `match-viewer` while a behaviour sending
    requests to that origin lets viewers use HTTP, requests cross the internet between the
    edge and the origin in clear text, even when the viewer used HTTPS for part of the
    traffic (Security Hub CloudFront.9). S3 REST origins are reached over HTTPS by
    CloudFront and are not judged; S3 website endpoints are custom origins that only speak
    HTTP, and fail.

    Remediation: set the origin's protocol policy to `https-only` (the origin needs a
    certificate for its name), e.g. Terraform `custom_origin_config {
    origin_protocol_policy = "https-only" origin_ssl_protocols = ["TLSv1.2"] }`; replace S3
    website origins with an S3 REST origin and origin access control.
    """
    custom = [o for o in distribution.origins if o.origin_type == "custom"]
    if not custom:
        return not_applicable("no custom origins (S3 and VPC origins only)")
    viewer_http = {
        origin_id
        for b in distribution.behaviors
        if b.viewer_protocol_policy not in HTTPS_VIEWER_POLICIES
        for origin_id in distribution.origin_groups.get(b.target_origin_id, (b.target_origin_id,))
    }
    plain: list[str] = []
    for origin in custom:
        if origin.protocol_policy is None:
            return unknown(f"origin {origin.origin_id}'s protocol policy was not reported")
        if origin.protocol_policy == "http-only":
            plain.append(f"{origin.origin_id} (http-only)")
        elif origin.protocol_policy == "match-viewer" and origin.origin_id in viewer_http:
            plain.append(f"{origin.origin_id} (match-viewer, and viewers may use HTTP)")
    if plain:
        return failed(f"origins reached over HTTP: {', '.join(plain)}", origins=plain)
    return passed(f"all {len(custom)} custom origins are reached over HTTPS")
