"""Application Load Balancers: a web application firewall in front, HTTP request hygiene
(invalid headers, desync mitigation).
"""

from __future__ import annotations

from ....snapshot.elbv2 import LoadBalancer
from ....snapshot.wafv2 import WebAcl
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from ..factories import flag_check

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


ATTRIBUTES = ("elbv2:DescribeLoadBalancerAttributes",)

SAFE_DESYNC_MODES = ("defensive", "strictest")
"""Desync mitigation modes that block requests posing a high risk of HTTP desync (ALB guide,
"Desync mitigation mode"); ``monitor`` lets them through."""


def _alb_only(balancer: LoadBalancer, value: bool | None) -> bool | None:
    """``value`` for an ALB; other types have no such attribute and pass."""
    return True if balancer.lb_type != "application" else value


drop_invalid_headers = flag_check(
    id="elasticloadbalancing.drop-invalid-headers",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=LoadBalancer,
    requires=ATTRIBUTES,
    is_ok=lambda b: _alb_only(b, b.drop_invalid_header_fields),
    ok="drops invalid HTTP header fields (or is not an ALB)",
    bad="forwards HTTP headers with invalid names to its targets",
    unread="routing.http.drop_invalid_header_fields.enabled was not reported",
    doc="""Application Load Balancers drop HTTP headers whose names are not valid.

    Header names with characters outside ``[A-Za-z0-9-]`` are how request smuggling and
    header injection reach applications that parse them differently from the load balancer
    (Security Hub ELB.4; ALB guide, "Load balancer attributes":
    ``routing.http.drop_invalid_header_fields.enabled``, off by default). Network and
    Gateway Load Balancers do not parse HTTP and pass.

    Remediation: `aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN
    --attributes Key=routing.http.drop_invalid_header_fields.enabled,Value=true`; Terraform
    `drop_invalid_header_fields = true` on `aws_lb`.
    """,
)

desync_mitigation = flag_check(
    id="elasticloadbalancing.desync-mitigation",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=LoadBalancer,
    requires=ATTRIBUTES,
    is_ok=lambda b: _alb_only(
        b,
        None if b.desync_mitigation_mode is None else b.desync_mitigation_mode in SAFE_DESYNC_MODES,
    ),
    ok="desync mitigation mode is defensive or strictest (or not an ALB)",
    bad="desync mitigation mode is monitor: ambiguous requests reach the targets",
    unread="routing.http.desync_mitigation_mode was not reported",
    doc="""Application Load Balancers block HTTP desync attacks (defensive or strictest mode).

    An HTTP desync (request smuggling) attack makes the load balancer and the target disagree
    on where a request ends, letting an attacker prepend their request to another user's. In
    ``monitor`` mode the load balancer forwards such requests; ``defensive`` (the default)
    and ``strictest`` block the dangerous ones (Security Hub ELB.12; ALB guide, "Desync
    mitigation mode"). Network and Gateway Load Balancers do not parse HTTP and pass.

    Remediation: `aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN
    --attributes Key=routing.http.desync_mitigation_mode,Value=defensive`; Terraform
    `desync_mitigation_mode = "defensive"` on `aws_lb`.
    """,
)
