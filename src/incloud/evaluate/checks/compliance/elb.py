"""Classic Load Balancer access logs."""

from __future__ import annotations

from ....snapshot.elb import ClassicLoadBalancer
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context


@check(
    id="elb.access-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=ClassicLoadBalancer,
    requires=("elb:DescribeLoadBalancerAttributes",),
)
def access_logging(balancer: ClassicLoadBalancer, ctx: Context) -> Outcome:
    """Classic Load Balancers write access logs to S3.

    Access logs record every request: client address, time, backend, latency and status.
    Without them there is no record of who used the application's front door when
    investigating an incident (Security Hub ELB.5; ELB Classic guide, "Access logs for your
    Classic Load Balancer"). The ``AccessLog.Enabled`` attribute decides.

    Remediation: create an S3 bucket whose policy lets Elastic Load Balancing write to it,
    then `aws elb modify-load-balancer-attributes --load-balancer-name NAME
    --load-balancer-attributes
    'AccessLog={Enabled=true,S3BucketName=BUCKET,EmitInterval=60}'`;
    Terraform `access_logs { bucket = ..., enabled = true }` on `aws_elb`.
    """
    if balancer.access_logs_enabled is None:
        return unknown("the load balancer's attributes were not read")
    if balancer.access_logs_enabled:
        return passed(
            f"access logs to s3://{balancer.access_logs_bucket or '?'}",
            bucket=balancer.access_logs_bucket,
        )
    return failed("access logging is off (AccessLog.Enabled is false)")
