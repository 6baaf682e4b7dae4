"""Classic Load Balancer collector (the ``elb`` API): every load balancer with its listeners
and registered instances (one ``DescribeLoadBalancers`` listing), then each one's attributes
(``DescribeLoadBalancerAttributes``, one call per load balancer: the API has no bulk form) and,
for one with an HTTPS or SSL listener, its SSL negotiation policies
(``DescribeLoadBalancerPolicies``, one call per such load balancer).

Names, listeners' ports and protocols and instances' ids are indexed: they identify what the
answer describes, or decide what the load balancer exposes, and AWS omits them only in a
malformed answer (a ``CollectorError`` gap, see :mod:`.ec2`). An attribute block the answer
lacks is recorded as a ``BadResponse`` gap for that load balancer (``unit.malformed``): the
checks reading it say unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.elb import ClassicListener, ClassicLoadBalancer, ClassicTlsPolicy
from ..registry import collector
from ..unit import Unit

DESYNC_KEY = "elb.http.desyncmitigationmode"
"""The additional attribute holding the desync mitigation mode (ELB Classic guide,
"Configure desync mitigation mode")."""


@collector(
    service="elb",
    scope="regional",
    operations=(
        "elb:DescribeLoadBalancers",
        "elb:DescribeLoadBalancerAttributes",
        "elb:DescribeLoadBalancerPolicies",
    ),
)
def collect_elb(unit: Unit) -> Iterator[Resource]:
    """Every Classic Load Balancer in the region, with its attributes."""
    raws = unit.pages("describe_load_balancers", "LoadBalancerDescriptions")
    yield from unit.fan_out(lambda raw: _balancer(unit, raw), raws)


def _listener(raw: dict[str, Any]) -> ClassicListener:
    listener = raw["Listener"]
    return ClassicListener(
        protocol=str(listener["Protocol"]).upper(),
        port=listener["LoadBalancerPort"],
        instance_protocol=str(listener.get("InstanceProtocol", listener["Protocol"])).upper(),
        instance_port=listener["InstancePort"],
        ssl_certificate_id=listener.get("SSLCertificateId") or None,
        policy_names=tuple(raw.get("PolicyNames", [])),
    )


TLS_PROTOCOLS = ("HTTPS", "SSL")
"""Listener protocols with an SSL negotiation policy."""


def _tls_policies(unit: Unit, name: str, arn: str) -> tuple[ClassicTlsPolicy, ...] | None:
    """The load balancer's SSL negotiation policies, or None (a gap on it) when unread.
    A policy's name and an attribute's name are indexed (they identify what is described).
    """
    answer = unit.call("describe_load_balancer_policies", resource_arn=arn, LoadBalancerName=name)
    if answer is None:
        return None
    found = []
    for raw in answer.get("PolicyDescriptions", []):
        if raw.get("PolicyTypeName") != "SSLNegotiationPolicyType":
            continue
        values = {
            a["AttributeName"]: a.get("AttributeValue", "")
            for a in raw.get("PolicyAttributeDescriptions", [])
        }
        protocols = {
            k[len("Protocol-") :]: v for k, v in values.items() if k.startswith("Protocol-")
        }
        found.append(
            ClassicTlsPolicy(
                name=raw["PolicyName"],
                protocols=tuple(p for p, on in protocols.items() if on == "true"),
                listed_protocols=bool(protocols),
                reference=values.get("Reference-Security-Policy") or None,
            )
        )
    return tuple(found)


def _flag(unit: Unit, attributes: dict[str, Any], block: str, arn: str) -> bool | None:
    """``<block>.Enabled`` of the attributes, or None (and a gap) when it is missing."""
    value = (attributes.get(block) or {}).get("Enabled")
    if value is None:
        unit.malformed(
            "describe_load_balancer_attributes",
            f"no {block}.Enabled in the answer",
            resource_arn=arn,
        )
        return None
    return bool(value)


def _balancer(unit: Unit, raw: dict[str, Any]) -> ClassicLoadBalancer:
    name = raw["LoadBalancerName"]
    arn = unit.arn(f"loadbalancer/{name}", service="elasticloadbalancing")
    answer = unit.call("describe_load_balancer_attributes", resource_arn=arn, LoadBalancerName=name)
    attributes: dict[str, Any] | None = None
    if answer is not None:
        attributes = answer.get("LoadBalancerAttributes")
        if attributes is None:
            unit.malformed(
                "describe_load_balancer_attributes",
                "no LoadBalancerAttributes in the answer",
                resource_arn=arn,
            )
    found: dict[str, Any] = {}
    if attributes is not None:
        additional = {
            a["Key"]: a.get("Value", "") for a in attributes.get("AdditionalAttributes", [])
        }
        found = {
            "cross_zone": _flag(unit, attributes, "CrossZoneLoadBalancing", arn),
            "connection_draining": _flag(unit, attributes, "ConnectionDraining", arn),
            "access_logs_enabled": _flag(unit, attributes, "AccessLog", arn),
            "access_logs_bucket": (attributes.get("AccessLog") or {}).get("S3BucketName") or None,
            # AWS lists the mode among the additional attributes (moto only once set);
            # absent, it stays None and the check says unknown rather than assume the
            # default.
            "desync_mitigation_mode": additional.get(DESYNC_KEY) or None,
        }
    listeners = tuple(map(_listener, raw.get("ListenerDescriptions", [])))
    tls = any(lst.protocol in TLS_PROTOCOLS for lst in listeners)
    return ClassicLoadBalancer(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        scheme=raw.get("Scheme", "internet-facing"),
        dns_name=raw.get("DNSName", ""),
        vpc_id=raw.get("VPCId"),
        security_group_ids=tuple(raw.get("SecurityGroups", [])),
        subnet_ids=tuple(raw.get("Subnets", [])),
        availability_zones=tuple(raw.get("AvailabilityZones", [])),
        listeners=listeners,
        tls_policies=_tls_policies(unit, name, arn) if tls else (),
        instance_ids=tuple(i["InstanceId"] for i in raw.get("Instances", [])),
        **found,
    )
