"""A deliberately simple, slow reference for the internet exposure of interfaces.

:func:`port_verdict` decides one (interface, public address, protocol, port) by the AWS VPC
User Guide, one client address at a time, with none of the engine's machinery (no interval
sets, atoms or memos):

1. "Network ACL rules": the subnet's ACL (its association, else the VPC's default ACL; none
   in the snapshot: allow all) checks the inbound packet; entries of the direction and IP
   version in ascending rule number, the first whose CIDR, protocol (``-1`` all) and, for TCP
   and UDP, port range match decides; no match denies.
2. "Security group rules": some inbound rule of some group on the interface allows the
   protocol and port from the client (CIDR, or an entry of a prefix list; a group source
   never matches an internet client). Security groups are stateful: their outbound rules do
   not matter for the reply.
3. The ACL is stateless: some ephemeral port 1024-65535 of the client must pass the outbound
   entries, first match again.
4. "Route priority": the longest prefix route for the client in the subnet's table (explicit
   association, else the main table; prefix-list routes stand for their entries; a static
   route beats a prefix-list route of the same length, both beat a propagated one) must be an
   active route to an internet gateway attached to the VPC (when the gateway is known).

"Gateway route tables": when the VPC's internet gateway has an edge-associated table whose
route for the subnet's first address is active and not ``local``, what gets in passes that
appliance (``via-appliance``), and a reply routed to the same appliance counts as reaching the
gateway.

Clients are tried at every CIDR boundary of the topology (each decision is constant between
two boundaries), restricted to internet addresses (public IPv4 outside RFC 6890's special
ranges, global unicast IPv6 ``2000::/3``). A rule whose source is CloudFront's origin-facing
list admits CloudFront only (``via-cloudfront``).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from incloud.snapshot import Snapshot
from incloud.snapshot.ec2 import (
    ElasticIp,
    Gateway,
    IpPermission,
    ManagedPrefixList,
    NetworkAcl,
    NetworkAclEntry,
    NetworkInterface,
    RouteTable,
    SecurityGroup,
    Subnet,
    protocol_number,
)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

STAGES = ("nacl-ingress", "security-group", "nacl-egress", "route")
"""How far a client gets, in the order the engine names blocks."""

NOT_INTERNET_V4 = (
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "224.0.0.0/4",
    "240.0.0.0/4",
)
INTERNET_V6 = ipaddress.ip_network("2000::/3")
CLOUDFRONT_NAME = "com.amazonaws.global.cloudfront.origin-facing"


def net(cidr: str) -> Network:
    """A CIDR block (host bits allowed)."""
    return ipaddress.ip_network(cidr, strict=False)


def is_internet(address: Address) -> bool:
    """A client address on the internet."""
    if address.version == 6:
        return address in INTERNET_V6
    return not any(address in net(c) for c in NOT_INTERNET_V4)


@dataclass
class Topology:
    """The snapshot's objects the oracle reads, by id."""

    snapshot: Snapshot
    tables: list[RouteTable] = field(default_factory=list)
    acls: list[NetworkAcl] = field(default_factory=list)
    groups: dict[str, SecurityGroup] = field(default_factory=dict)
    lists: dict[str, ManagedPrefixList] = field(default_factory=dict)
    gateways: dict[str, Gateway] = field(default_factory=dict)
    subnets: dict[str, Subnet] = field(default_factory=dict)
    clients: dict[int, list[Address]] = field(default_factory=dict)

    @classmethod
    def of(cls, snapshot: Snapshot) -> Topology:
        """Index a snapshot and list the candidate clients."""
        found = cls(
            snapshot,
            list(snapshot.of_type(RouteTable)),
            list(snapshot.of_type(NetworkAcl)),
            {g.group_id: g for g in snapshot.of_type(SecurityGroup)},
            {p.prefix_list_id: p for p in snapshot.of_type(ManagedPrefixList)},
            {g.gateway_id: g for g in snapshot.of_type(Gateway)},
            {s.subnet_id: s for s in snapshot.of_type(Subnet)},
        )
        cidrs = ["0.0.0.0/0", "::/0", "2000::/3", *NOT_INTERNET_V4]
        cidrs += [r.destination for t in found.tables for r in t.routes if not r.prefix_list_id]
        cidrs += [e.cidr for a in found.acls for e in a.entries]
        cidrs += [c for p in found.lists.values() for c in p.entries or ()]
        for group in found.groups.values():
            cidrs += [c for r in group.ingress for c in (r.cidr_ipv4, r.cidr_ipv6) if c]
        bounds: set[Address] = set()
        for cidr in cidrs:
            block = net(cidr)
            bounds.add(block.network_address)
            if int(block.broadcast_address) < (2**32 if block.version == 4 else 2**128) - 1:
                bounds.add(block.broadcast_address + 1)
        for version in (4, 6):
            found.clients[version] = sorted(
                (a for a in bounds if a.version == version and is_internet(a)), key=int
            )
        return found

    def table(self, vpc_id: str, subnet_id: str) -> RouteTable | None:
        """ "Subnet route tables": the explicitly associated table, else the main one."""
        mine = [t for t in self.tables if t.vpc_id == vpc_id]
        explicit = [t for t in mine if subnet_id in t.subnet_ids]
        main = [t for t in mine if t.is_main]
        return next(iter(explicit or main), None)

    def acl(self, vpc_id: str, subnet_id: str) -> NetworkAcl | None:
        """ "Default network ACL": the associated ACL, else the VPC's default one."""
        mine = [a for a in self.acls if a.vpc_id == vpc_id]
        associated = [a for a in mine if subnet_id in a.subnet_ids]
        default = [a for a in mine if a.is_default]
        return next(iter(associated or default), None)


def acl_first(
    acl: NetworkAcl | None, egress: bool, client: Address, protocol: str, port: int
) -> NetworkAclEntry | bool:
    """The first matching entry, False when none matches (the implicit deny), True when the
    subnet has no ACL in the snapshot (the AWS default allows everything).
    """
    if acl is None:
        return True
    number = protocol_number(protocol)
    for entry in sorted(acl.entries, key=lambda e: e.rule_number):
        block = net(entry.cidr)
        if entry.egress != egress or block.version != client.version or client not in block:
            continue
        if entry.protocol not in ("-1", number):
            continue
        if entry.protocol in ("6", "17") and entry.from_port is not None:
            assert entry.to_port is not None
            if not entry.from_port <= port <= entry.to_port:
                continue
        return entry
    return False


def acl_allows(
    acl: NetworkAcl | None, egress: bool, client: Address, protocol: str, port: int
) -> bool:
    """Whether the ACL lets one packet through."""
    first = acl_first(acl, egress, client, protocol, port)
    return first is True or (isinstance(first, NetworkAclEntry) and first.allow)


def reply_allowed(acl: NetworkAcl | None, client: Address, protocol: str) -> bool:
    """Some ephemeral port of the client passes the outbound entries (tried at each bound)."""
    ports = {1024, 65535}
    for entry in acl.entries if acl else ():
        if entry.from_port is not None and entry.to_port is not None:
            ports |= {entry.from_port, entry.to_port, entry.from_port - 1, entry.to_port + 1}
    return any(
        acl_allows(acl, True, client, protocol, p) for p in sorted(ports) if 1024 <= p <= 65535
    )


def rule_admits(
    topo: Topology, rule: IpPermission, client: Address, protocol: str, port: int
) -> str | None:
    """``direct`` or ``via-cloudfront`` when the inbound rule admits the packet, else None."""
    number = protocol_number(rule.protocol)
    if number not in ("-1", protocol_number(protocol)):
        return None
    if number in ("6", "17"):
        low = 0 if rule.from_port is None else rule.from_port
        high = 65535 if rule.to_port is None else rule.to_port
        if not low <= port <= high:
            return None
    cidr = rule.cidr_ipv4 or rule.cidr_ipv6
    if cidr:
        block = net(cidr)
        return "direct" if block.version == client.version and client in block else None
    listed = topo.lists.get(rule.prefix_list_id or "")
    if listed is None:
        return None  # a group source, or a list not in the snapshot
    cloudfront = listed.name == CLOUDFRONT_NAME
    entries = listed.entries
    if entries is None:
        if not cloudfront:
            return None
        entries = ("0.0.0.0/0", "::/0")  # CloudFront's addresses not read: any may be one
    inside = any(net(c).version == client.version and client in net(c) for c in entries)
    if not inside:
        return None
    return "via-cloudfront" if cloudfront else "direct"


def best_route(topo: Topology, table: RouteTable, client: Address) -> tuple[str, str, bool] | None:
    """(destination, target, active) of the longest-prefix route ("Route priority")."""
    best: tuple[int, int, str, str, bool] | None = None
    for route in table.routes:
        if route.prefix_list_id:
            listed = topo.lists.get(route.prefix_list_id)
            if listed is None or listed.entries is None:
                continue
            cidrs: tuple[str, ...] = listed.entries
        else:
            cidrs = (route.destination,)
        rank = 2 if route.propagated else 1 if route.prefix_list_id else 0
        for cidr in cidrs:
            block = net(cidr)
            if block.version != client.version or client not in block:
                continue
            if best is None or (-block.prefixlen, rank) < (-best[0], best[1]):
                target = route.target_id or "unknown"
                best = (block.prefixlen, rank, cidr, target, route.state == "active")
    return None if best is None else best[2:]


def route_ok(
    topo: Topology, table: RouteTable, vpc_id: str, client: Address, appliance: str | None
) -> bool:
    """The reply's route is an active one to an internet gateway of this VPC, or to the
    appliance the traffic came in through.
    """
    found = best_route(topo, table, client)
    if found is None:
        return False
    _, target, active = found
    gateway = topo.gateways.get(target)
    attached = gateway is None or gateway.vpc_id in (None, vpc_id)
    return active and ((target.startswith("igw-") and attached) or target == appliance)


def appliance(topo: Topology, vpc_id: str, subnet_id: str, version: int) -> str | None:
    """The appliance ingress routing sends the subnet's internet traffic to, if any."""
    subnet = topo.subnets.get(subnet_id)
    if subnet is None:
        return None
    blocks = [subnet.cidr_block] if version == 4 else list(subnet.ipv6_cidr_blocks)
    for gateway in topo.gateways.values():
        if gateway.gateway_type != "internet" or gateway.vpc_id != vpc_id:
            continue
        edges = [
            t for t in topo.tables if t.vpc_id == vpc_id and gateway.gateway_id in t.gateway_ids
        ]
        for block in filter(None, blocks if edges else []):
            found = best_route(topo, edges[-1], net(block).network_address)
            if found is not None and found[2] and found[1] != "local":
                return found[1]
    return None


@dataclass(frozen=True)
class Verdict:
    """One port: how it is exposed (None: not), or the furthest stage any client reached and
    the first client (in address order) to reach it.
    """

    kind: str | None
    stage: str | None
    client: str | None = None


def port_verdict(
    topo: Topology, eni: NetworkInterface, version: int, protocol: str, port: int
) -> Verdict:
    """Direct, via CloudFront, or the stage that stopped the furthest client."""
    assert eni.vpc_id and eni.subnet_id
    table = topo.table(eni.vpc_id, eni.subnet_id)
    if table is None:
        return Verdict(None, "route")  # the engine stops there: no table at all
    acl = topo.acl(eni.vpc_id, eni.subnet_id)
    detour = appliance(topo, eni.vpc_id, eni.subnet_id, version)
    rules = [r for g in eni.security_group_ids if g in topo.groups for r in topo.groups[g].ingress]
    kinds: set[str] = set()
    first: dict[int, Address] = {}  # stage -> the first client stopped there
    for client in topo.clients[version]:
        admitted = {k for r in rules if (k := rule_admits(topo, r, client, protocol, port))}
        if not acl_allows(acl, False, client, protocol, port):
            first.setdefault(0, client)
        elif not admitted:
            first.setdefault(1, client)
        elif not reply_allowed(acl, client, protocol):
            first.setdefault(2, client)
        elif not route_ok(topo, table, eni.vpc_id, client, detour):
            first.setdefault(3, client)
        else:
            kinds |= admitted
    if kinds and detour is not None:
        return Verdict("via-appliance", None)
    if kinds:
        return Verdict("direct" if "direct" in kinds else "via-cloudfront", None)
    furthest = max(first)
    return Verdict(None, STAGES[furthest], str(first[furthest]))


def public_addresses(topo: Topology, eni: NetworkInterface) -> list[str]:
    """The interface's Elastic IPs, public IPv4 and global IPv6 addresses."""
    eips = [
        e.public_ip
        for e in topo.snapshot.of_type(ElasticIp)
        if e.network_interface_id == eni.interface_id
    ]
    found = list(dict.fromkeys([*eips, *eni.public_ips]))
    return found + [a for a in eni.ipv6_addresses if is_internet(ipaddress.ip_address(a))]
