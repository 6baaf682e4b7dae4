"""Who, outside the account, a resource-based policy lets in: everyone, or named accounts.

A statement that allows ``*`` (or an ``Allow`` with ``NotPrincipal``) is public unless one of
its conditions confines the caller: to an organisation or account (``aws:PrincipalOrgID``,
``aws:PrincipalAccount``, ``aws:SourceAccount``, ...), to a calling resource
(``aws:SourceArn``), to a VPC or VPC endpoint, or to private IP ranges. Conditions on anything
else (a user agent, a referer, a time) do not stop strangers and leave the statement public.
IAM User Guide, "Identity-based and resource-based policies" and "AWS global condition context
keys"; IAM Access Analyzer's definition of public and cross-account access.

The policy's own Deny statements count too (IAM User Guide, "Policy evaluation logic": an
explicit Deny overrides any Allow). A statement open to everyone is confined when a Deny
statement of the same policy, also naming everyone, covers all of its actions and resources
and holds for every stranger: each of its conditions is a negated test of a confining key
(``StringNotEquals aws:SourceVpce``, ``StringNotEquals aws:PrincipalOrgID`` ...) without
wildcards, which is true when the key is absent or has any other value ("Condition operators":
a negated operator is true when the key is missing), or ``NotIpAddress aws:SourceIp`` of
private ranges. This is the pattern AWS documents for private REST APIs and for buckets
reachable only through a VPC endpoint. Anything less certain leaves the statement public.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ...snapshot import JsonDict
from ...wildcards import wildcard_match
from .policy import Condition, Policy, PolicyError, Statement, parse_policy

ACCOUNT_KEYS = {
    "aws:principalaccount",
    "aws:sourceaccount",
    "aws:sourceowner",
    "kms:calleraccount",
}
"""Keys whose values are account ids: the statement is then open to exactly those accounts."""

ORGANISATION_KEYS = {"aws:principalorgid", "aws:sourceorgid"}
"""Keys whose values are organisation ids."""

CONFINING_KEYS = ACCOUNT_KEYS | {
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalarn",
    "aws:sourcearn",
    "aws:sourcevpce",
    "aws:sourcevpc",
}
"""Keys that confine who can call, when tested with a positive operator."""

POSITIVE = {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"}

NEGATED = {
    "StringNotEquals",
    "StringNotEqualsIgnoreCase",
    "StringNotLike",
    "ArnNotEquals",
    "ArnNotLike",
}
"""Their negations: a Deny testing a confining key with one of them binds every stranger."""


@dataclass(frozen=True)
class Exposure:
    """The outside access one resource policy grants."""

    public: tuple[str, ...]
    """Statements open to anyone (with the conditions that do not restrict them)."""
    accounts: frozenset[str]
    """Other accounts named as principals or through account conditions."""
    confined: tuple[str, ...]
    """Statements open to ``*`` but confined by a condition (evidence for a pass)."""
    organisations: frozenset[str] = frozenset()
    """Organisations named by ``aws:PrincipalOrgID`` / ``aws:SourceOrgID`` conditions."""


def _private(cidr: str) -> bool:
    try:
        return ipaddress.ip_network(cidr, strict=False).is_private
    except ValueError:
        return False


def _confines(condition: Condition) -> bool:
    """True when the condition, whatever the request, admits only known callers.

    Not confining: ``...IfExists`` and ``ForAllValues`` (both true when strangers simply omit
    the key), negated operators (true for everyone else), and values with wildcards.
    """
    if condition.if_exists or condition.qualifier == "ForAllValues":
        return False
    return _names_callers(condition, POSITIVE, "IpAddress")


def _names_callers(condition: Condition, operators: set[str], ip_operator: str) -> bool:
    """Whether the condition tests a confining key with one of ``operators`` (or private
    source addresses with ``ip_operator``), its values free of wildcards.
    """
    key = condition.key.lower()
    if any("*" in v or "?" in v for v in condition.values):
        return False
    if key in CONFINING_KEYS and condition.operator in operators:
        return True
    if key == "aws:sourceip" and condition.operator == ip_operator:
        return all(_private(v) for v in condition.values)
    return False


def _account_of(value: str) -> str | None:
    if value.isdigit() and len(value) == 12:
        return value
    parts = value.split(":")
    return parts[4] if len(parts) >= 6 and parts[4].isdigit() else None


def _stops_strangers(condition: Condition) -> bool:
    """True when the condition, in a Deny, holds for every caller outside the confined set:
    a negated test of a confining key (true when the key is absent or holds any other
    value), or ``NotIpAddress`` on private ranges.
    """
    return condition.qualifier is None and _names_callers(condition, NEGATED, "NotIpAddress")


def _covers(
    denied: tuple[str, ...] | None,
    allowed: tuple[str, ...] | None,
    allowed_by_exclusion: tuple[str, ...] | None,
    *,
    ignore_case: bool,
) -> bool:
    """Whether every name ``allowed`` may match is also matched by ``denied``: a Deny pattern
    covers an Allow pattern when it matches the pattern's own text, its ``*`` standing for
    whatever the other's ``*`` expands to (a Deny pattern with ``?`` proves nothing). None is
    the element left out (a resource policy's own resource); what is allowed by exclusion
    (``NotAction``, ``NotResource``) only ``*`` covers. Actions compare ignoring case,
    ARNs do not.
    """
    if denied is not None and "*" in denied:
        return True
    if allowed_by_exclusion is not None:
        return False
    if denied is None or allowed is None:
        return denied is None and allowed is None
    usable = [d for d in denied if "?" not in d]
    return all(any(wildcard_match(d, a, ignore_case=ignore_case) for d in usable) for a in allowed)


def _fences(policy: Policy) -> list[Statement]:
    """The Deny statements that bind every stranger (naming everyone, every condition
    :func:`_stops_strangers`), with Action and Resource written positively.
    """
    return [
        statement
        for statement in policy.statements
        if statement.effect == "Deny"
        and statement.not_principals is None
        and any(p.is_everyone for p in statement.principals or ())
        and statement.not_actions is None
        and statement.not_resources is None
        and all(_stops_strangers(c) for c in statement.conditions)
    ]


def _fence_for(statement: Statement, fences: list[Statement]) -> Statement | None:
    """A fence that denies strangers everything ``statement`` allows, if any (a statement
    allowing by ``NotAction`` or ``NotResource`` is covered only by a fence on ``*``).
    """
    for fence in fences:
        actions = _covers(fence.actions, statement.actions, statement.not_actions, ignore_case=True)
        resources = _covers(
            fence.resources, statement.resources, statement.not_resources, ignore_case=False
        )
        if actions and resources:
            return fence
    return None


def _confinement(statement: Statement, fences: list[Statement]) -> tuple[str, list[Condition]]:
    """How a statement open to everyone is confined: its own confining conditions, else a
    fence's; the description is empty when it is not confined.
    """
    confining = [c for c in statement.conditions if _confines(c)]
    if confining:
        return f"{statement.label}: {confining[0].describe()}", confining
    fence = _fence_for(statement, fences)
    if fence is None:
        return "", []
    if not fence.conditions:
        return f"{statement.label}: denied to everyone by {fence.label}", []
    shown = fence.conditions[0].describe()
    return f"{statement.label}: {fence.label} denies every caller for whom {shown}", list(
        fence.conditions
    )


def analyse(document: JsonDict, owner: str, name: str = "resource policy") -> Exposure:
    """The outside access ``document`` grants; :class:`PolicyError` when it is malformed."""
    policy = parse_policy(document, kind="resource", name=name)
    fences = _fences(policy)
    public: list[str] = []
    confined: list[str] = []
    accounts: set[str] = set()
    organisations: set[str] = set()
    for statement in policy.statements:
        if statement.effect != "Allow":
            continue
        accounts |= _named_accounts(statement, owner)
        if not _open_to_everyone(statement):
            continue
        described, conditions = _confinement(statement, fences)
        if not described:
            public.append(statement.label)
            continue
        confined.append(described)
        for condition in conditions:
            if condition.key.lower() in ACCOUNT_KEYS:
                accounts |= {v for v in condition.values if v != owner and v.isdigit()}
            if condition.key.lower() in ORGANISATION_KEYS:
                organisations |= set(condition.values)
    return Exposure(tuple(public), frozenset(accounts), tuple(confined), frozenset(organisations))


def public_statements(policy: Policy) -> list[Statement]:
    """The Allow statements :func:`analyse` calls public: open to everyone, confined neither
    by their own conditions nor by a Deny of the policy.
    """
    fences = _fences(policy)
    return [
        statement
        for statement in policy.statements
        if statement.effect == "Allow"
        and _open_to_everyone(statement)
        and not _confinement(statement, fences)[0]
    ]


def grantees(policy: Policy, owner: str) -> dict[str, list[Statement]]:
    """Each outside account and organisation :func:`analyse` finds, with the Allow statements
    that name it (as a principal, or in a confining condition of a statement open to ``*``).
    """
    found: dict[str, list[Statement]] = {}
    fences = _fences(policy)
    for statement in policy.statements:
        if statement.effect != "Allow":
            continue
        named = _named_accounts(statement, owner)
        if _open_to_everyone(statement):
            for condition in _confinement(statement, fences)[1]:
                key = condition.key.lower()
                if key in ACCOUNT_KEYS:
                    named |= {v for v in condition.values if v != owner and v.isdigit()}
                if key in ORGANISATION_KEYS:
                    named |= set(condition.values)
        for grantee in named:
            found.setdefault(grantee, []).append(statement)
    return found


def _open_to_everyone(statement: Statement) -> bool:
    if statement.not_principals is not None:
        return True
    return any(p.is_everyone for p in statement.principals or ())


def _named_accounts(statement: Statement, owner: str) -> set[str]:
    found = set()
    for principal in statement.principals or ():
        if principal.type != "AWS":
            continue
        account = _account_of(principal.value)
        if account is not None and account != owner:
            found.add(account)
    return found


__all__ = ["Exposure", "PolicyError", "analyse", "grantees", "public_statements"]
