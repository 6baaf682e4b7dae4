"""Load balancers: what an internet-facing ALB or NLB exposes, and what it forwards to.

Elastic Load Balancing (Application and Network Load Balancers guides):

* Only an ``internet-facing`` load balancer has public addresses ("Load balancer scheme"); it
  accepts connections on its listeners' ports only ("Listeners"): a security group open on
  443 opens nothing when the only listener is on 80.
* The load balancer's security groups decide which clients reach a listener; a Network Load
  Balancer created without security groups admits every client ("Security groups for your
  Network Load Balancer"). Its nodes live in its subnets, so those subnets' network ACLs and
  route tables (a route to an internet gateway for the reply) apply as to any interface.
* A listener forwards to target groups ("forward" actions of its default actions and of its
  rules, "Listener rules for your Application Load Balancer"; where a listener's rules were
  not read, a group attached to the load balancer but named by no default action or read
  rule is taken to be reachable on that listener, with a caveat). A rule's ``source-ip``
  condition is not applied: the rule is taken to forward any client's requests (caveat).
  Targets are reached on the target group's port, or the target's own port override
  ("Register targets"); instance targets on the primary private address of the primary
  interface. Target health is irrelevant: registration, not health, decides reachability.
* The target's security groups must admit the traffic ("Target security groups"): from the
  load balancer's private addresses (or a rule naming the load balancer's security group),
  or, with client IP preservation, from the client itself ("Client IP preservation": on by
  default for NLB instance targets and for IP targets over UDP/TCP_UDP/QUIC, off for IP
  targets over TCP/TLS; never on for ALB, which opens its own connections). The load
  balancer's node addresses are read from its interfaces when they are in the snapshot;
  otherwise they are approximated by its subnets' CIDR blocks (any address there counts).

What a target gets this way is reported ``via <load balancer>:<listener port>``, never as
direct exposure. Classic Load Balancers are followed the same way, translated by
:mod:`.classic` (every listener forwards to every registered instance on its instance port).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ...snapshot import Snapshot
from ...snapshot.ec2 import Ec2Instance
from ...snapshot.elb import ClassicLoadBalancer
from ...snapshot.elbv2 import Listener, LoadBalancer, TargetGroup
from .classic import classic_parts
from .core import Network
from .intervals import EPHEMERAL_PORTS, IntervalSet, address_int, cidr_range
from .outcome import DIRECT, Blocked, Exposure, Outcome, Path
from .targets import Target

LISTENER_PROTOCOLS: dict[str, tuple[str, ...]] = {
    "HTTP": ("tcp",),
    "HTTPS": ("tcp",),
    "TCP": ("tcp",),
    "TLS": ("tcp",),
    "SSL": ("tcp",),
    "UDP": ("udp",),
    "TCP_UDP": ("tcp", "udp"),
    "QUIC": ("udp",),
    "TCP_QUIC": ("tcp", "udp"),
}
"""Transport protocols a listener accepts, by listener protocol (``SSL``: a Classic Load
Balancer's TLS listener)."""

_PRESERVED_BY_DEFAULT_IP = frozenset({"UDP", "TCP_UDP", "QUIC", "TCP_QUIC"})

NO_GROUPS = "no security groups: the Network Load Balancer admits every client"


@dataclass(frozen=True)
class BalancerReach:
    """One load balancer: the listener ports the internet opens, what blocks the others."""

    balancer: LoadBalancer
    exposures: tuple[Exposure, ...]
    blocked: tuple[Blocked, ...]
    caveats: tuple[str, ...] = ()


def preserves_client_ip(balancer: LoadBalancer, group: TargetGroup) -> bool:
    """Whether the target sees the client's address (NLB "Client IP preservation")."""
    if balancer.lb_type != "network":
        return False
    if group.preserve_client_ip is not None:
        return group.preserve_client_ip
    return group.target_type == "instance" or group.protocol in _PRESERVED_BY_DEFAULT_IP


def _versions(balancer: LoadBalancer) -> tuple[int, ...]:
    kind = balancer.ip_address_type
    if kind == "dualstack-without-public-ipv4":
        return (6,)
    return (4, 6) if kind == "dualstack" else (4,)


class Balancers:
    """Every load balancer's front and the targets it exposes, from one snapshot."""

    def __init__(self, snapshot: Snapshot, network: Network, targets: Iterable[Target]) -> None:
        self.network = network
        everything = list(targets)
        self.listeners: dict[str, list[Listener]] = defaultdict(list)
        for listener in snapshot.of_type(Listener):
            self.listeners[listener.load_balancer_arn].append(listener)
        self.groups = {g.arn: g for g in snapshot.of_type(TargetGroup)}
        self.attached: dict[str, list[TargetGroup]] = defaultdict(list)
        for group in self.groups.values():
            for arn in group.load_balancer_arns:
                self.attached[arn].append(group)
        primary = {
            i.instance_id: i.network_interface_ids[0]
            for i in snapshot.of_type(Ec2Instance)
            if i.network_interface_ids
        }
        self.by_instance: dict[str, Target] = {}
        self.by_address: dict[tuple[str | None, str], Target] = {}
        self.nodes: dict[str, list[str]] = defaultdict(list)
        for target in everything:
            if target.load_balancer is not None:
                self.nodes[target.load_balancer].extend(target.private_ips)
                continue
            owner = target.instance_id
            if owner and (
                owner not in self.by_instance or primary.get(owner) == target.interface_id
            ):
                self.by_instance[owner] = target
            for address in target.private_ips:
                self.by_address[(target.vpc_id, address)] = target
        self.reach: dict[str, BalancerReach] = {}
        self.via: dict[str, list[Exposure]] = defaultdict(list)
        self._seen: set[tuple[str, str, int, str]] = set()
        for balancer in snapshot.of_type(LoadBalancer):
            if balancer.lb_type in ("application", "network"):
                self.reach[balancer.name] = self._balancer(balancer)
        for clb in snapshot.of_type(ClassicLoadBalancer):
            classic, listeners, groups = classic_parts(clb)
            self.listeners[classic.arn] = listeners
            self.groups.update((g.arn, g) for g in groups)
            # ALB and Classic names are separate namespaces: a shared name keeps both.
            key = classic.name if classic.name not in self.reach else f"{classic.name} (Classic)"
            self.reach[key] = self._balancer(classic)

    def _balancer(self, balancer: LoadBalancer) -> BalancerReach:
        if balancer.scheme != "internet-facing":
            internal = Blocked("address", "internal load balancer: no public address")
            return BalancerReach(balancer, (), (internal,))
        exposures: list[Exposure] = []
        blocked: list[Blocked] = []
        caveats: dict[str, None] = {}
        listeners = self.listeners.get(balancer.arn, [])
        if not listeners:
            blocked.append(Blocked("address", "no listener: the load balancer accepts nothing"))
        by_rules = self._by_rules(balancer, listeners, caveats)
        for listener in listeners:
            port = listener.port
            if port is None:
                continue
            groups = self._forwarded(listener, by_rules, caveats)
            for protocol in LISTENER_PROTOCOLS.get(listener.protocol.upper(), ()):
                for version in _versions(balancer):
                    front, path, why, notes = self._front(balancer, version, protocol, port)
                    caveats.update(dict.fromkeys(notes))
                    if path is None:
                        if why is not None:
                            where = f"{listener.protocol} {port} (IPv{version})"
                            blocked.append(Blocked(why.stage, why.reason, where, protocol))
                        continue
                    exposures.append(self._front_exposure(balancer, protocol, port, front, path))
                    for group in groups:
                        self._targets(balancer, listener, group, protocol, front, path, caveats)
        return BalancerReach(balancer, tuple(exposures), tuple(blocked), tuple(caveats))

    def _forwarded(
        self, listener: Listener, by_rules: list[TargetGroup], caveats: dict[str, None]
    ) -> list[TargetGroup]:
        """The target groups one listener forwards to: those its default actions and rules
        name, and, when its rules were not read, the groups assumed forwarded by rules.
        """
        wanted = set(listener.target_group_arns) | set(listener.forwarded_by_rules())
        groups = [self.groups[a] for a in sorted(wanted) if a in self.groups]
        if listener.rules is None:
            groups += [g for g in by_rules if g.arn not in wanted]
        for rule in listener.rules or ():
            if rule.source_ips and rule.target_group_arns:
                caveats[
                    f"listener {listener.port} rule {rule.priority} forwards only requests from "
                    f"{', '.join(rule.source_ips)}: taken to forward any client's"
                ] = None
        for arn in sorted(wanted - set(self.groups)):
            caveats[f"target group {arn} not in the snapshot"] = None
        return groups

    def _by_rules(
        self, balancer: LoadBalancer, listeners: list[Listener], caveats: dict[str, None]
    ) -> list[TargetGroup]:
        """Groups attached to the load balancer that no default action or read rule names,
        when some listener's rules were not read (they may forward there), noting them and
        unread targets. With every listener's rules read, nothing is assumed.
        """
        attached = self.attached.get(balancer.arn, [])
        for group in attached:
            if group.targets is None:
                caveats[f"targets of target group {group.name} not read"] = None
        if all(lst.rules is not None for lst in listeners):
            return []
        named = {
            a for lst in listeners for a in (*lst.target_group_arns, *lst.forwarded_by_rules())
        }
        found = [g for g in attached if g.arn not in named]
        for group in found:
            caveats[
                f"target group {group.name} is named by no listener's default action or read "
                "rule: taken to be forwarded by listener rules (not read) on every listener "
                "whose rules were not read"
            ] = None
        return found

    def _front(
        self, balancer: LoadBalancer, version: int, protocol: str, port: int
    ) -> tuple[Outcome, Path | None, Blocked | None, list[str]]:
        """The clients reaching one listener port over one IP version, through any subnet."""
        label = (
            NO_GROUPS if balancer.lb_type == "network" and not balancer.security_group_ids else ""
        )
        wanted = IntervalSet.of([(port, port)])
        merged = Outcome()
        caveats: list[str] = []
        if not balancer.subnet_ids:
            merged.block("route", "the load balancer's subnets are not known")
        for subnet_id in balancer.subnet_ids:
            outcome, notes = self.network.evaluate(
                balancer.vpc_id,
                subnet_id,
                balancer.security_group_ids,
                version,
                protocol,
                wanted,
                label,
            )
            caveats.extend(notes)
            for key, value in outcome.pieces.items():
                merged.pieces.setdefault(key, value)
            for via, ranges in outcome.client_ranges.items():
                merged.client_ranges.setdefault(via, []).extend(ranges)
            if outcome.blocked is not None:
                merged.block(outcome.blocked.stage, outcome.blocked.reason)
        first = next(iter(merged.pieces.items()), None)
        if first is None:
            return merged, None, merged.blocked, caveats
        (_, route, nacl_in, nacl_out, rule), (_, client) = first
        return merged, Path(client, route, nacl_in, nacl_out, rule), None, caveats

    @staticmethod
    def _front_exposure(
        balancer: LoadBalancer, protocol: str, port: int, front: Outcome, path: Path
    ) -> Exposure:
        vias = [v for v in front.client_ranges if v != DIRECT]
        direct = DIRECT in front.client_ranges
        return Exposure(
            interface_id=balancer.name,
            instance_id=None,
            address=balancer.dns_name or balancer.name,
            private_address=None,
            protocol=protocol,
            ports=IntervalSet.of([(port, port)]),
            status="current",
            paths=((IntervalSet.of([(port, port)]), path),),
            kind="load-balancer",
            via=None if direct or not vias else vias[0],
        )

    def _sources(
        self, balancer: LoadBalancer, group: TargetGroup, front: Outcome
    ) -> tuple[str, IntervalSet, str]:
        """Who the target sees as the source: (front via key, addresses, description)."""
        if preserves_client_ip(balancer, group):
            # The front is evaluated per IP version: IPv6 clients (above 2**32) of a dualstack
            # NLB reach IPv4 targets from the load balancer's own addresses.
            clients = [
                (via, IntervalSet.of(r for r in ranges if r[1] <= 2**32 - 1))
                for via, ranges in front.client_ranges.items()
            ]
            for via, found in clients:
                if found:
                    return via, found, "the client (client IP preservation)"
        suffix = balancer.arn.split(":loadbalancer/", 1)[-1]
        nodes = [a for a in self.nodes.get(suffix, []) if address_int(a)[0] == 4]
        via = DIRECT if DIRECT in front.client_ranges else next(iter(front.client_ranges), DIRECT)
        if nodes:
            values = [address_int(a)[1] for a in nodes]
            found = IntervalSet.of((v, v) for v in values)
            return via, found, f"the load balancer's addresses {', '.join(nodes)}"
        blocks = [
            self.network.subnets[s].cidr_block
            for s in balancer.subnet_ids
            if s in self.network.subnets and self.network.subnets[s].cidr_block
        ]
        found = IntervalSet.of(cidr_range(b)[1] for b in blocks)
        text = f"the load balancer's subnets {', '.join(blocks)} (its addresses, approximated)"
        return via, found, text

    def _leaves(
        self, balancer: LoadBalancer, target: Target, protocol: str, port: int
    ) -> tuple[bool, list[str]]:
        """Whether the load balancer can send to ``port`` of the target, and caveats.

        Its security groups' outbound rules must admit the target's private address or one of
        its groups (ALB guide, "Security groups for your Application Load Balancer": allow
        outbound traffic to targets on the target port; an NLB without groups sends freely).
        Some load balancer subnet's network ACL must let the request out and the reply (to the
        load balancer's ephemeral ports) back in, unless the target is in that same subnet,
        where no ACL applies (ALB guide, "Network ACLs"; VPC User Guide, "Network ACLs" control
        traffic entering and leaving a subnet).
        """
        caveats: list[str] = []
        private = next((a for a in target.private_ips if address_int(a)[0] == 4), None)
        if private is None:
            return True, caveats  # IPv6-only targets are not followed this far
        address = address_int(private)[1]
        if balancer.security_group_ids:
            groups, unsure = self.network.group_set(balancer.security_group_ids, outbound=True)
            caveats += unsure
            admitted = [
                r
                for r in groups.admitting(protocol, 4, address, frozenset(target.group_ids))
                if port in r.ports
            ]
            if not admitted and not unsure:
                return False, caveats
        wanted = IntervalSet.of([(port, port)])
        replies = IntervalSet.of([EPHEMERAL_PORTS])
        for subnet_id in balancer.subnet_ids:
            subnet = self.network.subnets.get(subnet_id)
            if subnet is None or subnet_id == target.subnet_id:
                return True, caveats
            acl = self.network.acl(subnet.vpc_id, subnet_id)
            if acl is None:
                caveats.append(f"no network ACL in the snapshot for {subnet_id}")
                return True, caveats
            out = acl.decide(True, protocol, 4, address, wanted)
            back = acl.decide(False, protocol, 4, address, replies)
            if any(d.allow for d in out) and any(d.allow for d in back):
                return True, caveats
        return not balancer.subnet_ids, caveats

    def _targets(
        self,
        balancer: LoadBalancer,
        listener: Listener,
        group: TargetGroup,
        protocol: str,
        front: Outcome,
        path: Path,
        caveats: dict[str, None],
    ) -> None:
        if group.target_type in ("lambda", "alb"):
            if group.target_type == "alb":
                caveats[f"target group {group.name}: an ALB as target is not followed"] = None
            return
        if group.targets is None:
            return  # said in the load balancer's caveats
        front_via, sources, source_text = self._sources(balancer, group, front)
        through = f"{balancer.name}:{listener.port}"
        via = through if front_via == DIRECT else f"{front_via} -> {through}"
        for registered in group.targets:
            port = registered.port or group.port
            if port is None:
                continue
            if group.target_type == "instance":
                target = self.by_instance.get(registered.target_id)
            else:
                target = self.by_address.get(
                    (group.vpc_id, registered.target_id)
                ) or self.by_address.get((None, registered.target_id))
            if target is None:
                caveats[f"target {registered.target_id} of {group.name} is not in the snapshot"] = (
                    None
                )
                continue
            leaves, unsure = self._leaves(balancer, target, protocol, port)
            caveats.update(dict.fromkeys(unsure))
            if not leaves:
                continue
            hop, _, notes = self.network.hop(
                target, sources, frozenset(balancer.security_group_ids), protocol, port
            )
            caveats.update(dict.fromkeys(notes))
            key = (target.interface_id, protocol, port, via)
            if hop is None or key in self._seen:
                continue
            self._seen.add(key)
            ports = IntervalSet.of([(port, port)])
            forwarded = Path(
                path.client,
                path.route,
                path.nacl_ingress,
                path.nacl_egress,
                path.security_group_rule,
                hop=f"{through} forwards from {source_text}: {hop}",
            )
            self.via[target.interface_id].append(
                Exposure(
                    interface_id=target.interface_id,
                    instance_id=target.instance_id,
                    address=balancer.dns_name or balancer.name,
                    private_address=target.private_ips[0] if target.private_ips else None,
                    protocol=protocol,
                    ports=ports,
                    status=target.state,
                    paths=((ports, forwarded),),
                    kind="via-load-balancer" if front_via == DIRECT else "via-cloudfront",
                    via=via,
                )
            )
