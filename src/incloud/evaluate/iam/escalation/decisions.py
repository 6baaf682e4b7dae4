"""Deciding an escalation's requests with the IAM engine, once per part of the target space.

A request's decision depends on its resource only through which ``Resource`` / ``NotResource``
patterns of the statements naming the action match the resource's ARN (conditions on resource
keys are unknown to the graph), so :meth:`Decider.decide_parts` splits a set of targets at every
such pattern and asks :func:`~incloud.evaluate.iam.decide.evaluate_request` once per part. The
request context marks unknown every condition key whose value the snapshot cannot tell, so a
condition that may hold keeps the edge and is recorded; one that cannot hold cuts it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..context import UNKNOWN_VALUE, RequestContext
from ..decide import PolicySet, Request, Result, evaluate_request
from ..policy import Policy, Statement, parse_policy
from ..special import RESOURCE_CLASSES
from .model import Node
from .technique import Need, Technique
from .trust import actions_named, condition_keys, names_action
from .universe import Universe, lowest, members

Scps = tuple[tuple[Policy, ...], ...]
"""Service control policies by level, from the organisation root down to the account."""

Part = tuple[int, tuple[Result, ...]]
"""Resources (a bitset of a universe) and the engine's results for each need."""

_IMPLICIT_KEYS = frozenset(
    {"aws:principalaccount", "aws:principalarn", "aws:username", "aws:resourceaccount"}
)
"""Keys the engine fills in from the request itself."""


_NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Named:
    """Which of the technique actions (lower case) one policy's statements name."""

    each: tuple[frozenset[str], ...]
    """Per statement, in order."""
    any: frozenset[str]
    """By some statement."""
    allowed: frozenset[str]
    """By some Allow statement."""

    @classmethod
    def of(cls, policy: Policy, actions: frozenset[str]) -> _Named:
        """Read the policy (``actions``: the technique actions, lower case)."""
        each = tuple(actions_named(statement, actions) for statement in policy.statements)
        named = allowed = _NOTHING
        for statement, covered in zip(policy.statements, each, strict=True):
            if covered:
                named = named | covered
                if statement.effect == "Allow":
                    allowed = allowed | covered
        return cls(each, named, allowed)


def known_for(technique: Technique, need: Need) -> dict[str, str]:
    """The condition keys a need's request is decided with: the values it chooses itself
    (``Need.context``) and, for ``iam:PassRole``, ``iam:PassedToService`` the technique's
    service unless the need names another.
    """
    known = dict(need.context)
    if need.action == "iam:PassRole" and technique.service:
        known.setdefault("iam:PassedToService", technique.service)
    return known


class Decider:
    """Decides the requests techniques need, for any node, with shared caches."""

    def __init__(
        self,
        techniques: tuple[Technique, ...],
        token_issue_time: str,
        regions: Mapping[str, str],
        scps: Mapping[str, Scps] | None = None,
    ) -> None:
        self.token_issue_time = token_issue_time
        """``aws:TokenIssueTime``: the attacker uses credentials issued at collection time."""
        self.regions = dict(regions)
        """Each account's first scanned region (for resource templates such as functions)."""
        self.scps = dict(scps or {})
        """SCP levels (root to account) by account id, where they apply."""
        self._actions = frozenset(need.action.lower() for t in techniques for need in t.needs)
        self._keys: dict[str, frozenset[str]] = {}
        self._named: dict[str, frozenset[str]] = {}
        self._policy_actions: dict[int, tuple[Policy, _Named]] = {}  # kept: ids stay unique
        self._patterns_cache: dict[tuple[str, str, int], tuple[str, ...] | None] = {}
        self._decided: dict[tuple[object, ...], Result | None] = {}
        self._granted: dict[tuple[str, str], Policy] = {}

    def _context(
        self, node: Node, resource_policy: Policy | None, known: Mapping[str, str]
    ) -> RequestContext:
        """Unknown for every condition key whose value cannot be told from the snapshot."""
        if node.id not in self._keys:
            policies = [*node.policies.identity]
            if node.policies.boundary is not None:
                policies.append(node.policies.boundary)
            policies += [p for level in self.scps_of(node) for p in level]
            self._keys[node.id] = condition_keys(policies)
        keys = self._keys[node.id]
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

    def scps_of(self, node: Node) -> Scps:
        """The SCP levels that bind the node: its account's, none for a service-linked role
        (Organizations User Guide, "Tasks and entities not restricted by SCPs").
        """
        return () if node.service_linked else self.scps.get(node.account, ())

    def may(self, node: Node, action: str) -> bool:
        """Cheap filter: some Allow statement of the principal names the action."""
        if action.lower() not in self._actions:
            return any(
                statement.effect == "Allow" and names_action(statement, action)
                for policy in node.policies.identity
                for statement in policy.statements
            )
        return action.lower() in self.named_actions(node)

    def named_actions(self, node: Node) -> frozenset[str]:
        """The technique actions (lower case) some Allow statement of the principal names: for
        any of them, :meth:`may` is whether it is in this set.
        """
        named = self._named.get(node.id)
        if named is None:
            named = _NOTHING
            for policy in node.policies.identity:
                allowed = self._policy_named(policy).allowed
                if allowed:
                    named = named | allowed if named else allowed
            self._named[node.id] = named
        return named

    def _policy_named(self, policy: Policy) -> _Named:
        """Which technique actions the policy's statements name (once per statements object:
        parsed managed policies are shared by principals, and documents by policies).
        """
        key = id(policy.statements)  # one document's policies share them (PolicyIndex)
        found = self._policy_actions.get(key)
        if found is None:
            found = self._policy_actions[key] = (policy, _Named.of(policy, self._actions))
        return found[1]

    def _naming(self, policy: Policy, action: str) -> list[Statement]:
        """The policy's statements whose Action (or NotAction) covers ``action``."""
        lowered = action.lower()
        if lowered not in self._actions:
            return [s for s in policy.statements if names_action(s, action)]
        named = self._policy_named(policy)
        if lowered not in named.any:
            return []
        return [s for s, n in zip(policy.statements, named.each, strict=True) if lowered in n]

    def _identity_for(self, node: Node, action: str) -> tuple[Policy, ...]:
        """The node's identity policies that have a statement naming ``action``.

        In the engine a statement that does not name the action is false before anything else
        is looked at, and a policy of such statements adds false to an "any of" and nothing to
        the reasons: leaving it out decides the same, with the same reasons, for less work.
        """
        lowered = action.lower()
        if lowered not in self._actions:
            return node.policies.identity
        return tuple(p for p in node.policies.identity if lowered in self._policy_named(p).any)

    def decide(
        self,
        node: Node,
        action: str,
        resource: str,
        *,
        resource_policy: Policy | None = None,
        resource_account: str | None = None,
        known: Mapping[str, str] | None = None,
    ) -> Result | None:
        """The engine's result when the request is (possibly conditionally) allowed."""
        if resource_policy is None and not self.may(node, action):
            return None
        key = (
            node.id,
            action,
            resource,
            id(resource_policy),
            resource_account,
            tuple(sorted((known or {}).items())),
        )
        if key not in self._decided:
            self._decided[key] = self._evaluate(
                node, action, resource, resource_policy, resource_account, known or {}
            )
        return self._decided[key]

    def _evaluate(
        self,
        node: Node,
        action: str,
        resource: str,
        resource_policy: Policy | None,
        resource_account: str | None,
        known: Mapping[str, str],
    ) -> Result | None:
        request = Request(
            node.request_principal,
            action,
            resource,
            resource_account=resource_account,
            context=self._context(node, resource_policy, known),
        )
        policies = PolicySet(
            identity=self._identity_for(node, action),
            resource=resource_policy,
            boundary=node.policies.boundary,
            scps=self.scps_of(node),
        )
        result = evaluate_request(request, policies)
        return result if result.decision == "Allowed" else None

    def _patterns(
        self, node: Node, action: str, resource_policy: Policy | None
    ) -> tuple[str, ...] | None:
        """The ``Resource``/``NotResource`` patterns of every statement that names ``action``
        (identity, boundary, SCPs, resource policy): the decision depends on the resource only
        through which of them match. None when one holds a policy variable.
        """
        key = (node.id, action, id(resource_policy))
        if key not in self._patterns_cache:
            policies = [*node.policies.identity]
            if node.policies.boundary is not None:
                policies.append(node.policies.boundary)
            policies += [p for level in self.scps_of(node) for p in level]
            if resource_policy is not None:
                policies.append(resource_policy)
            patterns = tuple(
                dict.fromkeys(
                    pattern
                    for policy in policies
                    for statement in self._naming(policy, action)
                    for pattern in (statement.resources or statement.not_resources or ())
                )
            )
            variable = any("${" in p for p in patterns)
            self._patterns_cache[key] = None if variable else patterns
        return self._patterns_cache[key]

    def decide_parts(
        self,
        node: Node,
        action: str,
        universe: Universe,
        mask: int,
        *,
        resource_policy: Policy | None = None,
        by_account: bool = False,
        known: Mapping[str, str] | None = None,
    ) -> list[tuple[int, Result]]:
        """``mask`` split into parts of one decision each; the allowed parts with results."""
        if not mask or (resource_policy is None and not self.may(node, action)):
            return []
        patterns = self._patterns(node, action, resource_policy)
        scopes = universe.account_masks(mask) if by_account else iter([(None, mask)])
        out = []
        for account, scope in scopes:
            if patterns is None:
                parts = [1 << position for position in members(scope)]
            else:  # and never a protected resource with an ordinary one (.special)
                parts = universe.split(scope, (*patterns, *RESOURCE_CLASSES))
            for part in parts:
                result = self.decide(
                    node,
                    action,
                    universe.arns[lowest(part)],
                    resource_policy=resource_policy,
                    resource_account=account,
                    known=known,
                )
                if result is not None:
                    out.append((part, result))
        return out

    def all_needs(
        self,
        node: Node,
        technique: Technique,
        universe: Universe,
        mask: int,
        overrides: Mapping[str, Callable[[int], list[tuple[int, Result]]]] | None = None,
        prerequisite: tuple[Universe, int] | None = None,
        passes: Sequence[str | None] = (),
    ) -> list[Part]:
        """The parts of ``mask`` on which every request of the technique is allowed.

        Needs on ``{prerequisite}`` are decided on each of ``prerequisite``'s resources (a
        universe and the set of them in the principal's account): all of them allowed on one
        resource is enough (:meth:`_on_one`). ``passes`` gives, by position in that universe,
        the role each resource names (an ECS task definition's execution role): a
        ``{passes}`` need is decided on the role of that same resource, and makes no request
        when it names none.
        """
        if not mask:
            return []
        overrides = overrides or {}
        granted = (*overrides, *technique.self_granted)
        if not all(self.may(node, n.action) for n in technique.needs if n.action not in granted):
            return []
        on_one: dict[str, Result] = {}
        if prerequisite is not None:
            found = self._on_one(node, technique, *prerequisite, passes)
            if found is None:
                return []
            on_one = found
        region = self.regions.get(node.account, "us-east-1")
        parts: list[Part] = [(mask, ())]
        for need in technique.needs:
            known = known_for(technique, need)
            if need.action in overrides:
                decided = overrides[need.action](mask)
            elif need.resource == "{target}":
                decided = self.decide_parts(node, need.action, universe, mask, known=known)
            elif need.resource in ("{prerequisite}", "{passes}") and prerequisite is not None:
                key = (
                    need.action
                    if need.resource == "{prerequisite}"
                    else f"{{passes}} {need.action}"
                )
                if key not in on_one:
                    continue  # the resource names no role to pass: no request
                decided = [(mask, on_one[key])]
            else:
                result = self._on_template(node, technique, need, region, known)
                decided = [(mask, result)] if result is not None else []
            parts = [(a & b, (*ra, rb)) for a, ra in parts for b, rb in decided if a & b]
            if not parts:
                return []
        return parts

    def _on_template(
        self, node: Node, technique: Technique, need: Need, region: str, known: dict[str, str]
    ) -> Result | None:
        """A need on a resource template (``{region}``, ``{account}``), decided once; with
        the resource policy the technique writes when it grants the action itself.
        """
        resource = need.resource.format(region=region, account=node.account)
        policy = None
        if need.action in technique.self_granted:
            policy = self._granting(node, need.action)
        return self.decide(node, need.action, resource, resource_policy=policy, known=known)

    def _granting(self, node: Node, action: str) -> Policy:
        """The resource policy a technique writes to let ``node`` make ``action`` (its
        ``Principal`` the node's ARN, as ``lambda:AddPermission`` writes it); one per pair.
        """
        key = (node.arn, action)
        if key not in self._granted:
            self._granted[key] = parse_policy(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Principal": {"AWS": node.arn}, "Action": action}
                    ],
                },
                kind="resource",
                name=f"the resource policy granting {action}",
            )
        return self._granted[key]

    def _on_one(
        self,
        node: Node,
        technique: Technique,
        universe: Universe,
        mask: int,
        passes: Sequence[str | None] = (),
    ) -> dict[str, Result] | None:
        """The results of the technique's ``{prerequisite}`` needs on one resource of
        ``mask`` where every one of them is allowed (one where none is conditional first),
        with those of its ``{passes}`` needs on the role that resource names (keyed
        ``{passes} action``; none when it names none); None when there is no such resource.
        """
        needs = [n for n in technique.needs if n.resource == "{prerequisite}"]
        actions = [n.action for n in needs]
        both = mask
        decided: dict[str, list[tuple[int, Result]]] = {}
        for need in needs:
            action = need.action
            decided[action] = self.decide_parts(
                node, action, universe, both, known=dict(need.context)
            )
            both &= sum(part for part, _ in decided[action])  # parts are disjoint
            if not both:
                return None
        passing = [n for n in technique.needs if n.resource == "{passes}"]
        fallback = None
        for position in members(both):
            results = {
                action: next(r for part, r in decided[action] if part >> position & 1)
                for action in actions
            }
            role = passes[position] if passing and position < len(passes) else None
            if role is not None:
                passed = self._passed(node, technique, passing, role)
                if passed is None:
                    continue  # the role this resource names may not be passed
                results.update(passed)
            if not any(r.conditions for r in results.values()):
                return results
            fallback = fallback or results
        return fallback

    def _passed(
        self, node: Node, technique: Technique, needs: list[Need], role: str
    ) -> dict[str, Result] | None:
        """The ``{passes}`` needs decided on ``role`` (``iam:PassedToService`` the technique's
        service), keyed ``{passes} action``; None when one is refused.
        """
        out: dict[str, Result] = {}
        for need in needs:
            result = self.decide(node, need.action, role, known=known_for(technique, need))
            if result is None:
                return None
            out[f"{{passes}} {need.action}"] = result
        return out
