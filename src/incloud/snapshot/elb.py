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

    service: ClassVar[str] = "elasticloadbalancing"
    listed_by: ClassVar[tuple[str, ...]] = ("elb:DescribeLoadBalancers",)
