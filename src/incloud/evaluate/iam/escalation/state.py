"""The account as the escalation graph sees it: principals and what techniques act on.

Users and roles become nodes (a user that joins a group becomes one more, made on demand);
principals, groups, customer managed policies, Lambda functions and instances (running, and
stopped ones) are
numbered (:class:`~.universe.Universe`) so that who holds what, who trusts whom and who runs
as which role are bitsets: trust policies grouped by document and indexed by the principals
they name, group members, policy holders, roles trusting each service.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from ....snapshot import Snapshot
from ....snapshot.awslambda import LambdaFunction
from ....snapshot.ec2 import Ec2Instance
from ....snapshot.iam import IamGroup, IamRole, IamUser
from ..context import RequestContext
from ..controls import Levels
from ..decide import PolicySet, Request, evaluate_request
from ..matching import RequestPrincipal
from ..policy import Policy, PolicyError
from ..principals import PolicyIndex
from ..scp_limits import Subject
from ..special import is_reserved_role_path
from .model import Node, Sensitive
from .resources import KINDS
from .rights import Rights
from .technique import Technique
from .trust import actions_named, trust_policy_of
from .universe import Universe, lowest, members


def _may_name_service(trust: Policy, service: str) -> bool:
    """Cheap filter: whether some Allow statement of the trust policy could cover the service
    principal (it names the service or ``*``, or has a ``NotPrincipal``); the engine grants a
    service principal nothing otherwise, so the others need not be evaluated.
    """
    for statement in trust.statements:
        if statement.effect != "Allow":
            continue
        if statement.not_principals is not None:
            return True
        if any(p.value in ("*", service) for p in statement.principals or ()):
            return True
    return False


class AccountState:
    """The principals of one snapshot and the resources techniques act on, as bitsets."""

    def __init__(
        self,
        snapshot: Snapshot,
        techniques: tuple[Technique, ...],
        sensitive: Iterable[Sensitive] = (),
        scps: Mapping[str, Levels] | None = None,
        index: PolicyIndex | None = None,
    ) -> None:
        self.techniques = techniques
        self.sensitive = tuple(sensitive)
        """Permissions treated like administrator rights (goals besides administrators)."""
        self.index = index if index is not None else PolicyIndex(snapshot)
        """Every principal's policies: the evaluation's shared index when given (read only)."""
        self.rights = Rights(scps)
        """Administrator verdicts (under the SCPs), sharing per-policy work."""
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
            # IAM allows two access keys per user: with both, one must be deleted first
            "delete-create-access-key": self.principals.where(
                n.user is not None and len(n.user.access_keys) >= 2 for n in base
            ),
        }
        self.reserved_mask = self.principals.where(
            n.kind == "role" and is_reserved_role_path(self.roles[n.arn].path) for n in base
        )
        """Roles AWS reserves (service-linked, IAM Identity Center): never passed to a service
        for an escalation, and (:mod:`..special`) never rewritten."""
        self.profile_mask = self.principals.where(
            n.kind == "role" and bool(self.roles[n.arn].instance_profile_arns) for n in base
        )
        self._init_trust()
        self._init_groups_and_policies()
        self._init_workloads(snapshot)
        self._init_kinds(snapshot)
        self._service_roles: dict[str, int] = {}
        self._web_identity_roles: dict[tuple[str, str], int] = {}
        self._rewritable: dict[str, bool] = {}
        self._rewritable_mask = 0
        self._rewritable_upto = 0
        self.base = len(self.order)
        """Users and roles come first; positions from here on are joined-group nodes."""

    def _add(self, node: Node) -> Node:
        position = len(self.order)
        self.nodes[node.id] = node
        self.positions[node.id] = position
        self.order.append(node)
        if node.derived:  # a member of its groups, holder of their policies
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
            self.rights.administrator(policies, Subject.of(role)),
            dict(role.tags),
            service_linked=role.is_service_linked,
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
                self.rights.administrator(policies, Subject.of(user)),
                dict(user.tags),
                user,
                joined.name if joined is not None else None,
            )
        )

    def unbounded(self, node: Node) -> Node:
        """The principal after lifting its own permissions boundary (made once): its identity
        policies alone decide, under the same SCPs.
        """
        node_id = f"{node.arn}+no-boundary"
        if node_id not in self.nodes:
            policies = replace(node.policies, boundary=None)
            admin = self.rights.administrator(policies, node.subject)
            self._add(replace(node, id=node_id, policies=policies, admin=admin, unbounded=True))
        return self.nodes[node_id]

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
        """For each principal position, its derived nodes (joined a group, boundary lifted):
        rewriting the principal's own policies rewrites theirs."""
        self._rewritten: dict[tuple[str, int], int] = {}
        self._group_policies: dict[int, tuple[Policy, ...]] = {}

    def may_complete(self, node: Node, number: int) -> bool:
        """Cheap filter: whether the node's policies and group ``number``'s together may allow
        every known action on every resource; if not, joining the group cannot make the node
        an administrator (:meth:`Rights.administrator`).
        """
        if number not in self._group_policies:
            outcomes = self.index.group_policies(self.group_list[number])
            self._group_policies[number] = tuple(p for p in outcomes if isinstance(p, Policy))
        return self.rights.allow_everything(
            (*node.policies.identity, *self._group_policies[number])
        )

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
        actions = frozenset(need.action for t in self.techniques for need in t.needs)
        actions |= {wanted.action for wanted in self.sensitive}
        for policy in self.index.group_policies(group):
            if isinstance(policy, PolicyError):
                return True  # unreadable: assume it may grant
            for statement in policy.statements:
                if statement.effect == "Allow" and actions_named(statement, actions):
                    return True
        return False

    def _init_workloads(self, snapshot: Snapshot) -> None:
        """Lambda functions, running and stopped instances, each with the role it runs as."""
        functions = [
            f for f in snapshot.of_type(LambdaFunction) if f.role_arn in self.principals.index
        ]
        self.functions = Universe((f.arn for f in functions), (f.account_id for f in functions))
        self.function_role = [self.principals.index[f.role_arn] for f in functions]
        by_profile = {p: r for r in self.roles.values() for p in r.instance_profile_arns}
        profiled = [
            (i, by_profile[i.iam_instance_profile_arn])
            for i in snapshot.of_type(Ec2Instance)
            if i.iam_instance_profile_arn in by_profile
        ]
        instances = [(i, r) for i, r in profiled if i.running]
        self.instances = Universe(
            (i.arn for i, _ in instances), (i.account_id for i, _ in instances)
        )
        self.instance_role = [self.principals.index[r.arn] for _, r in instances]
        stopped = [(i, r) for i, r in profiled if i.state == "stopped"]
        self.stopped = Universe((i.arn for i, _ in stopped), (i.account_id for i, _ in stopped))
        """Stopped instances with a profile: started again, they run their user data."""
        self.stopped_role = [self.principals.index[r.arn] for _, r in stopped]
        self.workload_roles = {
            id(self.functions): self.function_role,
            id(self.instances): self.instance_role,
            id(self.stopped): self.stopped_role,
        }
        """Each workload universe's roles (principal positions), by the universe's id."""

    def _init_kinds(self, snapshot: Snapshot) -> None:
        """The service resources the techniques name (:mod:`.resources`): prerequisites, and
        workloads with the roles they run as (those among the snapshot's roles).
        """
        self.prerequisites: dict[str, Universe] = {}
        """Each prerequisite kind's collected resources."""
        self.workloads: dict[str, tuple[Universe, list[int]]] = {}
        """Each workload kind's resources and the role (principal position) each runs as."""
        self.workload_passes: dict[str, list[str | None]] = {}
        """Each workload kind's role passed when a resource is changed, by universe position
        (kinds with ``passes`` only)."""
        self.prerequisite_passes: dict[str, list[str | None]] = {}
        """Each prerequisite kind's role named by each resource, by universe position (kinds
        with ``passes`` only): a ``{passes}`` need of a technique on it is decided there."""
        for technique in self.techniques:
            name = technique.prerequisite
            if name is not None and name not in self.prerequisites:
                found = KINDS[name].collected(snapshot)
                self.prerequisites[name] = Universe(
                    (a for a, _, _ in found), (c for _, c, _ in found)
                )
                if KINDS[name].passes is not None:
                    passed = KINDS[name].passed(snapshot)
                    self.prerequisite_passes[name] = [
                        passed.get(arn) for arn in self.prerequisites[name].arns
                    ]
            name = technique.workload
            if name is not None and name not in self.workloads:
                pairs = [
                    (arn, account, self.principals.index.get(role or ""))
                    for arn, account, role in KINDS[name].collected(snapshot)
                ]
                runs = [(a, c, role) for a, c, role in pairs if role is not None]
                universe = Universe((a for a, _, _ in runs), (c for _, c, _ in runs))
                roles = [role for _, _, role in runs]
                self.workloads[name] = (universe, roles)
                self.workload_roles[id(universe)] = roles
                if KINDS[name].passes is not None:
                    passed = KINDS[name].passed(snapshot)
                    self.workload_passes[name] = [passed.get(arn) for arn in universe.arns]

    def _position(self, node: Node) -> int:
        """The node's principal position (a joined-group node has its user's)."""
        return self.principals.index[node.arn]

    def trusting(self, service: str) -> int:
        """Roles whose trust policy lets the service principal assume them."""
        if service not in self._service_roles:
            mask = 0
            principal = RequestPrincipal.parse(service)
            for trust, roles in self.trust_documents:
                if not _may_name_service(trust, service):
                    continue
                request = Request(principal, "sts:AssumeRole", self.principals.arns[lowest(roles)])
                if evaluate_request(request, PolicySet(resource=trust)).decision == "Allowed":
                    mask |= roles
            self._service_roles[service] = mask
        return self._service_roles[service]

    def web_identity_trusting(self, provider: str, audience: str) -> int:
        """Roles whose trust policy lets an unauthenticated identity of the web identity
        ``provider`` (``cognito-identity.amazonaws.com``) whose token's audience is
        ``audience`` (an identity pool's id) assume them with
        ``sts:AssumeRoleWithWebIdentity`` (its ``aud`` and ``amr`` keys known).
        """
        key = (provider, audience)
        if key not in self._web_identity_roles:
            mask = 0
            principal = RequestPrincipal.parse(provider)
            context = RequestContext(
                {f"{provider}:aud": audience, f"{provider}:amr": ["unauthenticated"]}
            )
            for trust, roles in self.trust_documents:
                if not _may_name_service(trust, provider):
                    continue
                request = Request(
                    principal,
                    "sts:AssumeRoleWithWebIdentity",
                    self.principals.arns[lowest(roles)],
                    context=context,
                )
                if evaluate_request(request, PolicySet(resource=trust)).decision == "Allowed":
                    mask |= roles
            self._web_identity_roles[key] = mask
        return self._web_identity_roles[key]

    def rewritable(self, target: Node) -> bool:
        """Whether an administrator policy added to ``target``'s would make it an
        administrator: its permissions boundary and its other policies' Denies still apply
        (IAM User Guide, "Permissions boundaries for IAM entities"), and so do SCPs aimed at it.
        """
        if target.id not in self._rewritable:
            self._rewritable[target.id] = self.rights.administrator_if_granted(
                target.policies, target.subject
            )
        return self._rewritable[target.id]

    def _rewritable_bits(self) -> int:
        """:meth:`rewritable` for every node so far, as a bitset of positions."""
        for position in range(self._rewritable_upto, len(self.order)):
            if self.rewritable(self.order[position]):
                self._rewritable_mask |= 1 << position
        self._rewritable_upto = len(self.order)
        return self._rewritable_mask

    def starts(self) -> list[str]:
        """Every principal that is not already an administrator."""
        return [n.id for n in list(self.order) if not n.derived and not n.admin]
