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

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from ...snapshot.ec2 import NetworkAcl, NetworkAclEntry, protocol_number
from .intervals import ALL_PORTS, IntervalSet, Range, cidr_range


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
    def of(cls, entry: NetworkAclEntry) -> AclEntry:
        """The engine's view of one snapshot entry: its port range counts for TCP and UDP
        only ("Network ACL rules").
        """
        version, span = cidr_range(entry.cidr)
        low, high = entry.from_port, entry.to_port
        if entry.protocol in ("6", "17") and low is not None and high is not None:
            covered = IntervalSet.of([(low, high)])
        else:
            covered = IntervalSet.of([ALL_PORTS])
        return cls(
            rule_number=entry.rule_number,
            egress=entry.egress,
            allow=entry.allow,
            protocol=entry.protocol,
            version=version,
            span=span,
            cidr=entry.cidr,
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
        entries = sorted(map(AclEntry.of, acl.entries), key=lambda e: e.rule_number)
        self.cuts: list[tuple[int, Range]] = [(e.version, e.span) for e in entries]
        self._entries = entries
        self._bounds = {
            version: sorted(
                {b for v, (low, high) in self.cuts if v == version for b in (low, high + 1)}
            )
            for version in (4, 6)
        }
        self._decided: dict[
            tuple[bool, str, int, int, tuple[Range, ...]], tuple[AclDecision, ...]
        ] = {}

    def spans(self, version: int, protocol: str) -> list[Range]:
        """The ranges of the entries (both directions) that apply to ``protocol`` over one IP
        version: where what the ACL decides for it may change.
        """
        number = protocol_number(protocol)
        return [
            e.span for e in self._entries if e.version == version and e.protocol in ("-1", number)
        ]

    def decide(
        self, egress: bool, protocol: str, version: int, address: int, wanted: IntervalSet
    ) -> tuple[AclDecision, ...]:
        """How the ACL treats ``wanted`` ports of ``protocol`` to/from one remote address.

        ``address`` is the remote end: the source for inbound rules, the destination for
        outbound ones; the ports are destination ports. First match wins per port. The
        answer is the same between two bounds of the entries' ranges: it is made once there.
        """
        segment = bisect_right(self._bounds.get(version, []), address)
        key = (egress, protocol, version, segment, wanted.ranges)
        found = self._decided.get(key)
        if found is None:
            found = self._decided[key] = self._decide(egress, protocol, version, address, wanted)
        return found

    def _decide(
        self, egress: bool, protocol: str, version: int, address: int, wanted: IntervalSet
    ) -> tuple[AclDecision, ...]:
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
        return tuple(decisions)


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
