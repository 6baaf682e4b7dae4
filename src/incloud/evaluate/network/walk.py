"""One evaluation: what internet clients get through one subnet and one group set.

A client gets to a port when, in the traffic's order (AWS VPC User Guide, "Network ACL
rules", "Security group rules", "Route priority"), the subnet's ACL admits the request, some
rule of the groups admits it (the union of the groups, allow only), the ACL lets the reply out
to the client's ephemeral ports, and the route back leads to the internet gateway. The subnet
decides the first, third and fourth per segment (:mod:`.subnet`), so what gets through is
found per (rule, segment) pair: the rule's range within the segment, where the segment is
open, passes on the ports the rule and the inbound ACL decisions share.

The answer is the one of the client space split into atoms at every boundary of the segments
and rules, each atom standing for all its clients and taken in address order: a path is named
after the first client it holds for (the first atom of its first pair), paths come in the
order atoms first produce them (then by inbound decision, then by the groups' order of the
rules), and ports of one path are merged. Only when nothing gets through is the block furthest
along the traffic's way looked for (per segment; the first client to meet it names it): it
is reported only then.
"""

from __future__ import annotations

from operator import itemgetter

from .intervals import IntervalSet, Range, address_text
from .outcome import Outcome, PieceKey
from .security_groups import SgRule
from .subnet import Segment, SubnetProfile

Passage = tuple[int, int, int, PieceKey, IntervalSet]
"""A path where it first appears: (first client, inbound decision, rule's rank, key, ports)."""


class Walk:
    """What reaches the wanted ports behind ``profile``'s subnet and a group set's ``rules``
    (:meth:`GroupSet.candidates`: the rules that may admit the protocol and ports, in order);
    with ``clients``, also which clients got through per ``via`` (a load balancer's front
    needs them, an interface's exposure does not).
    """

    def __init__(self, profile: SubnetProfile, rules: list[SgRule], clients: bool = True) -> None:
        self.profile = profile
        self.rules = [(r, r.span) for r in rules if r.span is not None]
        self.clients = clients
        self.outcome = Outcome()

    def run(self) -> Outcome:
        """The outcome: paths (and clients) that got through, else the furthest block."""
        passages, clients = self._passages()
        if passages:
            self._record(passages, clients)
        else:
            self._block()
        return self.outcome

    def _passages(self) -> tuple[list[Passage], dict[str, list[Range]]]:
        """Every path where it first appears, and the clients that got through per ``via``."""
        passages: list[Passage] = []
        clients: dict[str, list[Range]] = {}
        if not self.profile.any_open:
            return passages, clients
        profile = self.profile
        for rank, (rule, (low, high)) in enumerate(self.rules):
            for segment, start, end in profile.overlapping(low, high):
                if not segment.open:
                    continue
                first = profile.first_client(start, end)
                if first is None:
                    continue
                pieces = segment.pieces(rule)
                for index, key, covered in pieces:
                    passages.append((first, index, rank, key, covered))
                if pieces and self.clients:  # one via per (rule, segment)
                    clients.setdefault(pieces[0][1][0], []).extend(profile.space.clip(start, end))
        return passages, clients

    def _record(self, passages: list[Passage], clients: dict[str, list[Range]]) -> None:
        """Paths in the order the atoms produce them; each via's clients, merged."""
        found = self.outcome.pieces
        ranges = self.outcome.client_ranges
        passages.sort(key=itemgetter(0, 1, 2))
        for first, _, _, key, covered in passages:
            previous = found.get(key)
            if previous is None:
                found[key] = (covered, address_text(self.profile.version, first))
                if self.clients and key[0] not in ranges:
                    ranges[key[0]] = list(IntervalSet.of(clients[key[0]]))
            elif previous[0] != covered:
                found[key] = (previous[0] | covered, previous[1])

    def _block(self) -> None:
        """Nothing gets through: keep the block furthest along the traffic's way, named after
        the first client (in address order) to meet it.
        """
        admitted: dict[Segment, list[Range]] = {}
        for rule, (low, high) in self.rules if self.profile.any_admitting else ():
            for segment, start, end in self.profile.overlapping(low, high):
                if segment.ingress_stop is None and segment.admits(rule):
                    admitted.setdefault(segment, []).append((start, end))
        found = self.profile.furthest(admitted)
        if found is not None:
            client, stop = found
            self.outcome.block(stop.stage, stop.reason(address_text(self.profile.version, client)))
