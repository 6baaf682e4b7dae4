"""CloudFront data protection: encryption in transit (viewers to the edge, the edge to custom
origins), how S3 origins are reached, the default root object, origin failover.
"""

from __future__ import annotations

from ....snapshot.cloudfront import Distribution
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from ..factories import flag_check

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
    """Distributions accept viewers only on security policy TLSv1.2_2021 or a stricter one.

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


cloudfront_custom_certificate = flag_check(
    id="cloudfront.custom-certificate",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=Distribution,
    is_ok=lambda d: not d.viewer_certificate.cloudfront_default,
    ok="serves viewers with its own certificate (ACM or IAM)",
    bad="serves viewers with the default *.cloudfront.net certificate",
    doc="""Distributions serve HTTPS with their own certificate, not *.cloudfront.net's.

    With the default certificate, viewers reach the distribution only under its
    `*.cloudfront.net` name, and CloudFront fixes the security policy at TLSv1: the TLS
    version and ciphers cannot be chosen (Security Hub CloudFront.7; CloudFront Developer
    Guide, "Use alternate domain names and HTTPS").

    Remediation: request or import a certificate in ACM in us-east-1 for the alternate
    domain name, then set it on the distribution (`aws cloudfront update-distribution` with
    `ViewerCertificate={ACMCertificateArn=ARN,SSLSupportMethod=sni-only,
    MinimumProtocolVersion=TLSv1.2_2021}` and the domain in `Aliases`); Terraform
    `viewer_certificate { acm_certificate_arn = ... }` and `aliases` on
    `aws_cloudfront_distribution`.
    """,
)


@check(
    id="cloudfront.sni-only",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=Distribution,
)
def sni_only(distribution: Distribution, ctx: Context) -> Outcome:
    """Distributions with their own certificate serve HTTPS through SNI.

    With SSL support method `vip` (or the legacy `static-ip`), CloudFront serves the
    certificate from dedicated IP addresses at every edge location, for old clients that do
    not send Server Name Indication; every current browser and client sends it (Security
    Hub CloudFront.8; CloudFront Developer Guide, "Choose how CloudFront serves HTTPS
    requests"). A distribution on the default certificate is not applicable.

    Remediation: `aws cloudfront update-distribution` with
    `ViewerCertificate.SSLSupportMethod=sni-only`; Terraform `ssl_support_method =
    "sni-only"` in `viewer_certificate` of `aws_cloudfront_distribution`.
    """
    certificate = distribution.viewer_certificate
    if certificate.cloudfront_default:
        return not_applicable("uses the default *.cloudfront.net certificate")
    method = certificate.ssl_support_method
    if method is None:
        return unknown("the distribution's SSL support method was not reported")
    if method == "sni-only":
        return passed("serves HTTPS through SNI")
    return failed(f"SSL support method {method}: dedicated IP addresses", method=method)


DEPRECATED_ORIGIN_PROTOCOLS = ("SSLv3",)
"""Origin SSL protocols Security Hub CloudFront.10 calls deprecated (AWS Config
`cloudfront-no-deprecated-ssl-protocols`)."""


@check(
    id="cloudfront.origin-no-deprecated-ssl",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=Distribution,
)
def origin_no_deprecated_ssl(distribution: Distribution, ctx: Context) -> Outcome:
    """CloudFront does not offer SSLv3 to custom origins.

    A custom origin's `OriginSslProtocols` are the protocols CloudFront may negotiate with
    it over HTTPS; SSLv3 is broken (POODLE), and an origin that accepts it can be pushed
    down to it by whoever sits between the edge and the origin (Security Hub CloudFront.10).
    S3 REST and VPC origins are not judged.

    Remediation: `aws cloudfront update-distribution` with the origin's
    `CustomOriginConfig.OriginSslProtocols={Quantity=1,Items=[TLSv1.2]}`; Terraform
    `origin_ssl_protocols = ["TLSv1.2"]` in `custom_origin_config` of
    `aws_cloudfront_distribution`.
    """
    custom = [o for o in distribution.origins if o.origin_type == "custom"]
    if not custom:
        return not_applicable("no custom origins (S3 and VPC origins only)")
    offered = {
        o.origin_id: [p for p in o.ssl_protocols if p in DEPRECATED_ORIGIN_PROTOCOLS]
        for o in custom
    }
    weak = [f"{origin} ({', '.join(found)})" for origin, found in offered.items() if found]
    if weak:
        return failed(f"origins that allow SSLv3: {', '.join(weak)}", origins=weak)
    return passed(f"no custom origin allows SSLv3 ({len(custom)} custom origins)")


@check(
    id="cloudfront.s3-origin-access-control",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=Distribution,
)
def s3_origin_access_control(distribution: Distribution, ctx: Context) -> Outcome:
    """CloudFront reaches S3 origins with origin access control.

    Origin access control (OAC) signs CloudFront's requests to the bucket with SigV4, so the
    bucket policy can admit the distribution alone (`AWS:SourceArn`) and the bucket stays
    private; it works with SSE-KMS, every Region and writes. The legacy origin access
    identity (OAI) lacks these, and an S3 origin with neither is read anonymously, so the
    bucket must be public (Security Hub CloudFront.13; CloudFront Developer Guide, "Restrict
    access to an Amazon S3 origin"). S3 website endpoints are custom origins and not judged.

    Remediation: `aws cloudfront create-origin-access-control
    --origin-access-control-config Name=NAME,SigningProtocol=sigv4,SigningBehavior=always,
    OriginAccessControlOriginType=s3`, set its id as the origin's `OriginAccessControlId`
    (and `S3OriginConfig.OriginAccessIdentity=""`) with `aws cloudfront
    update-distribution`, and allow `cloudfront.amazonaws.com` with `AWS:SourceArn` in the
    bucket policy; Terraform `aws_cloudfront_origin_access_control` and
    `origin_access_control_id` in the `origin` of `aws_cloudfront_distribution`.
    """
    s3 = [o for o in distribution.origins if o.origin_type == "s3"]
    if not s3:
        return not_applicable("no S3 REST origins")
    without = [
        f"{o.origin_id} ({'origin access identity' if o.origin_access_identity else 'anonymous'})"
        for o in s3
        if o.origin_access_control_id is None
    ]
    if without:
        return failed(
            f"S3 origins without origin access control: {', '.join(without)}", origins=without
        )
    return passed(f"all {len(s3)} S3 origins use origin access control")


@check(
    id="cloudfront.default-root-object",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=Distribution,
    requires=("cloudfront:GetDistributionConfig",),
)
def default_root_object(distribution: Distribution, ctx: Context) -> Outcome:
    """Distributions name a default root object.

    A request for the distribution's root URL (`https://example.com/`) is forwarded to the
    origin as a request for its root; without a default root object, an origin that lists
    its contents there (an S3 bucket readable through the distribution, a web server with
    directory listings) shows them to anyone (Security Hub CloudFront.1; CloudFront
    Developer Guide, "Specify a default root object").

    Remediation: `aws cloudfront get-distribution-config --id ID`, set
    `DefaultRootObject` to `index.html`, then `aws cloudfront update-distribution --id ID
    --if-match ETAG --distribution-config file://config.json`; Terraform
    `default_root_object = "index.html"` on `aws_cloudfront_distribution`.
    """
    root = distribution.default_root_object
    if root is None:
        return unknown("the distribution's configuration was not read")
    if root:
        return passed(f"default root object {root}")
    return failed("no default root object: the origin answers requests for the root URL")


@check(
    id="cloudfront.origin-failover",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=Distribution,
)
def origin_failover(distribution: Distribution, ctx: Context) -> Outcome:
    """Distributions have an origin group of two origins, for failover.

    With an origin group, CloudFront retries a request on the secondary origin when the
    primary answers with an error status or cannot be reached, so one origin's outage does
    not take the site down (Security Hub CloudFront.4; CloudFront Developer Guide,
    "Optimize high availability with CloudFront origin failover").

    Remediation: add a second origin (in another Region), create an origin group of the two
    with failover status codes, and point the cache behaviours at the group with `aws
    cloudfront update-distribution`; Terraform `origin_group { failover_criteria {...}
    member {...} member {...} }` on `aws_cloudfront_distribution`.
    """
    groups = {g: m for g, m in distribution.origin_groups.items() if len(m) >= 2}
    if groups:
        return passed(f"origin groups with failover: {', '.join(sorted(groups))}")
    if distribution.origin_groups:
        return failed("its origin groups have fewer than two origins")
    return failed("no origin group: one origin serves every request")
