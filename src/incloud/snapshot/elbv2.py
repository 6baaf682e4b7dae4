"""Elastic Load Balancing v2: Application, Network and Gateway Load Balancers, their listeners
and target groups.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class LoadBalancer(Resource):
    """An ALB, NLB or GWLB. ``lb_type`` is ``application``, ``network`` or ``gateway``;
    ``scheme`` is ``internet-facing`` or ``internal``.
    """

    kind: Literal["elasticloadbalancing.load-balancer"] = "elasticloadbalancing.load-balancer"
    lb_type: str
    scheme: str
    dns_name: str = ""
    vpc_id: str | None = None
    security_group_ids: tuple[str, ...] = ()
    subnet_ids: tuple[str, ...] = ()
    ip_address_type: str = "ipv4"
    """``ipv4``, ``dualstack`` (IPv6 clients too) or ``dualstack-without-public-ipv4``."""
    access_logs_enabled: bool | None = None
    """The ``access_logs.s3.enabled`` attribute; None when the attributes were not read."""
    access_logs_bucket: str | None = None
    availability_zones: tuple[str, ...] = ()
    """The zones it has nodes in (``AvailabilityZones``' ``ZoneName``)."""
    deletion_protection: bool | None = None
    """The ``deletion_protection.enabled`` attribute; None when not read or not reported."""
    drop_invalid_header_fields: bool | None = None
    """ALB ``routing.http.drop_invalid_header_fields.enabled``; None when not read or not
    reported (other types have no such attribute)."""
    desync_mitigation_mode: str | None = None
    """ALB ``routing.http.desync_mitigation_mode`` (``monitor``, ``defensive``,
    ``strictest``); None when not read or not reported."""

    service: ClassVar[str] = "elasticloadbalancing"
    listed_by: ClassVar[tuple[str, ...]] = ("elbv2:DescribeLoadBalancers",)


class ListenerAction(Frozen):
    """One of a listener's default actions: ``forward``, ``redirect``, ``fixed-response``,
    ``authenticate-oidc`` ... ``redirect_protocol`` is the redirect's target protocol
    (``HTTPS``, or ``#{protocol}`` to keep the request's).
    """

    type: str
    redirect_protocol: str | None = None


class ListenerRule(Frozen):
    """A non-default listener rule (``DescribeRules``): its priority, the target groups its
    ``forward`` actions name, and the client ranges of its ``source-ip`` conditions (empty:
    any client).
    """

    priority: str
    action_types: tuple[str, ...] = ()
    target_group_arns: tuple[str, ...] = ()
    source_ips: tuple[str, ...] = ()


class Listener(Resource):
    """A load balancer listener. ``ssl_policy`` is the security policy of an HTTPS or TLS
    listener (some APIs and emulators also report one on plain listeners; it has no effect
    there).
    """

    kind: Literal["elasticloadbalancing.listener"] = "elasticloadbalancing.listener"
    load_balancer_arn: str
    load_balancer_name: str = ""
    lb_type: str = ""
    scheme: str = ""
    protocol: str
    port: int | None = None
    ssl_policy: str | None = None
    certificate_arns: tuple[str, ...] = ()
    default_actions: tuple[ListenerAction, ...] = ()
    target_group_arns: tuple[str, ...] = ()
    """The target groups the default actions forward to (one group, or weighted groups)."""
    rules: tuple[ListenerRule, ...] | None = None
    """The listener's non-default rules (Application Load Balancers); None when they were not
    read. Other listeners have no rules (empty)."""

    def forwarded_by_rules(self) -> tuple[str, ...]:
        """The target groups the non-default rules forward to (empty when not read)."""
        found = (a for rule in self.rules or () for a in rule.target_group_arns)
        return tuple(dict.fromkeys(found))

    service: ClassVar[str] = "elasticloadbalancing"
    listed_by: ClassVar[tuple[str, ...]] = (
        "elbv2:DescribeLoadBalancers",
        "elbv2:DescribeListeners",
    )

    def in_use(self) -> bool:
        """Listeners only accompany their load balancer, which counts as the use."""
        return False


class RegisteredTarget(Frozen):
    """A target registered with a target group: an instance id, an IP address, a Lambda
    function ARN or an ALB ARN, with its port override (None: the group's port).
    """

    target_id: str
    port: int | None = None
    availability_zone: str | None = None
    health: str = ""


class TargetGroup(Resource):
    """A target group and its registered targets (``DescribeTargetHealth``).

    ``preserve_client_ip`` is the ``preserve_client_ip.enabled`` attribute, None when the
    group does not report it (ALB groups) or it was not read; ``targets`` is None when the
    targets could not be read.
    """

    kind: Literal["elasticloadbalancing.target-group"] = "elasticloadbalancing.target-group"
    protocol: str = ""
    port: int | None = None
    vpc_id: str | None = None
    target_type: str = "instance"
    load_balancer_arns: tuple[str, ...] = ()
    targets: tuple[RegisteredTarget, ...] | None = ()
    preserve_client_ip: bool | None = None

    service: ClassVar[str] = "elasticloadbalancing"
    listed_by: ClassVar[tuple[str, ...]] = ("elbv2:DescribeTargetGroups",)

    def in_use(self) -> bool:
        """Target groups only accompany load balancers."""
        return False
