"""Load balancer listeners (plaintext HTTP, outdated TLS security policies) and load
balancers' availability (deletion protection, Availability Zones).
"""

from __future__ import annotations

from ....snapshot.elbv2 import Listener, LoadBalancer
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from ..factories import flag_check, zones_check

ENCRYPTED_PROTOCOLS = ("HTTPS", "TLS")
"""Listener protocols that terminate TLS at the load balancer."""

PASSTHROUGH_PROTOCOLS = ("TCP", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC")
"""Listener protocols that forward bytes as they come: encryption is up to the targets."""

POLICY_SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html"
)
POLICIES_AS_OF = "2026-11-27"
"""When the tables below were last compared with "Security policies for your Application
Load Balancer" (and the Network Load Balancer page, which uses the same names)."""

OLD_TLS_POLICIES: dict[str, tuple[str, ...]] = {
    "ELBSecurityPolicy-2015-05": ("TLSv1", "TLSv1.1", "TLSv1.2"),
    "ELBSecurityPolicy-2016-08": ("TLSv1", "TLSv1.1", "TLSv1.2"),
    "ELBSecurityPolicy-TLS-1-0-2015-04": ("TLSv1", "TLSv1.1", "TLSv1.2"),
    "ELBSecurityPolicy-TLS-1-1-2017-01": ("TLSv1.1", "TLSv1.2"),
    "ELBSecurityPolicy-FS-2018-06": ("TLSv1", "TLSv1.1", "TLSv1.2"),
    "ELBSecurityPolicy-FS-1-1-2019-08": ("TLSv1.1", "TLSv1.2"),
    "ELBSecurityPolicy-TLS13-1-0-2021-06": ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"),
    "ELBSecurityPolicy-TLS13-1-1-2021-06": ("TLSv1.1", "TLSv1.2", "TLSv1.3"),
    "ELBSecurityPolicy-TLS13-1-0-PQ-2025-09": ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"),
    "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04": ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"),
    "ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09": ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"),
    "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04": ("TLSv1.1", "TLSv1.2", "TLSv1.3"),
}
"""Predefined policies that still accept TLS 1.0 or 1.1, with the protocols each allows
(the "Protocols by policy" tables of the TLS, FIPS and FS sections; ``2015-05`` and
``TLS-1-0-2015-04`` from the Network Load Balancer page and older editions)."""

TLS12_POLICIES = frozenset(
    {
        "ELBSecurityPolicy-TLS-1-2-2017-01",
        "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
        "ELBSecurityPolicy-FS-1-2-2019-08",
        "ELBSecurityPolicy-FS-1-2-Res-2019-08",
        "ELBSecurityPolicy-FS-1-2-Res-2020-10",
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
        "ELBSecurityPolicy-TLS13-1-3-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
    }
)
"""Predefined policies whose lowest protocol is TLS 1.2 (or 1.3). A name in neither table
(a newer policy) is judged unknown until the tables are updated."""


@check(
    id="elasticloadbalancing.listener-https",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=Listener,
)
def listener_https(listener: Listener, ctx: Context) -> Outcome:
    """Load balancer listeners encrypt traffic, or redirect plain HTTP to HTTPS.

    A plain HTTP listener sends requests, cookies and credentials across the network in
    clear text. One whose default action redirects to HTTPS only serves the redirect
    (Security Hub ELB.1). TCP and UDP listeners pass bytes through untouched, so encryption
    is up to the targets; they are not judged here.

    Remediation: add an HTTPS listener with an ACM certificate, then make the HTTP
    listener's default action a redirect: `aws elbv2 modify-listener --listener-arn ARN
    --default-actions
    'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'`.
    Terraform: a `default_action { type = "redirect" ... }` on the port-80
    `aws_lb_listener`.
    """
    if listener.protocol in ENCRYPTED_PROTOCOLS:
        return passed(f"{listener.protocol} listener terminates TLS")
    if listener.protocol != "HTTP":
        return not_applicable(f"{listener.protocol} listener: traffic passes through as sent")
    actions = [a.type for a in listener.default_actions]
    redirects = [a for a in listener.default_actions if a.type == "redirect"]
    if redirects and all(a.redirect_protocol == "HTTPS" for a in redirects):
        return passed("plain HTTP is redirected to HTTPS")
    evidence = {"port": listener.port, "default_actions": actions, "scheme": listener.scheme}
    if redirects:
        return failed("HTTP listener redirects, but not to HTTPS", **evidence)
    return failed(
        f"HTTP listener on port {listener.port} serves traffic unencrypted "
        f"(default action: {', '.join(actions) or 'none'})",
        **evidence,
    )


@check(
    id="elasticloadbalancing.listener-tls-policy",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=Listener,
)
def listener_tls_policy(listener: Listener, ctx: Context) -> Outcome:
    """HTTPS and TLS listeners use a security policy that refuses TLS 1.0 and 1.1.

    TLS 1.0 and 1.1 are deprecated (RFC 8996): they rely on weak hashes and cipher modes
    and fail PCI DSS (Security Hub ELB.17). `ELBSecurityPolicy-2016-08`, the default for
    listeners created by the CLI, CloudFormation and the CDK, still allows both. Policies
    are matched against a table of AWS's predefined policies taken from the Elastic Load
    Balancing "Security policies" page; a policy the table does not know is reported as
    unknown, not guessed.

    Remediation: `aws elbv2 modify-listener --listener-arn ARN --ssl-policy
    ELBSecurityPolicy-TLS13-1-2-2021-06` (check that no client still needs TLS 1.1 in the
    access logs' `ssl_protocol` field first). Terraform: `ssl_policy =
    "ELBSecurityPolicy-TLS13-1-2-2021-06"` on `aws_lb_listener`.
    """
    if listener.protocol not in ENCRYPTED_PROTOCOLS:
        return not_applicable(f"{listener.protocol} listener: no TLS security policy")
    policy = listener.ssl_policy
    if policy is None:
        return unknown("the listener's security policy was not reported")
    if policy in TLS12_POLICIES:
        return passed(f"{policy} requires TLS 1.2 or later", ssl_policy=policy)
    if policy in OLD_TLS_POLICIES:
        protocols = OLD_TLS_POLICIES[policy]
        old = [p for p in protocols if p in ("TLSv1", "TLSv1.1")]
        return failed(
            f"{policy} still allows {' and '.join(old)}",
            ssl_policy=policy,
            protocols=list(protocols),
            source=POLICY_SOURCE,
            as_of=POLICIES_AS_OF,
        )
    return unknown(
        f"security policy {policy} is not in incloud's table of predefined policies "
        f"(as of {POLICIES_AS_OF}); see `aws elbv2 describe-ssl-policies --names {policy}`",
        ssl_policy=policy,
    )


ATTRIBUTES = ("elbv2:DescribeLoadBalancerAttributes",)

deletion_protection = flag_check(
    id="elasticloadbalancing.deletion-protection",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=LoadBalancer,
    requires=ATTRIBUTES,
    is_ok=lambda b: b.deletion_protection,
    ok="deletion protection is on",
    bad="deletion protection is off: one API call takes the application offline",
    unread="deletion_protection.enabled was not reported",
    doc="""Application, Network and Gateway Load Balancers have deletion protection on.

    A deleted load balancer takes its DNS name, its addresses (an NLB's Elastic IPs stay,
    but must be re-associated) and every listener with it; deletion protection makes a
    mistaken or malicious `DeleteLoadBalancer` fail until someone turns it off deliberately
    (Security Hub ELB.6; ELB guides, "Deletion protection").

    Remediation: `aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN
    --attributes Key=deletion_protection.enabled,Value=true`; Terraform
    `enable_deletion_protection = true` on `aws_lb`.
    """,
)

multi_az = zones_check(
    id="elasticloadbalancing.multi-az",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=LoadBalancer,
    zones=lambda b: b.availability_zones,
    subnets=lambda b: b.subnet_ids,
    doc="""Load balancers span {load_balancer_min_availability_zones} or more Availability Zones.

    A load balancer in one zone goes down with it (Security Hub ELB.13; ELB guides,
    "Availability Zones and load balancer nodes"; an Application Load Balancer needs two
    zones, a Network or Gateway Load Balancer can be created in one). The zones are the load
    balancer's ``AvailabilityZones``, else its subnets' zones.

    Remediation: `aws elbv2 set-subnets --load-balancer-arn ARN --subnets SUBNET_A SUBNET_B`
    with subnets in two zones or more; Terraform `subnets` (or `subnet_mapping` blocks) on
    `aws_lb` in two zones or more.
    """,
)
