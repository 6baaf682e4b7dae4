"""Internet reachability of network interfaces: can a client get in, and the reply get out.

The rule per interface is in :mod:`.core` (network ACL both ways, security groups, the reply
route to an internet gateway, ingress routing); load balancers in :mod:`.load_balancers`.
This module puts them together: every interface's direct exposure, every internet-facing
load balancer's listeners, and what targets get through them (``via``). Interfaces of
stopped instances keep their Elastic IPs: what would be exposed is reported ``latent``.
Interfaces of load balancers are not evaluated on their own when their load balancer is in
the snapshot: the load balancer's listeners decide what they accept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ...snapshot import Snapshot
from ...snapshot.elb import ClassicLoadBalancer
from ...snapshot.elbv2 import LoadBalancer
from .core import PROTOCOLS, Network
from .intervals import ALL_PORTS, IntervalSet, address_text, atoms, internet_space
from .load_balancers import BalancerReach, Balancers
from .outcome import Blocked, Exposure, ExposureKind, Path, Stage
from .routes import Route, lookup
from .targets import State, Target, targets

__all__ = [
    "PROTOCOLS",
    "BalancerReach",
    "Blocked",
    "Exposure",
    "ExposureKind",
    "InterfaceReach",
    "Network",
    "Path",
    "PortVerdict",
    "Reachability",
    "Stage",
    "analyse",
    "exposures_of",
    "subnets_route",
]


@dataclass(frozen=True)
class PortVerdict:
    """One port on one interface: exposed (with how, and the paths) or what blocked it.

    ``exposed`` is true for any kind of exposure; ``direct`` only when a client opens the
    port on the interface's own public address. ``status`` is that of the first exposure.
    """

    exposed: bool
    status: State | None
    exposures: tuple[Exposure, ...] = ()
    blocked: tuple[Blocked, ...] = ()

    @property
    def direct(self) -> bool:
        """True when some exposure of the port is direct."""
        return any(e.direct for e in self.exposures)


@dataclass(frozen=True)
class InterfaceReach:
    """One interface: its public addresses, what is exposed on them (directly, or through a
    load balancer or CloudFront), and what blocks the rest.
    """

    target: Target
    exposures: tuple[Exposure, ...]
    blocked: tuple[Blocked, ...]
    caveats: tuple[str, ...] = ()


_LB_NOT_FOUND = (
    "load balancer interface whose load balancer is not in the snapshot: evaluated on its own"
)


class Reachability:
    """Internet exposure of every interface and load balancer in a snapshot (build with
    :func:`analyse`).
    """

    def __init__(self, snapshot: Snapshot, network: Network | None = None) -> None:
        self.network = network if network is not None else Network(snapshot)
        everything = targets(snapshot)
        suffixes = {
            b.arn.split(":loadbalancer/", 1)[-1]
            for kind in (LoadBalancer, ClassicLoadBalancer)
            for b in snapshot.of_type(kind)
        }
        self.targets = {
            t.interface_id: t
            for t in everything
            if t.load_balancer is None or t.load_balancer not in suffixes
        }
        balancers = Balancers(snapshot, self.network, everything)
        self.load_balancers: dict[str, BalancerReach] = balancers.reach
        """Internet-facing and internal load balancers by name, with their listeners' reach."""
        self._via = balancers.via
        self.interfaces = {
            t.interface_id: self._interface(t, IntervalSet.of([ALL_PORTS]))
            for t in self.targets.values()
        }

    def _interface(
        self, target: Target, wanted: IntervalSet, protocols: tuple[str, ...] = PROTOCOLS
    ) -> InterfaceReach:
        via = tuple(
            e
            for e in self._via.get(target.interface_id, [])
            if e.protocol in protocols and e.ports & wanted
        )
        extra = (_LB_NOT_FOUND,) if target.attachment == "elb" else ()
        if not target.addresses:
            none = Blocked("address", "no public IPv4, Elastic IP or global IPv6 address")
            return InterfaceReach(target, via, (none,), extra)
        exposures: list[Exposure] = []
        blocked: list[Blocked] = []
        caveats: dict[str, None] = dict.fromkeys(extra)
        for address in target.addresses:
            for protocol in protocols:
                found, why, notes = self.network.exposures(target, address, protocol, wanted)
                exposures.extend(found)
                caveats.update(dict.fromkeys(notes))
                if why is not None:
                    blocked.append(Blocked(why.stage, why.reason, address.public, protocol))
        return InterfaceReach(target, tuple(exposures) + via, tuple(blocked), tuple(caveats))

    def exposures(
        self, status: State | None = None, kinds: Iterable[ExposureKind] | None = None
    ) -> list[Exposure]:
        """Every exposure (interfaces, then load balancer listeners), optionally only
        ``current`` or ``latent`` ones, or only some kinds.
        """
        wanted = set(kinds) if kinds is not None else None
        found = [e for reach in self.interfaces.values() for e in reach.exposures]
        found += [e for reach in self.load_balancers.values() for e in reach.exposures]
        return [
            e
            for e in found
            if (status is None or e.status == status) and (wanted is None or e.kind in wanted)
        ]

    def exposed_ports(self, interface_id: str, protocol: str = "tcp") -> IntervalSet:
        """Every port of ``protocol`` exposed directly (now or latently) on one interface."""
        found = IntervalSet()
        for exposure in self.interfaces[interface_id].exposures:
            if exposure.protocol == protocol and exposure.direct:
                found = found | exposure.ports
        return found

    def explain(self, interface_id: str, port: int, protocol: str = "tcp") -> PortVerdict:
        """Whether one port is exposed, with how and the path, or what blocked it on each
        address.
        """
        target = self.targets[interface_id]
        wanted = IntervalSet.of([(port, port)])
        reach = self._interface(target, wanted, (protocol,))
        if reach.exposures:
            ordered = sorted(reach.exposures, key=lambda e: not e.direct)
            return PortVerdict(True, ordered[0].status, exposures=tuple(ordered))
        return PortVerdict(False, None, blocked=reach.blocked)


def analyse(snapshot: Snapshot) -> Reachability:
    """The reachability analysis of ``snapshot`` (checks share one through
    ``ctx.analysis(analyses.reachability)``).
    """
    return Reachability(snapshot)


def subnets_route(network: Network, subnet_ids: Iterable[str]) -> Route | None:
    """The first active internet-gateway route some internet client address takes from one of
    ``subnet_ids`` (longest prefix per client, "Route priority"), or None.

    IPv6 counts only for a subnet with an IPv6 CIDR block: without one nothing in it has an
    IPv6 address, whatever the table's ``::/0`` route says (VPC User Guide, "IP addressing for
    your VPCs and subnets").
    """
    for subnet_id in subnet_ids:
        subnet = network.subnets.get(subnet_id)
        table = network.tables.for_subnet(subnet.vpc_id, subnet_id) if subnet else None
        if subnet is None or table is None:
            continue
        routes, _ = network.routes(table)
        for version in (4, 6) if subnet.ipv6_cidr_blocks else (4,):
            cuts = [r.span for r in routes if r.version == version]
            for low, _ in atoms(internet_space(version), cuts):
                route = lookup(routes, address_text(version, low))
                if network.igw_route(route, subnet.vpc_id):
                    return route
    return None


def exposures_of(reach: Reachability, interface_ids: Iterable[str]) -> list[Exposure]:
    """The exposures of some interfaces (an instance's, for example), of every kind."""
    return [
        e for i in interface_ids if i in reach.interfaces for e in reach.interfaces[i].exposures
    ]
