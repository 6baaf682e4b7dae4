"""Security groups: stateful, allow-only filters on a network interface.

AWS VPC User Guide, "Security group rules": rules only allow; traffic is admitted when any
rule of any group associated with the interface admits it (the groups' rules are aggregated),
and responses to admitted inbound traffic may leave regardless of outbound rules (stateful).
A rule's source is an IPv4 or IPv6 CIDR block, a prefix list, or another security group; a
security-group source admits traffic from the *private* addresses of the interfaces that group
is associated with (same VPC, or a peered VPC), never from a public address, so it never
admits an internet client.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ...snapshot.ec2 import IpPermission, SecurityGroup
from .intervals import IntervalSet, Range, cidr_range, ports
from .nacl import protocol_number


@dataclass(frozen=True)
class SgRule:
    """One inbound rule of a group, with the ports and source range it covers."""

    group_id: str
    rule: IpPermission
    protocol: str
    ports: IntervalSet
    version: int | None
    span: Range | None

    @property
    def source(self) -> str:
        """The rule's source as written."""
        rule = self.rule
        return rule.cidr_ipv4 or rule.cidr_ipv6 or rule.prefix_list_id or rule.group_id or "?"

    def describe(self) -> str:
        """``sg-1 tcp 22 from 0.0.0.0/0``."""
        shown = "all" if self.protocol == "-1" else self.rule.protocol
        return f"{self.group_id} {shown} {self.ports.describe()} from {self.source}"


def _rule(group_id: str, rule: IpPermission) -> SgRule:
    protocol = protocol_number(rule.protocol)
    tcp_or_udp = protocol in ("6", "17")
    covered = ports(rule.from_port, rule.to_port) if tcp_or_udp else ports(None, None)
    version: int | None = None
    span: Range | None = None
    if rule.cidr_ipv4 or rule.cidr_ipv6:
        version, span = cidr_range(str(rule.cidr_ipv4 or rule.cidr_ipv6))
    return SgRule(group_id, rule, protocol, covered, version, span)


class GroupSet:
    """The union of the groups on one interface ("Security group rules")."""

    def __init__(self, groups: Iterable[SecurityGroup]) -> None:
        self.rules = [_rule(g.group_id, r) for g in groups for r in g.ingress]
        self.cuts: list[tuple[int, Range]] = [
            (r.version, r.span) for r in self.rules if r.version is not None and r.span is not None
        ]
        self.prefix_lists = sorted(
            {r.rule.prefix_list_id for r in self.rules if r.rule.prefix_list_id}
        )

    def admitting(
        self,
        protocol: str,
        version: int,
        address: int,
        internet: bool = True,
        members: dict[str, set[int]] | None = None,
    ) -> list[SgRule]:
        """The inbound rules admitting ``protocol`` from one source address.

        CIDR sources match by range. Security-group sources match only when the address is a
        private address of a member interface (``members``: group id -> addresses, same VPC)
        and never for an internet client. Prefix-list sources are not expanded (not collected).
        """
        number = protocol_number(protocol)
        found: list[SgRule] = []
        for rule in self.rules:
            if rule.protocol not in ("-1", number):
                continue
            if rule.span is not None:
                if rule.version == version and rule.span[0] <= address <= rule.span[1]:
                    found.append(rule)
            elif (
                rule.rule.group_id
                and not internet
                and address in (members or {}).get(rule.rule.group_id, set())
            ):
                found.append(rule)
        return found
