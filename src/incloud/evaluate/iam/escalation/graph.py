"""The principal graph: who can obtain whose permissions, and who can become an administrator.

Nodes are the snapshot's IAM users and roles (and, for ``iam:AddUserToGroup``, a user as it
would be after joining a group). A ``become`` edge A -> B means A can obtain B's credentials or
run code as B; a ``grant`` edge A => X means A can rewrite X's policies (X's own, a group of X,
a managed policy attached to X), which makes X an administrator. Every request a technique needs
is decided by :func:`~incloud.evaluate.iam.decide.evaluate_request` with A's policies and
permissions boundary, the target's ARN and (for roles) its trust policy: a Deny, a resource
constraint, a boundary or a condition that cannot hold cuts the edge; a condition on a key whose
value cannot be known keeps it and is recorded.

A path from S ends at a principal that :func:`~incloud.evaluate.iam.admin.admin_verdict` calls an
administrator, or at a grant A => X where X is A itself or a principal A becomes in one step;
one backward search from those goals gives every principal its shortest path.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import replace

from ....snapshot import Snapshot
from ....snapshot.awslambda import LambdaFunction
from ....snapshot.ec2 import Ec2Instance
from ....snapshot.iam import IamGroup, IamRole, IamUser
from ..admin import admin_verdict
from ..context import UNKNOWN_VALUE, RequestContext
from ..decide import PolicySet, Request, Result, evaluate_request
from ..matching import RequestPrincipal, arn_matches
from ..policy import Policy, parse_policy
from ..principals import PolicyIndex
from .model import Edge, Node, Path, Step, Via
from .techniques import TECHNIQUES, UNCOLLECTED, Technique
from .trust import condition_keys, names_action, trust_names, trust_policy_of

Scps = tuple[tuple[Policy, ...], ...]
"""Service control policies by level, from the organisation root down to the account."""

ADMINISTRATOR = "administrator"
"""The synthetic node a principal reaches by making itself an administrator."""

_IMPLICIT_KEYS = frozenset(
    {"aws:principalaccount", "aws:principalarn", "aws:username", "aws:resourceaccount"}
)
"""Keys the engine fills in from the request itself."""


class EscalationGraph:
    """The principals of one snapshot and the escalation edges between them (built lazily)."""

    def __init__(
        self,
        snapshot: Snapshot,
        techniques: tuple[Technique, ...] = TECHNIQUES,
        scps: Mapping[str, Scps] | None = None,
    ) -> None:
        self.techniques = techniques
        self.scps = dict(scps or {})
        """SCP levels (root to account) by account id; the snapshot does not carry them."""
        self.index = PolicyIndex(snapshot)
        self.token_issue_time = snapshot.collected_at.isoformat().replace("+00:00", "Z")
        self.regions = {a.account_id: (a.regions or ("us-east-1",))[0] for a in snapshot.accounts}
        self.users = {u.arn: u for u in snapshot.of_type(IamUser)}
        self.roles = {r.arn: r for r in snapshot.of_type(IamRole)}
        self.nodes: dict[str, Node] = {}
        for user in self.users.values():
            self._add_user(user)
        for role in self.roles.values():
            policies = self.index.for_role(role)
            self.nodes[role.arn] = Node(
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
        shared: dict[str, Policy | None] = {}  # one parsed policy per distinct document
        self.trust = {arn: trust_policy_of(role, shared) for arn, role in self.roles.items()}
        by_profile = {p: r for r in self.roles.values() for p in r.instance_profile_arns}
        self.instances = [
            (i, by_profile[i.iam_instance_profile_arn])
            for i in snapshot.of_type(Ec2Instance)
            if i.running and i.iam_instance_profile_arn in by_profile
        ]
        self.functions = [
            (f, self.roles[f.role_arn])
            for f in snapshot.of_type(LambdaFunction)
            if f.role_arn in self.roles
        ]
        self._edges: dict[str, list[Edge]] = {}
        self._keys: dict[str, frozenset[str]] = {}
        self._trusts_service: dict[tuple[str, str], bool] = {}
        self._may_cache: dict[tuple[str, str], bool] = {}
        self._independent: dict[tuple[str, str], tuple[str, ...] | None] = {}
        self._results: dict[Hashable, Result | None] = {}
        self._via: dict[str, Via] = {}
        self._solved = False
        self._reach: set[str] = set()
        """While building a node's grant edges: the node and the nodes it becomes in one step."""

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
        node = Node(
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
        self.nodes[node_id] = node
        return node

    # -- deciding requests ----------------------------------------------------------------

    def _condition_keys(self, node: Node) -> frozenset[str]:
        if node.id not in self._keys:
            policies = [*node.policies.identity]
            if node.policies.boundary is not None:
                policies.append(node.policies.boundary)
            self._keys[node.id] = condition_keys(policies)
        return self._keys[node.id]

    def _context(
        self, node: Node, resource_policy: Policy | None, known: dict[str, str]
    ) -> RequestContext:
        """Unknown for every condition key whose value cannot be told from the snapshot."""
        keys = self._condition_keys(node)
        if resource_policy is not None:
            keys = keys | condition_keys([resource_policy])
        values: dict[str, object] = {"aws:TokenIssueTime": self.token_issue_time, **known}
        for tag, value in node.tags.items():
            values[f"aws:PrincipalTag/{tag}"] = value
        given = {k.lower() for k in values}
        for key in keys:
            if key in given or key in _IMPLICIT_KEYS or key.startswith("aws:principaltag/"):
                continue
            values[key] = UNKNOWN_VALUE
        return RequestContext(values)

    def _may(self, node: Node, action: str) -> bool:
        """Cheap filter: some Allow statement of the principal names the action."""
        key = (node.id, action)
        if key not in self._may_cache:
            self._may_cache[key] = self._names(node, action)
        return self._may_cache[key]

    @staticmethod
    def _names(node: Node, action: str) -> bool:
        return any(
            statement.effect == "Allow" and names_action(statement, action)
            for policy in node.policies.identity
            for statement in policy.statements
        )

    def _decide(
        self,
        node: Node,
        action: str,
        resource: str,
        *,
        resource_policy: Policy | None = None,
        resource_account: str | None = None,
        known: dict[str, str] | None = None,
    ) -> Result | None:
        """The engine's result when the request is (possibly conditionally) allowed."""
        if resource_policy is None and not self._may(node, action):
            return None
        cache_key = None
        patterns = self._patterns(node, action)
        if patterns is not None:
            matched = tuple(arn_matches(p, resource) for p in patterns)
            context = tuple(sorted((known or {}).items()))
            cache_key = (node.id, action, matched, context, id(resource_policy), resource_account)
            if cache_key in self._results:
                return self._results[cache_key]
        request = Request(
            node.request_principal,
            action,
            resource,
            resource_account=resource_account,
            context=self._context(node, resource_policy, known or {}),
        )
        policies = PolicySet(
            identity=node.policies.identity,
            resource=resource_policy,
            boundary=node.policies.boundary,
            scps=self.scps.get(node.account, ()),
        )
        result = evaluate_request(request, policies)
        allowed = result if result.decision == "Allowed" else None
        if cache_key is not None:
            self._results[cache_key] = allowed
        return allowed

    def _patterns(self, node: Node, action: str) -> tuple[str, ...] | None:
        """The resource patterns of every statement naming ``action``: the decision depends on
        the resource only through which of them match it, so it is computed once per match
        signature. None when a pattern holds a policy variable.
        """
        key = (node.id, action)
        if key not in self._independent:
            policies = [*node.policies.identity]
            if node.policies.boundary is not None:
                policies.append(node.policies.boundary)
            patterns = tuple(
                dict.fromkeys(
                    pattern
                    for policy in policies
                    for statement in policy.statements
                    if names_action(statement, action)
                    for pattern in (statement.resources or statement.not_resources or ())
                )
            )
            variable = any("${" in p for p in patterns)
            self._independent[key] = None if variable else patterns
        return self._independent[key]

    def _edge(
        self,
        node: Node,
        technique: Technique,
        target: Node,
        target_resource: str,
        *,
        overrides: dict[str, Callable[[str, str], Result | None]] | None = None,
        notes: tuple[str, ...] = (),
    ) -> Edge | None:
        """An edge when every request of ``technique`` is allowed; None otherwise."""
        statements: list[str] = []
        conditions: list[str] = list(notes)
        actions = []
        region = self.regions.get(node.account, "us-east-1")
        for need in technique.needs:
            resource = need.resource.format(
                target=target_resource, region=region, account=node.account
            )
            override = (overrides or {}).get(need.action)
            if override is not None:
                result = override(need.action, resource)
            else:
                known = {}
                if need.action == "iam:PassRole" and technique.service:
                    known["iam:PassedToService"] = technique.service
                result = self._decide(node, need.action, resource, known=known)
            if result is None:
                return None
            actions.append(need.action)
            statements += [r for r in result.reasons if r.startswith("allowed by")]
            conditions += result.conditions
        grant = technique.yields == "grant"
        step = Step(
            node.arn,
            technique.id,
            technique.title,
            tuple(actions),
            target_resource,
            ADMINISTRATOR if grant and target.arn == node.arn else target.arn,
            technique.yields,
            tuple(dict.fromkeys(statements)),
            tuple(dict.fromkeys(conditions)),
            technique.source,
        )
        return Edge(target.id, step)

    # -- edges ------------------------------------------------------------------------------

    def edges(self, node_id: str) -> list[Edge]:
        """Every edge out of a node (computed once)."""
        if node_id not in self._edges:
            node = self.nodes[node_id]
            found: list[Edge] = []
            # become edges first: a grant matters for the principal itself and for those it
            # can become in one step (a role it can assume whose policies it rewrites)
            for yields in ("become", "grant"):
                if yields == "grant":
                    self._reach = {node.id, node.arn, *(e.target for e in found)}
                for technique in self.techniques:
                    if technique.yields == yields:
                        builder = getattr(self, "_t_" + technique.target.replace("-", "_"))
                        found += [e for e in builder(node, technique) if e is not None]
            self._edges[node_id] = found
        return self._edges[node_id]

    def _same_account(self, node: Node, kind: str) -> Iterator[Node]:
        for other in list(self.nodes.values()):
            if other.kind == kind and other.joined is None and other.account == node.account:
                yield other

    def _reached(self, node: Node, kind: str) -> Iterator[Node]:
        """Principals of ``kind`` in the one-step reach (not joined-group nodes)."""
        for node_id in sorted(self._reach):
            other = self.nodes.get(node_id)
            if other is None or other.joined is not None:
                continue
            if other.kind == kind and other.account == node.account:
                yield other

    def _t_user(self, node: Node, technique: Technique) -> Iterator[Edge | None]:
        if not self._may(node, technique.needs[0].action):
            return
        for other in self._same_account(node, "user"):
            user = other.user
            if other.arn == node.arn or user is None:
                continue
            if technique.id == "create-login-profile" and user.password_enabled:
                continue
            if technique.id == "update-login-profile" and not user.password_enabled:
                continue
            if technique.id == "create-access-key" and len(user.access_keys) >= 2:
                continue
            yield self._edge(node, technique, other, other.arn)

    def _t_role_trust(self, node: Node, technique: Technique) -> Iterator[Edge | None]:
        for arn, trust in self.trust.items():
            if arn == node.arn or trust is None:
                continue
            names = trust_names(trust, node)
            if names == "none" or (names == "account" and not self._may(node, "sts:AssumeRole")):
                continue
            target = self.nodes[arn]

            def decide(
                action: str, resource: str, trust: Policy = trust, account: str = target.account
            ) -> Result | None:
                return self._decide(
                    node, action, resource, resource_policy=trust, resource_account=account
                )

            yield self._edge(node, technique, target, arn, overrides={"sts:AssumeRole": decide})

    def _t_role_retrust(self, node: Node, technique: Technique) -> Iterator[Edge | None]:
        if not self._may(node, "iam:UpdateAssumeRolePolicy"):
            return
        rewritten = parse_policy(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": node.arn},
                        "Action": "sts:AssumeRole",
                    }
                ],
            },
            kind="resource",
            name="rewritten trust policy",
        )

        def decide(action: str, resource: str) -> Result | None:
            return self._decide(node, action, resource, resource_policy=rewritten)

        for other in self._same_account(node, "role"):
            if other.arn != node.arn:
                yield self._edge(
                    node, technique, other, other.arn, overrides={"sts:AssumeRole": decide}
                )

    def _service_roles(self, node: Node, service: str | None) -> Iterator[Node]:
        for other in self._same_account(node, "role"):
            if other.arn != node.arn and service is not None and self._trusts(other.arn, service):
                yield other

    def _trusts(self, role_arn: str, service: str) -> bool:
        key = (role_arn, service)
        if key not in self._trusts_service:
            trust = self.trust.get(role_arn)
            allowed = False
            if trust is not None:
                request = Request(RequestPrincipal.parse(service), "sts:AssumeRole", role_arn)
                result = evaluate_request(request, PolicySet(resource=trust))
                allowed = result.decision == "Allowed"
            self._trusts_service[key] = allowed
        return self._trusts_service[key]

    def _t_pass_role(self, node: Node, technique: Technique) -> Iterator[Edge | None]:
        if not all(self._may(node, need.action) for need in technique.needs):
            return
        for other in self._service_roles(node, technique.service):
            if (
                technique.requires_instance_profile
                and not self.roles[other.arn].instance_profile_arns
            ):
                continue
            yield self._edge(node, technique, other, other.arn)

    def _t_uncollected(self, node: Node, technique: Technique) -> Iterator[Edge | None]:
        if not self._may(node, technique.needs[0].action) or technique.service is None:
            return
        what = UNCOLLECTED[technique.service]
        for other in self._service_roles(node, technique.service):
            note = f"{what} running as {other.name} exists (not collected)"
            yield self._edge(node, technique, other, other.arn, notes=(note,))

    def _t_lambda_function(self, node: Node, technique: Technique) -> Iterator[Edge | None]:
        if not self._may(node, technique.needs[0].action):
            return
        for function, role in self.functions:
            if role.arn != node.arn and function.account_id == node.account:
                yield self._edge(node, technique, self.nodes[role.arn], function.arn)

    def _t_instance(self, node: Node, technique: Technique) -> Iterator[Edge | None]:
        if not self._may(node, technique.needs[0].action):
            return
        for instance, role in self.instances:
            if role.arn != node.arn and instance.account_id == node.account:
                yield self._edge(node, technique, self.nodes[role.arn], instance.arn)

    def _t_join_group(self, node: Node, technique: Technique) -> Iterator[Edge | None]:
        if node.user is None or node.joined is not None:
            return
        if not self._may(node, technique.needs[0].action):
            return
        for (account, name), group in self.index.groups.items():
            if account == node.account and name not in node.groups:
                edge = self._edge(node, technique, node, group.arn)
                if edge is not None:
                    joined = self._add_user(node.user, group)
                    step = replace(edge.step, target=joined.arn)
                    yield Edge(joined.id, step)

    def _t_self_user(self, node: Node, technique: Technique) -> Iterator[Edge | None]:
        if not self._may(node, technique.needs[0].action):
            return
        for other in self._reached(node, "user"):
            yield self._edge(node, technique, other, other.arn)

    def _t_self_role(self, node: Node, technique: Technique) -> Iterator[Edge | None]:
        if not self._may(node, technique.needs[0].action):
            return
        for other in self._reached(node, "role"):
            yield self._edge(node, technique, other, other.arn)

    def _t_group(self, node: Node, technique: Technique) -> Iterator[Edge | None]:
        if not self._may(node, technique.needs[0].action):
            return
        for (account, name), group in self.index.groups.items():
            if account != node.account:
                continue
            members = [
                self.nodes[n]
                for n in self._reach
                if n in self.nodes and name in self.nodes[n].groups
            ]
            if not members:
                continue
            edge = self._edge(node, technique, node, group.arn)
            if edge is None:
                continue
            for member in members:
                yield self._retarget(edge, node, member)

    def _policy_targets(self, node: Node, technique: Technique) -> Iterator[Edge | None]:
        if not self._may(node, technique.needs[0].action):
            return
        holders: dict[str, list[Node]] = {}
        for other in [self.nodes[n] for n in self._reach if n in self.nodes]:
            if other.account == node.account:
                for arn in other.attached:
                    holders.setdefault(arn, []).append(other)
        for arn, nodes in holders.items():
            policy = self.index.managed.get(arn)
            if policy is None or policy.aws_managed:
                continue
            notes: tuple[str, ...] = ()
            if technique.target == "default-version":
                if policy.version_count < 2:
                    continue
                notes = (f"a non-default version of {policy.name} grants more",)
            edge = self._edge(node, technique, node, arn, notes=notes)
            if edge is None:
                continue
            for holder in nodes:
                yield self._retarget(edge, node, holder)

    _t_policy_version = _policy_targets
    _t_default_version = _policy_targets

    @staticmethod
    def _retarget(edge: Edge, node: Node, target: Node) -> Edge:
        outcome = ADMINISTRATOR if target.arn == node.arn else target.arn
        return Edge(target.id, replace(edge.step, target=outcome))

    # -- paths ------------------------------------------------------------------------------

    def solve(self) -> None:
        """Distances to administrator rights for every node, by one backward search.

        A node is a goal when it is an administrator (length 0), when it rewrites its own
        policies (1), or rewrites those of a principal it becomes in one step (2); lengths add
        up backwards along become edges, ties broken by the fewest conditional steps.
        """
        if self._solved:
            return
        pending = list(self.nodes)
        while pending:  # edge building adds joined-group nodes
            for node_id in pending:
                self.edges(node_id)
            pending = [n for n in self.nodes if n not in self._edges]
        reverse: dict[str, list[tuple[str, Edge]]] = {}
        heap: list[tuple[tuple[int, int], int, str, Via]] = []
        for node_id, node in self.nodes.items():
            become: dict[str, Edge] = {}
            for edge in self._edges[node_id]:
                if edge.step.effect == "become":
                    reverse.setdefault(edge.target, []).append((node_id, edge))
                    become.setdefault(edge.target, edge)
            for cost, via in self._goals(node, become):
                heapq.heappush(heap, (cost, len(heap), node_id, via))
        counter = len(heap)
        while heap:
            cost, _, node_id, via = heapq.heappop(heap)
            if node_id in self._via:
                continue
            self._via[node_id] = via
            for source, edge in reverse.get(node_id, ()):
                if source not in self._via:
                    counter += 1
                    step_cost = (cost[0] + 1, cost[1] + int(bool(edge.step.conditions)))
                    heapq.heappush(heap, (step_cost, counter, source, Via(edge, None, node_id)))
        self._solved = True

    def _goals(self, node: Node, become: dict[str, Edge]) -> Iterator[tuple[tuple[int, int], Via]]:
        """How ``node`` holds or obtains administrator rights without another principal's
        help: it is one, it rewrites its own policies, or those of one it becomes next.
        """
        if node.admin:
            yield (0, 0), Via(None, None, node.arn)
        for edge in self._edges[node.id]:
            if edge.step.effect != "grant":
                continue
            conditional = int(bool(edge.step.conditions))
            if edge.target in (node.id, node.arn):
                yield (1, conditional), Via(edge, None, node.arn)
            elif edge.target in become:
                then = become[edge.target]
                cost = (2, conditional + int(bool(then.step.conditions)))
                yield cost, Via(edge, then, self.nodes[edge.target].arn)

    def path_from(self, start: str) -> Path | None:
        """The shortest path from ``start`` (a node id) to administrator rights, if any."""
        self.solve()
        steps: list[Step] = []
        node_id = start
        while True:
            via = self._via.get(node_id)
            if via is None or (node_id == start and via.edge is None):
                return None  # unreachable, or the start is an administrator already
            if via.edge is None:  # an administrator reached
                return Path(self.nodes[start].arn, tuple(steps), via.goal)
            steps.append(via.edge.step)
            if via.edge.step.effect == "grant":
                if via.then is not None:
                    steps.append(via.then.step)
                return Path(self.nodes[start].arn, tuple(steps), via.goal)
            node_id = via.goal

    def starts(self) -> list[str]:
        """Every principal that is not already an administrator."""
        return [n.id for n in list(self.nodes.values()) if n.joined is None and not n.admin]


def escalation_paths(snapshot: Snapshot, scps: Mapping[str, Scps] | None = None) -> dict[str, Path]:
    """For each non-administrator user and role that can become an administrator, by ARN:
    the shortest path. Administrators themselves are absent (the admin check reports them).

    ``scps`` maps an account id to its SCP levels (root first) when the caller has them.
    """
    graph = EscalationGraph(snapshot, scps=scps)
    paths: dict[str, Path] = {}
    for start in graph.starts():
        path = graph.path_from(start)
        if path is not None:
            paths[graph.nodes[start].arn] = path
    return paths


__all__ = ["ADMINISTRATOR", "EscalationGraph", "Path", "Step", "escalation_paths"]
