"""Who can do everything: action coverage of a principal's policies on every resource.

A principal is a full administrator when its identity-based policies allow every known action
on ``*`` without conditions, nothing denies part of that unconditionally, and its permissions
boundary (if any) allows the same. Statements with conditions are tracked apart: they make a
principal an administrator *only if* the condition holds, which is reported, never dismissed.

"Every resource" is ``*``. For an action that supports no resource-level permissions that is
the only resource there is (:mod:`.special`: it is requested on ``*``), so a statement whose
``Resource`` or ``NotResource`` covers the request ``*`` without covering every ARN (a
``NotResource`` naming specific ARNs) still allows, or denies, those actions everywhere
(:func:`every_resource_actions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .actions import Coverage, universe
from .matching import arn_matches
from .policy import Policy, Statement
from .principals import PrincipalPolicies
from .special import EVERY_RESOURCE


@dataclass(frozen=True)
class PolicyCoverage:
    """What one policy allows and denies on every resource, by action bitsets."""

    allowed: Coverage
    conditional: Coverage
    denied: int
    """Actions denied unconditionally on every resource."""


def covers_every_resource(statement: Statement) -> bool:
    """Whether the statement's ``Resource`` covers every resource (``*``; no ``NotResource``)."""
    if statement.resources is not None:
        return "*" in statement.resources
    return statement.not_resources is None  # NotResource excludes something


def covers_requests_on_star(statement: Statement) -> bool:
    """Whether the statement's ``Resource`` (or ``NotResource``) covers a request on ``*``, the
    resource of every action with no resource types, as :mod:`.decide` matches it: a
    ``Resource`` pattern matching ``*`` itself, or a ``NotResource`` none of whose patterns
    does. A pattern with a policy variable is not counted either way (its value is per request).
    """
    if statement.resources is not None:
        return any("${" not in p and arn_matches(p, EVERY_RESOURCE) for p in statement.resources)
    patterns = statement.not_resources or ()
    return not any("${" in p or arn_matches(p, EVERY_RESOURCE) for p in patterns)


def every_resource_actions(statement: Statement) -> int:
    """The known actions the statement reaches on every resource, as a mask: all of them when
    its ``Resource`` covers every resource, those with no resource types when it covers only
    requests on ``*``, none otherwise.
    """
    if covers_every_resource(statement):
        return universe().all_bits
    if covers_requests_on_star(statement):
        return universe().unscoped_bits
    return 0


def statement_actions(statement: Statement) -> Coverage:
    """The actions the statement's ``Action`` (or ``NotAction``) covers."""
    if statement.actions is not None:
        return universe().expand(statement.actions)
    assert statement.not_actions is not None
    return universe().expand(statement.not_actions, negated=True)


@lru_cache(maxsize=65536)
def policy_coverage(policy: Policy) -> PolicyCoverage:
    """Coverage of one parsed policy (memoised: managed policies are shared by principals)."""
    allowed = Coverage(0)
    conditional = Coverage(0)
    denied = 0
    for statement in policy.statements:
        reach = every_resource_actions(statement)
        if not reach:
            continue
        actions = statement_actions(statement)
        if reach != universe().all_bits:
            # Only the actions requested on "*"; whatever else the patterns reach is not all.
            actions = Coverage(actions.bits & reach)
        if statement.effect == "Allow":
            if statement.conditions:
                conditional = conditional | actions
            else:
                allowed = allowed | actions
        elif not statement.conditions:
            denied |= actions.bits
    return PolicyCoverage(allowed, conditional, denied)


@dataclass(frozen=True)
class AdminVerdict:
    """Whether a principal administers everything: yes, no, only if, or unknown."""

    status: str
    """``admin``, ``conditional``, ``not-admin`` or ``unknown``."""
    reason: str
    services: tuple[str, ...] = ()
    """Services whose every action the principal may take on every resource, unconditionally."""


@lru_cache(maxsize=8192)
def _services_of(effective: int) -> tuple[str, ...]:
    """Services all of whose actions ``effective`` covers (memoised: principals share sets)."""
    return tuple(
        prefix for prefix, bits in universe().service_bits().items() if effective & bits == bits
    )


def admin_verdict(policies: PrincipalPolicies) -> AdminVerdict:
    """Decide whether the principal is a full administrator, and which services it administers."""
    allowed = Coverage(0)
    conditional = Coverage(0)
    denied = 0
    for policy in policies.identity:
        cov = policy_coverage(policy)
        allowed = allowed | cov.allowed
        conditional = conditional | cov.conditional
        denied |= cov.denied
    ceiling = universe().all_bits
    if policies.boundary is not None:
        boundary = policy_coverage(policies.boundary)
        ceiling = boundary.allowed.bits & ~boundary.denied
    effective = allowed.bits & ~denied & ceiling
    services = _services_of(effective)
    full = universe().all_bits
    if effective & full == full:
        return AdminVerdict("admin", "policies allow every action on every resource", services)
    if not policies.complete:
        return AdminVerdict(
            "unknown",
            "not every policy could be read: " + "; ".join(policies.missing + policies.invalid),
            services,
        )
    if (allowed.bits | conditional.bits) & ~denied & ceiling & full == full:
        return AdminVerdict(
            "conditional", "every action is allowed only under conditions", services
        )
    return AdminVerdict("not-admin", "some actions are not allowed on every resource", services)
