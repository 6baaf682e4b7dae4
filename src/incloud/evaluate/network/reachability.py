"""Internet reachability of network interfaces: can a client get in, and the reply get out.

A TCP or UDP port on a public address is internet-exposed when, for some internet client
address (AWS VPC User Guide):

* in: the subnet's network ACL admits the client's traffic to the port ("Network ACL rules":
  ascending rule number, first match wins, implicit deny) and a rule of one of the interface's
  security groups admits it ("Security group rules": the union of the groups, allow only);
* out: the network ACL's outbound rules admit the reply to the client's ephemeral ports
  1024-65535 (network ACLs are stateless; security groups are stateful, so their outbound
  rules do not matter), and the most specific route for the client's address in the subnet's
  route table is an active route to the VPC's internet gateway ("Route priority"). A NAT
  gateway, egress-only internet gateway, transit gateway, peering, appliance or blackhole next
  hop breaks the reply path.

The client address space (public IPv4, global unicast IPv6) is split at every CIDR boundary
of the routes, ACL entries and group rules involved, so one representative address decides
for each piece: a prefix routed elsewhere is excluded exactly. Interfaces of stopped
instances keep their Elastic IPs: what would be exposed is reported ``latent``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from ...snapshot import Snapshot
from ...snapshot.ec2 import Gateway, NetworkAcl, RouteTable, SecurityGroup, Subnet
from ...snapshot.rds import DbInstance
from .intervals import (
    ALL_PORTS,
    EPHEMERAL_PORTS,
    IntervalSet,
    Range,
    address_int,
    address_text,
    atoms,
    internet_space,
)
from .nacl import Acl, AclDecision, AclIndex
from .routes import Route, TableIndex, lookup, lookup_value, parse_routes
from .security_groups import GroupSet
from .targets import Address, State, Target, targets

PROTOCOLS = ("tcp", "udp")

Stage = Literal["address", "route", "nacl-ingress", "security-group", "nacl-egress"]
"""Where traffic was stopped: no public address, no route back, or one of the filters."""

_STAGE_ORDER: dict[Stage, int] = {
    "address": 0,
    "nacl-ingress": 1,
    "security-group": 2,
    "nacl-egress": 3,
    "route": 4,
}


@dataclass(frozen=True)
class Path:
    """Why traffic gets through, like Reachability Analyzer's explanation."""

    client: str
    """A representative internet client address the path holds for."""
    route: str
    nacl_ingress: str
    nacl_egress: str
    security_group_rule: str

    def describe(self) -> str:
        """One line: route, ACL rules and security-group rule."""
        return (
            f"client {self.client}; route {self.route}; inbound {self.nacl_ingress}; "
            f"outbound {self.nacl_egress}; security group rule {self.security_group_rule}"
        )


@dataclass(frozen=True)
class Exposure:
    """Ports of one protocol on one public address an internet client can open."""

    interface_id: str
    instance_id: str | None
    address: str
    private_address: str | None
    protocol: str
    ports: IntervalSet
    status: State
    paths: tuple[tuple[IntervalSet, Path], ...]
    caveats: tuple[str, ...] = ()

    def path_for(self, port: int) -> Path | None:
        """The path that lets ``port`` through."""
        return next((p for covered, p in self.paths if port in covered), None)


@dataclass(frozen=True)
class Blocked:
    """Why a port is not exposed: the furthest stage any client got to, and what stopped it."""

    stage: Stage
    reason: str
    address: str | None = None
    protocol: str | None = None

    def describe(self) -> str:
        """``54.1.2.3 tcp: <reason>``."""
        where = " ".join(x for x in (self.address, self.protocol) if x)
        return f"{where}: {self.reason}" if where else self.reason


@dataclass(frozen=True)
class PortVerdict:
    """The answer for one (interface, protocol, port)."""

    exposed: bool
    status: State | None
    exposures: tuple[Exposure, ...] = ()
    blocked: tuple[Blocked, ...] = ()


@dataclass
class _Outcome:
    pieces: dict[tuple[str, str, str, str], tuple[IntervalSet, str]] = field(default_factory=dict)
    blocked: Blocked | None = None

    def block(self, stage: Stage, reason: str) -> None:
        if self.blocked is None or _STAGE_ORDER[stage] > _STAGE_ORDER[self.blocked.stage]:
            self.blocked = Blocked(stage, reason)

    @property
    def exposed(self) -> IntervalSet:
        found = IntervalSet()
        for covered, _ in self.pieces.values():
            found = found | covered
        return found


def _acl_text(acl_id: str, decision: AclDecision) -> str:
    rule = "the implicit deny (*)" if decision.rule is None else f"rule {decision.rule}"
    return f"{acl_id} {rule}"


class Network:
    """The snapshot's network objects, indexed once; answers per interface."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.tables = TableIndex(snapshot.of_type(RouteTable))
        self.acls = AclIndex(snapshot.of_type(NetworkAcl))
        self.groups = {g.group_id: g for g in snapshot.of_type(SecurityGroup)}
        self.subnets = {s.subnet_id: s for s in snapshot.of_type(Subnet)}
        self.gateways = {g.gateway_id: g for g in snapshot.of_type(Gateway)}
        self._parsed: dict[str, tuple[list[Route], list[str]]] = {}
        self._acl: dict[str, Acl] = {}
        self._cache: dict[tuple[object, ...], tuple[_Outcome, tuple[str, ...]]] = {}

    def _routes(self, table: RouteTable) -> tuple[list[Route], list[str]]:
        if table.route_table_id not in self._parsed:
            self._parsed[table.route_table_id] = parse_routes(table)
        return self._parsed[table.route_table_id]

    def _acl_of(self, acl: NetworkAcl) -> Acl:
        if acl.acl_id not in self._acl:
            self._acl[acl.acl_id] = Acl(acl)
        return self._acl[acl.acl_id]

    def igw_route(self, route: Route | None, vpc_id: str) -> bool:
        """An active route to an internet gateway attached to this VPC (when it is known)."""
        if route is None or not route.to_internet_gateway:
            return False
        gateway = self.gateways.get(route.target)
        return gateway is None or gateway.vpc_id in (None, vpc_id)

    def evaluate(
        self, target: Target, version: int, protocol: str, wanted: IntervalSet
    ) -> tuple[_Outcome, tuple[str, ...]]:
        """What reaches ``wanted`` ports of ``protocol`` on the target over one IP version.

        Memoised on everything the answer depends on (subnet, groups, version, protocol).
        """
        key = (target.vpc_id, target.subnet_id, target.group_ids, version, protocol, wanted)
        if key not in self._cache:
            self._cache[key] = self._evaluate(target, version, protocol, wanted)
        return self._cache[key]

    def _evaluate(
        self, target: Target, version: int, protocol: str, wanted: IntervalSet
    ) -> tuple[_Outcome, tuple[str, ...]]:
        outcome = _Outcome()
        caveats: list[str] = []
        vpc_id, subnet_id = target.vpc_id, target.subnet_id
        if vpc_id is None or subnet_id is None:
            outcome.block("route", "the interface is in no VPC subnet")
            return outcome, ()
        table = self.tables.for_subnet(vpc_id, subnet_id)
        if table is None:
            outcome.block("route", f"no route table (explicit or main) for {subnet_id}")
            return outcome, ()
        routes, skipped = self._routes(table)
        caveats.extend(f"route to prefix list {p} not modelled" for p in skipped)
        raw_acl = self.acls.for_subnet(vpc_id, subnet_id)
        acl = self._acl_of(raw_acl) if raw_acl is not None else None
        if acl is None:
            caveats.append(f"no network ACL in the snapshot for {subnet_id}: allow-all assumed")
        missing = [g for g in target.group_ids if g not in self.groups]
        caveats.extend(f"security group {g} not in the snapshot" for g in missing)
        groups = GroupSet(self.groups[g] for g in target.group_ids if g in self.groups)
        caveats.extend(f"prefix list {p} not expanded" for p in groups.prefix_lists)
        cuts: list[Range] = [r.span for r in routes if r.version == version]
        cuts += [span for v, span in (acl.cuts if acl else []) + groups.cuts if v == version]
        for low, _ in atoms(internet_space(version), cuts):
            self._atom(outcome, acl, groups, routes, vpc_id, version, low, protocol, wanted)
        return outcome, tuple(caveats)

    def _atom(
        self,
        outcome: _Outcome,
        acl: Acl | None,
        groups: GroupSet,
        routes: list[Route],
        vpc_id: str,
        version: int,
        client: int,
        protocol: str,
        wanted: IntervalSet,
    ) -> None:
        shown = address_text(version, client)
        acl_id = acl.acl_id if acl else "default ACL (assumed)"
        inbound = (
            acl.decide(False, protocol, version, client, wanted)
            if acl
            else [AclDecision(wanted, True, None)]
        )
        allowed_in = [d for d in inbound if d.allow]
        if not allowed_in:
            first = inbound[0] if inbound else AclDecision(wanted, False, None)
            outcome.block(
                "nacl-ingress",
                f"{_acl_text(acl_id, first)} denies inbound {protocol} "
                f"{first.ports.describe()} from {shown}",
            )
            return
        admitting = groups.admitting(protocol, version, client)
        in_ports = IntervalSet()
        for decision in allowed_in:
            in_ports = in_ports | decision.ports
        if not any(rule.ports & in_ports for rule in admitting):
            outcome.block(
                "security-group",
                f"no security group rule admits {protocol} {in_ports.describe()} from {shown}",
            )
            return
        ephemeral = IntervalSet.of([EPHEMERAL_PORTS])
        outbound = (
            acl.decide(True, protocol, version, client, ephemeral)
            if acl
            else [AclDecision(ephemeral, True, None)]
        )
        allowed_out = next((d for d in outbound if d.allow), None)
        if allowed_out is None:
            outcome.block(
                "nacl-egress",
                f"{acl_id} denies the reply (outbound {protocol} 1024-65535) to {shown}",
            )
            return
        route = lookup_value(routes, version, client)
        if not self.igw_route(route, vpc_id):
            where = route.describe() if route else "no matching route"
            outcome.block(
                "route", f"reply to {shown} is not routed to an internet gateway: {where}"
            )
            return
        assert route is not None
        out_text = f"{_acl_text(acl_id, allowed_out)} ({protocol} {allowed_out.ports.describe()})"
        for decision in allowed_in:
            for rule in admitting:
                covered = decision.ports & rule.ports
                if not covered:
                    continue
                key = (route.describe(), _acl_text(acl_id, decision), out_text, rule.describe())
                previous = outcome.pieces.get(key)
                if previous is None:
                    outcome.pieces[key] = (covered, shown)
                else:
                    outcome.pieces[key] = (previous[0] | covered, previous[1])

    def exposures(
        self, target: Target, address: Address, protocol: str, wanted: IntervalSet
    ) -> tuple[list[Exposure], Blocked | None, tuple[str, ...]]:
        """The exposures of one public address (one per maximal port range)."""
        version, _ = address_int(address.public)
        outcome, caveats = self.evaluate(target, version, protocol, wanted)
        paths = [
            (covered, Path(client, route, nacl_in, nacl_out, rule))
            for (route, nacl_in, nacl_out, rule), (covered, client) in outcome.pieces.items()
        ]
        found = []
        for low, high in outcome.exposed:
            span = IntervalSet.of([(low, high)])
            found.append(
                Exposure(
                    interface_id=target.interface_id,
                    instance_id=target.instance_id,
                    address=address.public,
                    private_address=address.private,
                    protocol=protocol,
                    ports=span,
                    status=target.state,
                    paths=tuple((c & span, p) for c, p in paths if c & span),
                    caveats=caveats,
                )
            )
        return found, None if found else outcome.blocked, caveats


@dataclass(frozen=True)
class InterfaceReach:
    """One interface: its public addresses, what is exposed on them, and what blocks the rest."""

    target: Target
    exposures: tuple[Exposure, ...]
    blocked: tuple[Blocked, ...]
    caveats: tuple[str, ...] = ()


class Reachability:
    """Internet exposure of every interface in a snapshot (build with :func:`analyse`)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.network = Network(snapshot)
        self.targets = {t.interface_id: t for t in targets(snapshot)}
        self.interfaces = {
            t.interface_id: self._interface(t, IntervalSet.of([ALL_PORTS]))
            for t in self.targets.values()
        }

    def _interface(
        self, target: Target, wanted: IntervalSet, protocols: tuple[str, ...] = PROTOCOLS
    ) -> InterfaceReach:
        if not target.addresses:
            none = Blocked("address", "no public IPv4, Elastic IP or global IPv6 address")
            return InterfaceReach(target, (), (none,))
        exposures: list[Exposure] = []
        blocked: list[Blocked] = []
        caveats: dict[str, None] = {}
        for address in target.addresses:
            for protocol in protocols:
                found, why, notes = self.network.exposures(target, address, protocol, wanted)
                exposures.extend(found)
                caveats.update(dict.fromkeys(notes))
                if why is not None:
                    blocked.append(Blocked(why.stage, why.reason, address.public, protocol))
        return InterfaceReach(target, tuple(exposures), tuple(blocked), tuple(caveats))

    def exposures(self, status: State | None = None) -> list[Exposure]:
        """Every exposure, optionally only ``current`` or ``latent`` ones."""
        return [
            e
            for reach in self.interfaces.values()
            for e in reach.exposures
            if status is None or e.status == status
        ]

    def exposed_ports(self, interface_id: str, protocol: str = "tcp") -> IntervalSet:
        """Every port of ``protocol`` exposed (now or latently) on one interface."""
        found = IntervalSet()
        for exposure in self.interfaces[interface_id].exposures:
            if exposure.protocol == protocol:
                found = found | exposure.ports
        return found

    def explain(self, interface_id: str, port: int, protocol: str = "tcp") -> PortVerdict:
        """Whether one port is exposed, with the path, or what blocked it on each address."""
        target = self.targets[interface_id]
        wanted = IntervalSet.of([(port, port)])
        reach = self._interface(target, wanted, (protocol,))
        if reach.exposures:
            return PortVerdict(True, target.state, exposures=reach.exposures)
        return PortVerdict(False, None, blocked=reach.blocked)


def analyse(snapshot: Snapshot) -> Reachability:
    """The reachability analysis; checks get it as ``ctx.analysis("network", analyse)``."""
    return Reachability(snapshot)


def database_route(snapshot: Snapshot, database: DbInstance) -> Route | None:
    """The internet-gateway route a publicly accessible DB instance's subnets offer, if any.

    RDS: a ``PubliclyAccessible`` instance resolves to a public address, but it is reachable
    only when a subnet of its DB subnet group routes internet clients to an internet gateway
    (RDS User Guide, "Hiding a DB instance in a VPC from the internet"). The DB instance's
    port is not collected, so this answers the route question only.
    """
    if not database.publicly_accessible:
        return None
    network = Network(snapshot)
    for subnet_id in database.subnet_ids:
        subnet = network.subnets.get(subnet_id)
        if subnet is None:
            continue
        table = network.tables.for_subnet(subnet.vpc_id, subnet_id)
        if table is None:
            continue
        routes, _ = parse_routes(table)
        for version in (4, 6):
            cuts = [r.span for r in routes if r.version == version]
            for low, _ in atoms(internet_space(version), cuts):
                route = lookup(routes, address_text(version, low))
                if network.igw_route(route, subnet.vpc_id):
                    return route
    return None


def exposures_of(reach: Reachability, interface_ids: Iterable[str]) -> list[Exposure]:
    """The exposures of some interfaces (an instance's, for example)."""
    return [
        e for i in interface_ids if i in reach.interfaces for e in reach.interfaces[i].exposures
    ]
