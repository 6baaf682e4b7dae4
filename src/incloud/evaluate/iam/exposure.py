"""Who, outside the account, a resource-based policy lets in: everyone, or named accounts.

A statement that allows ``*`` (or an ``Allow`` with ``NotPrincipal``) is public unless one of
its conditions confines the caller: to an organisation or account (``aws:PrincipalOrgID``,
``aws:PrincipalAccount``, ``aws:SourceAccount``, ...), to a calling resource
(``aws:SourceArn``), to a VPC or VPC endpoint, or to private IP ranges. Conditions on anything
else (a user agent, a referer, a time) do not stop strangers and leave the statement public.
IAM User Guide, "Identity-based and resource-based policies" and "AWS global condition context
keys"; IAM Access Analyzer's definition of public and cross-account access.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ...snapshot import JsonDict
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
    key = condition.key.lower()
    if condition.if_exists or condition.qualifier == "ForAllValues":
        return False
    if any("*" in v or "?" in v for v in condition.values):
        return False
    if key in CONFINING_KEYS and condition.operator in POSITIVE:
        return True
    if key == "aws:sourceip" and condition.operator == "IpAddress":
        return all(_private(v) for v in condition.values)
    return False


def _account_of(value: str) -> str | None:
    if value.isdigit() and len(value) == 12:
        return value
    parts = value.split(":")
    return parts[4] if len(parts) >= 6 and parts[4].isdigit() else None


def analyse(document: JsonDict, owner: str, name: str = "resource policy") -> Exposure:
    """The outside access ``document`` grants; :class:`PolicyError` when it is malformed."""
    policy = parse_policy(document, kind="resource", name=name)
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
        confining = [c for c in statement.conditions if _confines(c)]
        if not confining:
            public.append(statement.label)
            continue
        confined.append(f"{statement.label}: {confining[0].describe()}")
        for condition in confining:
            if condition.key.lower() in ACCOUNT_KEYS:
                accounts |= {v for v in condition.values if v != owner and v.isdigit()}
            if condition.key.lower() in ORGANISATION_KEYS:
                organisations |= set(condition.values)
    return Exposure(tuple(public), frozenset(accounts), tuple(confined), frozenset(organisations))


def public_statements(policy: Policy) -> list[Statement]:
    """The Allow statements :func:`analyse` calls public: open to everyone, no condition
    confining the caller.
    """
    return [
        statement
        for statement in policy.statements
        if statement.effect == "Allow"
        and _open_to_everyone(statement)
        and not any(_confines(c) for c in statement.conditions)
    ]


def grantees(policy: Policy, owner: str) -> dict[str, list[Statement]]:
    """Each outside account and organisation :func:`analyse` finds, with the Allow statements
    that name it (as a principal, or in a confining condition of a statement open to ``*``).
    """
    found: dict[str, list[Statement]] = {}
    for statement in policy.statements:
        if statement.effect != "Allow":
            continue
        named = _named_accounts(statement, owner)
        if _open_to_everyone(statement):
            for condition in statement.conditions:
                if not _confines(condition):
                    continue
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
