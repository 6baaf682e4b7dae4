"""CloudFront distributions behind a web application firewall, and S3 origins that exist."""

from __future__ import annotations

import re

from ....snapshot.cloudfront import Distribution
from ....snapshot.s3 import S3Bucket
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context


@check(
    id="cloudfront.distribution-waf",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=Distribution,
)
def distribution_waf(distribution: Distribution, ctx: Context) -> Outcome:
    """Enabled CloudFront distributions are protected by an AWS WAF web ACL.

    A web ACL at the edge filters injection attempts, bots and request floods before they
    are cached or forwarded to the origin (Security Hub CloudFront.6). The association is
    part of the distribution's own configuration (`WebACLId`).

    Remediation: create a web ACL with scope CLOUDFRONT in us-east-1 and set it on the
    distribution (console: Security, or `aws cloudfront update-distribution` with
    `WebACLId`); Terraform `web_acl_id` on `aws_cloudfront_distribution`.
    """
    if not distribution.enabled:
        return not_applicable("distribution is disabled: it serves no requests")
    if distribution.web_acl_id:
        return passed("protected by a WAF web ACL", web_acl=distribution.web_acl_id)
    return failed("no WAF web ACL is associated with the distribution")


S3_ORIGIN = re.compile(
    r"^(?P<bucket>[a-z0-9][a-z0-9.-]*?)\.s3(?:[.-][a-z0-9.-]+)?\.amazonaws\.com(?:\.cn)?$"
)
"""An S3 REST origin's domain: ``BUCKET.s3.amazonaws.com``, ``BUCKET.s3.REGION.amazonaws.com``
or the legacy ``BUCKET.s3-REGION.amazonaws.com`` (CloudFront Developer Guide, "Use an Amazon
S3 bucket")."""


@check(
    id="cloudfront.s3-origin-exists",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=Distribution,
    requires=("s3:ListBuckets",),
)
def s3_origin_exists(distribution: Distribution, ctx: Context) -> Outcome:
    """Distributions point only to S3 buckets that the scanned accounts own.

    An S3 origin whose bucket was deleted keeps the distribution answering for it: anyone
    who creates a bucket of that name in their own account then serves their content under
    the distribution's domain (Security Hub CloudFront.12). incloud knows the buckets of the
    scanned accounts (`ListBuckets`): an S3 REST origin naming another bucket fails, whether
    the bucket is gone or owned by an account outside the scan (Security Hub passes the
    latter; check that the owner is yours). S3 website endpoints are custom origins and not
    judged.

    Remediation: create the bucket again in your account, or remove the origin (and the
    behaviours using it) with `aws cloudfront update-distribution`; Terraform: the `origin`
    blocks of `aws_cloudfront_distribution`, with the bucket as an `aws_s3_bucket`.
    """
    s3 = [o for o in distribution.origins if o.origin_type == "s3"]
    if not s3:
        return not_applicable("no S3 REST origins")
    listed = any(c.service == "s3" and c.operation == "ListBuckets" for c in ctx.snapshot.api_calls)
    if not listed:
        return unknown("the account's S3 buckets were not listed (S3 not collected)")
    owned = {bucket.name for bucket in ctx.resources(S3Bucket)}
    missing: list[str] = []
    for origin in s3:
        match = S3_ORIGIN.match(origin.domain_name.lower())
        if match is None:
            return unknown(f"origin {origin.origin_id}'s bucket cannot be read from its domain")
        if match["bucket"] not in owned:
            missing.append(f"{origin.origin_id} ({match['bucket']})")
    if missing:
        return failed(
            f"S3 origins naming a bucket no scanned account owns: {', '.join(missing)}",
            origins=missing,
        )
    return passed(f"all {len(s3)} S3 origins are buckets of the scanned accounts")
