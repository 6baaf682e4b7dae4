"""Elastic Load Balancing access logs."""

from __future__ import annotations

from ....snapshot.elbv2 import Listener, LoadBalancer
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context


@check(
    id="elasticloadbalancing.access-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=LoadBalancer,
    requires=("elbv2:DescribeLoadBalancerAttributes",),
)
def access_logging(balancer: LoadBalancer, ctx: Context) -> Outcome:
    """Application and Network Load Balancers write access logs to S3.

    Access logs record every request (ALB) or TLS connection (NLB): client address, time,
    target, status and TLS details. Without them there is no record of who used the
    application's front door when investigating an incident (Security Hub ELB.5; ELB guides,
    "Access logs"). The `access_logs.s3.enabled` attribute decides. A Network Load Balancer
    logs TLS connections only, so one without a TLS listener is not applicable; Gateway Load
    Balancers have no access logs.

    Remediation: create an S3 bucket whose policy lets Elastic Load Balancing write to it,
    then `aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN --attributes
    Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=BUCKET`; Terraform
    `access_logs { bucket = ..., enabled = true }` on `aws_lb`.
    """
    if balancer.lb_type not in ("application", "network"):
        return not_applicable(f"{balancer.lb_type} load balancer: no access logs")
    if balancer.lb_type == "network":
        listeners = [
            lst
            for lst in ctx.resources(Listener, account_id=balancer.account_id)
            if lst.load_balancer_arn == balancer.arn
        ]
        if not any(lst.protocol == "TLS" for lst in listeners):
            unread = [
                g
                for g in ctx.gaps("elbv2:DescribeListeners")
                if (g.account_id, g.region) == (balancer.account_id, balancer.region)
            ]
            if unread:
                return unknown("its listeners could not be read (TLS listeners decide)")
            return not_applicable("Network Load Balancer without a TLS listener: nothing to log")
    if balancer.access_logs_enabled is None:
        return unknown("the load balancer's attributes were not read")
    if balancer.access_logs_enabled:
        return passed(
            f"access logs to s3://{balancer.access_logs_bucket or '?'}",
            bucket=balancer.access_logs_bucket,
        )
    return failed("access logging is off (access_logs.s3.enabled is false)")
