"""Network ACLs: stateless, first-match filters on a subnet's edge.

AWS VPC User Guide, "Control subnet traffic with network ACLs" and "Network ACL rules":
inbound and outbound rules are separate, and a reply is not allowed automatically (stateless);
rules are evaluated in ascending rule number and the first rule that matches the traffic
decides, even if a later rule would contradict it; traffic no rule matches is denied (the
final ``*`` rule). IPv4 and IPv6 rules match only traffic of their own IP version. A rule with
protocol ``-1`` matches all protocols and ports; a port range applies only to TCP and UDP, so
any other protocol number covers every port of that protocol. A subnet without an explicit
association uses the VPC's default network ACL ("Default network ACL").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...snapshot.ec2 import NetworkAcl
from .intervals import ALL_PORTS, IntervalSet, Range, cidr_range

PROTOCOL_NUMBERS = {"tcp": "6", "udp": "17", "icmp": "1", "icmpv6": "58"}
"""Protocol names as the EC2 API numbers them."""


def protocol_number(protocol: str) -> str:
    """``tcp`` -> ``6``; numbers and ``-1`` unchanged."""
    return PROTOCOL_NUMBERS.get(protocol.lower(), protocol)


@dataclass(frozen=True)
class AclEntry:
    """One network ACL entry, reduced to what the engine reads."""

    rule_number: int
    egress: bool
    allow: bool
    protocol: str
    version: int
    span: Range
    cidr: str
    ports: IntervalSet

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> AclEntry:
        """An entry in the API shape of ``DescribeNetworkAcls``."""
        cidr = str(raw.get("CidrBlock") or raw.get("Ipv6CidrBlock") or "0.0.0.0/0")
        version, span = cidr_range(cidr)
        protocol = protocol_number(str(raw.get("Protocol", "-1")))
        port_range = raw.get("PortRange")
        if protocol in ("6", "17") and port_range:
            covered = IntervalSet.of([(int(port_range["From"]), int(port_range["To"]))])
        else:
            covered = IntervalSet.of([ALL_PORTS])
        return cls(
            rule_number=int(raw.get("RuleNumber", 32767)),
            egress=bool(raw.get("Egress", False)),
            allow=str(raw.get("RuleAction", "deny")).lower() == "allow",
            protocol=protocol,
            version=version,
            span=span,
            cidr=cidr,
            ports=covered,
        )


@dataclass(frozen=True)
class AclDecision:
    """Ports of one decision: allowed or denied by ``rule`` (None: the implicit final deny)."""

    ports: IntervalSet
    allow: bool
    rule: int | None


class Acl:
    """A network ACL's entries, sorted for evaluation."""

    def __init__(self, acl: NetworkAcl) -> None:
        self.acl_id = acl.acl_id
        entries = sorted((AclEntry.parse(e) for e in acl.entries), key=lambda e: e.rule_number)
        self.cuts: list[tuple[int, Range]] = [(e.version, e.span) for e in entries]
        self._entries = entries

    def decide(
        self, egress: bool, protocol: str, version: int, address: int, wanted: IntervalSet
    ) -> list[AclDecision]:
        """How the ACL treats ``wanted`` ports of ``protocol`` to/from one remote address.

        ``address`` is the remote end: the source for inbound rules, the destination for
        outbound ones; the ports are destination ports. First match wins per port.
        """
        number = protocol_number(protocol)
        undecided = wanted
        decisions: list[AclDecision] = []
        for entry in self._entries:
            if not undecided:
                break
            if entry.egress != egress or entry.version != version:
                continue
            if not entry.span[0] <= address <= entry.span[1]:
                continue
            if entry.protocol not in ("-1", number):
                continue
            matched = undecided & entry.ports
            if matched:
                decisions.append(AclDecision(matched, entry.allow, entry.rule_number))
                undecided = undecided - matched
        if undecided:
            decisions.append(AclDecision(undecided, False, None))
        return decisions


class AclIndex:
    """Network ACLs by subnet association and by VPC (the default ACL)."""

    def __init__(self, acls: Iterable[NetworkAcl]) -> None:
        self.associated: dict[tuple[str, str], NetworkAcl] = {}
        self.default: dict[str, NetworkAcl] = {}
        for acl in acls:
            for subnet_id in acl.subnet_ids:
                self.associated[(acl.vpc_id, subnet_id)] = acl
            if acl.is_default:
                self.default[acl.vpc_id] = acl

    def for_subnet(self, vpc_id: str, subnet_id: str) -> NetworkAcl | None:
        """The subnet's associated network ACL, else the VPC's default one."""
        return self.associated.get((vpc_id, subnet_id)) or self.default.get(vpc_id)
