"""Classic Load Balancers (the ``elb`` API, Elastic Load Balancing version 1): listeners,
registered instances, attributes.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class ClassicListener(Frozen):
    """One listener (``ListenerDescriptions``): the front protocol and port, and the protocol
    and port it forwards to on every registered instance. ``ssl_certificate_id`` is the
    certificate of an HTTPS or SSL listener (an ACM or an IAM server certificate ARN).
    """

    protocol: str
    """``HTTP``, ``HTTPS``, ``TCP`` or ``SSL``."""
    port: int
    instance_protocol: str = ""
    instance_port: int
    ssl_certificate_id: str | None = None
    policy_names: tuple[str, ...] = ()
    """The policies the listener applies (an HTTPS or SSL listener's SSL negotiation policy
    among them)."""


class ClassicTlsPolicy(Frozen):
    """An SSL negotiation policy of the load balancer (``DescribeLoadBalancerPolicies``,
    type ``SSLNegotiationPolicyType``): the protocols its ``Protocol-*`` attributes enable
    (none listed when the answer gives only the reference), and the predefined policy it was
    made from (``Reference-Security-Policy``).
    """

    name: str
    protocols: tuple[str, ...] = ()
    """Enabled protocols (``SSLv3``, ``TLSv1``, ``TLSv1.1``, ``TLSv1.2``)."""
    listed_protocols: bool = False
    """True when the answer listed the ``Protocol-*`` attributes (then ``protocols`` is
    complete)."""
    reference: str | None = None


class ClassicLoadBalancer(Resource):
    """A Classic Load Balancer in a VPC. ``scheme`` is ``internet-facing`` or ``internal``.

    The attribute fields (``DescribeLoadBalancerAttributes``) are None when the attributes
    were not read (a gap says so) or the answer did not report them.
    """

    kind: Literal["elb.load-balancer"] = "elb.load-balancer"
    scheme: str
    dns_name: str = ""
    vpc_id: str | None = None
    security_group_ids: tuple[str, ...] = ()
    subnet_ids: tuple[str, ...] = ()
    availability_zones: tuple[str, ...] = ()
    listeners: tuple[ClassicListener, ...] = ()
    instance_ids: tuple[str, ...] = ()
    """The registered instances (every listener forwards to each of them)."""
    cross_zone: bool | None = None
    """``CrossZoneLoadBalancing.Enabled``."""
    connection_draining: bool | None = None
    """``ConnectionDraining.Enabled``."""
    access_logs_enabled: bool | None = None
    """``AccessLog.Enabled``."""
    access_logs_bucket: str | None = None
    desync_mitigation_mode: str | None = None
    """The ``elb.http.desyncmitigationmode`` additional attribute: ``monitor``,
    ``defensive`` (AWS's default) or ``strictest``."""
    tls_policies: tuple[ClassicTlsPolicy, ...] | None = ()
    """The SSL negotiation policies (read for load balancers with an HTTPS or SSL listener;
    None when that read failed)."""

    service: ClassVar[str] = "elasticloadbalancing"
    listed_by: ClassVar[tuple[str, ...]] = ("elb:DescribeLoadBalancers",)
