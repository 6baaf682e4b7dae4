"""Security groups: stateful, allow-only filters on a network interface.

AWS VPC User Guide, "Security group rules": rules only allow; traffic is admitted when any
rule of any group associated with the interface admits it (the groups' rules are aggregated),
and responses to admitted inbound traffic may leave regardless of outbound rules (stateful).
A rule's source is an IPv4 or IPv6 CIDR block, a prefix list, or another security group; a
security-group source admits traffic from the *private* addresses of the interfaces that group
is associated with (same VPC, or a peered VPC in the same Region), never from a public
address, so it never admits an internet client. A prefix-list source stands for each of the
list's CIDR blocks ("Reference prefix lists in your AWS resources").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ...snapshot.ec2 import IpPermission, SecurityGroup, protocol_number
from .intervals import IntervalSet, Range, cidr_range, ports
from .prefix_lists import PrefixLists

VIA_CLOUDFRONT = "CloudFront"
"""What a rule whose source is CloudFront's origin-facing prefix list admits."""


@dataclass(frozen=True)
class SgRule:
    """One inbound rule of a group, for one source range (a prefix list gives one per entry).

    ``via`` names the intermediary the source stands for (``CloudFront``), None for a client
    address range. ``label`` replaces the description (the open front of an NLB).
    """

    group_id: str
    rule: IpPermission
    protocol: str
    ports: IntervalSet
    version: int | None
    span: Range | None
    via: str | None = None
    source_text: str = ""
    label: str = ""
    description: str = field(init=False, repr=False, compare=False)
    """:meth:`describe`'s text (built with the rule: paths name it many times)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "description", self._description())

    @property
    def source(self) -> str:
        """The rule's source as written (a prefix list with the entry that matched)."""
        if self.source_text:
            return self.source_text
        rule = self.rule
        return rule.cidr_ipv4 or rule.cidr_ipv6 or rule.prefix_list_id or rule.group_id or "?"

    def describe(self) -> str:
        """``sg-1 tcp 22 from 0.0.0.0/0``."""
        return self.description

    def _description(self) -> str:
        if self.label:
            return self.label
        shown = "all" if self.protocol == "-1" else self.rule.protocol
        return f"{self.group_id} {shown} {self.ports.describe()} from {self.source}"


def _rules(
    group_id: str, rule: IpPermission, lists: PrefixLists, unexpanded: set[str]
) -> list[SgRule]:
    protocol = protocol_number(rule.protocol)
    tcp_or_udp = protocol in ("6", "17")
    covered = ports(rule.from_port, rule.to_port) if tcp_or_udp else ports(None, None)
    if rule.cidr_ipv4 or rule.cidr_ipv6:
        version, span = cidr_range(str(rule.cidr_ipv4 or rule.cidr_ipv6))
        return [SgRule(group_id, rule, protocol, covered, version, span)]
    if not rule.prefix_list_id:
        return [SgRule(group_id, rule, protocol, covered, None, None)]
    list_id = rule.prefix_list_id
    cidrs = lists.cidrs(list_id)
    via = VIA_CLOUDFRONT if lists.is_cloudfront(list_id) else None
    if cidrs is None:
        if via is None:
            unexpanded.add(list_id)
            return [SgRule(group_id, rule, protocol, covered, None, None)]
        # CloudFront's addresses unknown: any internet address may be one of them.
        cidrs = ("0.0.0.0/0", "::/0")
    name = lists.name(list_id)
    found = []
    for cidr in cidrs:
        version, span = cidr_range(cidr)
        text = f"{list_id} ({name}: {cidr})"
        found.append(SgRule(group_id, rule, protocol, covered, version, span, via, text))
    return found


CandidateKey = tuple[str, int, tuple[Range, ...]]
"""(protocol, IP version, wanted ports' ranges)."""


@dataclass(frozen=True, eq=False)
class GroupRules:
    """One group's rules of one direction, prefix lists expanded: built once per group."""

    rules: tuple[SgRule, ...]
    unexpanded: frozenset[str]
    """Prefix lists referenced but not in the snapshot (or not read): they admit nothing."""
    _candidates: dict[CandidateKey, list[SgRule]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, group: SecurityGroup, lists: PrefixLists, *, outbound: bool = False) -> GroupRules:
        """``group``'s inbound rules, or with ``outbound`` its outbound ones."""
        unexpanded: set[str] = set()
        found = [
            r
            for rule in (group.egress if outbound else group.ingress)
            for r in _rules(group.group_id, rule, lists, unexpanded)
        ]
        return cls(tuple(found), frozenset(unexpanded))

    def candidates(self, protocol: str, version: int, wanted: IntervalSet) -> list[SgRule]:
        """The rules that may admit ``protocol`` to some of the ``wanted`` ports from an
        address range of one IP version: CIDR and prefix-list sources (a group source admits
        no address range: never an internet client), in order. Found once per (protocol,
        version, ports).
        """
        key = (protocol, version, wanted.ranges)
        found = self._candidates.get(key)
        if found is None:
            number = protocol_number(protocol)
            found = self._candidates[key] = [
                r
                for r in self.rules
                if r.protocol in ("-1", number)
                and r.span is not None
                and r.version == version
                and r.ports & wanted
            ]
        return found


class GroupSet:
    """The union of the groups on one interface ("Security group rules"): their inbound rules,
    or with ``outbound`` their outbound rules (whose CIDR, prefix-list or group is then the
    destination).
    """

    def __init__(self, parts: Iterable[GroupRules]) -> None:
        self.parts = tuple(parts)
        unexpanded = [p for part in self.parts for p in part.unexpanded]
        self.prefix_lists = sorted(set(unexpanded)) if unexpanded else []
        """Prefix lists referenced but not expanded (not in the snapshot): they admit nothing."""

    @cached_property
    def rules(self) -> list[SgRule]:
        """Every rule of the groups, in the groups' order."""
        return [r for part in self.parts for r in part.rules]

    @classmethod
    def open(cls, label: str) -> GroupSet:
        """Admits every protocol from everywhere: a Network Load Balancer without security
        groups (ELB Network Load Balancers guide, "Security groups": without them, all
        client traffic that reaches the listener is allowed).
        """
        everything = IpPermission(protocol="-1")
        rules = tuple(
            SgRule("-", everything, "-1", ports(None, None), v, cidr_range(c)[1], label=label)
            for v, c in ((4, "0.0.0.0/0"), (6, "::/0"))
        )
        return cls([GroupRules(rules, frozenset())])

    def candidates(self, protocol: str, version: int, wanted: IntervalSet) -> list[SgRule]:
        """:meth:`GroupRules.candidates` of every group, in the groups' order."""
        if len(self.parts) == 1:
            return self.parts[0].candidates(protocol, version, wanted)
        return [r for part in self.parts for r in part.candidates(protocol, version, wanted)]

    def admitting(
        self,
        protocol: str,
        version: int,
        address: int,
        source_groups: frozenset[str] = frozenset(),
    ) -> list[SgRule]:
        """The inbound rules admitting ``protocol`` from one source address.

        CIDR and prefix-list sources match by range and IP version. A security-group source
        matches only when the source is a member of that group (``source_groups``: a load
        balancer's groups for the traffic it forwards), never for an internet client.
        """
        number = protocol_number(protocol)
        found: list[SgRule] = []
        for rule in self.rules:
            if rule.protocol not in ("-1", number):
                continue
            if rule.span is not None:
                if rule.version == version and rule.span[0] <= address <= rule.span[1]:
                    found.append(rule)
            elif rule.rule.group_id and rule.rule.group_id in source_groups:
                found.append(rule)
        return found
