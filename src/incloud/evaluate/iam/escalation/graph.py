"""The principal graph: who can obtain whose permissions, decided by the IAM engine.

Nodes are the snapshot's IAM users and roles (and, for ``iam:AddUserToGroup``, a user as it
would be after joining a group). A *become* option of principal A is a technique by which A
obtains other principals' credentials or runs code as them; a *grant* option is a technique by
which A rewrites principals' policies (their own, a group of theirs, a managed policy attached
to them). Every request a technique needs is decided by
:func:`~incloud.evaluate.iam.decide.evaluate_request` with A's policies and permissions
boundary, the target's ARN and (for roles) its trust policy: a Deny, a resource constraint, a
boundary or a condition that cannot hold cuts the edge; a condition on a key whose value cannot
be known keeps it and is recorded.

Targets are bitsets (:mod:`.universe`): a decision depends on the target only through which
``Resource`` patterns of the relevant statements match its ARN, so each (principal, action) is
decided once per part of the target space, not once per target (:mod:`.decisions`). The
account's indexes (nodes, trust, groups, policy holders, workloads) are :mod:`.state`;
:mod:`.search` finds the shortest paths over these sets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Literal

from ....snapshot import Snapshot
from ..decide import Result
from ..policy import parse_policy
from ..principals import PolicyIndex
from .decisions import Decider, Part, Scps, known_for
from .model import Edge, Node, Sensitive, Step
from .option import Option, Reach
from .resources import KINDS
from .state import AccountState
from .technique import Need, Technique
from .techniques import TECHNIQUES
from .trust import trust_names
from .universe import Universe, lowest, members

ADMINISTRATOR = "administrator"
"""The synthetic target of a step that makes its principal itself an administrator."""

_ASSUME = next(t for t in TECHNIQUES if t.id == "assume-role")
"""How a stack set's administration role reaches its execution roles."""

_ALWAYS_CONDITIONAL = frozenset({"default-version"})
"""Targets whose steps depend on state the snapshot does not show (see :meth:`_notes`)."""


_RESOURCE_POLICY_NEEDS = {
    "role-trust": frozenset({"sts:assumerole"}),
    "role-retrust": frozenset({"sts:assumerole"}),
}
"""Needs decided with a resource policy (the role's trust policy, or the rewritten one), which
may allow on its own: the principal's policies need not name them."""


def _named_needs(technique: Technique) -> frozenset[str]:
    """The actions (lower case) the principal's own policies must name for the technique to
    give an option: without one of them every request of it is denied
    (:meth:`Decider.all_needs` gives no part), so the technique can be skipped before its
    targets are computed.
    """
    actions = frozenset(need.action.lower() for need in technique.needs)
    granted = frozenset(action.lower() for action in technique.self_granted)
    return actions - granted - _RESOURCE_POLICY_NEEDS.get(technique.target, frozenset())


class EscalationGraph(AccountState):
    """The principals of one snapshot and what each can do to the others (built lazily)."""

    def __init__(
        self,
        snapshot: Snapshot,
        techniques: tuple[Technique, ...] = TECHNIQUES,
        scps: Mapping[str, Scps] | None = None,
        sensitive: Iterable[Sensitive] = (),
        index: PolicyIndex | None = None,
    ) -> None:
        super().__init__(snapshot, techniques, sensitive, scps, index)
        self.decider = Decider(
            techniques,
            snapshot.collected_at.isoformat().replace("+00:00", "Z"),
            {a.account_id: (a.regions or ("us-east-1",))[0] for a in snapshot.accounts},
            scps,
        )
        self._reach: dict[str, Reach] = {}
        self._named_needs = {t.id: _named_needs(t) for t in techniques}
        self._by_named: dict[frozenset[str], tuple[Technique, ...]] = {}
        self._trusted: dict[tuple[str, int], int] = {}
        self._assumable: dict[int, int] = {}

    # -- options ----------------------------------------------------------------------------

    def reach(self, node: Node) -> Reach:
        """Every option of a node (computed once; may add joined-group nodes)."""
        if node.id not in self._reach:
            reach = Reach()
            for technique in self._applicable(node):
                if technique.target == "join-group":
                    self._join_groups(node, technique, reach)
                    continue
                option = getattr(self, "_o_" + technique.target.replace("-", "_"))(node, technique)
                if option is not None:
                    (reach.become if technique.yields == "become" else reach.grant).append(option)
            self._reach[node.id] = reach
        return self._reach[node.id]

    def _applicable(self, node: Node) -> tuple[Technique, ...]:
        """The techniques whose every need (but those a resource policy decides) some policy
        of the node names: the others give nothing (:meth:`Decider.all_needs`), so they are
        skipped before their targets are computed. Shared by nodes naming the same actions.
        """
        named = self.decider.named_actions(node)  # every technique action is in its universe
        if named not in self._by_named:
            self._by_named[named] = tuple(
                t for t in self.techniques if self._named_needs[t.id] <= named
            )
        return self._by_named[named]

    def _others(self, node: Node, mask: int) -> int:
        """``mask`` in the node's account, without the node itself."""
        return mask & self.principals.of_account(node.account) & ~(1 << self._position(node))

    def _become(
        self,
        technique: Technique,
        universe: Universe,
        parts: list[Part],
        to_nodes: Callable[[int], int] | None = None,
    ) -> Option | None:
        if not parts:
            return None
        obtains = unconditional = 0
        for part, results in parts:
            got = part if to_nodes is None else to_nodes(part)
            obtains |= got
            if (
                technique.target not in _ALWAYS_CONDITIONAL
                and technique.note is None
                and not any(r.conditions for r in results)
            ):
                unconditional |= got
        return Option(technique, universe, tuple(parts), obtains, unconditional)

    def _o_user(self, node: Node, technique: Technique) -> Option | None:
        mask = self._others(node, self.user_mask & self._user_state.get(technique.id, ~0))
        parts = self.decider.all_needs(node, technique, self.principals, mask)
        return self._become(technique, self.principals, parts)

    def _o_role_trust(self, node: Node, technique: Technique) -> Option | None:
        numbers = [*self._trust_broad, *self._trust_direct.get(node.arn, ())]
        parts: list[Part] = []
        me = ~(1 << self._position(node))
        for number in numbers:
            trust, roles = self.trust_documents[number]
            names = trust_names(trust, node)
            if names == "none" or (
                names == "account" and not self.decider.may(node, "sts:AssumeRole")
            ):
                continue
            decided = self.decider.decide_parts(
                node,
                "sts:AssumeRole",
                self.principals,
                roles & me,
                resource_policy=trust,
                by_account=True,
            )
            parts += [(part, (result,)) for part, result in decided]
        return self._become(technique, self.principals, parts)

    def _o_role_retrust(self, node: Node, technique: Technique) -> Option | None:
        if not self.decider.may(node, "iam:UpdateAssumeRolePolicy"):
            return None
        rewritten = parse_policy(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"AWS": node.arn}, "Action": "sts:AssumeRole"}
                ],
            },
            kind="resource",
            name="rewritten trust policy",
        )

        def assume(mask: int) -> list[tuple[int, Result]]:
            return self.decider.decide_parts(
                node, "sts:AssumeRole", self.principals, mask, resource_policy=rewritten
            )

        mask = self._others(node, self.role_mask)
        parts = self.decider.all_needs(
            node, technique, self.principals, mask, overrides={"sts:AssumeRole": assume}
        )
        return self._become(technique, self.principals, parts)

    def _o_pass_role(self, node: Node, technique: Technique) -> Option | None:
        """Roles passed to a service (or used by an existing resource of it). A role AWS
        reserves is never one: a service-linked role serves only the service that owns it,
        under AWS's own policy (IAM User Guide, "Service-linked roles"), and an IAM Identity
        Center role trusts only its SAML provider; neither runs code an attacker chooses.
        """
        if technique.service is None:
            return None
        prerequisite = self._prerequisite(node, technique)
        if prerequisite is not None and not prerequisite[1]:
            return None  # nothing to run on: the technique needs an existing resource
        mask = self._others(node, self.trusting(technique.service) & ~self.reserved_mask)
        if technique.requires_instance_profile:
            mask &= self.profile_mask
        parts = self.decider.all_needs(
            node,
            technique,
            self.principals,
            mask,
            prerequisite=prerequisite,
            passes=self.prerequisite_passes.get(technique.prerequisite or "", ()),
        )
        return self._become(technique, self.principals, parts)

    def _o_identity_pool_role(self, node: Node, technique: Technique) -> Option | None:
        """Roles set on an identity pool (the prerequisite) whose trust policy admits the
        pool's unauthenticated identities: anyone then obtains them from the pool. Decided
        pool by pool, since the trust names the pool (its ``aud``).
        """
        prerequisite = self._prerequisite(node, technique)
        if technique.service is None or prerequisite is None:
            return None
        universe, pools = prerequisite
        roles = self._others(node, self.role_mask & ~self.reserved_mask)
        parts: list[Part] = []
        for position in members(pools):
            audience = universe.arns[position].rsplit("/", 1)[-1]
            mask = roles & self.web_identity_trusting(technique.service, audience)
            parts += self.decider.all_needs(
                node,
                technique,
                self.principals,
                mask,
                prerequisite=(universe, 1 << position),
                passes=self.prerequisite_passes.get(technique.prerequisite or "", ()),
            )
        return self._become(technique, self.principals, parts)

    def _prerequisite(self, node: Node, technique: Technique) -> tuple[Universe, int] | None:
        """The technique's prerequisite resources and those of them in the node's account
        (None when it names no prerequisite kind).
        """
        if technique.prerequisite is None:
            return None
        universe = self.prerequisites[technique.prerequisite]
        return universe, universe.of_account(node.account)

    def _o_stack_set_execution(self, node: Node, technique: Technique) -> Option | None:
        """A self-managed stack set: CloudFormation acts as the administration role passed
        to it (a role trusting CloudFormation), which assumes the execution role in each
        target account; the template deploys as that role. So the principal obtains every role
        of its account an administration role it may pass may assume (the AssumeRole request
        decided for that role: its policies and the execution role's trust policy), without
        conditions.
        """
        passed = self._o_pass_role(node, technique)
        if passed is None:
            return None
        me = 1 << self._position(node)
        account = self.principals.of_account(node.account)

        def to_nodes(part: int) -> int:
            out = 0
            for admin in members(part):
                out |= self._assumable_by(admin)
            return out & account & ~me

        return self._become(technique, self.principals, list(passed.parts), to_nodes)

    def _assumable_by(self, position: int) -> int:
        """The roles the principal at ``position`` may assume without conditions."""
        if position not in self._assumable:
            option = self._o_role_trust(self.order[position], _ASSUME)
            self._assumable[position] = option.unconditional if option is not None else 0
        return self._assumable[position]

    def _o_lambda_function(self, node: Node, technique: Technique) -> Option | None:
        trusted = self._trusted_by("lambda.amazonaws.com", self.functions, self.function_role)
        return self._workload(node, technique, self.functions, self.function_role, trusted)

    def _o_instance(self, node: Node, technique: Technique) -> Option | None:
        trusted = self._trusted_by("ec2.amazonaws.com", self.instances, self.instance_role)
        return self._workload(node, technique, self.instances, self.instance_role, trusted)

    def _o_workload(self, node: Node, technique: Technique) -> Option | None:
        if technique.workload is None:
            return None
        universe, roles = self.workloads[technique.workload]
        service = KINDS[technique.workload].trusted_by
        trusted = self._trusted_by(service, universe, roles) if service is not None else None
        overrides = {}
        for need in technique.needs:
            if need.resource == "{passes}":
                overrides[need.action] = self._passing(node, technique, need)
        return self._workload(node, technique, universe, roles, trusted, overrides)

    def _passing(
        self, node: Node, technique: Technique, need: Need
    ) -> Callable[[int], list[tuple[int, Result]]]:
        """A ``{passes}`` need decided per workload resource, on the role it names (with
        ``iam:PassedToService`` the technique's service); a resource naming none is refused.
        """
        assert technique.workload is not None
        passes = self.workload_passes[technique.workload]
        known = known_for(technique, need)

        def decide(mask: int) -> list[tuple[int, Result]]:
            out = []
            for position in members(mask):
                role = passes[position]
                result = (
                    None
                    if role is None
                    else self.decider.decide(node, need.action, role, known=known)
                )
                if result is not None:
                    out.append((1 << position, result))
            return out

        return decide

    def _o_stopped_instance(self, node: Node, technique: Technique) -> Option | None:
        trusted = self._trusted_by("ec2.amazonaws.com", self.stopped, self.stopped_role)
        return self._workload(node, technique, self.stopped, self.stopped_role, trusted)

    def _trusted_by(self, service: str, universe: Universe, roles: list[int]) -> int:
        """The resources of a workload universe whose role ``service`` may assume (it runs
        them as that role; a role it cannot assume runs nothing), once per universe.
        """
        key = (service, id(universe))
        if key not in self._trusted:
            trusting = self.trusting(service)
            self._trusted[key] = universe.where(bool(trusting >> role & 1) for role in roles)
        return self._trusted[key]

    def _o_unbound_user(self, node: Node, technique: Technique) -> Option | None:
        return self._unbound(node, technique, "user")

    def _o_unbound_role(self, node: Node, technique: Technique) -> Option | None:
        return self._unbound(node, technique, "role")

    def _unbound(
        self, node: Node, technique: Technique, kind: Literal["user", "role"]
    ) -> Option | None:
        """The principal lifts its own permissions boundary (the request is made on itself)
        and obtains the node of its identity policies alone. A derived node does not derive
        again (one derivation per path).
        """
        if node.kind != kind or node.policies.boundary is None or node.derived:
            return None
        parts = self.decider.all_needs(node, technique, self.principals, 1 << self._position(node))
        if not parts:
            return None
        freed = 1 << self.positions[self.unbounded(node).id]
        return self._become(technique, self.principals, parts, lambda _: freed)

    def _workload(
        self,
        node: Node,
        technique: Technique,
        universe: Universe,
        roles: list[int],
        trusted: int | None = None,
        overrides: Mapping[str, Callable[[int], list[tuple[int, Result]]]] | None = None,
    ) -> Option | None:
        me = self._position(node)
        mask = universe.of_account(node.account) & ~universe.where(r == me for r in roles)
        if trusted is not None:
            mask &= trusted

        def to_nodes(part: int) -> int:
            out = 0
            for position in members(part):
                out |= 1 << roles[position]
            return out

        prerequisite = self._prerequisite(node, technique)
        if prerequisite is not None and not prerequisite[1]:
            return None  # the workload is of no use without the resource it needs beside it
        parts = self.decider.all_needs(
            node,
            technique,
            universe,
            mask,
            overrides=overrides,
            prerequisite=prerequisite,
            passes=self.prerequisite_passes.get(technique.prerequisite or "", ()),
        )
        return self._become(technique, universe, parts, to_nodes)

    def _join_groups(self, node: Node, technique: Technique, reach: Reach) -> None:
        if node.user is None or node.derived:
            return  # one group join per path, and none after lifting a boundary
        mask = self.groups.of_account(node.account) & ~self._groups_of(node)
        parts = self.decider.all_needs(node, technique, self.groups, mask)
        if not parts:
            return
        joined: dict[int, int] = {}
        for part, _ in parts:
            for number in members(part):
                group = self.group_list[number]
                if not self._relevant_groups >> number & 1:
                    if not self.may_complete(node, number):
                        continue  # joining cannot make it an administrator
                    merged = self.index.for_user(
                        node.user.model_copy(update={"groups": (*node.groups, group.name)})
                    )
                    if not self.rights.administrator(merged, node.subject):
                        continue  # joining changes nothing an escalation can use
                joined_node = self._add_user(node.user, group)
                joined[self.positions[joined_node.id]] = number
        if not joined:
            return

        def to_nodes(part: int) -> int:
            return sum(1 << p for p, g in joined.items() if part >> g & 1)

        option = self._become(technique, self.groups, parts, to_nodes)
        if option is not None:
            reach.become.append(option)
            reach.joined.update(joined)

    def _o_self_user(self, node: Node, technique: Technique) -> Option | None:
        mask = self.user_mask & self.principals.of_account(node.account)
        parts = self.decider.all_needs(node, technique, self.principals, mask)
        return Option(technique, self.principals, tuple(parts)) if parts else None

    def _o_self_role(self, node: Node, technique: Technique) -> Option | None:
        mask = self.role_mask & self.principals.of_account(node.account)
        parts = self.decider.all_needs(node, technique, self.principals, mask)
        return Option(technique, self.principals, tuple(parts)) if parts else None

    def _o_group(self, node: Node, technique: Technique) -> Option | None:
        parts = self.decider.all_needs(
            node, technique, self.groups, self.groups.of_account(node.account)
        )
        return Option(technique, self.groups, tuple(parts)) if parts else None

    def _o_policy_version(self, node: Node, technique: Technique) -> Option | None:
        mask = self.policies.of_account(node.account)
        if technique.target == "default-version":
            mask &= self.multi_version
        parts = self.decider.all_needs(node, technique, self.policies, mask)
        return Option(technique, self.policies, tuple(parts)) if parts else None

    _o_default_version = _o_policy_version

    # -- what a grant yields ----------------------------------------------------------------

    def covers(self, option: Option, target: Node) -> tuple[int, bool] | None:
        """Whether a grant option rewrites ``target``'s policies, making it an administrator:
        the resource acted on (an unconditional one first) and whether the step is
        conditional; None if it does not.
        """
        if not self.rewritable(target):
            return None
        kind = option.technique.target
        if kind in ("self-user", "self-role"):
            wanted = 1 << self._position(target) if target.kind == kind[5:] else 0
        elif kind == "group":
            wanted = self._groups_of(target)
        else:
            wanted = self.policies.mask(target.attached)
        fallback = None
        for part, results in option.parts:
            hit = part & wanted
            if not hit:
                continue
            conditional = kind in _ALWAYS_CONDITIONAL or any(r.conditions for r in results)
            if not conditional:
                return lowest(hit), False
            fallback = fallback or (lowest(hit), True)
        return fallback

    def rewritten(self, option: Option) -> tuple[int, int]:
        """The node positions whose policies a grant option rewrites: all, and those it
        rewrites without conditions. Call once every node exists (:meth:`all_nodes`).
        """
        every = unconditional = 0
        kind = option.technique.target
        for part, results in option.parts:
            key = (kind, part)
            if key not in self._rewritten:
                self._rewritten[key] = self._holders(kind, part)
            got = self._rewritten[key] & self._rewritable_bits()
            every |= got
            if kind not in _ALWAYS_CONDITIONAL and not any(r.conditions for r in results):
                unconditional |= got
        return every, unconditional

    def _holders(self, kind: str, part: int) -> int:
        out = 0
        if kind in ("self-user", "self-role"):
            out = part
            for user, joined in self.joined_of.items():
                if part >> user & 1:
                    out |= joined
        else:
            holders = self.group_members if kind == "group" else self.policy_holders
            for number in members(part):
                out |= holders[number]
        return out

    # -- steps --------------------------------------------------------------------------------

    def _notes(self, option: Option, resource: int, target: Node) -> tuple[str, ...]:
        technique = option.technique
        if technique.note is not None:
            return (technique.note,)
        if technique.target == "default-version":
            name = option.universe.arns[resource].rsplit("/", 1)[-1]
            return (f"a non-default version of {name} grants more",)
        return ()

    def step(self, node: Node, option: Option, resource: int, target: Node) -> Step:
        """The step ``node`` takes with ``option`` on one resource, obtaining ``target``."""
        part = option.part_of(resource)
        statements = [r for result in part[1] for r in result.reasons if r.startswith("allowed by")]
        conditions = [c for result in part[1] for c in result.conditions]
        conditions += self._notes(option, resource, target)
        technique = option.technique
        grant = technique.yields == "grant"
        return Step(
            node.arn,
            technique.id,
            technique.title,
            tuple(n.action for n in technique.needs),
            option.universe.arns[resource],
            ADMINISTRATOR if grant and target.arn == node.arn else target.arn,
            technique.yields,
            tuple(dict.fromkeys(statements)),
            tuple(dict.fromkeys(conditions)),
            technique.source,
        )

    def become_step(self, node: Node, option: Option, target: int) -> Step:
        """The step by which ``node`` obtains the node at position ``target``."""
        reach = self.reach(node)
        if target in reach.joined:
            resource = reach.joined[target]
        elif option.technique.target == "stack-set-execution":  # the administration role
            resource = next(
                admin
                for part, _ in sorted(option.parts, key=lambda p: any(r.conditions for r in p[1]))
                for admin in members(part)
                if self._assumable_by(admin) >> target & 1
            )
        elif option.universe is self.principals:  # a derived node: its own principal's
            resource = self._position(self.order[target])
        else:
            roles = self.workload_roles[id(option.universe)]
            candidates = option.resources & option.universe.where(r == target for r in roles)
            resource = lowest(candidates)
            for part, results in option.parts:
                if part & candidates and not any(r.conditions for r in results):
                    resource = lowest(part & candidates)
                    break
        return self.step(node, option, resource, self.order[target])

    def edges(self, node_id: str) -> list[Edge]:
        """Every edge out of a node, one per (technique, target): for inspection and tests;
        the search itself works on :meth:`reach`'s sets.
        """
        node = self.nodes[node_id]
        reach = self.reach(node)
        found = [
            Edge(self.order[t].id, self.become_step(node, option, t))
            for option in reach.become
            for t in members(option.obtains)
        ]
        targets = [node, *(self.order[t] for t in members(reach.obtains))]
        for option in reach.grant:
            for target in targets:
                covered = self.covers(option, target)
                if covered is not None:
                    found.append(Edge(target.id, self.step(node, option, covered[0], target)))
        return found

    def expanded(self, node: Node) -> Reach | None:
        """The node's options if they were computed (joined-group nodes are computed only
        when the search needs them).
        """
        return self._reach.get(node.id)

    def principal_nodes(self) -> list[Node]:
        """Every user and role, with its options computed (which adds the joined-group nodes
        to :attr:`order`).
        """
        for node in self.order[: self.base]:
            self.reach(node)
        return self.order[: self.base]
