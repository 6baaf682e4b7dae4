"""Classic Load Balancers in the shape the engine follows for ALBs and NLBs.

Elastic Load Balancing, "User Guide for Classic Load Balancers":

* An ``internet-facing`` Classic Load Balancer in a VPC has public addresses in its subnets;
  an ``internal`` one has none ("Internet-facing Classic Load Balancers", "Internal Classic
  Load Balancers"). It accepts connections on its listeners' ports only ("Listeners for your
  Classic Load Balancer": HTTP, HTTPS, TCP and SSL, all over TCP).
* Its security groups decide which clients reach a listener, and their outbound rules must
  admit the instances on the instance port ("Security groups for load balancers in a VPC").
* Every listener forwards to every registered instance, on the listener's instance port
  ("Configure listeners": ``InstancePort``); there are no target groups or rules. Instances
  are reached on their primary private address, from the load balancer's own addresses (a
  Classic Load Balancer never preserves the client's address at the IP layer; the
  ``X-Forwarded-For`` header and proxy protocol carry it above it).
* Its network interfaces are described ``ELB NAME``.

So a Classic Load Balancer is translated into an ALB-shaped :class:`LoadBalancer` (type
``classic``), one :class:`Listener` per listener and one instance :class:`TargetGroup` per
instance port holding every registered instance; :class:`.load_balancers.Balancers` then
follows it like any other load balancer, and what it forwards is reported
``via <name>:<listener port>``.
"""

from __future__ import annotations

from ...snapshot.elb import ClassicLoadBalancer
from ...snapshot.elbv2 import Listener, LoadBalancer, RegisteredTarget, TargetGroup

CLASSIC = "classic"
"""The ``lb_type`` a translated Classic Load Balancer carries."""


def classic_parts(
    clb: ClassicLoadBalancer,
) -> tuple[LoadBalancer, list[Listener], list[TargetGroup]]:
    """The load balancer, its listeners and one target group per instance port."""
    place = {"account_id": clb.account_id, "region": clb.region}
    balancer = LoadBalancer(
        arn=clb.arn,
        name=clb.name,
        lb_type=CLASSIC,
        scheme=clb.scheme,
        dns_name=clb.dns_name,
        vpc_id=clb.vpc_id,
        security_group_ids=clb.security_group_ids,
        subnet_ids=clb.subnet_ids,
        ip_address_type="ipv4",
        **place,
    )
    targets = tuple(RegisteredTarget(target_id=i) for i in clb.instance_ids)
    groups: dict[int, TargetGroup] = {}
    listeners: list[Listener] = []
    for listener in clb.listeners:
        port = listener.instance_port
        if port not in groups:
            groups[port] = TargetGroup(
                arn=f"{clb.arn}/instance-port/{port}",
                name=f"{clb.name} instances:{port}",
                protocol=listener.instance_protocol,
                port=port,
                vpc_id=clb.vpc_id,
                target_type="instance",
                targets=targets,
                **place,
            )
        listeners.append(
            Listener(
                arn=f"{clb.arn}/listener/{listener.port}",
                name=f"{clb.name}:{listener.port}/{listener.protocol}",
                load_balancer_arn=clb.arn,
                load_balancer_name=clb.name,
                lb_type=CLASSIC,
                scheme=clb.scheme,
                protocol=listener.protocol,
                port=listener.port,
                target_group_arns=(groups[port].arn,),
                **place,
            )
        )
    return balancer, listeners, list(groups.values())
