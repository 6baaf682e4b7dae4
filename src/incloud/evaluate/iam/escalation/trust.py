"""Reading policies for the graph: trust policies (parsed once each) and cheap filters."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Literal

from ....snapshot.iam import IamRole
from ..matching import action_matches
from ..policy import Policy, PolicyError, Statement, parse_policy
from .model import Node


def trust_policy_of(role: IamRole, shared: dict[str, Policy | None]) -> Policy | None:
    """The role's trust policy, parsed once per distinct document (so decisions are shared)."""
    text = json.dumps(role.trust_policy, sort_keys=True)
    if text not in shared:
        try:
            shared[text] = parse_policy(role.trust_policy, kind="resource", name="trust policy")
        except PolicyError:
            shared[text] = None
    return shared[text]


def trust_names(trust: Policy, node: Node) -> Literal["direct", "account", "none"]:
    """Cheap filter: whether the trust policy names the node itself or everyone (``*``: a grant
    on its own, as the engine decides it), only its account (the node's own policies must allow
    too), or nothing that covers it.
    """
    found: Literal["direct", "account", "none"] = "none"
    for statement in trust.statements:
        if statement.effect != "Allow":
            continue
        if statement.not_principals is not None:
            return "direct"
        for principal in statement.principals or ():
            if principal.type not in ("AWS", "*"):
                continue
            if principal.value in (node.arn, "*"):
                return "direct"  # "*" grants every principal, as a named one would
            if principal.value == node.account or principal.value.endswith(f":{node.account}:root"):
                found = "account"
    return found


def names_action(statement: Statement, action: str) -> bool:
    """True when the statement's Action (or NotAction) covers ``action``."""
    if statement.actions is not None:
        return any(action_matches(p, action) for p in statement.actions)
    return not any(action_matches(p, action) for p in statement.not_actions or ())


@lru_cache(maxsize=65536)
def _pattern_covers(pattern: str, actions: frozenset[str]) -> frozenset[str]:
    """Which of ``actions`` one ``Action`` pattern covers (memoised: policies repeat the same
    patterns, and the graph asks about one set of technique actions).
    """
    return frozenset(action for action in actions if action_matches(pattern, action))


def actions_named(statement: Statement, actions: frozenset[str]) -> frozenset[str]:
    """Which of ``actions`` the statement's Action (or NotAction) covers: the ones
    :func:`names_action` is true for, found once per pattern instead of once per action.
    """
    if statement.actions is not None:
        patterns, negated = statement.actions, False
    else:
        patterns, negated = statement.not_actions or (), True
    covered: frozenset[str] = frozenset()
    for pattern in patterns:
        covered |= _pattern_covers(pattern, actions)
    return actions - covered if negated else covered


def condition_keys(policies: list[Policy]) -> frozenset[str]:
    """Every condition key the policies test, lower-cased."""
    return frozenset(
        condition.key.lower()
        for policy in policies
        for statement in policy.statements
        for condition in statement.conditions
    )
