"""Administrators under SCPs: what the SCPs take from one principal that they leave to others.

SCPs set the most any principal of a member account may do (Organizations User Guide, "SCP
effects on permissions"; "SCP evaluation": every level from the root down must allow, and an
explicit Deny anywhere decides). A guardrail that binds everyone in the account alike (no
leaving the organisation, no stopping CloudTrail, a region lock) lowers that ceiling for every
principal, so an ``Allow * on *`` principal still holds everything anyone there can hold: it
stays an administrator. What makes a principal *not* an administrator is an SCP that takes from
it what it leaves others: a Deny that names it (by ARN, user name or tag), or a level that
allows the account only to principals it does not cover. An account whose SCPs allow no action
on every resource has no administrator. So SCPs only ever remove the verdict, never give it.

Every SCP statement's conditions are evaluated twice with the engine's
:func:`~.conditions.evaluate_conditions`: for the principal (its account, ARN, user name and
tags known, as the escalation graph knows them) and for any principal of the account (only the
account known). Every other key is unknown, so a condition on it stays a residual, never a
pass. A statement whose answer is the same for both binds everyone alike; one whose answer the
principal's own keys change is aimed at it: an unconditional difference takes the actions
away, a residual one makes the principal an administrator only if that condition holds. As in
:mod:`.admin`, only statements on every resource count (for an action with no resource types,
a statement covering ``*``, where it is requested, is on every resource). Neither the
management account nor a service-linked role is restricted by SCPs ("Tasks and entities not
restricted by SCPs"): the caller passes no levels for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from ...snapshot.iam import IamPrincipal, IamRole, IamUser
from .actions import universe
from .admin import AdminVerdict, admin_verdict, every_resource_actions, statement_actions
from .conditions import evaluate_conditions
from .context import UNKNOWN_VALUE, RequestContext
from .controls import Levels
from .logic import Tri
from .policy import Policy, Statement
from .principals import PrincipalPolicies

SHOWN_ACTIONS = 3
"""How many of the actions an SCP takes a reason names."""


@dataclass(frozen=True)
class Subject:
    """The principal whose SCP limit is asked for, as condition keys see it."""

    arn: str
    kind: Literal["user", "role"]
    account: str
    name: str
    tags: tuple[tuple[str, str], ...] = ()
    service_linked: bool = False

    @classmethod
    def of(cls, principal: IamPrincipal) -> Subject:
        """A user or role of the snapshot."""
        kind: Literal["user", "role"] = "user" if isinstance(principal, IamUser) else "role"
        service_linked = isinstance(principal, IamRole) and principal.is_service_linked
        return cls(
            principal.arn,
            kind,
            principal.account_id,
            principal.name,
            tuple(sorted(principal.tags.items())),
            service_linked,
        )

    def context(self, keys: Iterable[str]) -> RequestContext:
        """The principal's own keys (``aws:PrincipalArn``, ``aws:username`` for a user,
        ``aws:PrincipalTag/*``, a tag it lacks being absent) and its account; every other key
        of ``keys`` unknown.
        """
        values: dict[str, object] = {"aws:PrincipalAccount": self.account}
        values["aws:PrincipalArn"] = self.arn
        if self.kind == "user":
            values["aws:username"] = self.name
        for tag, value in self.tags:
            values[f"aws:PrincipalTag/{tag}"] = value
        return _unknown_but(values, keys, known_prefix="aws:principaltag/")

    def anyone(self, keys: Iterable[str]) -> RequestContext:
        """Any principal of the same account: only the account known."""
        return _unknown_but({"aws:PrincipalAccount": self.account}, keys)


def _unknown_but(
    values: dict[str, object], keys: Iterable[str], known_prefix: str | None = None
) -> RequestContext:
    """``values``, and every other key of ``keys`` unknown (but those under ``known_prefix``,
    which are absent when not given).
    """
    given = {key.lower() for key in values}
    for key in keys:
        if key not in given and not (known_prefix and key.startswith(known_prefix)):
            values[key] = UNKNOWN_VALUE
    return RequestContext(values)


@dataclass(frozen=True)
class ScpLimit:
    """What the SCPs leave one principal, as action bitsets over every resource."""

    ceiling: int
    """Actions the SCPs may allow some principal of the account (on every resource)."""
    allowed: int
    """Actions they allow this principal as surely as anyone."""
    taken: int
    """Ceiling actions they deny this principal for certain."""
    conditional: int
    """Ceiling actions they allow this principal only under a condition aimed at it."""
    taken_by: tuple[str, ...] = ()
    """Which SCP statements (or levels) take the actions."""
    conditions: tuple[str, ...] = ()
    """The residual conditions aimed at the principal."""

    @property
    def leaves_everything(self) -> bool:
        """True when the principal keeps every action the SCPs allow anyone in its account."""
        return bool(self.ceiling) and not self.taken and not self.conditional


def _keys(levels: Levels) -> frozenset[str]:
    return frozenset(
        condition.key.lower()
        for level in levels
        for policy in level
        for statement in policy.statements
        for condition in statement.conditions
    )


@dataclass
class _Tally:
    """The running sets of :func:`scp_limit`, with the reasons behind them."""

    ceiling: int
    possible: int
    sure: int
    denied_to_all: int = 0
    denied: int = 0
    doubtful: int = 0
    why: list[tuple[int, str]] = field(default_factory=list)
    """(actions, the statement or level that takes or conditions them)."""
    conditions: list[tuple[int, str]] = field(default_factory=list)
    """(actions, the residual condition aimed at the principal they depend on)."""


def scp_limit(levels: Levels, subject: Subject) -> ScpLimit:
    """What the SCP ``levels`` (root first) leave ``subject`` (see the module docstring)."""
    keys = _keys(levels)
    mine, anyone = subject.context(keys), subject.anyone(keys)
    full = universe().all_bits
    tally = _Tally(full, full, full)
    for level in levels:
        _level(level, mine, anyone, tally)
    ceiling = tally.ceiling & ~tally.denied_to_all
    possible = tally.possible & ~tally.denied_to_all & ~tally.denied
    sure = tally.sure & ~tally.denied_to_all & ~tally.denied & ~tally.doubtful
    taken = ceiling & ~possible
    conditional = ceiling & possible & ~sure
    reasons = tuple(dict.fromkeys(text for bits, text in tally.why if bits & (taken | conditional)))
    conditions = tuple(dict.fromkeys(text for bits, text in tally.conditions if bits & conditional))
    return ScpLimit(ceiling, sure, taken, conditional, reasons, conditions)


def _level(
    level: tuple[Policy, ...], mine: RequestContext, anyone: RequestContext, tally: _Tally
) -> None:
    """Add one level: its Allows intersect the sets, its Denies subtract."""
    any_allow = possible = sure = 0
    for policy, statement, reach in _every_resource(level):
        bits = statement_actions(statement).bits & reach
        variables = policy.substitutes_variables
        theirs = evaluate_conditions(statement.conditions, anyone, variables)
        ours = evaluate_conditions(statement.conditions, mine, variables)
        aimed = ours != theirs
        label = f"SCP {policy.name} {statement.label}"
        if statement.effect == "Allow":
            any_allow |= bits if theirs.value is not False else 0
            possible |= bits if ours.value is not False else 0
            sure |= bits if ours.value is True or (ours.value is None and not aimed) else 0
            if aimed and ours.value is None:
                tally.conditions.append((bits, f"{label} allows it only if {ours.residual}"))
                tally.why.append((bits, f"allowed only under a condition by {label}"))
        elif theirs.value is True:
            tally.denied_to_all |= bits
        elif aimed:
            _aimed_deny(bits, ours, label, tally)
    names = ", ".join(policy.name for policy in level) or "no policy"
    tally.why.append((any_allow & ~possible, f"no SCP of the level {names} allows it"))
    tally.ceiling &= any_allow
    tally.possible &= possible
    tally.sure &= sure


def _aimed_deny(bits: int, ours: Tri, label: str, tally: _Tally) -> None:
    """A Deny whose answer the principal's own keys change."""
    if ours.value is True:
        tally.denied |= bits
        tally.why.append((bits, f"denied by {label}"))
    elif ours.value is None:
        tally.doubtful |= bits
        tally.conditions.append((bits, f"{label} does not deny it: not ({ours.residual})"))
        tally.why.append((bits, f"denied under a condition by {label}"))


def _every_resource(level: tuple[Policy, ...]) -> Iterable[tuple[Policy, Statement, int]]:
    """The level's statements that reach some action on every resource, with the mask of
    those actions (:func:`~.admin.every_resource_actions`: all of them, or only the ones with
    no resource types, which are requested on ``*``).
    """
    for policy in level:
        for statement in policy.statements:
            reach = every_resource_actions(statement)
            if reach:
                yield policy, statement, reach


def restrict(verdict: AdminVerdict, limit: ScpLimit) -> AdminVerdict:
    """``verdict`` (from the principal's own policies) with the SCPs' ``limit`` applied: they
    can only take the administrator verdict away, or make it conditional.
    """
    services = tuple(s for s in verdict.services if _kept(s, limit.allowed))
    if verdict.status == "not-admin":
        return replace(verdict, services=services)
    if not limit.ceiling:
        return AdminVerdict(
            "not-admin", "the SCPs of its account allow no action on every resource", services
        )
    if limit.taken:
        shown = universe().names_of(limit.taken, SHOWN_ACTIONS)
        more = limit.taken.bit_count() - len(shown)
        actions = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
        reason = (
            f"not an administrator under SCPs ({'; '.join(limit.taken_by)}): they take "
            f"{actions} from it while allowing them in its account"
        )
        return AdminVerdict("not-admin", reason, services)
    if limit.conditional and verdict.status in ("admin", "conditional"):
        reason = f"{verdict.reason}, and under SCPs only if: {'; '.join(limit.conditions)}"
        return AdminVerdict("conditional", reason, services)
    return replace(verdict, services=services)


def _kept(service: str, allowed: int) -> bool:
    bits = universe().service_bits().get(service, 0)
    return bits & allowed == bits


def administrator_verdict(
    policies: PrincipalPolicies, subject: Subject, levels: Levels = ()
) -> AdminVerdict:
    """:func:`~.admin.admin_verdict` of the principal, restricted by the SCP ``levels`` of its
    account (none: no SCPs apply there); a service-linked role is never restricted.
    """
    verdict = admin_verdict(policies)
    if not levels or subject.service_linked:
        return verdict
    return restrict(verdict, scp_limit(levels, subject))
