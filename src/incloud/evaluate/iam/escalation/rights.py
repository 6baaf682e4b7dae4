"""Administrator verdicts for the escalation graph: :func:`~..admin.admin_verdict`'s answer,
found cheaply.

The graph asks, for every user and role (and a user as a member of a group it could join),
whether ``admin_verdict`` calls it ``admin``, and for every principal whether an administrator
policy added to its own would make it one (a grant's target). Most of the verdict's cost is
each policy's action coverage (bitsets over 20,000 actions), so exact shortcuts answer first:

* ``admin`` needs the unconditional Allows on every resource to cover every known action. A
  statement whose actions are all service-specific (``svc:Name*``, no ``NotAction``, no
  wildcard in the service) covers only the services it names, so policies naming fewer
  services than the dataset knows, and nothing wider, cannot make an administrator;
* with ``Allow * on *`` added, every action is allowed, so the verdict is ``admin`` exactly
  when no policy denies a known action unconditionally on every resource (only Deny
  statements make a policy's ``denied`` set) and the permissions boundary, if any, allows
  every action; only the boundary is left to ``admin_verdict``.

Everything else is decided by ``admin_verdict`` itself. With SCPs, a principal is an
administrator only if they also leave it everything they leave any principal of its account
(:mod:`..scp_limits`): the SCPs can only take the verdict away, so the shortcuts stay exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from ..actions import universe
from ..admin import PolicyCoverage, admin_verdict, policy_coverage
from ..controls import Levels
from ..policy import Policy, parse_policy
from ..principals import PrincipalPolicies
from ..scp_limits import ScpLimit, Subject, scp_limit

ADMINISTRATOR_POLICY = parse_policy(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
    name="the administrator policy a grant writes",
)
"""What a grant technique writes into the target's policies."""


@dataclass(frozen=True)
class _Reach:
    """What one policy's Allow statements can cover, read from its text."""

    wide: bool
    """Some Allow statement has a ``NotAction``, or an action whose service has a wildcard."""
    services: frozenset[str]
    """The services (lower case) the Allow statements' actions name."""
    denies: bool
    """Some statement is a Deny."""


@lru_cache(maxsize=65536)
def _service(pattern: str) -> tuple[str, bool]:
    """An action pattern's service (lower case), and whether it holds a wildcard."""
    service = pattern.partition(":")[0].lower()
    return service, "*" in service or "?" in service


def _reach(policy: Policy) -> _Reach:
    wide = denies = False
    services: set[str] = set()
    for statement in policy.statements:
        if statement.effect != "Allow":
            denies = True
            continue
        if statement.not_actions is not None:
            wide = True
        for pattern in statement.actions or ():
            service, wildcard = _service(pattern)
            services.add(service)
            wide = wide or wildcard
    return _Reach(wide, frozenset(services), denies)


class Rights:
    """Administrator verdicts of principals, sharing per-policy work: kept per statements
    object (parsed managed policies are shared by principals, and policies parsed from one
    document share their statements, ``PolicyIndex``); what it reads depends on nothing else.
    """

    def __init__(self, scps: Mapping[str, Levels] | None = None) -> None:
        self._scps = dict(scps or {})
        """SCP levels by account id (none for the management account)."""
        self._limits: dict[Subject, ScpLimit | None] = {}
        self._coverage: dict[int, tuple[Policy, PolicyCoverage]] = {}
        self._reach: dict[int, tuple[Policy, _Reach]] = {}  # the policy kept: ids stay unique
        self._services = sum(1 for bits in universe().service_bits().values() if bits)
        """Services of the dataset with at least one action."""

    def coverage(self, policy: Policy) -> PolicyCoverage:
        """:func:`~..admin.policy_coverage` of the policy."""
        found = self._coverage.get(id(policy.statements))
        if found is None:
            found = self._coverage[id(policy.statements)] = (policy, policy_coverage(policy))
        return found[1]

    def _text(self, policy: Policy) -> _Reach:
        found = self._reach.get(id(policy.statements))
        if found is None:
            found = self._reach[id(policy.statements)] = (policy, _reach(policy))
        return found[1]

    def may_allow_everything(self, policies: Iterable[Policy]) -> bool:
        """Cheap filter: False when the policies' unconditional Allows on every resource
        cannot cover every known action (see the module docstring); True when they may.
        """
        services: set[str] = set()
        for policy in policies:
            text = self._text(policy)
            if text.wide:
                return True
            services |= text.services
        return len(services) >= self._services

    def allow_everything(self, policies: Iterable[Policy]) -> bool:
        """Whether the policies' unconditional Allows on every resource cover every known
        action (``admin`` needs it; Denies and a boundary may still take some away).
        """
        policies = tuple(policies)
        if not self.may_allow_everything(policies):
            return False
        bits = 0
        for policy in policies:
            bits |= self.coverage(policy).allowed.bits
        full = universe().all_bits
        return bits & full == full

    def limit(self, subject: Subject | None) -> ScpLimit | None:
        """What the SCPs leave ``subject`` (None: no SCPs bind it, as for a service-linked
        role or an account without them), computed once per subject.
        """
        if subject is None or subject.service_linked or not self._scps.get(subject.account):
            return None
        if subject not in self._limits:
            self._limits[subject] = scp_limit(self._scps[subject.account], subject)
        return self._limits[subject]

    def administrator(self, policies: PrincipalPolicies, subject: Subject | None = None) -> bool:
        """``admin_verdict(policies).status == "admin"``, and the SCPs of ``subject``'s account
        leave it everything they leave anyone there (``scp_limits.restrict`` keeps ``admin``).
        """
        if not self.allow_everything(policies.identity):
            return False
        if admin_verdict(policies).status != "admin":
            return False
        limit = self.limit(subject)
        return limit is None or limit.leaves_everything

    def administrator_if_granted(
        self, policies: PrincipalPolicies, subject: Subject | None = None
    ) -> bool:
        """Whether :data:`ADMINISTRATOR_POLICY` added to ``policies`` makes an administrator:
        ``admin_verdict`` of the principal with it added says ``admin``, and the SCPs leave
        ``subject`` everything (a policy cannot undo an SCP aimed at it).
        """
        limit = self.limit(subject)
        if limit is not None and not limit.leaves_everything:
            return False
        denied = 0
        for policy in policies.identity:
            if self._text(policy).denies:
                denied |= self.coverage(policy).denied
        if denied & universe().all_bits:
            return False  # an unconditional Deny on every resource takes part of "*" away
        if policies.boundary is None:
            return True  # every action allowed, none denied, no boundary: "admin"
        granted = replace(policies, identity=(*policies.identity, ADMINISTRATOR_POLICY))
        return admin_verdict(granted).status == "admin"
