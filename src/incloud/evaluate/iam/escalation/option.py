"""What a technique offers a node: an :class:`Option` per technique, gathered in a
:class:`Reach` per node (built by :class:`~.graph.EscalationGraph`, followed by :mod:`.search`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .decisions import Part
from .technique import Technique
from .universe import Universe


@dataclass(frozen=True)
class Option:
    """What one principal can do with one technique.

    ``parts`` split the resources it may act on by the statements that allow them;
    ``obtains`` is the set of node positions a *become* option yields (``unconditional``: those
    yielded by some part without conditions). Grant options leave both empty: what they yield
    depends on whose policies the resource carries (:meth:`.graph.EscalationGraph.covers`).
    """

    technique: Technique
    universe: Universe
    parts: tuple[Part, ...]
    obtains: int = 0
    unconditional: int = 0

    @property
    def resources(self) -> int:
        """Every resource the principal may act on with this technique."""
        out = 0
        for part, _ in self.parts:
            out |= part
        return out

    def part_of(self, resource: int, *, prefer_unconditional: bool = True) -> Part:
        """The part holding a resource position (an unconditional one first)."""
        holding = [p for p in self.parts if p[0] >> resource & 1]
        if prefer_unconditional:
            holding.sort(key=lambda p: any(r.conditions for r in p[1]))
        return holding[0]


@dataclass
class Reach:
    """Every option of one node."""

    become: list[Option] = field(default_factory=list)
    grant: list[Option] = field(default_factory=list)
    joined: dict[int, int] = field(default_factory=dict)
    """For add-user-to-group: the position of each joined-group node and the group's."""

    @property
    def obtains(self) -> int:
        """Node positions some become option yields."""
        out = 0
        for option in self.become:
            out |= option.obtains
        return out

    @property
    def unconditional(self) -> int:
        """Node positions some become option yields without conditions."""
        out = 0
        for option in self.become:
            out |= option.unconditional
        return out
