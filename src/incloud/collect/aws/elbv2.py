"""Elastic Load Balancing v2 collector: load balancers, their listeners and target groups.

Per load balancer: its listeners and its attributes (access logs, deletion protection, HTTP
hygiene); per HTTP or HTTPS listener its rules (``DescribeRules``, which takes one listener:
what the listener forwards beyond its default actions). Per target group: the registered
targets (``DescribeTargetHealth``) and the attributes (client IP preservation, which
only Network Load Balancer groups carry). Classic Load Balancers (the ``elb`` API) are not
collected here.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from ...snapshot import Resource
from ...snapshot.elbv2 import (
    Listener,
    ListenerAction,
    ListenerRule,
    LoadBalancer,
    RegisteredTarget,
    TargetGroup,
)
from ..registry import collector
from ..unit import Unit


@collector(
    service="elbv2",
    scope="regional",
    operations=(
        "elbv2:DescribeLoadBalancers",
        "elbv2:DescribeLoadBalancerAttributes",
        "elbv2:DescribeListeners",
        "elbv2:DescribeRules",
        "elbv2:DescribeTargetGroups",
        "elbv2:DescribeTargetHealth",
        "elbv2:DescribeTargetGroupAttributes",
    ),
)
def collect_elbv2(unit: Unit) -> Iterator[Resource]:
    """Every load balancer in the region, each one's listeners, then the target groups (the
    load balancers and the target groups are read at once).
    """
    yield from unit.gather(partial(_balancers, unit), partial(_target_groups, unit))


def _balancers(unit: Unit) -> Iterator[Resource]:
    raws = unit.pages("describe_load_balancers", "LoadBalancers")
    read = unit.fan_out(lambda raw: _balancer_and_listeners(unit, raw), raws)
    yield from (balancer for balancer, _ in read)
    for _, listeners in read:
        yield from listeners


def _balancer_and_listeners(unit: Unit, raw: dict[str, Any]) -> tuple[LoadBalancer, list[Listener]]:
    balancer = _balancer(unit, raw)
    return balancer, _listeners(unit, balancer)


def _target_groups(unit: Unit) -> list[TargetGroup]:
    groups = unit.pages("describe_target_groups", "TargetGroups")
    return unit.fan_out(lambda raw: _target_group(unit, raw), groups)


def _attributes(answer: dict[str, Any] | None) -> dict[str, str] | None:
    if answer is None:
        return None
    # Key is optional in botocore's model but names the attribute; a missing one is a
    # malformed answer (a CollectorError gap), not an attribute to drop.
    return {a["Key"]: a.get("Value", "") for a in answer.get("Attributes", [])}


def _balancer(unit: Unit, raw: dict[str, Any]) -> LoadBalancer:
    # ARNs and names (of load balancers, listeners, their certificates and target groups)
    # are optional in botocore's model but identify what they describe: AWS omits them
    # only in a malformed answer, whose KeyError is a CollectorError gap.
    arn = raw["LoadBalancerArn"]
    attributes = _attributes(
        unit.call("describe_load_balancer_attributes", resource_arn=arn, LoadBalancerArn=arn)
    )
    return LoadBalancer(
        arn=arn,
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
        ip_address_type=raw.get("IpAddressType", "ipv4"),
        access_logs_enabled=None
        if attributes is None
        else attributes.get("access_logs.s3.enabled", "false") == "true",
        access_logs_bucket=(attributes or {}).get("access_logs.s3.bucket") or None,
        availability_zones=tuple(
            z["ZoneName"] for z in raw.get("AvailabilityZones", []) if z.get("ZoneName")
        ),
        deletion_protection=_switch(attributes, "deletion_protection.enabled"),
        drop_invalid_header_fields=_switch(
            attributes, "routing.http.drop_invalid_header_fields.enabled"
        ),
        desync_mitigation_mode=(attributes or {}).get("routing.http.desync_mitigation_mode")
        or None,
    )


def _switch(attributes: dict[str, str] | None, key: str) -> bool | None:
    """A ``true``/``false`` attribute, or None when the attributes were not read or do not
    report it (the check then says unknown, never a default that could pass).
    """
    value = (attributes or {}).get(key)
    return None if value is None else value == "true"


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
            target_group_arns=_forwarded(raw.get("DefaultActions", [])),
            rules=_rules(unit, raw["ListenerArn"]) if raw.get("Protocol") in RULE_PROTOCOLS else (),
        )
        for raw in found
    ]


RULE_PROTOCOLS = ("HTTP", "HTTPS")
"""Listener protocols that have rules (Application Load Balancers); others forward by their
default actions only."""


def _rules(unit: Unit, listener_arn: str) -> tuple[ListenerRule, ...] | None:
    """The listener's non-default rules, every page (``DescribeRules`` takes one listener);
    None, with a gap naming the listener, when a page could not be read.
    """
    rules: list[ListenerRule] = []
    marker: dict[str, str] = {}
    while True:
        page = unit.call(
            "describe_rules",
            resource_arn=listener_arn,
            ListenerArn=listener_arn,
            PageSize=400,
            **marker,
        )
        if page is None:
            return None
        # A rule's actions and conditions decide what it forwards from whom; a condition's
        # Field names what it tests (indexed: a malformed answer is a gap).
        rules.extend(
            ListenerRule(
                priority=str(raw.get("Priority", "")),
                action_types=tuple(a.get("Type", "") for a in raw.get("Actions", [])),
                target_group_arns=_forwarded(raw.get("Actions", [])),
                source_ips=tuple(
                    ip
                    for c in raw.get("Conditions", [])
                    if c["Field"] == "source-ip"
                    for ip in (c.get("SourceIpConfig") or {}).get("Values", [])
                ),
            )
            for raw in page.get("Rules", [])
            if not raw.get("IsDefault")
        )
        if not page.get("NextMarker"):
            return tuple(rules)
        marker = {"Marker": page["NextMarker"]}


def _action(raw: dict[str, Any]) -> ListenerAction:
    redirect = raw.get("RedirectConfig") or {}
    return ListenerAction(type=raw.get("Type", ""), redirect_protocol=redirect.get("Protocol"))


def _forwarded(actions: list[dict[str, Any]]) -> tuple[str, ...]:
    """Target groups of ``forward`` actions: ``TargetGroupArn`` or ``ForwardConfig``'s
    weighted groups (ELB API Reference, "Action").
    """
    found: list[str] = []
    for raw in actions:
        if raw.get("TargetGroupArn"):
            found.append(raw["TargetGroupArn"])
        weighted = (raw.get("ForwardConfig") or {}).get("TargetGroups", [])
        found.extend(g["TargetGroupArn"] for g in weighted)
    return tuple(dict.fromkeys(found))


def _target_group(unit: Unit, raw: dict[str, Any]) -> TargetGroup:
    arn = raw["TargetGroupArn"]
    health = unit.call("describe_target_health", resource_arn=arn, TargetGroupArn=arn)
    # A description's Target is optional in botocore's model but is what it describes; a
    # target dropped for lacking it could hide a path, so a missing one is a gap (indexed).
    targets = (
        None
        if health is None
        else tuple(
            RegisteredTarget(
                target_id=d["Target"]["Id"],
                port=d["Target"].get("Port"),
                availability_zone=d["Target"].get("AvailabilityZone"),
                health=d.get("TargetHealth", {}).get("State", ""),
            )
            for d in health.get("TargetHealthDescriptions", [])
        )
    )
    attributes = _attributes(
        unit.call("describe_target_group_attributes", resource_arn=arn, TargetGroupArn=arn)
    )
    value = (attributes or {}).get("preserve_client_ip.enabled")
    return TargetGroup(
        arn=arn,
        name=raw.get("TargetGroupName", arn.rsplit("/", 2)[-2]),
        account_id=unit.account_id,
        region=unit.region,
        protocol=raw.get("Protocol", ""),
        port=raw.get("Port"),
        vpc_id=raw.get("VpcId"),
        target_type=raw.get("TargetType", "instance"),
        load_balancer_arns=tuple(raw.get("LoadBalancerArns", [])),
        targets=targets,
        preserve_client_ip=None if value is None else value == "true",
    )
