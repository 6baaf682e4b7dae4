"""CloudFront distributions behind a web application firewall."""

from __future__ import annotations

from ....snapshot.cloudfront import Distribution
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed
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
