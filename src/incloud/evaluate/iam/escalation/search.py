"""Shortest paths to administrator rights (or a sensitive permission), for every principal.

Goals: a node that holds the rights (an administrator, or a principal allowed the sensitive
permission) has length 0; one that rewrites its own policies, 1; one that rewrites the policies
of a principal it becomes in one step, 2 (the rewrite, then the move). Lengths then grow
backwards along *become* options, one level at a time: a node not yet reached gets level L + 1
when some node of level L is among those it obtains. Within a level, paths with fewer
conditional steps win. Every test is a bitset intersection (:mod:`.universe`), so the search
costs levels x nodes, and each node's options were decided once per part of the target space.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from ....snapshot import Snapshot
from ..principals import PolicyIndex
from .decisions import Scps
from .graph import EscalationGraph
from .model import Node, Path, Sensitive, Step
from .option import Option
from .universe import lowest

Cost = tuple[int, int]
"""Steps, then conditional steps."""

_Move = tuple[int, int, list[Option]]
"""A node's become options: the nodes it obtains, those without conditions, the options."""


@dataclass(frozen=True)
class Via:
    """How a node reaches its goal: it holds it, rewrites its own policies, rewrites those of a
    principal it then becomes, or becomes the next node (``target``, a node position).
    """

    cost: Cost
    kind: Literal["held", "self", "combined", "become"]
    option: Option | None = None
    resource: int = 0
    """For a rewrite: the resource rewritten (principal, group or policy position)."""
    then: Option | None = None
    """For ``combined``: the become option that follows the rewrite."""
    target: int = -1
    goal: str = "administrator"
    held_conditions: tuple[str, ...] = ()
    """For ``held``: what holding a sensitive permission depends on (empty: unconditional)."""


class Search:
    """The shortest path from every node of a graph (solved on construction)."""

    def __init__(self, graph: EscalationGraph) -> None:
        self.graph = graph
        self.sensitive = graph.sensitive
        graph.principal_nodes()
        self.nodes = graph.order
        self.best: dict[int, Via] = {}
        self._solve()
        # A joined-group node that is not itself a goal is at least one step from it, so its
        # user gains from joining only if the user's own best is longer than two steps (or
        # two with conditions): expand just those, then solve again.
        needy = [
            node
            for node in self.nodes[graph.base :]
            if graph.expanded(node) is None
            and self.best.get(graph.principals.index[node.arn], Via((3, 0), "held")).cost > (2, 0)
        ]
        if needy:
            for node in needy:
                graph.reach(node)
            self.best = {}
            self._solve()

    def _held(self, node: Node) -> Via | None:
        if node.admin:
            return Via((0, 0), "held")
        held: list[Via] = []
        for wanted in self.sensitive:
            result = self.graph.decider.decide(node, wanted.action, wanted.resource)
            if result is not None:
                conditions = tuple(result.conditions)
                cost = (0, int(bool(conditions)))
                held.append(Via(cost, "held", goal=str(wanted), held_conditions=conditions))
        return min(held, key=lambda v: v.cost) if held else None

    @staticmethod
    def _become_option(node_options: list[Option], target: int) -> tuple[Option, int]:
        """The option that obtains ``target`` (an unconditional one first) and its cost."""
        for option in node_options:
            if option.unconditional >> target & 1:
                return option, 0
        option = next(o for o in node_options if o.obtains >> target & 1)
        return option, 1

    def _rewrites(self, position: int, node: Node) -> list[Via]:
        """Goals of length 1 and 2: the node rewrites its own policies, or those of a
        principal it becomes in one step.
        """
        reach = self.graph.expanded(node)
        if reach is None or not reach.grant:
            return []
        found = []
        for option in reach.grant:
            covered = self.graph.covers(option, node)
            if covered is not None:
                found.append(Via((1, int(covered[1])), "self", option, covered[0]))
        if not reach.obtains:
            return found
        for option in reach.grant:
            every, unconditional = self.graph.rewritten(option)
            pairs = (
                (unconditional & reach.unconditional, 0),
                (unconditional & reach.obtains | every & reach.unconditional, 1),
                (every & reach.obtains, 2),
            )
            for hit, _ in pairs:
                if not hit:
                    continue
                target = lowest(hit)
                covered = self.graph.covers(option, self.nodes[target])
                assert covered is not None
                then, then_cost = self._become_option(reach.become, target)
                cost = (2, int(covered[1]) + then_cost)
                found.append(Via(cost, "combined", option, covered[0], then, target))
                break
        return found

    def _solve(self) -> None:
        pending: dict[int, list[Via]] = {}
        for position, node in enumerate(self.nodes):
            held = self._held(node)
            if held is not None:
                self.best[position] = held
            else:
                pending[position] = self._rewrites(position, node)
        moves = self._moves()
        # Only nodes with a pending rewrite or a become option can ever be found.
        active = sorted({*moves, *(p for p, vias in pending.items() if vias)})
        frontier = dict(self.best)
        level = 0
        while frontier or level < 2:
            level += 1
            by_cost: dict[int, int] = {}
            for position, via in frontier.items():
                by_cost[via.cost[1]] = by_cost.get(via.cost[1], 0) | 1 << position
            reached = sum(by_cost.values())
            costs = sorted(by_cost.items())
            found: dict[int, Via] = {}
            for position in active:
                if position in self.best:
                    continue
                candidates = [v for v in pending.get(position, ()) if v.cost[0] == level]
                move = moves.get(position)
                if move is not None and move[0] & reached:
                    candidates += self._becomes(move, level, costs)
                if candidates:
                    found[position] = min(candidates, key=lambda v: v.cost)
            self.best.update(found)
            frontier = found

    def _moves(self) -> dict[int, _Move]:
        """Each node not yet solved that obtains some node: its become options, read once."""
        moves: dict[int, _Move] = {}
        for position, node in enumerate(self.nodes):
            reach = self.graph.expanded(node)
            if reach is not None and position not in self.best:
                obtains = reach.obtains
                if obtains:
                    moves[position] = (obtains, reach.unconditional, reach.become)
        return moves

    def _becomes(self, move: _Move, level: int, costs: list[tuple[int, int]]) -> list[Via]:
        """A node's ways to a node of the last level, one per conditional-step count
        (``costs``: that count and the level's nodes with it, fewest first).
        """
        obtains, unconditional, become = move
        found = []
        for conditional, bits in costs:
            hit = obtains & bits
            if hit:
                target = lowest(unconditional & bits or hit)
                option, cost = self._become_option(become, target)
                found.append(Via((level, conditional + cost), "become", option, target=target))
        return found

    def path(self, position: int) -> Path | None:
        """The shortest path from the node at ``position``; None if there is none or the node
        holds the rights already.
        """
        start = self.nodes[position]
        if position not in self.best or self.best[position].kind == "held":
            return None
        via = self.best[position]
        steps: list[Step] = []
        while via.kind == "become":
            assert via.option is not None
            steps.append(self.graph.become_step(self.nodes[position], via.option, via.target))
            position = via.target
            via = self.best[position]
        node = self.nodes[position]
        if via.kind == "held":
            return Path(start.arn, tuple(steps), node.arn, via.goal, via.held_conditions)
        assert via.option is not None
        if via.kind == "self":
            steps.append(self.graph.step(node, via.option, via.resource, node))
            return Path(start.arn, tuple(steps), node.arn)
        assert via.then is not None
        rewritten = self.nodes[via.target]
        steps.append(self.graph.step(node, via.option, via.resource, rewritten))
        steps.append(self.graph.become_step(node, via.then, via.target))
        return Path(start.arn, tuple(steps), rewritten.arn)


def escalation_paths(
    snapshot: Snapshot,
    scps: Mapping[str, Scps] | None = None,
    sensitive: Iterable[Sensitive] = (),
    index: PolicyIndex | None = None,
) -> dict[str, Path]:
    """For each non-administrator user and role that can become an administrator (or obtain
    one of the ``sensitive`` permissions), by ARN: the shortest path. Principals that hold the
    rights already are absent (the admin check reports administrators).

    ``scps`` maps an account id to its SCP levels (root first) where they apply
    (``controls.OrganisationControls(snapshot).scps``); a service-linked role is never bound.
    ``index`` is the snapshot's :class:`PolicyIndex` when the caller has one already (an
    evaluation shares one between every identity check), else it is built here.
    """
    graph = EscalationGraph(snapshot, scps=scps, sensitive=sensitive, index=index)
    search = Search(graph)
    paths: dict[str, Path] = {}
    for node_id in graph.starts():
        path = search.path(graph.positions[node_id])
        if path is not None:
            paths[graph.nodes[node_id].arn] = path
    return paths
