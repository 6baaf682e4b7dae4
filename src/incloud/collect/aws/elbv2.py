"""Elastic Load Balancing v2 collector: load balancers and their listeners.

Classic Load Balancers (the ``elb`` API) are not collected here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.elbv2 import Listener, ListenerAction, LoadBalancer
from ..registry import collector
from ..unit import Unit


@collector(
    service="elbv2",
    scope="regional",
    operations=("elbv2:DescribeLoadBalancers", "elbv2:DescribeListeners"),
)
def collect_elbv2(unit: Unit) -> Iterator[Resource]:
    """Every load balancer in the region, then each one's listeners."""
    balancers = [
        _balancer(unit, raw) for raw in unit.pages("describe_load_balancers", "LoadBalancers")
    ]
    yield from balancers
    for listeners in unit.fan_out(lambda lb: _listeners(unit, lb), balancers):
        yield from listeners


def _balancer(unit: Unit, raw: dict[str, Any]) -> LoadBalancer:
    return LoadBalancer(
        arn=raw["LoadBalancerArn"],
        name=raw["LoadBalancerName"],
        account_id=unit.account_id,
        region=unit.region,
        lb_type=raw.get("Type", "application"),
        scheme=raw.get("Scheme", "internet-facing"),
        dns_name=raw.get("DNSName", ""),
        vpc_id=raw.get("VpcId"),
        security_group_ids=tuple(raw.get("SecurityGroups", [])),
        subnet_ids=tuple(
            z["SubnetId"] for z in raw.get("AvailabilityZones", []) if "SubnetId" in z
        ),
    )


def _listeners(unit: Unit, lb: LoadBalancer) -> list[Listener]:
    # A failure is recorded for the operation (no resource ARN): the region's listener
    # inventory is then incomplete, which makes listener checks there say unknown.
    found = unit.pages("describe_listeners", "Listeners", LoadBalancerArn=lb.arn)
    return [
        Listener(
            arn=raw["ListenerArn"],
            name=f"{lb.name}:{raw.get('Port', '')}/{raw.get('Protocol', '')}",
            account_id=unit.account_id,
            region=unit.region,
            load_balancer_arn=lb.arn,
            load_balancer_name=lb.name,
            lb_type=lb.lb_type,
            scheme=lb.scheme,
            protocol=raw.get("Protocol", ""),
            port=raw.get("Port"),
            ssl_policy=raw.get("SslPolicy"),
            certificate_arns=tuple(c["CertificateArn"] for c in raw.get("Certificates", [])),
            default_actions=tuple(_action(a) for a in raw.get("DefaultActions", [])),
        )
        for raw in found
    ]


def _action(raw: dict[str, Any]) -> ListenerAction:
    redirect = raw.get("RedirectConfig") or {}
    return ListenerAction(type=raw.get("Type", ""), redirect_protocol=redirect.get("Protocol"))
