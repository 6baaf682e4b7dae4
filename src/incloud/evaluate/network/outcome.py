"""What an evaluation finds: exposures with their paths, or what blocked the traffic.

:class:`Outcome` collects one evaluation's result while the client space is walked (ports per
path, the clients that got through, the block furthest along the traffic's way); the engine
turns it into :class:`Exposure` records (with :class:`Path` explanations, like Reachability
Analyzer's) and :class:`Blocked` reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .intervals import IntervalSet, Range
from .nacl import AclDecision
from .security_groups import VIA_CLOUDFRONT
from .targets import State

Stage = Literal["address", "firewall", "route", "nacl-ingress", "security-group", "nacl-egress"]
"""Where traffic was stopped: no public address, no route back, or one of the filters (the
stateless engine of a Network Firewall in ingress routing comes before the subnet's ACL)."""

ExposureKind = Literal[
    "direct", "load-balancer", "via-load-balancer", "via-cloudfront", "via-appliance"
]
"""How the internet reaches the port: straight to the interface's public address, on a load
balancer's listener, through a load balancer to its target, only from CloudFront, or through
an inspection appliance (ingress routing)."""

STAGE_ORDER: dict[Stage, int] = {
    "address": 0,
    "firewall": 1,
    "nacl-ingress": 2,
    "security-group": 3,
    "nacl-egress": 4,
    "route": 5,
}
"""Stages in the order traffic meets them (a block further along says more)."""

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
    """What one evaluation found: ports per path, the clients that got through, or, when
    nothing got through, the block furthest along the traffic's way.
    """

    pieces: dict[PieceKey, tuple[IntervalSet, str]] = field(default_factory=dict)
    client_ranges: dict[str, list[Range]] = field(default_factory=dict)
    blocked: Blocked | None = None

    def block(self, stage: Stage, reason: str) -> None:
        """Keep the block furthest along the traffic's way."""
        if self.further(stage):
            self.blocked = Blocked(stage, reason)

    def further(self, stage: Stage) -> bool:
        """True when a block at ``stage`` would replace the one kept (it is further along)."""
        return self.blocked is None or STAGE_ORDER[stage] > STAGE_ORDER[self.blocked.stage]

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


@dataclass(frozen=True)
class Exposed:
    """Ports one intermediary (``via``, :data:`DIRECT` for none) exposes, with their paths."""

    via: str
    ports: IntervalSet
    paths: tuple[tuple[IntervalSet, Path], ...]


@dataclass(frozen=True)
class Summary:
    """An evaluation's answer, whatever the interface: what is exposed per intermediary (direct
    ports win), or what blocked it, and the caveats it assumed.
    """

    exposed: tuple[Exposed, ...]
    blocked: Blocked | None
    caveats: tuple[str, ...]

    @classmethod
    def of(cls, outcome: Outcome, caveats: tuple[str, ...]) -> Summary:
        """The outcome's paths, grouped by intermediary in the order they were found."""
        if not outcome.pieces:
            return cls((), outcome.blocked, caveats)
        found = []
        for via, ports in outcome.ports_by_via().items():
            paths = tuple(
                (covered, Path(client, route, nacl_in, nacl_out, rule))
                for (key_via, route, nacl_in, nacl_out, rule), (covered, client) in (
                    outcome.pieces.items()
                )
                if key_via == via
            )
            found.append(Exposed(via, ports, paths))
        return cls(tuple(found), None if found else outcome.blocked, caveats)


def acl_text(acl_id: str, decision: AclDecision) -> str:
    """``acl-1 rule 100`` or ``acl-1 the implicit deny (*)``."""
    rule = "the implicit deny (*)" if decision.rule is None else f"rule {decision.rule}"
    return f"{acl_id} {rule}"


def kind_of(via: str) -> ExposureKind:
    """The exposure kind of a ``via`` key of :meth:`Outcome.ports_by_via`."""
    if via == DIRECT:
        return "direct"
    return "via-cloudfront" if via == VIA_CLOUDFRONT else "via-appliance"
