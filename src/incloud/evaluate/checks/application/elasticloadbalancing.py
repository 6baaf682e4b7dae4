"""Application Load Balancers behind a web application firewall."""

from __future__ import annotations

from ....snapshot.elbv2 import LoadBalancer
from ....snapshot.wafv2 import WebAcl
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context

WAF_READS = ("wafv2:ListWebACLs", "wafv2:ListResourcesForWebACL")
"""Where ALB associations come from: every regional web ACL, then the ALBs each protects."""


@check(
    id="elasticloadbalancing.alb-waf",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=LoadBalancer,
    requires=WAF_READS,
)
def alb_waf(balancer: LoadBalancer, ctx: Context) -> Outcome:
    """Internet-facing Application Load Balancers are protected by an AWS WAF web ACL.

    A web ACL in front of the application filters SQL injection, cross-site scripting,
    known bad inputs and abusive request rates before they reach the targets; without one,
    every request the listener accepts goes straight to the application (Security Hub
    ELB.16). Associations are read per regional web ACL (`ListResourcesForWebACL`): when
    any web ACL's list could not be read, the verdict is unknown, never a pass or a fail.

    Remediation: create a web ACL with AWS managed rule groups (for example
    AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet) and associate
    it: `aws wafv2 associate-web-acl --web-acl-arn ACL_ARN --resource-arn ALB_ARN`;
    Terraform `aws_wafv2_web_acl_association`.
    """
    if balancer.lb_type != "application":
        return not_applicable(f"{balancer.lb_type} load balancer: WAF protects ALBs only")
    if balancer.scheme != "internet-facing":
        return not_applicable("internal load balancer: not reachable from the internet")
    acls = [
        acl
        for acl in ctx.resources(WebAcl, account_id=balancer.account_id, region=balancer.region)
        if acl.scope == "REGIONAL"
    ]
    for acl in acls:
        if acl.associated_alb_arns and balancer.arn in acl.associated_alb_arns:
            return passed(f"protected by web ACL {acl.name}", web_acl=acl.arn)
    unread = [acl.name for acl in acls if acl.associated_alb_arns is None]
    if unread:
        return unknown(
            "no web ACL is known to protect it, and the resources of these web ACLs could "
            f"not be read: {', '.join(unread)}",
            unread_web_acls=unread,
        )
    return failed(
        "internet-facing ALB with no WAF web ACL"
        + (f" ({len(acls)} web ACLs in the region protect other resources)" if acls else ""),
        web_acls_in_region=len(acls),
    )
