"""Elastic Load Balancing v2: Application, Network and Gateway Load Balancers and listeners."""

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

    service: ClassVar[str] = "elasticloadbalancing"
    listed_by: ClassVar[tuple[str, ...]] = ("elbv2:DescribeLoadBalancers",)


class ListenerAction(Frozen):
    """One of a listener's default actions: ``forward``, ``redirect``, ``fixed-response``,
    ``authenticate-oidc`` ... ``redirect_protocol`` is the redirect's target protocol
    (``HTTPS``, or ``#{protocol}`` to keep the request's).
    """

    type: str
    redirect_protocol: str | None = None


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

    service: ClassVar[str] = "elasticloadbalancing"
    listed_by: ClassVar[tuple[str, ...]] = (
        "elbv2:DescribeLoadBalancers",
        "elbv2:DescribeListeners",
    )

    def in_use(self) -> bool:
        """Listeners only accompany their load balancer, which counts as the use."""
        return False
