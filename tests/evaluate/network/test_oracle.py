"""The engine against a brute-force oracle (``oracle.py``) on random small topologies.

Each seed builds an account (``topologies.py``: one or two VPCs with route tables, ingress
routing, network ACLs, security groups and interfaces). For every public address, protocol
(TCP, UDP) and port of :data:`topologies.PORTS`, the engine's verdict (direct, via CloudFront,
via an appliance, or not exposed) must be the oracle's, through both of its ways of answering:
the whole analysis (every port at once, as ``analyse`` builds it, memoised per subnet and
groups) and ``explain`` (one port, recomputed). Exposed ports' paths must name a client the
oracle lets through, with the ACL rule and route it finds; blocked ports must name the stage
the furthest client reached, and the first client (in address order) to reach it (VPC User
Guide: "Network ACL rules", "Security group rules", "Route priority", "Gateway route tables").
"""

from __future__ import annotations

import ipaddress
import re

import pytest

from incloud.evaluate.network.reachability import Exposure, Reachability, analyse
from incloud.snapshot.ec2 import NetworkAclEntry, NetworkInterface
from tests.evaluate.network.oracle import (
    Topology,
    acl_first,
    appliance,
    best_route,
    port_verdict,
    public_addresses,
    reply_allowed,
    route_ok,
    rule_admits,
)
from tests.evaluate.network.topologies import PORTS, topology
from tests.fixtures import build_snapshot

SEEDS = range(150)


def _check_paths(topo: Topology, eni: NetworkInterface, exposure: Exposure) -> None:
    """Every path names a client the oracle lets through, with its ACL rule and route."""
    assert eni.vpc_id and eni.subnet_id
    table = topo.table(eni.vpc_id, eni.subnet_id)
    acl = topo.acl(eni.vpc_id, eni.subnet_id)
    version = ipaddress.ip_address(exposure.address).version
    detour = appliance(topo, eni.vpc_id, eni.subnet_id, version)
    assert table is not None and exposure.paths
    rules = [
        (g, r) for g in eni.security_group_ids if g in topo.groups for r in topo.groups[g].ingress
    ]
    for covered, path in exposure.paths:
        client = ipaddress.ip_address(path.client)
        port = next(iter(covered))[0]
        first = acl_first(acl, False, client, exposure.protocol, port)
        if acl is not None:
            assert isinstance(first, NetworkAclEntry) and first.allow, path
            assert path.nacl_ingress == f"{acl.acl_id} rule {first.rule_number}", path
        assert reply_allowed(acl, client, exposure.protocol), path
        assert route_ok(topo, table, eni.vpc_id, client, detour), path
        found = best_route(topo, table, client)
        assert found is not None and path.route.startswith(f"{table.route_table_id}: {found[0]}")
        assert f"-> {found[1]}" in path.route, path
        admitting = {
            g
            for g, r in rules
            if (kind := rule_admits(topo, r, client, exposure.protocol, port))
            and exposure.kind in (kind, "via-appliance")
        }
        assert path.security_group_rule.split(" ")[0] in admitting, path


def _compare(topo: Topology, reach: Reachability, eni: NetworkInterface) -> None:
    addresses = public_addresses(topo, eni)
    target = reach.targets[eni.interface_id]
    assert sorted(a.public for a in target.addresses) == sorted(addresses)
    everything = reach.interfaces[eni.interface_id].exposures
    for address in addresses:
        version = ipaddress.ip_address(address).version
        for protocol in ("tcp", "udp"):
            mine = [e for e in everything if e.address == address and e.protocol == protocol]
            for exposure in mine:
                _check_paths(topo, eni, exposure)
            for port in PORTS:
                where = f"{eni.interface_id} {address} {protocol} {port}"
                expected = port_verdict(topo, eni, version, protocol, port)
                kinds = {e.kind for e in mine if port in e.ports}
                assert kinds == ({expected.kind} if expected.kind else set()), where
                verdict = reach.explain(eni.interface_id, port, protocol)
                explained = {e.kind for e in verdict.exposures if e.address == address}
                assert explained == kinds, where
                if not verdict.exposed:
                    (blocked,) = [b for b in verdict.blocked if b.address == address]
                    assert blocked.stage == expected.stage, where
                    if expected.client is not None:  # named after the first client stopped
                        named = rf"(^|\s){re.escape(expected.client)}(\s|$)"
                        assert re.search(named, blocked.reason), f"{where}: {blocked.reason}"


@pytest.mark.parametrize("seed", SEEDS)
def test_the_engine_agrees_with_the_oracle(seed: int) -> None:
    snapshot = build_snapshot({"resources": topology(seed)})
    topo = Topology.of(snapshot)
    reach = analyse(snapshot)
    for eni in snapshot.of_type(NetworkInterface):
        _compare(topo, reach, eni)


def test_the_topologies_cover_every_outcome() -> None:
    """The seeds reach every verdict and every blocking stage (a generator that never
    exposes anything, or never blocks at the route, would prove little)."""
    kinds: set[str | None] = set()
    stages: set[str | None] = set()
    for seed in SEEDS:
        snapshot = build_snapshot({"resources": topology(seed)})
        topo = Topology.of(snapshot)
        for eni in snapshot.of_type(NetworkInterface):
            for address in public_addresses(topo, eni):
                version = ipaddress.ip_address(address).version
                for port in (22, 443, 1024):
                    verdict = port_verdict(topo, eni, version, "tcp", port)
                    kinds.add(verdict.kind)
                    stages.add(verdict.stage)
    assert kinds == {None, "direct", "via-cloudfront", "via-appliance"}
    assert stages == {None, "nacl-ingress", "security-group", "nacl-egress", "route"}
