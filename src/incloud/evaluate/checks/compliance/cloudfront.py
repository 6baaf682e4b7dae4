"""CloudFront request logging."""

from __future__ import annotations

from ....snapshot.cloudfront import Distribution
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context


@check(
    id="cloudfront.access-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.LOW,
    resource=Distribution,
    requires=("cloudfront:GetDistributionConfig",),
)
def access_logging(distribution: Distribution, ctx: Context) -> Outcome:
    """CloudFront distributions log the requests they serve.

    Standard logs record every viewer request (address, path, status, edge location):
    the only record of who fetched what through the CDN, needed to investigate abuse or a
    leak (Security Hub CloudFront.5; CloudFront Developer Guide, "Standard logging
    (access logs)"). incloud reads legacy standard logging (to an S3 bucket) from the
    distribution's configuration; standard logging v2 (deliveries through CloudWatch Logs)
    is configured elsewhere and not read yet, so a distribution using only v2 fails here.
    A disabled distribution serves nothing and is not applicable.

    Remediation: `aws cloudfront get-distribution-config --id ID`, set
    `Logging={Enabled=true,IncludeCookies=false,Bucket=LOGS.s3.amazonaws.com,Prefix=cf/}`,
    then `aws cloudfront update-distribution --id ID --if-match ETAG
    --distribution-config file://config.json`; Terraform `logging_config` on
    `aws_cloudfront_distribution`.
    """
    if not distribution.enabled:
        return not_applicable("distribution disabled")
    if distribution.logging_enabled is None:
        return unknown("the distribution's configuration was not read")
    if distribution.logging_enabled:
        return passed(f"standard logging to {distribution.logging_bucket}")
    return failed("standard logging (to S3) is off")
