"""Structural reading of resource policies (bucket and key policies), until the IAM engine.

These helpers look at one statement at a time, as written: they do not evaluate Deny
statements against Allows, expand wildcards in actions, or resolve policy variables. What
they call "public" is deliberately conservative (see :func:`open_statements`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...snapshot import JsonDict

NOT_PUBLIC_CONDITION_KEYS = frozenset(
    {
        "aws:sourcevpce",
        "aws:sourcevpc",
        "aws:sourceip",
        "aws:principalorgid",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:principalaccount",
    }
)
"""Condition keys that, with fixed values, limit an Allow for ``*`` to known callers or
networks (a subset of the keys in the S3 User Guide, "The meaning of 'public'")."""

EVERYONE_CIDRS = frozenset({"0.0.0.0/0", "::/0"})


def as_list(value: Any) -> list[Any]:
    """A policy element that may be one value or a list, as a list (absent: empty)."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def statements(policy: JsonDict | None) -> list[JsonDict]:
    """The policy's statements; ``Statement`` may be one object or a list."""
    if not policy:
        return []
    return [s for s in as_list(policy.get("Statement")) if isinstance(s, dict)]


def statement_name(statement: JsonDict, index: int) -> str:
    """The statement's Sid, or its position."""
    return str(statement.get("Sid") or f"statement {index + 1}")


def is_everyone(principal: Any) -> bool:
    """True for ``"*"`` and ``{"AWS": "*"}`` (or a list holding ``*``)."""
    if principal == "*":
        return True
    if isinstance(principal, dict):
        return "*" in as_list(principal.get("AWS"))
    return False


def condition_entries(statement: JsonDict) -> list[tuple[str, str, list[str]]]:
    """Each (operator, key, values) of the statement's Condition, keys lower-cased."""
    condition = statement.get("Condition")
    if not isinstance(condition, dict):
        return []
    entries = []
    for operator, block in condition.items():
        if isinstance(block, dict):
            for key, values in block.items():
                entries.append((str(operator), str(key).lower(), [str(v) for v in as_list(values)]))
    return entries


def _restricts(operator: str, key: str, values: list[str], keys: frozenset[str]) -> bool:
    """True when one condition entry limits who (or from where) the statement admits.

    Only positive, exact operators count: a negated operator (``StringNotEquals``), an
    ``...IfExists`` one (true when the key is absent) or ``ForAllValues`` (true when the key is
    absent) admits everyone else. Wildcards and all-addresses CIDRs do not limit anything.
    """
    op = operator.lower()
    if key not in keys or not values:
        return False
    if "not" in op or op.endswith("ifexists") or op.startswith("forallvalues:"):
        return False
    if not any(word in op for word in ("equals", "like", "ipaddress")):
        return False
    if any("*" in v or "?" in v for v in values):
        return False
    return not (key == "aws:sourceip" and any(v in EVERYONE_CIDRS for v in values))


@dataclass(frozen=True)
class OpenStatement:
    """An Allow statement whose principal is everyone, and whether a condition limits it."""

    name: str
    public: bool
    why: str

    def describe(self) -> str:
        """``name: why``, for reasons and evidence."""
        return f"{self.name}: {self.why}"


def open_statements(
    policy: JsonDict | None, keys: frozenset[str] = NOT_PUBLIC_CONDITION_KEYS
) -> list[OpenStatement]:
    """Every Allow statement granting to ``*`` (or using ``NotPrincipal``), judged public or not.

    Public: no Condition at all, or only conditions that do not limit the caller. Not public:
    at least one condition on one of ``keys`` with fixed values (an organisation, account,
    VPC, endpoint, source ARN or address range). Limits: a Deny elsewhere in the policy, the
    actions granted, and conditions on other keys (``aws:PrincipalArn``, ``aws:userid``) are
    not considered; a statement limited only by those is reported public.
    """
    found = []
    for index, statement in enumerate(statements(policy)):
        if statement.get("Effect") != "Allow":
            continue
        if "NotPrincipal" in statement:
            everyone = "NotPrincipal (everyone but the listed principals)"
        elif is_everyone(statement.get("Principal")):
            everyone = "Principal *"
        else:
            continue
        entries = condition_entries(statement)
        limiting = sorted({f"{k} ({op})" for op, k, v in entries if _restricts(op, k, v, keys)})
        name = statement_name(statement, index)
        if limiting:
            why = f"{everyone}, limited by a condition on {', '.join(limiting)}"
            found.append(OpenStatement(name, False, why))
        elif entries:
            others = ", ".join(sorted({k for _, k, _ in entries}))
            why = f"{everyone}, with conditions ({others}) that do not limit who can call"
            found.append(OpenStatement(name, True, why))
        else:
            found.append(OpenStatement(name, True, f"{everyone} with no condition"))
    return found


def glob_matches(pattern: str, text: str) -> bool:
    """IAM-style matching: ``*`` any run of characters, ``?`` one character, case-sensitive."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text) is not None


def covers_everything_under(pattern: str, prefix: str) -> bool:
    """True when ``pattern`` matches every string starting with ``prefix`` (a trailing ``*``
    whose head matches ``prefix`` or a prefix of it).
    """
    return pattern.endswith("*") and glob_matches(pattern, prefix)
