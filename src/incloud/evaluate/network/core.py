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
  reply may return through the same appliance. When the endpoint is a collected Network
  Firewall's, its stateless engine drops what it surely drops (:mod:`.firewall`).

:class:`Network` indexes the snapshot once and memoises: each subnet's ACL and routes are
decided once per client segment (:mod:`.subnet`, for one IP version, protocol and set of
ports), each group's rules expanded once, and each (subnet, groups, IP version, protocol,
ports) evaluated once (:mod:`.walk`). For interfaces the memo keeps the :class:`Summary` (the
paths per intermediary, shared by every interface with the same subnet and groups); for load
balancers' listeners the whole :class:`Outcome` (which clients got through). The result types
live in :mod:`.outcome`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...snapshot import Snapshot
from ...snapshot.ec2 import (
    Gateway,
    ManagedPrefixList,
    NetworkAcl,
    RouteTable,
    SecurityGroup,
    Subnet,
)
from .firewall import Firewalls, StatelessFilter
from .intervals import IntervalSet, Range, address_int, address_text, atoms, cidr_range
from .nacl import Acl, AclIndex
from .outcome import Blocked, Exposure, Outcome, Path, Summary, acl_text, kind_of
from .prefix_lists import PrefixLists
from .routes import Route, TableIndex, lookup_value, parse_routes
from .security_groups import GroupRules, GroupSet
from .subnet import ASSUMED_ACL, SubnetProfile, acl_decisions, reply_denied, reply_rule
from .targets import Address, Target
from .walk import Walk

__all__ = ["PROTOCOLS", "Blocked", "Exposure", "Network", "Outcome", "Path"]

PROTOCOLS = ("tcp", "udp")

_ProfileKey = tuple[str, str, int, str, tuple[Range, ...]]


def _within(
    paths: tuple[tuple[IntervalSet, Path], ...], span: IntervalSet
) -> tuple[tuple[IntervalSet, Path], ...]:
    """The paths' ports within ``span`` (a path wholly inside it is kept as it is, and so are
    all of them when they all are).
    """
    found = tuple(
        pair if hit is pair[0] else (hit, pair[1]) for pair in paths if (hit := pair[0] & span)
    )
    return paths if found == paths else found


class Network:
    """The snapshot's network objects, indexed once; answers per subnet and group set."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.tables = TableIndex(snapshot.of_type(RouteTable))
        self.acls = AclIndex(snapshot.of_type(NetworkAcl))
        self.groups = {g.group_id: g for g in snapshot.of_type(SecurityGroup)}
        self.subnets = {s.subnet_id: s for s in snapshot.of_type(Subnet)}
        self.gateways = {g.gateway_id: g for g in snapshot.of_type(Gateway)}
        self.lists = PrefixLists(snapshot.of_type(ManagedPrefixList))
        self.firewalls = Firewalls(snapshot)
        self._parsed: dict[str, tuple[list[Route], list[str]]] = {}
        self._acl: dict[str, Acl] = {}
        self._cache: dict[tuple[object, ...], tuple[Outcome, tuple[str, ...]]] = {}
        self._group_rules: dict[tuple[str, bool], GroupRules] = {}
        self._profiles: dict[_ProfileKey, SubnetProfile] = {}
        self._summaries: dict[tuple[object, ...], Summary] = {}
        self._internet_gateways: dict[str, list[str]] = {}
        for gateway in self.gateways.values():
            if gateway.gateway_type == "internet" and gateway.vpc_id is not None:
                self._internet_gateways.setdefault(gateway.vpc_id, []).append(gateway.gateway_id)

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
        groups = GroupSet(self._rules_of(g, outbound) for g in wanted if g in self.groups)
        caveats = [
            f"security group {g} not in the snapshot" for g in wanted if g not in self.groups
        ]
        caveats += [f"prefix list {p} not expanded" for p in groups.prefix_lists]
        return groups, caveats

    def _rules_of(self, group_id: str, outbound: bool) -> GroupRules:
        """One group's rules of one direction, prefix lists expanded (once per group)."""
        key = (group_id, outbound)
        if key not in self._group_rules:
            group = self.groups[group_id]
            self._group_rules[key] = GroupRules.of(group, self.lists, outbound=outbound)
        return self._group_rules[key]

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
        for gateway_id in self._internet_gateways.get(vpc_id, []):
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

    def firewall(
        self, appliance: Route | None, subnet_id: str, version: int
    ) -> StatelessFilter | None:
        """The Network Firewall whose endpoint the ingress route names, if collected."""
        subnet = self.subnets.get(subnet_id)
        if appliance is None or subnet is None:
            return None
        blocks = [subnet.cidr_block, *subnet.ipv6_cidr_blocks]
        return self.firewalls.filter(appliance.target, version, [b for b in blocks if b])

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
        one IP version (``open_label``: no groups, everything admitted, described so), with
        the clients that got through (a load balancer's front forwards them).

        Memoised on everything the answer depends on.
        """
        key = (vpc_id, subnet_id, group_ids, version, protocol, wanted.ranges, open_label)
        if key not in self._cache:
            self._cache[key] = self._evaluate(
                vpc_id, subnet_id, group_ids, version, protocol, wanted, open_label, clients=True
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
        *,
        clients: bool,
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
        _, skipped = self.routes(table)
        caveats.extend(f"route to prefix list {p} not expanded" for p in skipped)
        if self.acl(vpc_id, subnet_id) is None:
            caveats.append(f"no network ACL in the snapshot for {subnet_id}: allow-all assumed")
        if open_label:
            groups = GroupSet.open(open_label)
        else:
            groups, notes = self.group_set(group_ids)
            caveats.extend(notes)
        profile = self.profile(vpc_id, subnet_id, table, version, protocol, wanted)
        if profile.firewall is None and profile.appliance is not None:
            caveats.append(
                f"ingress routing sends internet traffic for {subnet_id} through "
                f"{profile.appliance.target}: what that appliance lets through is not modelled"
            )
        walk = Walk(profile, groups.candidates(protocol, version, wanted), clients)
        outcome = walk.run()
        # A stateless drop is final; only what got through the firewall (or a firewall whose
        # rules were not read) leaves its stateful engine as an assumption.
        if profile.firewall is not None and (profile.firewall.rules is None or outcome.pieces):
            caveats.append(profile.firewall.caveat(subnet_id))
        return outcome, tuple(caveats)

    def profile(
        self,
        vpc_id: str,
        subnet_id: str,
        table: RouteTable,
        version: int,
        protocol: str,
        wanted: IntervalSet,
    ) -> SubnetProfile:
        """The subnet's ACL and routes for one IP version, protocol and set of ports, decided
        per client segment and shared by every interface in the subnet (built once).
        """
        key = (vpc_id, subnet_id, version, protocol, wanted.ranges)
        if key not in self._profiles:
            appliance = self.appliance(vpc_id, subnet_id, version)
            self._profiles[key] = SubnetProfile(
                vpc_id,
                self.acl(vpc_id, subnet_id),
                self.routes(table)[0],
                version,
                protocol,
                wanted,
                self.igw_route,
                appliance,
                self.firewall(appliance, subnet_id, version),
            )
        return self._profiles[key]

    def exposures(
        self, target: Target, address: Address, protocol: str, wanted: IntervalSet
    ) -> tuple[list[Exposure], Blocked | None, tuple[str, ...]]:
        """The exposures of one public address (one per kind and maximal port range)."""
        version, _ = address_int(address.public)
        summary = self.summary(
            target.vpc_id, target.subnet_id, target.group_ids, version, protocol, wanted
        )
        found = []
        for exposed in summary.exposed:
            for low, high in exposed.ports:
                span = IntervalSet(((low, high),))
                found.append(
                    Exposure(
                        interface_id=target.interface_id,
                        instance_id=target.instance_id,
                        address=address.public,
                        private_address=address.private,
                        protocol=protocol,
                        ports=span,
                        status=target.state,
                        paths=_within(exposed.paths, span),
                        caveats=summary.caveats,
                        kind=kind_of(exposed.via),
                        via=exposed.via or None,
                    )
                )
        return found, summary.blocked, summary.caveats

    def summary(
        self,
        vpc_id: str | None,
        subnet_id: str | None,
        group_ids: tuple[str, ...],
        version: int,
        protocol: str,
        wanted: IntervalSet,
    ) -> Summary:
        """What :meth:`evaluate` finds, grouped per intermediary with its paths (not which
        clients got through): memoised, shared by every interface with the same subnet and
        groups.
        """
        key = (vpc_id, subnet_id, group_ids, version, protocol, wanted.ranges)
        found = self._summaries.get(key)
        if found is None:
            outcome, caveats = self._evaluate(
                vpc_id, subnet_id, group_ids, version, protocol, wanted, "", clients=False
            )
            found = self._summaries[key] = Summary.of(outcome, caveats)
        return found

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
        acl_id = acl.acl_id if acl else ASSUMED_ACL
        groups, caveats = self.group_set(target.group_ids)
        if acl is None:
            caveats.append(f"no network ACL in the snapshot for {target.subnet_id}")
        wanted = IntervalSet.of([(port, port)])
        cuts = acl.spans(4, protocol) if acl else []
        cuts += [r.span for r in groups.candidates(protocol, 4, wanted) if r.span is not None]
        outcome = Outcome()
        for atom in atoms(sources, cuts):
            source = atom[0]
            inbound = acl_decisions(acl, False, protocol, 4, source, wanted)
            allowed = next((d for d in inbound if d.allow), None)
            if allowed is None:
                if outcome.further("nacl-ingress"):
                    outcome.block(
                        "nacl-ingress",
                        f"{acl_text(acl_id, inbound[0])} denies {protocol} {port} "
                        f"from {address_text(4, source)}",
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
                if outcome.further("security-group"):
                    outcome.block(
                        "security-group",
                        f"no rule of the target's groups admits {protocol} {port} "
                        f"from {address_text(4, source)}",
                    )
                continue
            out_text = reply_rule(acl, protocol, 4, source)
            if out_text is None:
                stop = reply_denied(acl_id, protocol)
                if outcome.further(stop.stage):
                    outcome.block(stop.stage, stop.reason(address_text(4, source)))
                continue
            private = target.private_ips[0] if target.private_ips else target.interface_id
            return (
                f"to {private}:{port} from {address_text(4, source)}; "
                f"inbound {acl_text(acl_id, allowed)}; "
                f"outbound {out_text}; security group rule {rule.describe()}",
                None,
                tuple(caveats),
            )
        return None, outcome.blocked, tuple(caveats)
