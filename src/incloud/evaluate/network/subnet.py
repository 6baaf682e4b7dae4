"""One subnet's edge seen from the internet: its network ACL and route table, decided once
per client segment and shared by every interface in the subnet (AWS VPC User Guide).

What the subnet does to a client's traffic depends only on which ACL entries and routes
contain the client's address: "Network ACL rules" (inbound entries for the request, outbound
entries for the reply to the client's ephemeral ports 1024-65535: ACLs are stateless) and
"Route priority" (the longest-prefix route back must be an active route to the VPC's internet
gateway, or to the appliance of ingress routing, "Gateway route tables"). So the client space
is split at those entries' and routes' CIDR boundaries into segments, and each segment is
decided once (:class:`Segment`) for one IP version, protocol and set of wanted ports, whatever
the interface and its security groups.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from .firewall import StatelessFilter
from .intervals import EPHEMERAL_PORTS, IntervalSet, Range, internet_space
from .nacl import Acl, AclDecision
from .outcome import DIRECT, STAGE_ORDER, PieceKey, Stage, acl_text
from .routes import Route, lookup_value
from .security_groups import SgRule

_EPHEMERAL = IntervalSet.of([EPHEMERAL_PORTS])

ASSUMED_ACL = "default ACL (assumed)"
"""How a subnet's ACL is named when it is not in the snapshot (allow-all is assumed)."""


def acl_decisions(
    acl: Acl | None, egress: bool, protocol: str, version: int, address: int, ports: IntervalSet
) -> tuple[AclDecision, ...]:
    """:meth:`Acl.decide`, or an allow for every port when the subnet's ACL is not in the
    snapshot (the AWS default ACL allows everything; callers add a caveat).
    """
    if acl is None:
        return (AclDecision(ports, True, None),)
    return acl.decide(egress, protocol, version, address, ports)


def reply_rule(acl: Acl | None, protocol: str, version: int, client: int) -> str | None:
    """The outbound ACL rule letting the reply reach the client's ephemeral ports
    (``acl-1 rule 100 (tcp 1024-65535)``), or None when the ACL denies every one.
    """
    outbound = acl_decisions(acl, True, protocol, version, client, _EPHEMERAL)
    allowed = next((d for d in outbound if d.allow), None)
    if allowed is None:
        return None
    acl_id = acl.acl_id if acl else ASSUMED_ACL
    return f"{acl_text(acl_id, allowed)} ({protocol} {allowed.ports.describe()})"


def reply_denied(acl_id: str, protocol: str) -> Stop:
    """The block of a reply the ACL's outbound entries deny."""
    return Stop("nacl-egress", f"{acl_id} denies the reply (outbound {protocol} 1024-65535) to ")


@dataclass(frozen=True)
class Stop:
    """A block whose reason names the client it was met for: ``prefix`` client ``suffix``."""

    stage: Stage
    prefix: str
    suffix: str = ""

    def reason(self, client: str) -> str:
        """The reason, for one client."""
        return f"{self.prefix}{client}{self.suffix}"


Piece = tuple[int, PieceKey, IntervalSet]
"""A path through a segment: the inbound ACL decision's index, the path's key, its ports."""


@dataclass(frozen=True, eq=False)
class Segment:
    """What the subnet decides for every client of one segment (compared by identity).

    ``allowed_in`` are the inbound ACL decisions allowing some wanted ports (``inbound``
    names their rules); the stops are the blocks met at each stage (None: passed): the
    security-group stop applies when no rule of the interface's groups admits ``in_ports``.
    """

    allowed_in: tuple[AclDecision, ...]
    inbound: tuple[str, ...]
    in_ports: IntervalSet
    ingress_stop: Stop | None
    group_stop: Stop
    egress_stop: Stop | None
    route_stop: Stop | None
    reply: str
    """The outbound rule the reply passes (empty when it is stopped)."""
    route: str
    """The route the reply takes (empty when it is stopped)."""
    via: str | None = None
    """The appliance of ingress routing everything passes through, if any."""
    _by_ports: dict[tuple[Range, ...], tuple[IntervalSet, ...]] = field(
        default_factory=dict, repr=False
    )

    @cached_property
    def open(self) -> bool:
        """True when the ACL lets some wanted port in and the reply out, and the reply is
        routed to the internet gateway: what a security-group rule admits gets through.
        """
        return self.ingress_stop is None and self.egress_stop is None and self.route_stop is None

    def stops(self, clients: IntervalSet, admitted: list[Range]) -> list[tuple[int, Stop]]:
        """Where ``clients`` of this segment stop when none gets through, each stop with the
        first client meeting it: all at the inbound ACL, else those some rule admits
        (``admitted``) at the reply (ACL out, or route), the others at the security groups.
        """
        first = clients.ranges[0][0]
        if self.ingress_stop is not None:
            return [(first, self.ingress_stop)]
        if not admitted:
            return [(first, self.group_stop)]
        inside = clients & IntervalSet.of(admitted)
        found = []
        if inside:
            stop = self.egress_stop or self.route_stop
            assert stop is not None, "a client got through, but no passage was found"
            found.append((inside.ranges[0][0], stop))
        rest = clients - inside
        if rest:
            found.append((rest.ranges[0][0], self.group_stop))
        return found

    def pieces(self, rule: SgRule) -> list[Piece]:
        """The paths ``rule`` opens through this segment when it is open, in the inbound
        decisions' order.
        """
        via = self.via or rule.via or DIRECT
        return [
            (index, (via, self.route, self.inbound[index], self.reply, rule.description), covered)
            for index, covered in enumerate(self.covered(rule.ports))
            if covered
        ]

    def admits(self, rule: SgRule) -> bool:
        """True when ``rule`` admits some port the inbound ACL decisions let in."""
        return any(self.covered(rule.ports))

    def covered(self, ports: IntervalSet) -> tuple[IntervalSet, ...]:
        """``ports`` within each allowed inbound decision (made once per port set): what a
        rule for ``ports`` opens through this segment when it is open, per decision.
        """
        found = self._by_ports.get(ports.ranges)  # keyed by the ranges: hashed faster
        if found is None:
            found = self._by_ports[ports.ranges] = tuple(d.ports & ports for d in self.allowed_in)
        return found


class SubnetProfile:
    """One subnet's ACL and route table for one IP version, protocol and set of wanted ports,
    decided per client segment on demand (:meth:`segment`).
    """

    def __init__(
        self,
        vpc_id: str,
        acl: Acl | None,
        routes: list[Route],
        version: int,
        protocol: str,
        wanted: IntervalSet,
        to_gateway: Callable[[Route | None, str], bool],
        appliance: Route | None = None,
        firewall: StatelessFilter | None = None,
    ) -> None:
        self.vpc_id = vpc_id
        self.acl = acl
        self.acl_id = acl.acl_id if acl else ASSUMED_ACL
        self.routes = routes
        self.version = version
        self.protocol = protocol
        self.wanted = wanted
        self.appliance = appliance
        self.firewall = firewall
        """The Network Firewall behind the appliance endpoint, when the snapshot has it."""
        self.via = (
            firewall.via
            if firewall is not None
            else f"{appliance.target} (ingress routing)"
            if appliance is not None
            else None
        )
        """The ``via`` of everything that gets in: the appliance of ingress routing, if any."""
        self._to_gateway = to_gateway
        self.cuts: list[Range] = [r.span for r in routes if r.version == version]
        self.cuts += acl.spans(version, protocol) if acl else []
        self.cuts += firewall.spans() if firewall else []
        self._bounds = sorted({b for low, high in self.cuts for b in (low, high + 1)})
        self._segments: dict[int, Segment] = {}
        self.space = internet_space(version)
        """The internet clients of this IP version."""
        self._edges = [0, *self._bounds, 2**128]
        self._first, self._last = self.space.ranges[0][0], self.space.ranges[-1][1]
        self._ends = [end for _, end in self.space.ranges]

    @cached_property
    def segments(self) -> list[tuple[Segment, int, int]]:
        """Every segment holding internet clients, with its range, in address order."""
        found = []
        for index, (low, high) in enumerate(pairwise(self._edges)):
            if self.first_client(low, high - 1) is not None:
                found.append((self._segment(index), low, high - 1))
        return found

    @cached_property
    def clients(self) -> dict[Segment, IntervalSet]:
        """Each segment's internet clients."""
        return {s: IntervalSet(tuple(self.space.clip(low, high))) for s, low, high in self.segments}

    def furthest(self, admitted: dict[Segment, list[Range]]) -> tuple[int, Stop] | None:
        """When no client gets through: the stop furthest along the traffic's way that some
        client meets, with the first client (in address order) to meet it. ``admitted``: per
        segment, the ranges some security-group rule admits (none: made once).
        """
        if not admitted:
            return self._unadmitted
        return self._furthest(admitted)

    @cached_property
    def _unadmitted(self) -> tuple[int, Stop] | None:
        return self._furthest({})

    def _furthest(self, admitted: dict[Segment, list[Range]]) -> tuple[int, Stop] | None:
        best: tuple[int, int, Stop] | None = None
        for segment, _, _ in self.segments:
            for client, stop in segment.stops(self.clients[segment], admitted.get(segment, [])):
                rank = STAGE_ORDER[stop.stage]
                if best is None or rank > best[0]:
                    best = (rank, client, stop)
        return None if best is None else (best[1], best[2])

    @cached_property
    def any_admitting(self) -> bool:
        """True when the ACL lets some internet client in (whatever happens to the reply)."""
        return any(segment.ingress_stop is None for segment, _, _ in self.segments)

    @cached_property
    def any_open(self) -> bool:
        """True when some internet client's segment is open (see :attr:`Segment.open`)."""
        return any(segment.open for segment, _, _ in self.segments)

    def first_client(self, low: int, high: int) -> int | None:
        """The first internet client in ``low``-``high``, or None."""
        index = bisect_left(self._ends, low)
        if index < len(self._ends):
            first = max(self.space.ranges[index][0], low)
            if first <= high:
                return first
        return None

    def overlapping(self, low: int, high: int) -> list[tuple[Segment, int, int]]:
        """The segments meeting ``low``-``high`` that hold internet clients, each with the
        part of the range it holds (which may hold no internet client itself).
        """
        if low <= self._first and high >= self._last:
            return self.segments  # the whole internet (a rule from 0.0.0.0/0 or ::/0)
        first, last = bisect_right(self._bounds, low), bisect_right(self._bounds, high)
        if first == last:  # within one segment
            return [(self._segment(first), low, high)]
        edges = self._edges
        return [
            (self._segment(index), max(low, edges[index]), min(high, edges[index + 1] - 1))
            for index in range(first, last + 1)
        ]

    def segment(self, client: int) -> Segment:
        """The decisions for the segment holding ``client`` (made once per segment)."""
        return self._segment(bisect_right(self._bounds, client))

    def _segment(self, index: int) -> Segment:
        found = self._segments.get(index)
        if found is None:
            found = self._segments[index] = self._decide(self._edges[index])  # its first address
        return found

    def _decide(self, client: int) -> Segment:
        protocol, version = self.protocol, self.version
        inbound = acl_decisions(self.acl, False, protocol, version, client, self.wanted)
        allowed = tuple(d for d in inbound if d.allow)
        first = inbound[0] if inbound else AclDecision(self.wanted, False, None)
        firewall_stop = None
        if self.firewall is not None and (
            dropped := self.firewall.dropped(client, protocol, self.wanted)
        ):
            # The firewall is met before the ACL: what it drops never reaches the subnet.
            passed = tuple(
                AclDecision(d.ports - dropped, d.allow, d.rule)
                for d in allowed
                if d.ports - dropped
            )
            if dropped == self.wanted or (allowed and not passed):
                firewall_stop = Stop(
                    "firewall",
                    f"{self.firewall.via} drops {protocol} {dropped.describe()} from ",
                    f" (its stateless rules; default action {self.firewall.default})",
                )
            allowed = () if dropped == self.wanted else passed
        in_ports = IntervalSet.of(r for d in allowed for r in d.ports)
        reply = reply_rule(self.acl, protocol, version, client)
        route = lookup_value(self.routes, version, client)
        through_appliance = (
            self.appliance is not None
            and route is not None
            and route.active
            and route.target == self.appliance.target
        )
        routed = self._to_gateway(route, self.vpc_id) or through_appliance
        where = route.describe() if route else "no matching route"
        return Segment(
            allowed_in=allowed,
            inbound=tuple(acl_text(self.acl_id, d) for d in allowed),
            in_ports=in_ports,
            ingress_stop=None
            if allowed
            else firewall_stop
            or Stop(
                "nacl-ingress",
                f"{acl_text(self.acl_id, first)} denies inbound {protocol} "
                f"{first.ports.describe()} from ",
            ),
            group_stop=Stop(
                "security-group",
                f"no security group rule admits {protocol} {in_ports.describe()} from ",
            ),
            egress_stop=None if reply is not None else reply_denied(self.acl_id, protocol),
            route_stop=None
            if routed
            else Stop("route", "reply to ", f" is not routed to an internet gateway: {where}"),
            reply=reply or "",
            route=route.describe() if routed and route is not None else "",
            via=self.via,
        )
