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
decided once per part of the target space, not once per target (:mod:`.decisions`).
:mod:`.search` finds the shortest paths over these sets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from ....snapshot import Snapshot
from ....snapshot.awslambda import LambdaFunction
from ....snapshot.ec2 import Ec2Instance
from ....snapshot.iam import IamGroup, IamRole, IamUser
from ..admin import admin_verdict
from ..decide import PolicySet, Request, Result, evaluate_request
from ..matching import RequestPrincipal
from ..policy import Policy, PolicyError, parse_policy
from ..principals import PolicyIndex
from .decisions import Decider, Part, Scps
from .model import Edge, Node, Sensitive, Step
from .techniques import TECHNIQUES, UNCOLLECTED, Technique
from .trust import names_action, trust_names, trust_policy_of
from .universe import Universe, lowest, members

ADMINISTRATOR = "administrator"
"""The synthetic target of a step that makes its principal itself an administrator."""

_ADMINISTRATOR_POLICY = parse_policy(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
    name="the administrator policy a grant writes",
)
"""What a grant technique writes into the target's policies."""

_ALWAYS_CONDITIONAL = frozenset({"uncollected", "default-version"})
"""Targets whose steps depend on state the snapshot does not show (see :meth:`_notes`)."""


@dataclass(frozen=True)
class Option:
    """What one principal can do with one technique.

    ``parts`` split the resources it may act on by the statements that allow them;
    ``obtains`` is the set of node positions a *become* option yields (``unconditional``: those
    yielded by some part without conditions). Grant options leave both empty: what they yield
    depends on whose policies the resource carries (:meth:`EscalationGraph.covers`).
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


class EscalationGraph:
    """The principals of one snapshot and what each can do to the others (built lazily)."""

    def __init__(
        self,
        snapshot: Snapshot,
        techniques: tuple[Technique, ...] = TECHNIQUES,
        scps: Mapping[str, Scps] | None = None,
        sensitive: Iterable[Sensitive] = (),
    ) -> None:
        self.techniques = techniques
        self.sensitive = tuple(sensitive)
        """Permissions treated like administrator rights (goals besides administrators)."""
        self.index = PolicyIndex(snapshot)
        self.users = {u.arn: u for u in snapshot.of_type(IamUser)}
        self.roles = {r.arn: r for r in snapshot.of_type(IamRole)}
        self.nodes: dict[str, Node] = {}
        self.order: list[Node] = []
        """Nodes by position: users, roles, then joined-group nodes as they are made."""
        self.positions: dict[str, int] = {}
        for user in self.users.values():
            self._add_user(user)
        for role in self.roles.values():
            self._add(self._role_node(role))
        base = list(self.order)
        self.principals = Universe((n.arn for n in base), (n.account for n in base))
        """Users and roles (positions equal node positions)."""
        self.user_mask = self.principals.where(n.kind == "user" for n in base)
        self.role_mask = self.principals.where(n.kind == "role" for n in base)
        self._user_state = {
            "create-login-profile": self.principals.where(
                n.user is not None and not n.user.password_enabled for n in base
            ),
            "update-login-profile": self.principals.where(
                n.user is not None and n.user.password_enabled for n in base
            ),
            "create-access-key": self.principals.where(
                n.user is not None and len(n.user.access_keys) < 2 for n in base
            ),
        }
        self.profile_mask = self.principals.where(
            n.kind == "role" and bool(self.roles[n.arn].instance_profile_arns) for n in base
        )
        self._init_trust()
        self._init_groups_and_policies()
        self._init_workloads(snapshot)
        self.decider = Decider(
            techniques,
            snapshot.collected_at.isoformat().replace("+00:00", "Z"),
            {a.account_id: (a.regions or ("us-east-1",))[0] for a in snapshot.accounts},
            scps,
        )
        self._service_roles: dict[str, int] = {}
        self._reach: dict[str, Reach] = {}
        self._rewritable: dict[str, bool] = {}
        self._rewritable_mask = 0
        self._rewritable_upto = 0
        self.base = len(self.order)
        """Users and roles come first; positions from here on are joined-group nodes."""

    # -- construction -----------------------------------------------------------------------

    def _add(self, node: Node) -> Node:
        position = len(self.order)
        self.nodes[node.id] = node
        self.positions[node.id] = position
        self.order.append(node)
        if node.joined is not None:  # a member of its groups, holder of their policies
            user = self.principals.index[node.arn]
            self.joined_of[user] = self.joined_of.get(user, 0) | 1 << position
            for number in members(self._groups_of(node)):
                self.group_members[number] |= 1 << position
            self._hold(position, node)
        return node

    def _role_node(self, role: IamRole) -> Node:
        policies = self.index.for_role(role)
        return Node(
            role.arn,
            role.arn,
            "role",
            role.account_id,
            role.name,
            policies,
            (),
            tuple(role.attached_policy_arns),
            admin_verdict(policies).status == "admin",
            dict(role.tags),
        )

    def _add_user(self, user: IamUser, joined: IamGroup | None = None) -> Node:
        node_id = user.arn if joined is None else f"{user.arn}+group/{joined.name}"
        if node_id in self.nodes:
            return self.nodes[node_id]
        if joined is not None:
            user = user.model_copy(update={"groups": (*user.groups, joined.name)})
        policies = self.index.for_user(user)
        attached = list(user.attached_policy_arns)
        for name in user.groups:
            group = self.index.groups.get((user.account_id, name))
            attached += group.attached_policy_arns if group is not None else ()
        return self._add(
            Node(
                node_id,
                user.arn,
                "user",
                user.account_id,
                user.name,
                policies,
                tuple(user.groups),
                tuple(dict.fromkeys(attached)),
                admin_verdict(policies).status == "admin",
                dict(user.tags),
                user,
                joined.name if joined is not None else None,
            )
        )

    def _init_trust(self) -> None:
        """Trust policies grouped by document, indexed by the principals they name."""
        shared: dict[str, Policy | None] = {}
        self.trust = {arn: trust_policy_of(role, shared) for arn, role in self.roles.items()}
        by_document: dict[int, tuple[Policy, int]] = {}
        for arn, trust in self.trust.items():
            if trust is not None:
                _, mask = by_document.get(id(trust), (trust, 0))
                by_document[id(trust)] = (trust, mask | 1 << self.principals.index[arn])
        self.trust_documents = list(by_document.values())
        """Each distinct trust policy and the roles that have it."""
        self._trust_broad: list[int] = []
        self._trust_direct: dict[str, list[int]] = {}
        for number, (trust, _) in enumerate(self.trust_documents):
            values = [
                p.value
                for s in trust.statements
                if s.effect == "Allow"
                for p in s.principals or ()
                if p.type in ("AWS", "*")
            ]
            broad = any(s.not_principals is not None for s in trust.statements) or any(
                v == "*" or v.endswith(":root") or ":" not in v for v in values
            )
            if broad:
                self._trust_broad.append(number)
            else:
                for value in dict.fromkeys(values):
                    self._trust_direct.setdefault(value, []).append(number)

    def _init_groups_and_policies(self) -> None:
        groups = list(self.index.groups.values())
        self.group_list = groups
        self.groups = Universe((g.arn for g in groups), (g.account_id for g in groups))
        self._group_position = {(g.account_id, g.name): n for n, g in enumerate(groups)}
        self.group_members = [0] * len(groups)
        """Each group's member users, as node positions."""
        for position, node in enumerate(self.order):
            for name in node.groups:
                number = self._group_position.get((node.account, name))
                if number is not None:
                    self.group_members[number] |= 1 << position
        self._relevant_groups = self.groups.where(self._group_grants_something(g) for g in groups)
        managed = [p for p in self.index.managed.values() if not p.aws_managed]
        self.policies = Universe((p.arn for p in managed), (p.account_id for p in managed))
        """Customer managed policies (AWS managed ones cannot be rewritten)."""
        self.multi_version = self.policies.where(p.version_count >= 2 for p in managed)
        self.policy_holders = [0] * len(managed)
        """Each customer managed policy's holders (directly or through a group), as node
        positions."""
        for position, node in enumerate(self.order):
            self._hold(position, node)
        self.joined_of: dict[int, int] = {}
        """For each user position, its joined-group nodes."""
        self._rewritten: dict[tuple[str, int], int] = {}

    def _hold(self, position: int, node: Node) -> None:
        for arn in node.attached:
            number = self.policies.index.get(arn)
            if number is not None:
                self.policy_holders[number] |= 1 << position

    def _groups_of(self, node: Node) -> int:
        """The groups a (possibly joined-group) user node is a member of."""
        out = 0
        for name in node.groups:
            number = self._group_position.get((node.account, name))
            if number is not None:
                out |= 1 << number
        return out

    def _group_grants_something(self, group: IamGroup) -> bool:
        """Whether joining the group can change what a member can escalate to: some Allow
        statement of its policies names a technique's action or every action on ``*`` (the
        rest only adds rights no technique uses, or Denies, which never help).
        """
        documents = list(group.inline_policies.values())
        documents += [
            self.index.managed[arn].document
            for arn in group.attached_policy_arns
            if arn in self.index.managed
        ]
        actions = {need.action for t in self.techniques for need in t.needs}
        actions |= {wanted.action for wanted in self.sensitive}
        for document in documents:
            try:
                policy = parse_policy(document, name=group.name)
            except PolicyError:
                return True  # unreadable: assume it may grant
            for statement in policy.statements:
                if statement.effect == "Allow" and any(names_action(statement, a) for a in actions):
                    return True
        return False

    def _init_workloads(self, snapshot: Snapshot) -> None:
        """Lambda functions and running instances, each with the role it runs as."""
        functions = [
            f for f in snapshot.of_type(LambdaFunction) if f.role_arn in self.principals.index
        ]
        self.functions = Universe((f.arn for f in functions), (f.account_id for f in functions))
        self.function_role = [self.principals.index[f.role_arn] for f in functions]
        by_profile = {p: r for r in self.roles.values() for p in r.instance_profile_arns}
        instances = [
            (i, by_profile[i.iam_instance_profile_arn])
            for i in snapshot.of_type(Ec2Instance)
            if i.running and i.iam_instance_profile_arn in by_profile
        ]
        self.instances = Universe(
            (i.arn for i, _ in instances), (i.account_id for i, _ in instances)
        )
        self.instance_role = [self.principals.index[r.arn] for _, r in instances]

    # -- options ----------------------------------------------------------------------------

    def reach(self, node: Node) -> Reach:
        """Every option of a node (computed once; may add joined-group nodes)."""
        if node.id not in self._reach:
            reach = Reach()
            for technique in self.techniques:
                if technique.target == "join-group":
                    self._join_groups(node, technique, reach)
                    continue
                option = getattr(self, "_o_" + technique.target.replace("-", "_"))(node, technique)
                if option is not None:
                    (reach.become if technique.yields == "become" else reach.grant).append(option)
            self._reach[node.id] = reach
        return self._reach[node.id]

    def _position(self, node: Node) -> int:
        """The node's principal position (a joined-group node has its user's)."""
        return self.principals.index[node.arn]

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
            if technique.target not in _ALWAYS_CONDITIONAL and not any(
                r.conditions for r in results
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

    def trusting(self, service: str) -> int:
        """Roles whose trust policy lets the service principal assume them."""
        if service not in self._service_roles:
            mask = 0
            principal = RequestPrincipal.parse(service)
            for trust, roles in self.trust_documents:
                request = Request(principal, "sts:AssumeRole", self.principals.arns[lowest(roles)])
                if evaluate_request(request, PolicySet(resource=trust)).decision == "Allowed":
                    mask |= roles
            self._service_roles[service] = mask
        return self._service_roles[service]

    def _o_pass_role(self, node: Node, technique: Technique) -> Option | None:
        if technique.service is None:
            return None
        mask = self._others(node, self.trusting(technique.service))
        if technique.requires_instance_profile:
            mask &= self.profile_mask
        parts = self.decider.all_needs(node, technique, self.principals, mask)
        return self._become(technique, self.principals, parts)

    _o_uncollected = _o_pass_role

    def _o_lambda_function(self, node: Node, technique: Technique) -> Option | None:
        return self._workload(node, technique, self.functions, self.function_role)

    def _o_instance(self, node: Node, technique: Technique) -> Option | None:
        return self._workload(node, technique, self.instances, self.instance_role)

    def _workload(
        self, node: Node, technique: Technique, universe: Universe, roles: list[int]
    ) -> Option | None:
        me = self._position(node)
        mask = universe.of_account(node.account) & ~universe.where(r == me for r in roles)

        def to_nodes(part: int) -> int:
            out = 0
            for position in members(part):
                out |= 1 << roles[position]
            return out

        parts = self.decider.all_needs(node, technique, universe, mask)
        return self._become(technique, universe, parts, to_nodes)

    def _join_groups(self, node: Node, technique: Technique, reach: Reach) -> None:
        if node.user is None or node.joined is not None:
            return  # one group join per path
        mask = self.groups.of_account(node.account) & ~self._groups_of(node)
        parts = self.decider.all_needs(node, technique, self.groups, mask)
        if not parts:
            return
        joined: dict[int, int] = {}
        for part, _ in parts:
            for number in members(part):
                group = self.group_list[number]
                if not self._relevant_groups >> number & 1:
                    merged = self.index.for_user(
                        node.user.model_copy(update={"groups": (*node.groups, group.name)})
                    )
                    if admin_verdict(merged).status != "admin":
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

    def rewritable(self, target: Node) -> bool:
        """Whether an administrator policy added to ``target``'s would make it an
        administrator: its permissions boundary and its other policies' Denies still apply
        (IAM User Guide, "Permissions boundaries for IAM entities").
        """
        if target.id not in self._rewritable:
            policies = target.policies
            granted = replace(policies, identity=(*policies.identity, _ADMINISTRATOR_POLICY))
            self._rewritable[target.id] = admin_verdict(granted).status == "admin"
        return self._rewritable[target.id]

    def _rewritable_bits(self) -> int:
        """:meth:`rewritable` for every node so far, as a bitset of positions."""
        for position in range(self._rewritable_upto, len(self.order)):
            if self.rewritable(self.order[position]):
                self._rewritable_mask |= 1 << position
        self._rewritable_upto = len(self.order)
        return self._rewritable_mask

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
        if technique.target == "uncollected" and technique.service is not None:
            what = UNCOLLECTED[technique.service]
            return (f"{what} running as {target.name} exists (not collected)",)
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
        elif option.universe is self.principals:
            resource = target
        else:
            roles = self.function_role if option.universe is self.functions else self.instance_role
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

    def starts(self) -> list[str]:
        """Every principal that is not already an administrator."""
        return [n.id for n in list(self.order) if n.joined is None and not n.admin]

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
