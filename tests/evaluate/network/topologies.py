"""Random small accounts for the oracle test (``test_oracle.py``).

One or two VPCs, each with subnets (some with an IPv6 block), a main table and explicit
tables (routes to the internet gateway, another VPC's gateway, NAT, transit, egress-only,
virtual private gateway (propagated or not), an appliance, prefix lists, blackholes, and ties
for "Route priority" to break), sometimes a gateway route table (ingress routing), default and
associated network ACLs with allow and deny entries in both directions, security groups with
CIDR, prefix-list (customer, CloudFront, unknown) and group sources, and interfaces with and
without public IPv4, Elastic IP and IPv6 addresses. The ranges and ports are drawn from small
sets, so rules overlap, shadow and tie.
"""

from __future__ import annotations

import random
from typing import Any

from tests.evaluate.network.oracle import CLOUDFRONT_NAME

V4 = [
    "0.0.0.0/0",
    "128.0.0.0/1",
    "54.0.0.0/8",
    "54.10.0.0/16",
    "54.10.20.0/24",
    "54.10.20.7/32",
    "198.51.100.0/24",
    "198.51.100.128/25",
    "198.51.100.0/25",
    "203.0.113.0/24",
    "10.0.0.0/8",
    "100.64.0.0/10",
]
V6 = ["::/0", "2000::/3", "2600::/16", "2600:1f18::/32", "2001:db8::/32", "fc00::/7"]
PORT_RANGES = [
    (22, 22),
    (80, 80),
    (443, 443),
    (0, 1023),
    (1024, 65535),
    (32768, 65535),
    (0, 65535),
    (1000, 2000),
]
PORTS = [0, 21, 22, 23, 80, 443, 999, 1000, 1023, 1024, 2000, 2001, 32767, 32768, 65535]
"""Every bound of :data:`PORT_RANGES`, and its neighbours."""


def _acl_entries(rng: random.Random) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for egress in (False, True):
        numbers = rng.sample([10, 50, 90, 100, 101, 110, 200, 300], rng.randrange(0, 6))
        if rng.random() < 0.5:
            numbers = [n for n in numbers if n not in (100, 101)] + [100, 101]
        for number in numbers:
            entry: dict[str, Any] = {
                "rule_number": number,
                "egress": egress,
                "action": rng.choice(["allow", "allow", "deny"]),
                "protocol": rng.choice(["-1", "6", "6", "17", "1"]),
            }
            if number in (100, 101) and rng.random() < 0.7:
                entry.update(action="allow", protocol="-1")
            if entry["protocol"] in ("6", "17"):
                entry["from_port"], entry["to_port"] = rng.choice(PORT_RANGES)
            wide = "0.0.0.0/0" if number == 100 else "::/0" if number == 101 else None
            cidr = wide or rng.choice(V4 + V6)
            entry["cidr_ipv6" if ":" in cidr else "cidr_ipv4"] = cidr
            entries.append(entry)
    return entries


def _route(rng: random.Random, v: int) -> dict[str, Any]:
    destination = rng.choice(V4 + V6 + ["pl-office", "pl-cf", "pl-missing"])
    kind, target = rng.choice(
        [("gateway", f"igw-{v}")] * 4
        + [
            ("gateway", f"igw-{1 - v}"),
            ("nat-gateway", "nat-1"),
            ("transit-gateway", "tgw-1"),
            ("egress-only-internet-gateway", "eigw-1"),
            ("gateway", "vgw-1"),
            ("gateway", "vpce-fw"),
        ]
    )
    field_name = (
        "prefix_list_id"
        if destination.startswith("pl-")
        else "cidr_ipv6"
        if ":" in destination
        else "cidr_ipv4"
    )
    route: dict[str, Any] = {field_name: destination, "target_kind": kind, "target_id": target}
    if rng.random() < 0.15:
        route["state"] = "blackhole"
    if target == "vgw-1" and rng.random() < 0.7:
        route["propagated"] = True
    return route


def _tie(rng: random.Random, v: int) -> dict[str, Any]:
    """The next hop of a route given the same destination as another one: propagated from the
    virtual private gateway, or static to the internet gateway or a NAT gateway.
    """
    return rng.choice(
        [
            {"target_kind": "gateway", "target_id": "vgw-1", "propagated": True},
            {"target_kind": "gateway", "target_id": f"igw-{v}"},
            {"target_kind": "nat-gateway", "target_id": "nat-1"},
        ]
    )


def _rule(rng: random.Random, v: int) -> dict[str, Any]:
    rule: dict[str, Any] = {"protocol": rng.choice(["tcp", "tcp", "udp", "-1", "icmp", "6"])}
    if rule["protocol"] in ("tcp", "udp", "6"):
        rule["from_port"], rule["to_port"] = rng.choice(PORT_RANGES)
    source = rng.random()
    if source < 0.45:
        rule["cidr_ipv4"] = rng.choice(V4)
    elif source < 0.65:
        rule["cidr_ipv6"] = rng.choice(V6)
    elif source < 0.9:
        rule["prefix_list_id"] = rng.choice(["pl-office", "pl-cf", "pl-missing"])
    else:
        rule["group_id"] = f"sg-{v}-0"
    return rule


def _common(kind: str, name: str) -> dict[str, Any]:
    return {"kind": kind, "name": name}


def _edge_table(rng: random.Random, v: int, subnets: int) -> dict[str, Any]:
    """A gateway route table of ``igw-v`` (ingress routing): some subnets' traffic goes to
    an appliance (sometimes a deleted one), the rest stays local.
    """
    routes = [{"cidr_ipv4": f"10.{v}.0.0/16", "target_kind": "gateway", "target_id": "local"}]
    for s in range(subnets):
        for cidr in (f"10.{v}.{s}.0/24", f"2600:1f18:{v}:{s}::/64"):
            if rng.random() < 0.7:
                family = "cidr_ipv6" if ":" in cidr else "cidr_ipv4"
                route = {family: cidr, "target_kind": "gateway", "target_id": "vpce-fw"}
                routes.append({**route, "state": rng.choice(["active", "active", "blackhole"])})
    return {
        **_common("ec2.route-table", f"rtb-{v}-edge"),
        "route_table_id": f"rtb-{v}-edge",
        "vpc_id": f"vpc-{v}",
        "gateway_ids": [f"igw-{v}"],
        "routes": routes,
    }


def topology(seed: int) -> list[dict[str, Any]]:
    """A small random account: one or two VPCs with subnets, tables, ACLs, groups, ENIs."""
    rng = random.Random(seed)
    found: list[dict[str, Any]] = [
        {
            **_common("ec2.prefix-list", "office"),
            "prefix_list_id": "pl-office",
            "entries": rng.choice([["198.51.100.0/25", "2001:db8::/32"], None]),
        },
        {
            **_common("ec2.prefix-list", CLOUDFRONT_NAME),
            "prefix_list_id": "pl-cf",
            "owner_id": "AWS",
            "entries": rng.choice([["54.10.0.0/16", "203.0.113.0/24", "2600::/16"], None]),
        },
    ]
    for v in range(rng.randrange(1, 3)):
        vpc = f"vpc-{v}"
        found.append({**_common("ec2.vpc", vpc), "vpc_id": vpc, "cidr_block": f"10.{v}.0.0/16"})
        if rng.random() < 0.9:
            found.append(
                {
                    **_common("ec2.gateway", f"igw-{v}"),
                    "gateway_id": f"igw-{v}",
                    "gateway_type": "internet",
                    "vpc_id": vpc,
                }
            )
        subnets = [f"subnet-{v}-{s}" for s in range(rng.randrange(1, 4))]
        for s, subnet in enumerate(subnets):
            found.append(
                {
                    **_common("ec2.subnet", subnet),
                    "subnet_id": subnet,
                    "vpc_id": vpc,
                    "cidr_block": f"10.{v}.{s}.0/24",
                    "ipv6_cidr_blocks": [f"2600:1f18:{v}:{s}::/64"] if rng.random() < 0.5 else [],
                }
            )
        edge = rng.random() < 0.35  # ingress routing through an appliance
        tables: list[tuple[str, list[str]]] = [("main", [])] if rng.random() < 0.9 else []
        tables += [(s, [s]) for s in subnets if rng.random() < 0.5]
        for name, associated in tables:
            routes = [
                {"cidr_ipv4": f"10.{v}.0.0/16", "target_kind": "gateway", "target_id": "local"}
            ]
            routes += [_route(rng, v) for _ in range(rng.randrange(0, 5))]
            if len(routes) > 1 and rng.random() < 0.4:  # a tie "Route priority" breaks
                tied = {
                    k: x
                    for k, x in rng.choice(routes[1:]).items()
                    if k.startswith(("cidr", "prefix"))
                }
                routes.insert(rng.randrange(1, len(routes) + 1), {**tied, **_tie(rng, v)})
            if edge and rng.random() < 0.6:  # replies back through the appliance
                routes.append(
                    {"cidr_ipv4": "0.0.0.0/0", "target_kind": "gateway", "target_id": "vpce-fw"}
                )
                routes.append(
                    {"cidr_ipv6": "::/0", "target_kind": "gateway", "target_id": "vpce-fw"}
                )
            found.append(
                {
                    **_common("ec2.route-table", f"rtb-{v}-{name}"),
                    "route_table_id": f"rtb-{v}-{name}",
                    "vpc_id": vpc,
                    "is_main": name == "main",
                    "subnet_ids": associated,
                    "routes": routes,
                }
            )
        if edge:
            found.append(_edge_table(rng, v, len(subnets)))
        acls: list[tuple[str, list[str]]] = [("default", [])] if rng.random() < 0.85 else []
        acls += [(s, [s]) for s in subnets if rng.random() < 0.4]
        for name, associated in acls:
            found.append(
                {
                    **_common("ec2.network-acl", f"acl-{v}-{name}"),
                    "acl_id": f"acl-{v}-{name}",
                    "vpc_id": vpc,
                    "is_default": name == "default",
                    "subnet_ids": associated,
                    "entries": _acl_entries(rng),
                }
            )
        groups = [f"sg-{v}-{g}" for g in range(rng.randrange(1, 5))]
        for group in groups:
            found.append(
                {
                    **_common("ec2.security-group", group),
                    "group_id": group,
                    "vpc_id": vpc,
                    "ingress": [_rule(rng, v) for _ in range(rng.randrange(0, 5))],
                }
            )
        for n in range(rng.randrange(1, 5)):
            s = rng.randrange(len(subnets))
            eni = f"eni-{v}-{n}"
            chosen = rng.sample(groups, rng.randrange(0, min(3, len(groups)) + 1))
            found.append(
                {
                    **_common("ec2.network-interface", eni),
                    "interface_id": eni,
                    "vpc_id": vpc,
                    "subnet_id": subnets[s],
                    "private_ips": [f"10.{v}.{s}.{10 + n}"],
                    "public_ips": [f"54.200.{v}.{n}"] if rng.random() < 0.6 else [],
                    "ipv6_addresses": rng.choice(
                        [[], [f"2600:1f18:{v}:{s}::{n + 1}"], [f"fd00::{n + 1}"]]
                    ),
                    "security_group_ids": chosen + (["sg-unknown"] if rng.random() < 0.1 else []),
                }
            )
            if rng.random() < 0.2:
                found.append(
                    {
                        **_common("ec2.elastic-ip", f"eip-{v}-{n}"),
                        "allocation_id": f"eipalloc-{v}-{n}",
                        "public_ip": f"3.0.{v}.{n}",
                        "network_interface_id": eni,
                        "private_ip": f"10.{v}.{s}.{10 + n}",
                        "association_id": f"eipassoc-{v}-{n}",
                    }
                )
    return found
