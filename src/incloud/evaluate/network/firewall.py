"""AWS Network Firewall as a hop of ingress routing: the stateless engine of the firewall
behind an endpoint, applied to what internet clients send (Network Firewall Developer Guide,
"Stateless rules", "Stateless default actions in your firewall policy").

A firewall policy's stateless rule groups run in ascending group priority and, inside each,
ascending rule priority; the first rule whose match attributes all hold decides the packet
with its standard action (``aws:pass``, ``aws:drop``, ``aws:forward_to_sfe``); a packet no
rule matches gets the policy's stateless default action for full packets. Here one internet
client's packets to a port are **dropped** when that evaluation ends in ``aws:drop`` for
certain: every rule before the deciding one surely does not match. A rule's match is certain
for its protocols, source addresses (the client) and destination ports; its destinations
are compared with the subnet's block (a destination holding the whole subnet matches, one
disjoint from it does not, any other is uncertain), and source ports or TCP flags make it
uncertain (the client's ephemeral port and the packet's flags are not known).

What stays a caveat: whatever the stateless engine passes or forwards. The stateful engine
(Suricata-compatible rules, domain lists, 5-tuple rules, its default actions and rule
order), TLS inspection, the stateless rules' effect on replies, and fragments are not
modelled; a firewall whose policy or rule groups were not read filters nothing here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from ...snapshot import Snapshot
from ...snapshot.networkfirewall import (
    Firewall,
    FirewallPolicy,
    StatelessRule,
    StatelessRuleGroup,
)
from .intervals import IntervalSet, Range, cidr_range

PROTOCOL_NUMBERS = {"tcp": 6, "udp": 17}

STANDARD_ACTIONS = ("aws:pass", "aws:drop", "aws:forward_to_sfe")


class Match(Enum):
    """Whether a rule matches a client's packets."""

    NO = "no"
    YES = "yes"
    MAYBE = "maybe"


@dataclass(frozen=True)
class _Rule:
    """A stateless rule reduced to what one IP version's evaluation reads."""

    action: str
    sources: tuple[Range, ...] | None
    """Source ranges of this IP version; None: any source."""
    destinations: Match
    """How the rule's destinations meet the subnet (decided once per subnet)."""
    ports: IntervalSet | None
    """Destination ports; None: any port."""
    protocols: frozenset[int] | None
    uncertain: bool
    """Source ports or TCP flags the evaluation cannot know."""

    def matches(self, client: int, protocol: int) -> Match:
        """How the rule matches ``client``'s packets of ``protocol`` (ports aside)."""
        if self.protocols is not None and protocol not in self.protocols:
            return Match.NO
        if self.sources is not None and not any(lo <= client <= hi for lo, hi in self.sources):
            return Match.NO
        if self.destinations is Match.NO:
            return Match.NO
        if self.uncertain or self.destinations is Match.MAYBE:
            return Match.MAYBE
        return Match.YES


@dataclass(frozen=True)
class StatelessFilter:
    """The stateless engine of one firewall, for traffic entering one subnet over one IP
    version. ``rules`` is None when the policy or one of its stateless groups was not read
    (nothing is filtered then).
    """

    name: str
    endpoint: str
    rules: tuple[_Rule, ...] | None
    default: str
    """The standard action of the stateless default for full packets."""
    version: int

    @property
    def via(self) -> str:
        """How paths through the firewall name it."""
        return f"{self.endpoint} (Network Firewall {self.name})"

    def spans(self) -> list[Range]:
        """The source ranges the rules decide on (segment boundaries)."""
        return [span for rule in self.rules or () for span in rule.sources or ()]

    def dropped(self, client: int, protocol: str, ports: IntervalSet) -> IntervalSet:
        """The ``ports`` whose packets from ``client`` the stateless engine surely drops."""
        if self.rules is None or protocol not in PROTOCOL_NUMBERS:
            return IntervalSet()
        number = PROTOCOL_NUMBERS[protocol]
        undecided = ports
        dropped = IntervalSet()
        uncertain = IntervalSet()
        for rule in self.rules:
            if not undecided:
                break
            match = rule.matches(client, number)
            if match is Match.NO:
                continue
            hit = undecided if rule.ports is None else undecided & rule.ports
            if not hit:
                continue
            if match is Match.YES:
                if rule.action == "aws:drop":
                    dropped |= hit - uncertain
                undecided -= hit
            else:
                uncertain |= hit
        if self.default == "aws:drop":
            dropped |= undecided - uncertain
        return dropped

    def caveat(self, subnet_id: str) -> str:
        """What the answer assumed for traffic through this firewall."""
        if self.rules is None:
            return (
                f"ingress routing sends internet traffic for {subnet_id} through "
                f"{self.endpoint} of Network Firewall {self.name}, whose policy or stateless "
                "rule groups were not read: nothing it drops is modelled"
            )
        return (
            f"ingress routing sends internet traffic for {subnet_id} through {self.endpoint} "
            f"of Network Firewall {self.name}: its stateless rules and default action "
            f"({self.default}) are applied to what clients send; its stateful rules "
            "(Suricata-compatible, domain lists), TLS inspection and the stateless rules' "
            "effect on replies are not modelled"
        )


@dataclass(frozen=True)
class _Endpoint:
    firewall: Firewall
    policy: FirewallPolicy | None
    groups: tuple[StatelessRuleGroup | None, ...]


class Firewalls:
    """The snapshot's firewalls by endpoint (``vpce-...``), with their policies and groups."""

    def __init__(self, snapshot: Snapshot) -> None:
        policies = {p.arn: p for p in snapshot.of_type(FirewallPolicy)}
        groups = {g.arn: g for g in snapshot.of_type(StatelessRuleGroup)}
        self._by_endpoint: dict[str, _Endpoint] = {}
        for firewall in snapshot.of_type(Firewall):
            policy = policies.get(firewall.policy_arn)
            refs = sorted(
                policy.stateless_rule_groups if policy is not None else (),
                key=lambda r: (r.priority is None, r.priority or 0),
            )
            found = _Endpoint(firewall, policy, tuple(groups.get(r.arn) for r in refs))
            for endpoint in firewall.endpoints.values():
                self._by_endpoint[endpoint] = found
        self._filters: dict[tuple[str, int, str], StatelessFilter] = {}

    def filter(
        self, endpoint: str, version: int, subnet_cidrs: Iterable[str]
    ) -> StatelessFilter | None:
        """The stateless filter of the firewall behind ``endpoint`` for a subnet (its CIDR
        blocks of ``version``), or None when no collected firewall owns the endpoint.
        """
        found = self._by_endpoint.get(endpoint)
        if found is None:
            return None
        blocks = tuple(sorted(c for c in subnet_cidrs if c and cidr_range(c)[0] == version))
        key = (endpoint, version, ",".join(blocks))
        if key not in self._filters:
            self._filters[key] = _build(endpoint, found, version, blocks)
        return self._filters[key]


def _build(
    endpoint: str, found: _Endpoint, version: int, blocks: tuple[str, ...]
) -> StatelessFilter:
    policy = found.policy
    name = found.firewall.name
    if policy is None or policy.stateless_default_actions is None:
        return StatelessFilter(name, endpoint, None, "", version)
    default = _standard(policy.stateless_default_actions)
    rules: list[_Rule] = []
    for group in found.groups:
        if group is None or group.rules is None:
            return StatelessFilter(name, endpoint, None, default, version)
        for rule in sorted(group.rules, key=lambda r: r.priority):
            rules.append(_reduce(rule, version, blocks))
    return StatelessFilter(name, endpoint, tuple(rules), default, version)


def _standard(actions: tuple[str, ...]) -> str:
    """The standard action among ``actions`` (custom actions only publish metrics)."""
    return next((a for a in actions if a in STANDARD_ACTIONS), "aws:forward_to_sfe")


def _reduce(rule: StatelessRule, version: int, blocks: tuple[str, ...]) -> _Rule:
    sources = _ranges(rule.sources, version)
    destinations = _ranges(rule.destinations, version)
    return _Rule(
        action=_standard(rule.actions),
        sources=sources,
        destinations=_meets(destinations, blocks),
        ports=IntervalSet.of((p.low, p.high) for p in rule.destination_ports)
        if rule.destination_ports
        else None,
        protocols=frozenset(rule.protocols) if rule.protocols else None,
        uncertain=bool(rule.source_ports) or rule.tcp_flags,
    )


def _ranges(cidrs: tuple[str, ...], version: int) -> tuple[Range, ...] | None:
    """The ranges of ``cidrs`` of one IP version; None for an empty list (any address). A
    list holding only the other version's blocks matches nothing of this one: ``()``.
    """
    if not cidrs:
        return None
    return tuple(span for v, span in map(cidr_range, cidrs) if v == version)


def _meets(destinations: tuple[Range, ...] | None, blocks: tuple[str, ...]) -> Match:
    """How a rule's destinations meet the subnet's blocks."""
    if destinations is None:
        return Match.YES
    spans = [cidr_range(b)[1] for b in blocks]
    if not spans:
        return Match.MAYBE
    if all(any(lo <= s_lo and s_hi <= hi for lo, hi in destinations) for s_lo, s_hi in spans):
        return Match.YES
    if all(all(hi < s_lo or s_hi < lo for lo, hi in destinations) for s_lo, s_hi in spans):
        return Match.NO
    return Match.MAYBE
