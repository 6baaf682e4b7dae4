"""Classic Load Balancers: TLS termination and where listeners' certificates come from, and
availability (connection draining, cross-zone load balancing, Availability Zones).
"""

from __future__ import annotations

from ....snapshot.elb import ClassicLoadBalancer, ClassicTlsPolicy
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from ..factories import flag_check, zones_check
from .elasticloadbalancing import OLD_TLS_POLICIES, TLS12_POLICIES

ATTRIBUTES = ("elb:DescribeLoadBalancerAttributes",)

TLS_PROTOCOLS = ("HTTPS", "SSL")
"""Classic listener protocols that terminate TLS at the load balancer."""


@check(
    id="elb.listener-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=ClassicLoadBalancer,
)
def listener_encrypted(balancer: ClassicLoadBalancer, ctx: Context) -> Outcome:
    """Classic Load Balancers terminate TLS on every listener (HTTPS or SSL).

    An HTTP or TCP listener carries requests, cookies and credentials in clear text between
    the client and the load balancer (Security Hub ELB.3; ELB Classic guide, "Listeners for
    your Classic Load Balancer"). A Classic Load Balancer cannot redirect HTTP to HTTPS, so
    every plain listener fails.

    Remediation: add an HTTPS (or SSL) listener with an ACM certificate and delete the plain
    one: `aws elb create-load-balancer-listeners --load-balancer-name NAME --listeners
    Protocol=HTTPS,LoadBalancerPort=443,InstanceProtocol=HTTP,InstancePort=80,SSLCertificateId=ARN`
    then `aws elb delete-load-balancer-listeners --load-balancer-name NAME
    --load-balancer-ports 80`; Terraform `listener { lb_protocol = "https" ... }` on
    `aws_elb`. Better, migrate to an Application Load Balancer.
    """
    if not balancer.listeners:
        return not_applicable("no listener")
    plain = [
        f"{lst.protocol} {lst.port}"
        for lst in balancer.listeners
        if lst.protocol not in TLS_PROTOCOLS
    ]
    if plain:
        return failed(f"plain listener(s): {', '.join(plain)}", listeners=plain)
    return passed("every listener terminates TLS")


OLD_PROTOCOLS = ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1")
"""Protocols RFC 8996 and PCI DSS retire: a policy enabling any of them fails."""


def _protocols(policy: ClassicTlsPolicy) -> tuple[str, ...] | None:
    """The policy's enabled protocols: its ``Protocol-*`` attributes, else those of the
    predefined policy it references (the ELBv2 tables, which share the names), else None.
    """
    if policy.listed_protocols:
        return policy.protocols
    reference = policy.reference or ""
    if reference in TLS12_POLICIES:
        return ("TLSv1.2",)
    return OLD_TLS_POLICIES.get(reference)


@check(
    id="elb.listener-tls-policy",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=ClassicLoadBalancer,
    requires=("elb:DescribeLoadBalancerPolicies",),
)
def listener_tls_policy(balancer: ClassicLoadBalancer, ctx: Context) -> Outcome:
    """Classic Load Balancers' TLS listeners refuse SSLv3, TLS 1.0 and TLS 1.1.

    SSL 3.0, TLS 1.0 and 1.1 are deprecated (RFC 8996) and fail PCI DSS; the CLI's and the
    console's default for Classic listeners, ``ELBSecurityPolicy-2016-08``, still allows TLS
    1.0 and 1.1 (ELB Classic guide, "Predefined SSL security policies"; Security Hub ELB.8
    asks for a strong predefined policy). Each HTTPS or SSL listener's SSL negotiation
    policy is judged by the protocols it enables, or by the predefined policy it references
    when the answer lists no protocols; a policy neither reveals is unknown.

    Remediation: `aws elb create-load-balancer-policy --load-balancer-name NAME
    --policy-name tls12 --policy-type-name SSLNegotiationPolicyType --policy-attributes
    AttributeName=Reference-Security-Policy,AttributeValue=ELBSecurityPolicy-TLS-1-2-2017-01`
    then `aws elb set-load-balancer-policies-of-listener --load-balancer-name NAME
    --load-balancer-port 443 --policy-names tls12`; Terraform `aws_load_balancer_policy`
    with that reference and `aws_load_balancer_listener_policy`.
    """
    tls = [lst for lst in balancer.listeners if lst.protocol in TLS_PROTOCOLS]
    if not tls:
        return not_applicable("no HTTPS or SSL listener")
    if balancer.tls_policies is None:
        return unknown("the load balancer's policies were not read")
    policies = {p.name: p for p in balancer.tls_policies}
    weak: list[str] = []
    unsure: list[str] = []
    for listener in tls:
        where = f"{listener.protocol} {listener.port}"
        applied = [policies[n] for n in listener.policy_names if n in policies]
        if not applied:
            unsure.append(f"{where}: no SSL negotiation policy reported")
            continue
        protocols = _protocols(applied[0])
        if protocols is None:
            unsure.append(f"{where}: policy {applied[0].name} lists no protocols")
        elif old := [p for p in protocols if p in OLD_PROTOCOLS]:
            weak.append(f"{where} ({applied[0].name}) allows {' and '.join(old)}")
    if weak:
        return failed("; ".join(weak), listeners=weak)
    if unsure:
        return unknown("; ".join(unsure))
    return passed(f"{len(tls)} TLS listener(s) negotiate TLS 1.2 or later only")


@check(
    id="elb.listener-acm-certificate",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=ClassicLoadBalancer,
)
def listener_acm_certificate(balancer: ClassicLoadBalancer, ctx: Context) -> Outcome:
    """Classic Load Balancers' TLS listeners use certificates from AWS Certificate Manager.

    ACM renews the certificates it issues before they expire and keeps private keys out of
    reach; an IAM server certificate is uploaded by hand, renewed by hand and expires
    silently (Security Hub ELB.2). The listener's ``SSLCertificateId`` decides: an
    ``arn:...:acm:`` ARN passes, anything else (an ``arn:...:iam:`` server certificate)
    fails.

    Remediation: request or import the certificate in ACM, then `aws elb
    set-load-balancer-listener-ssl-certificate --load-balancer-name NAME
    --load-balancer-port 443 --ssl-certificate-id ACM_ARN`; Terraform `ssl_certificate_id`
    (an `aws_acm_certificate` ARN) in the `listener` block of `aws_elb`.
    """
    tls = [lst for lst in balancer.listeners if lst.protocol in TLS_PROTOCOLS]
    if not tls:
        return not_applicable("no HTTPS or SSL listener")
    other = [
        f"{lst.protocol} {lst.port}: {lst.ssl_certificate_id or 'no certificate reported'}"
        for lst in tls
        if ":acm:" not in (lst.ssl_certificate_id or "")
    ]
    if other:
        return failed(f"certificate not from ACM on {'; '.join(other)}", listeners=other)
    return passed(f"{len(tls)} TLS listener(s), all with ACM certificates")


connection_draining = flag_check(
    id="elb.connection-draining",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=ClassicLoadBalancer,
    requires=ATTRIBUTES,
    is_ok=lambda b: b.connection_draining,
    ok="connection draining is on",
    bad="connection draining is off: deregistering an instance cuts its open requests",
    unread="the ConnectionDraining attribute was not reported",
    doc="""Classic Load Balancers drain connections from instances being deregistered.

    Without connection draining, an instance that is deregistered or fails its health check
    has its in-flight requests cut off, so deployments and scaling drop users' requests
    (Security Hub ELB.7; ELB Classic guide, "Configure connection draining").

    Remediation: `aws elb modify-load-balancer-attributes --load-balancer-name NAME
    --load-balancer-attributes 'ConnectionDraining={Enabled=true,Timeout=300}'`; Terraform
    `connection_draining = true` on `aws_elb`.
    """,
)

cross_zone = flag_check(
    id="elb.cross-zone",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=ClassicLoadBalancer,
    requires=ATTRIBUTES,
    is_ok=lambda b: b.cross_zone,
    ok="cross-zone load balancing is on",
    bad="cross-zone load balancing is off: each zone's instances take that zone's share",
    unread="the CrossZoneLoadBalancing attribute was not reported",
    doc="""Classic Load Balancers spread requests across the instances of every zone.

    Without cross-zone load balancing each node sends only to the instances in its own
    zone, so a zone with fewer healthy instances is overloaded and losing them loses that
    zone's share of traffic (Security Hub ELB.9; ELB Classic guide, "Configure cross-zone
    load balancing").

    Remediation: `aws elb modify-load-balancer-attributes --load-balancer-name NAME
    --load-balancer-attributes 'CrossZoneLoadBalancing={Enabled=true}'`;
    Terraform `cross_zone_load_balancing = true` on `aws_elb`.
    """,
)

multi_az = zones_check(
    id="elb.multi-az",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=ClassicLoadBalancer,
    zones=lambda b: b.availability_zones,
    subnets=lambda b: b.subnet_ids,
    doc="""Classic Load Balancers span {load_balancer_min_availability_zones} or more zones.

    A load balancer in one zone goes down with it: its nodes and the instances behind them
    share the zone's fate (Security Hub ELB.10; ELB Classic guide, "Add or remove
    Availability Zones"). The zones are the load balancer's ``AvailabilityZones``, else its
    subnets' zones.

    Remediation: `aws elb attach-load-balancer-to-subnets --load-balancer-name NAME
    --subnets SUBNET_IN_ANOTHER_ZONE` and register instances there; Terraform `subnets` (or
    `availability_zones`) on `aws_elb` naming two zones or more.
    """,
)
