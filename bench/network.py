"""Benchmark the reachability analysis on a synthetic account.

    python bench/network.py --interfaces 10000 --groups 2000
    python bench/network.py --interfaces 10000 --groups 2000 --balancers 100

Builds a snapshot in memory (no AWS, no moto): VPCs of ten subnets each, every subnet with its
own route table (half route the default to an internet gateway, half to a NAT gateway, some
with extra prefix-list and more specific routes) and its own network ACL (allow-all, or a few
numbered allow and deny entries). Security groups carry a few rules each: world-open ports,
office ranges, /32 hosts, references to other groups, a customer-managed prefix list or the
CloudFront origin-facing list. Interfaces get one to three groups of their VPC, half of them a
public address, a few an IPv6 address; ``--balancers`` internet-facing ALBs and NLBs (half each)
forward to target groups of twenty instance targets. Reports the wall and CPU time of
``analyse`` (untraced; ``--trace`` times it under tracemalloc and reports peak traced memory,
see ``_timing.py``) and how many exposures of each kind it found. ``--exposures FILE`` writes
every exposure (address, protocol, ports, kind, paths, caveats) as sorted JSON lines:
``network_compare.py`` compares that set between two revisions of the engine.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _timing import add_trace_option, measure

from incloud.evaluate.network.reachability import analyse
from incloud.snapshot import Account, Snapshot

ACCOUNT = "123456789012"
REGION = "us-east-1"
SUBNETS_PER_VPC = 10
PORTS = [22, 80, 443, 3306, 3389, 5432, 6379, 8080, 8443, 9200]
CLOUDFRONT = "pl-cloudfront"
OFFICE = "pl-office"


def _arn(kind: str, name: str) -> str:
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:{kind}/{name}"


def _common(kind: str, name: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "name": name,
        "arn": _arn(kind, name),
        "account_id": ACCOUNT,
        "region": REGION,
    }


def _network(subnets: int, rng: random.Random) -> list[dict[str, Any]]:
    """VPCs, subnets, gateways, route tables, ACLs and the two prefix lists."""
    found: list[dict[str, Any]] = [
        {
            **_common("ec2.prefix-list", "com.amazonaws.global.cloudfront.origin-facing"),
            "prefix_list_id": CLOUDFRONT,
            "owner_id": "AWS",
            "entries": [f"130.176.{n * 4}.0/22" for n in range(40)],
        },
        {
            **_common("ec2.prefix-list", "office"),
            "prefix_list_id": OFFICE,
            "owner_id": ACCOUNT,
            "entries": ["198.51.100.0/24", "203.0.113.0/24"],
        },
    ]
    for v in range(subnets // SUBNETS_PER_VPC):
        vpc = f"vpc-{v}"
        found.append({**_common("ec2.vpc", vpc), "vpc_id": vpc, "cidr_block": f"10.{v}.0.0/16"})
        found.append(
            {
                **_common("ec2.gateway", f"igw-{v}"),
                "gateway_id": f"igw-{v}",
                "gateway_type": "internet",
                "vpc_id": vpc,
            }
        )
        for s in range(SUBNETS_PER_VPC):
            subnet = f"subnet-{v}-{s}"
            found.append(
                {
                    **_common("ec2.subnet", subnet),
                    "subnet_id": subnet,
                    "vpc_id": vpc,
                    "cidr_block": f"10.{v}.{s}.0/24",
                }
            )
            igw = {"target_kind": "gateway", "target_id": f"igw-{v}"}
            routes: list[dict[str, Any]] = [
                {"cidr_ipv4": f"10.{v}.0.0/16", "target_kind": "gateway", "target_id": "local"},
                {"cidr_ipv4": "0.0.0.0/0", **igw}
                if s % 2 == 0
                else {
                    "cidr_ipv4": "0.0.0.0/0",
                    "target_kind": "nat-gateway",
                    "target_id": f"nat-{v}",
                },
            ]
            if s % 3 == 0:
                routes.append({"prefix_list_id": OFFICE, **igw})
                routes.append(
                    {
                        "cidr_ipv4": "54.0.0.0/8",
                        "target_kind": "transit-gateway",
                        "target_id": "tgw-1",
                    }
                )
            found.append(
                {
                    **_common("ec2.route-table", f"rtb-{v}-{s}"),
                    "route_table_id": f"rtb-{v}-{s}",
                    "vpc_id": vpc,
                    "subnet_ids": [subnet],
                    "routes": routes,
                }
            )
            entries: list[dict[str, Any]] = []
            if s % 4 == 1:
                entries.append(
                    {
                        "rule_number": 50,
                        "egress": False,
                        "action": "deny",
                        "protocol": "6",
                        "from_port": 22,
                        "to_port": 22,
                        "cidr_ipv4": "0.0.0.0/0",
                    }
                )
                entries.append(
                    {
                        "rule_number": 60,
                        "egress": False,
                        "action": "deny",
                        "protocol": "-1",
                        "cidr_ipv4": f"{rng.randrange(1, 223)}.0.0.0/8",
                    }
                )
            for egress in (False, True):
                for number, field, cidr in (
                    (100, "cidr_ipv4", "0.0.0.0/0"),
                    (101, "cidr_ipv6", "::/0"),
                ):
                    entries.append(
                        {
                            "rule_number": number,
                            "egress": egress,
                            "action": "allow",
                            "protocol": "-1",
                            field: cidr,
                        }
                    )
            found.append(
                {
                    **_common("ec2.network-acl", f"acl-{v}-{s}"),
                    "acl_id": f"acl-{v}-{s}",
                    "vpc_id": vpc,
                    "subnet_ids": [subnet],
                    "entries": entries,
                }
            )
    return found


def _rule(rng: random.Random, vpc_groups: list[str]) -> dict[str, Any]:
    port = rng.choice(PORTS)
    rule: dict[str, Any] = {"protocol": "tcp", "from_port": port, "to_port": port}
    draw = rng.random()
    if draw < 0.25:
        rule["cidr_ipv4"] = "0.0.0.0/0"
    elif draw < 0.35:
        rule["cidr_ipv6"] = "::/0"
    elif draw < 0.55:
        rule["cidr_ipv4"] = (
            f"{rng.randrange(1, 223)}.{rng.randrange(256)}.{rng.randrange(256)}.0/24"
        )
    elif draw < 0.65:
        rule["cidr_ipv4"] = (
            f"{rng.randrange(1, 223)}.{rng.randrange(256)}.0.{rng.randrange(256)}/32"
        )
    elif draw < 0.75:
        rule["prefix_list_id"] = rng.choice([CLOUDFRONT, OFFICE])
    else:
        rule["group_id"] = rng.choice(vpc_groups)
    return rule


def build(interfaces: int, groups: int, balancers: int, seed: int = 7) -> Snapshot:
    """The synthetic account as a snapshot."""
    rng = random.Random(seed)
    subnets = max(SUBNETS_PER_VPC, (interfaces // 100) // SUBNETS_PER_VPC * SUBNETS_PER_VPC)
    vpcs = subnets // SUBNETS_PER_VPC
    resources = _network(subnets, rng)
    by_vpc: dict[int, list[str]] = {v: [] for v in range(vpcs)}
    for g in range(groups):
        by_vpc[g % vpcs].append(f"sg-{g}")
    for g in range(groups):
        v = g % vpcs
        resources.append(
            {
                **_common("ec2.security-group", f"group-{g}"),
                "group_id": f"sg-{g}",
                "vpc_id": f"vpc-{v}",
                "ingress": [_rule(rng, by_vpc[v]) for _ in range(rng.randrange(1, 6))],
            }
        )
    for n in range(interfaces):
        v = n % vpcs
        s = rng.randrange(SUBNETS_PER_VPC)
        public = [f"54.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"] if n % 2 == 0 else []
        resources.append(
            {
                **_common("ec2.instance", f"i-{n}"),
                "instance_id": f"i-{n}",
                "vpc_id": f"vpc-{v}",
                "subnet_id": f"subnet-{v}-{s}",
                "network_interface_ids": [f"eni-{n}"],
                "state": "stopped" if n % 50 == 0 else "running",
            }
        )
        resources.append(
            {
                **_common("ec2.network-interface", f"eni-{n}"),
                "interface_id": f"eni-{n}",
                "vpc_id": f"vpc-{v}",
                "subnet_id": f"subnet-{v}-{s}",
                "private_ips": [f"10.{v}.{s}.{n % 250 + 4}"],
                "public_ips": public,
                "ipv6_addresses": [f"2600:1f18:{v:x}:{s:x}::{n:x}"] if n % 10 == 0 else [],
                "security_group_ids": rng.sample(by_vpc[v], rng.randrange(1, 4)),
                "attached_instance_id": f"i-{n}",
            }
        )
    resources += _balancers(balancers, vpcs, interfaces, by_vpc, rng)
    return Snapshot.model_validate(
        {
            "collected_at": datetime(2026, 11, 1, tzinfo=UTC),
            "accounts": [Account(account_id=ACCOUNT, regions=(REGION,))],
            "resources": resources,
        }
    )


def _balancers(
    count: int, vpcs: int, interfaces: int, by_vpc: dict[int, list[str]], rng: random.Random
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    elb = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}"
    for b in range(count):
        v = b % vpcs
        kind = "application" if b % 2 == 0 else "network"
        lb_arn = f"{elb}:loadbalancer/{'app' if b % 2 == 0 else 'net'}/lb-{b}/{b}"
        tg_arn = f"{elb}:targetgroup/tg-{b}/{b}"
        found.append(
            {
                **_common("elasticloadbalancing.load-balancer", f"lb-{b}"),
                "arn": lb_arn,
                "lb_type": kind,
                "scheme": "internet-facing",
                "vpc_id": f"vpc-{v}",
                "subnet_ids": [f"subnet-{v}-0", f"subnet-{v}-2"],
                "security_group_ids": [rng.choice(by_vpc[v])] if kind == "application" else [],
            }
        )
        for port in (80, 443):
            found.append(
                {
                    **_common("elasticloadbalancing.listener", f"lb-{b}:{port}"),
                    "arn": f"{elb}:listener/lb-{b}/{port}",
                    "load_balancer_arn": lb_arn,
                    "protocol": "HTTP" if kind == "application" else "TCP",
                    "port": port,
                    "default_actions": [{"type": "forward"}],
                    "target_group_arns": [tg_arn],
                }
            )
        members = [n for n in range(v, interfaces, vpcs)][:20]
        found.append(
            {
                **_common("elasticloadbalancing.target-group", f"tg-{b}"),
                "arn": tg_arn,
                "protocol": "HTTP" if kind == "application" else "TCP",
                "port": rng.choice(PORTS),
                "vpc_id": f"vpc-{v}",
                "load_balancer_arns": [lb_arn],
                "targets": [{"target_id": f"i-{n}"} for n in members],
            }
        )
    return found


def exposure_lines(exposures: Iterable[Any]) -> Iterator[str]:
    """One JSON line per exposure, everything it says, sorted: the same text for the same
    exposure whichever revision of the engine found it (``network_compare.py``)."""
    records = []
    for e in exposures:
        paths = [
            [
                [list(r) for r in covered],
                [p.client, p.route, p.nacl_ingress, p.nacl_egress, p.security_group_rule, p.hop],
            ]
            for covered, p in e.paths
        ]
        records.append(
            [
                e.interface_id,
                e.instance_id,
                e.address,
                e.private_address,
                e.protocol,
                [list(r) for r in e.ports],
                e.status,
                e.kind,
                e.via,
                sorted(e.caveats),
                sorted(paths),
            ]
        )
    for record in sorted(records, key=json.dumps):
        yield json.dumps(record)


def main() -> None:
    """Build the account, time the analysis, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--interfaces", type=int, default=10000)
    parser.add_argument("--groups", type=int, default=2000)
    parser.add_argument("--balancers", type=int, default=50)
    parser.add_argument("--exposures", type=Path, help="write every exposure here (JSON lines)")
    add_trace_option(parser)
    args = parser.parse_args()
    snapshot = build(args.interfaces, args.groups, args.balancers)
    reach, timing = measure(lambda: analyse(snapshot), trace=args.trace)
    kinds = Counter(e.kind for e in reach.exposures())
    print(
        f"{args.interfaces} interfaces, {args.groups} security groups, "
        f"{len(reach.network.subnets)} subnets, {args.balancers} load balancers"
    )
    print(timing.line("analyse"))
    print("exposures: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    if args.exposures:
        args.exposures.write_text(
            "".join(f"{line}\n" for line in exposure_lines(reach.exposures()))
        )


if __name__ == "__main__":
    main()
