"""The per-interface evaluation: what gets from the internet to ports behind one subnet's
network ACL and one set of security groups, and back (AWS VPC User Guide).

* in: the subnet's network ACL admits the client's traffic to the port ("Network ACL rules":
  ascending rule number, first match wins, implicit deny) and a rule of one of the interface's
  security groups admits it ("Security group rules": the union of the groups, allow only);
* out: the network ACL's outbound rules admit the reply to the client's ephemeral ports
  1024-65535 (network ACLs are stateless; security groups are stateful, so their outbound
  rules do not matter), and the most specific route for the client's address in the subnet's
  route table is an active route to the VPC's internet gateway ("Route priority"). A NAT
  gateway, egress-only internet gateway, transit gateway, peering, appliance or blackhole next
  hop breaks the reply path.
* ingress routing ("Gateway route tables"): when the internet gateway has an edge-associated
  route table sending the subnet's traffic to an appliance or Gateway Load Balancer endpoint,
  what gets in is inspected on the way (reported ``via-appliance``, with a caveat), and the
  reply may return through the same appliance.

The client address space (public IPv4, global unicast IPv6) is split at every CIDR boundary
of the routes, ACL entries and group rules involved, so one representative address decides
for each piece: a prefix routed elsewhere is excluded exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from ...snapshot import Snapshot
from ...snapshot.ec2 import (
    Gateway,
    ManagedPrefixList,
    NetworkAcl,
    RouteTable,
    SecurityGroup,
    Subnet,
)
from .intervals import (
    EPHEMERAL_PORTS,
    IntervalSet,
    Range,
    address_int,
    address_text,
    atoms,
    cidr_range,
    internet_space,
)
from .nacl import Acl, AclDecision, AclIndex
from .prefix_lists import PrefixLists
from .routes import Route, TableIndex, lookup_value, parse_routes
from .security_groups import VIA_CLOUDFRONT, GroupSet, SgRule
from .targets import Address, State, Target

PROTOCOLS = ("tcp", "udp")

Stage = Literal["address", "route", "nacl-ingress", "security-group", "nacl-egress"]
"""Where traffic was stopped: no public address, no route back, or one of the filters."""

ExposureKind = Literal[
    "direct", "load-balancer", "via-load-balancer", "via-cloudfront", "via-appliance"
]
"""How the internet reaches the port: straight to the interface's public address, on a load
balancer's listener, through a load balancer to its target, only from CloudFront, or through
an inspection appliance (ingress routing)."""

_STAGE_ORDER: dict[Stage, int] = {
    "address": 0,
    "nacl-ingress": 1,
    "security-group": 2,
    "nacl-egress": 3,
    "route": 4,
}

DIRECT = ""
"""The ``via`` key of what reaches an address without an intermediary."""


@dataclass(frozen=True)
class Path:
    """Why traffic gets through, like Reachability Analyzer's explanation."""

    client: str
    """A representative internet client address the path holds for."""
    route: str
    nacl_ingress: str
    nacl_egress: str
    security_group_rule: str
    hop: str = ""
    """For traffic a load balancer forwards: the leg from the load balancer to the target."""

    def describe(self) -> str:
        """One line: route, ACL rules and security-group rule (then the forwarded leg)."""
        text = (
            f"client {self.client}; route {self.route}; inbound {self.nacl_ingress}; "
            f"outbound {self.nacl_egress}; security group rule {self.security_group_rule}"
        )
        return f"{text}; then {self.hop}" if self.hop else text


@dataclass(frozen=True)
class Exposure:
    """Ports of one protocol an internet client can open, on one public address.

    ``kind`` says how (see :data:`ExposureKind`); ``via`` names the intermediary for every
    kind but ``direct`` (``web-alb:443``, ``CloudFront``). For a load balancer's own listener
    (``load-balancer``) ``interface_id`` is the load balancer's name and ``address`` its DNS
    name; for a target reached through one, ``address`` is the load balancer's DNS name and
    ``private_address`` the target's address.
    """

    interface_id: str
    instance_id: str | None
    address: str
    private_address: str | None
    protocol: str
    ports: IntervalSet
    status: State
    paths: tuple[tuple[IntervalSet, Path], ...]
    caveats: tuple[str, ...] = ()
    kind: ExposureKind = "direct"
    via: str | None = None

    @property
    def direct(self) -> bool:
        """True when a client opens the port on the interface's own public address."""
        return self.kind == "direct"

    def path_for(self, port: int) -> Path | None:
        """The path that lets ``port`` through."""
        return next((p for covered, p in self.paths if port in covered), None)

    def describe(self) -> str:
        """``54.1.2.3 tcp 22 on eni-1 (i-1)``, with ``via ...`` when not direct."""
        owner = f"{self.interface_id}" + (f" ({self.instance_id})" if self.instance_id else "")
        text = f"{self.address} {self.protocol} {self.ports.describe()} on {owner}"
        return f"{text} via {self.via}" if self.via else text


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


PieceKey = tuple[str, str, str, str, str]
"""(via, route, inbound ACL rule, outbound ACL rule, security-group rule)."""


@dataclass
class Outcome:
    """What one evaluation found: ports per path, the clients that got through, or the block."""

    pieces: dict[PieceKey, tuple[IntervalSet, str]] = field(default_factory=dict)
    client_ranges: dict[str, list[Range]] = field(default_factory=dict)
    blocked: Blocked | None = None

    def reached(self, stage: Stage) -> bool:
        """True when some client already got at least as far as ``stage``."""
        return self.blocked is not None and _STAGE_ORDER[self.blocked.stage] >= _STAGE_ORDER[stage]

    def block(self, stage: Stage, reason: str) -> None:
        """Keep the block furthest along the traffic's way."""
        if self.blocked is None or _STAGE_ORDER[stage] > _STAGE_ORDER[self.blocked.stage]:
            self.blocked = Blocked(stage, reason)

    def ports_by_via(self) -> dict[str, IntervalSet]:
        """Exposed ports per intermediary (``DIRECT`` for none); direct ports win."""
        found: dict[str, list[Range]] = {}
        for (via, *_), (covered, _) in self.pieces.items():
            found.setdefault(via, []).extend(covered)
        merged = {via: IntervalSet.of(ranges) for via, ranges in found.items()}
        direct = merged.get(DIRECT, IntervalSet())
        return {
            via: ports if via == DIRECT else ports - direct
            for via, ports in merged.items()
            if via == DIRECT or ports - direct
        }

    def clients(self, via: str = DIRECT) -> IntervalSet:
        """The client addresses that got through (meaningful for a single wanted port)."""
        return IntervalSet.of(self.client_ranges.get(via, []))


def acl_decisions(
    acl: Acl | None, egress: bool, protocol: str, version: int, address: int, ports: IntervalSet
) -> list[AclDecision]:
    """:meth:`Acl.decide`, or an allow for every port when the subnet's ACL is not in the
    snapshot (the AWS default ACL allows everything; callers add a caveat).
    """
    if acl is None:
        return [AclDecision(ports, True, None)]
    return acl.decide(egress, protocol, version, address, ports)


def acl_text(acl_id: str, decision: AclDecision) -> str:
    """``acl-1 rule 100`` or ``acl-1 the implicit deny (*)``."""
    rule = "the implicit deny (*)" if decision.rule is None else f"rule {decision.rule}"
    return f"{acl_id} {rule}"


def kind_of(via: str) -> ExposureKind:
    """The exposure kind of a ``via`` key of :meth:`Outcome.ports_by_via`."""
    if via == DIRECT:
        return "direct"
    return "via-cloudfront" if via == VIA_CLOUDFRONT else "via-appliance"


class Network:
    """The snapshot's network objects, indexed once; answers per subnet and group set."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.tables = TableIndex(snapshot.of_type(RouteTable))
        self.acls = AclIndex(snapshot.of_type(NetworkAcl))
        self.groups = {g.group_id: g for g in snapshot.of_type(SecurityGroup)}
        self.subnets = {s.subnet_id: s for s in snapshot.of_type(Subnet)}
        self.gateways = {g.gateway_id: g for g in snapshot.of_type(Gateway)}
        self.lists = PrefixLists(snapshot.of_type(ManagedPrefixList))
        self._parsed: dict[str, tuple[list[Route], list[str]]] = {}
        self._acl: dict[str, Acl] = {}
        self._cache: dict[tuple[object, ...], tuple[Outcome, tuple[str, ...]]] = {}
        self._group_sets: dict[tuple[tuple[str, ...], bool], tuple[GroupSet, tuple[str, ...]]] = {}

    def routes(self, table: RouteTable) -> tuple[list[Route], list[str]]:
        """A table's routes, prefix lists expanded (parsed once)."""
        if table.route_table_id not in self._parsed:
            self._parsed[table.route_table_id] = parse_routes(table, self.lists)
        return self._parsed[table.route_table_id]

    def acl(self, vpc_id: str, subnet_id: str) -> Acl | None:
        """The subnet's network ACL, parsed once (None when none is in the snapshot)."""
        raw = self.acls.for_subnet(vpc_id, subnet_id)
        if raw is None:
            return None
        if raw.acl_id not in self._acl:
            self._acl[raw.acl_id] = Acl(raw)
        return self._acl[raw.acl_id]

    def group_set(
        self, group_ids: Iterable[str], *, outbound: bool = False
    ) -> tuple[GroupSet, list[str]]:
        """The union of some groups' inbound (or ``outbound``) rules, and caveats for groups
        or prefix lists not known.
        """
        wanted = tuple(group_ids)
        key = (wanted, outbound)
        if key not in self._group_sets:
            groups = GroupSet(
                (self.groups[g] for g in wanted if g in self.groups), self.lists, outbound=outbound
            )
            caveats = [
                f"security group {g} not in the snapshot" for g in wanted if g not in self.groups
            ]
            caveats += [f"prefix list {p} not expanded" for p in groups.prefix_lists]
            self._group_sets[key] = (groups, tuple(caveats))
        groups, notes = self._group_sets[key]
        return groups, list(notes)

    def igw_route(self, route: Route | None, vpc_id: str) -> bool:
        """An active route to an internet gateway attached to this VPC (when it is known)."""
        if route is None or not route.to_internet_gateway:
            return False
        gateway = self.gateways.get(route.target)
        return gateway is None or gateway.vpc_id in (None, vpc_id)

    def appliance(self, vpc_id: str, subnet_id: str, version: int) -> Route | None:
        """The ingress route sending internet traffic for the subnet to an appliance, if any.

        "Gateway route tables": a table with an edge association to the VPC's internet gateway
        routes the traffic entering through it; the route for the subnet's range (looked up
        at the subnet's first address) decides, and ``local`` means no detour.
        """
        subnet = self.subnets.get(subnet_id)
        if subnet is None:
            return None
        blocks = [subnet.cidr_block] if version == 4 else list(subnet.ipv6_cidr_blocks)
        gateways = [
            g.gateway_id
            for g in self.gateways.values()
            if g.gateway_type == "internet" and g.vpc_id == vpc_id
        ]
        for gateway_id in gateways:
            table = self.tables.for_gateway(vpc_id, gateway_id)
            if table is None:
                continue
            routes, _ = self.routes(table)
            for block in filter(None, blocks):
                _, (low, _) = cidr_range(block)
                route = lookup_value(routes, version, low)
                if route is not None and route.active and route.target != "local":
                    return route
        return None

    def evaluate(
        self,
        vpc_id: str | None,
        subnet_id: str | None,
        group_ids: tuple[str, ...],
        version: int,
        protocol: str,
        wanted: IntervalSet,
        open_label: str = "",
    ) -> tuple[Outcome, tuple[str, ...]]:
        """What reaches ``wanted`` ports of ``protocol`` behind a subnet and some groups over
        one IP version (``open_label``: no groups, everything admitted, described so).

        Memoised on everything the answer depends on.
        """
        key = (vpc_id, subnet_id, group_ids, version, protocol, wanted, open_label)
        if key not in self._cache:
            self._cache[key] = self._evaluate(
                vpc_id, subnet_id, group_ids, version, protocol, wanted, open_label
            )
        return self._cache[key]

    def _evaluate(
        self,
        vpc_id: str | None,
        subnet_id: str | None,
        group_ids: tuple[str, ...],
        version: int,
        protocol: str,
        wanted: IntervalSet,
        open_label: str,
    ) -> tuple[Outcome, tuple[str, ...]]:
        outcome = Outcome()
        caveats: list[str] = []
        if vpc_id is None or subnet_id is None:
            outcome.block("route", "the interface is in no VPC subnet")
            return outcome, ()
        table = self.tables.for_subnet(vpc_id, subnet_id)
        if table is None:
            outcome.block("route", f"no route table (explicit or main) for {subnet_id}")
            return outcome, ()
        routes, skipped = self.routes(table)
        caveats.extend(f"route to prefix list {p} not expanded" for p in skipped)
        acl = self.acl(vpc_id, subnet_id)
        if acl is None:
            caveats.append(f"no network ACL in the snapshot for {subnet_id}: allow-all assumed")
        if open_label:
            groups = GroupSet.open(open_label)
        else:
            groups, notes = self.group_set(group_ids)
            caveats.extend(notes)
        appliance = self.appliance(vpc_id, subnet_id, version)
        if appliance is not None:
            caveats.append(
                f"ingress routing sends internet traffic for {subnet_id} through "
                f"{appliance.target}: what that appliance lets through is not modelled"
            )
        cuts: list[Range] = [r.span for r in routes if r.version == version]
        cuts += [span for v, span in (acl.cuts if acl else []) + groups.cuts if v == version]
        for atom in atoms(internet_space(version), cuts):
            self._atom(
                outcome, acl, groups, routes, vpc_id, version, atom, protocol, wanted, appliance
            )
        return outcome, tuple(caveats)

    def _atom(
        self,
        outcome: Outcome,
        acl: Acl | None,
        groups: GroupSet,
        routes: list[Route],
        vpc_id: str,
        version: int,
        atom: Range,
        protocol: str,
        wanted: IntervalSet,
        appliance: Route | None,
    ) -> None:
        client = atom[0]
        admitting = [r for r in groups.admitting(protocol, version, client) if r.ports & wanted]
        if not admitting and (outcome.pieces or outcome.reached("security-group")):
            return  # stopped at or before the groups: cannot change the answer
        shown = address_text(version, client)
        acl_id = acl.acl_id if acl else "default ACL (assumed)"
        inbound = acl_decisions(acl, False, protocol, version, client, wanted)
        allowed_in = [d for d in inbound if d.allow]
        if not allowed_in:
            first = inbound[0] if inbound else AclDecision(wanted, False, None)
            outcome.block(
                "nacl-ingress",
                f"{acl_text(acl_id, first)} denies inbound {protocol} "
                f"{first.ports.describe()} from {shown}",
            )
            return
        in_ports = IntervalSet.of(r for d in allowed_in for r in d.ports)
        if not any(rule.ports & in_ports for rule in admitting):
            outcome.block(
                "security-group",
                f"no security group rule admits {protocol} {in_ports.describe()} from {shown}",
            )
            return
        out_text = self._reply(outcome, acl, acl_id, protocol, version, client, shown)
        if out_text is None:
            return
        route = lookup_value(routes, version, client)
        through_appliance = (
            appliance is not None
            and route is not None
            and route.active
            and route.target == appliance.target
        )
        if not (self.igw_route(route, vpc_id) or through_appliance):
            where = route.describe() if route else "no matching route"
            outcome.block(
                "route", f"reply to {shown} is not routed to an internet gateway: {where}"
            )
            return
        assert route is not None
        for decision in allowed_in:
            for rule in admitting:
                self._piece(
                    outcome, decision, rule, route, acl_id, out_text, shown, atom, appliance
                )

    @staticmethod
    def _reply(
        outcome: Outcome,
        acl: Acl | None,
        acl_id: str,
        protocol: str,
        version: int,
        client: int,
        shown: str,
    ) -> str | None:
        """The outbound ACL rule letting the reply reach the client's ephemeral ports."""
        ephemeral = IntervalSet.of([EPHEMERAL_PORTS])
        outbound = acl_decisions(acl, True, protocol, version, client, ephemeral)
        allowed_out = next((d for d in outbound if d.allow), None)
        if allowed_out is None:
            outcome.block(
                "nacl-egress",
                f"{acl_id} denies the reply (outbound {protocol} 1024-65535) to {shown}",
            )
            return None
        return f"{acl_text(acl_id, allowed_out)} ({protocol} {allowed_out.ports.describe()})"

    @staticmethod
    def _piece(
        outcome: Outcome,
        decision: AclDecision,
        rule: SgRule,
        route: Route,
        acl_id: str,
        out_text: str,
        shown: str,
        atom: Range,
        appliance: Route | None,
    ) -> None:
        covered = decision.ports & rule.ports
        if not covered:
            return
        via = rule.via or DIRECT
        if appliance is not None:
            via = f"{appliance.target} (ingress routing)"
        key = (via, route.describe(), acl_text(acl_id, decision), out_text, rule.describe())
        previous = outcome.pieces.get(key)
        if previous is None:
            outcome.pieces[key] = (covered, shown)
        else:
            outcome.pieces[key] = (previous[0] | covered, previous[1])
        ranges = outcome.client_ranges.setdefault(via, [])
        if not ranges or ranges[-1] != atom:
            ranges.append(atom)

    def exposures(
        self, target: Target, address: Address, protocol: str, wanted: IntervalSet
    ) -> tuple[list[Exposure], Blocked | None, tuple[str, ...]]:
        """The exposures of one public address (one per kind and maximal port range)."""
        version, _ = address_int(address.public)
        outcome, caveats = self.evaluate(
            target.vpc_id, target.subnet_id, target.group_ids, version, protocol, wanted
        )
        found = []
        for via, exposed in outcome.ports_by_via().items():
            paths = [
                (covered, Path(client, route, nacl_in, nacl_out, rule))
                for (key_via, route, nacl_in, nacl_out, rule), (covered, client) in (
                    outcome.pieces.items()
                )
                if key_via == via
            ]
            for low, high in exposed:
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
                        kind=kind_of(via),
                        via=via or None,
                    )
                )
        return found, None if found else outcome.blocked, caveats

    def hop(
        self,
        target: Target,
        sources: IntervalSet,
        source_groups: frozenset[str],
        protocol: str,
        port: int,
    ) -> tuple[str | None, Blocked | None, tuple[str, ...]]:
        """Whether traffic forwarded from ``sources`` (IPv4 addresses, members of
        ``source_groups``) gets to ``port`` of the target inside its VPC: the target subnet's
        ACL in, a rule of the target's groups, the ACL out for the reply. Inside the VPC the
        ``local`` route carries it ("Route tables"), so no route is checked.

        Returns the hop's description (None when blocked), the block, and caveats.
        """
        if target.vpc_id is None or target.subnet_id is None:
            return None, Blocked("route", "the target is in no VPC subnet"), ()
        acl = self.acl(target.vpc_id, target.subnet_id)
        acl_id = acl.acl_id if acl else "default ACL (assumed)"
        groups, caveats = self.group_set(target.group_ids)
        if acl is None:
            caveats.append(f"no network ACL in the snapshot for {target.subnet_id}")
        wanted = IntervalSet.of([(port, port)])
        cuts = [span for v, span in (acl.cuts if acl else []) + groups.cuts if v == 4]
        outcome = Outcome()
        for atom in atoms(sources, cuts):
            source = atom[0]
            shown = address_text(4, source)
            inbound = acl_decisions(acl, False, protocol, 4, source, wanted)
            allowed = next((d for d in inbound if d.allow), None)
            if allowed is None:
                outcome.block(
                    "nacl-ingress",
                    f"{acl_text(acl_id, inbound[0])} denies {protocol} {port} from {shown}",
                )
                continue
            rule = next(
                (
                    r
                    for r in groups.admitting(protocol, 4, source, source_groups)
                    if port in r.ports
                ),
                None,
            )
            if rule is None:
                outcome.block(
                    "security-group",
                    f"no rule of the target's groups admits {protocol} {port} from {shown}",
                )
                continue
            out_text = self._reply(outcome, acl, acl_id, protocol, 4, source, shown)
            if out_text is None:
                continue
            private = target.private_ips[0] if target.private_ips else target.interface_id
            return (
                f"to {private}:{port} from {shown}; inbound {acl_text(acl_id, allowed)}; "
                f"outbound {out_text}; security group rule {rule.describe()}",
                None,
                tuple(caveats),
            )
        return None, outcome.blocked, tuple(caveats)
