"""Classic Load Balancers: desync mitigation."""

from __future__ import annotations

from ....snapshot.elb import ClassicLoadBalancer
from ...check import Domain, Severity
from ..factories import flag_check

ATTRIBUTES = ("elb:DescribeLoadBalancerAttributes",)

SAFE_DESYNC_MODES = ("defensive", "strictest")
"""Desync mitigation modes that block requests posing a high risk of HTTP desync (ELB
guides, "Desync mitigation mode"); ``monitor`` lets them through."""

desync_mitigation = flag_check(
    id="elb.desync-mitigation",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=ClassicLoadBalancer,
    requires=ATTRIBUTES,
    is_ok=lambda b: (
        None if b.desync_mitigation_mode is None else b.desync_mitigation_mode in SAFE_DESYNC_MODES
    ),
    ok="desync mitigation mode is defensive or strictest",
    bad="desync mitigation mode is monitor: ambiguous requests reach the instances",
    unread="the desync mitigation mode (elb.http.desyncmitigationmode) was not reported",
    doc="""Classic Load Balancers block HTTP desync attacks (defensive or strictest mode).

    An HTTP desync (request smuggling) attack makes the load balancer and the instance
    disagree on where a request ends, letting an attacker prepend their request to another
    user's. In ``monitor`` mode the load balancer forwards such requests; ``defensive`` (the
    default) and ``strictest`` block the dangerous ones (Security Hub ELB.14; ELB Classic
    guide, "Configure desync mitigation mode").

    Remediation: `aws elb modify-load-balancer-attributes --load-balancer-name NAME
    --load-balancer-attributes
    'AdditionalAttributes=[{Key=elb.http.desyncmitigationmode,Value=defensive}]'`;
    Terraform `desync_mitigation_mode = "defensive"` on `aws_elb`.
    """,
)
