"""The IAM policy language: parsing and validating a JSON policy document into a typed model.

Follows the IAM User Guide's "IAM JSON policy elements reference" and "Grammar of the IAM JSON
policy language": ``Version`` (2012-10-17, or 2008-10-17, where policy variables are not
substituted), ``Statement`` as one object or a list, ``Effect``, ``Principal``/``NotPrincipal``,
``Action``/``NotAction``, ``Resource``/``NotResource`` and ``Condition`` with every operator,
the ``IfExists`` suffix and the ``ForAllValues:``/``ForAnyValue:`` qualifiers. A malformed
document raises :class:`PolicyError` naming the statement and the field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from ...jsondoc import JsonDocumentError, parse_document

VERSIONS = ("2012-10-17", "2008-10-17")
DEFAULT_VERSION = "2008-10-17"
"""A policy without ``Version`` is read with 2008-10-17 rules (no policy variables)."""

OPERATORS = {
    name.lower(): name
    for name in (
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool",
        "BinaryEquals",
        "IpAddress",
        "NotIpAddress",
        "ArnEquals",
        "ArnLike",
        "ArnNotEquals",
        "ArnNotLike",
        "Null",
    )
}
"""Every condition operator (IAM User Guide, "IAM JSON policy elements: Condition operators"),
lower-case name -> canonical name."""

SET_QUALIFIERS = {"forallvalues": "ForAllValues", "foranyvalue": "ForAnyValue"}
PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")

PolicyKind = Literal["identity", "resource"]


class PolicyError(ValueError):
    """A policy document that is not valid IAM policy grammar."""


@dataclass(frozen=True)
class Principal:
    """One principal: ``*`` (everyone) or a (type, value) pair such as ("AWS", ARN)."""

    type: str
    value: str

    @property
    def is_everyone(self) -> bool:
        """``"Principal": "*"`` or ``{"AWS": "*"}``."""
        return self.value == "*" and self.type in ("*", "AWS")


@dataclass(frozen=True)
class Condition:
    """One condition test: operator, key and the values it compares with."""

    operator: str
    """The canonical base operator, e.g. ``StringLike`` (no qualifier, no IfExists)."""
    key: str
    """The condition key as written; keys compare case-insensitively."""
    values: tuple[str, ...]
    qualifier: str | None = None
    """``ForAllValues`` or ``ForAnyValue`` (multivalued context keys), else None."""
    if_exists: bool = False

    def describe(self) -> str:
        """The condition as policy text, for reasons and residual conditions."""
        prefix = f"{self.qualifier}:" if self.qualifier else ""
        suffix = "IfExists" if self.if_exists else ""
        shown = self.values[0] if len(self.values) == 1 else list(self.values)
        return f"{prefix}{self.operator}{suffix} {self.key} {json.dumps(shown)}"


@dataclass(frozen=True)
class Statement:
    """One statement; list fields are None when the element is absent."""

    index: int
    sid: str | None
    effect: Literal["Allow", "Deny"]
    principals: tuple[Principal, ...] | None
    not_principals: tuple[Principal, ...] | None
    actions: tuple[str, ...] | None
    not_actions: tuple[str, ...] | None
    resources: tuple[str, ...] | None
    not_resources: tuple[str, ...] | None
    conditions: tuple[Condition, ...]

    @property
    def label(self) -> str:
        """How reasons name this statement."""
        return f"statement {self.index}" + (f" ({_shown(self.sid)})" if self.sid else "")


@dataclass(frozen=True)
class Policy:
    """A parsed policy document."""

    version: str
    statements: tuple[Statement, ...]
    name: str = "policy"
    warnings: tuple[str, ...] = ()
    """What a lenient parse (:func:`parse_policy`) read differently from the strict grammar."""

    @property
    def substitutes_variables(self) -> bool:
        """Policy variables are only replaced in 2012-10-17 policies."""
        return self.version == "2012-10-17"


@dataclass(frozen=True)
class Leniency:
    """What a lenient parse accepts beyond the strict grammar, as AWS does in practice.

    ``plain_principal``: ``"Principal": "ARN"`` (a string other than ``*``) read as
    ``{"AWS": "ARN"}``. ``implicit_everyone``: a statement of a resource-based policy without
    ``Principal`` read as ``"Principal": "*"`` (a VPC endpoint policy that omits it applies to
    every principal). Each use is recorded in :attr:`Policy.warnings`.
    """

    plain_principal: bool = False
    implicit_everyone: bool = False


STRICT = Leniency()


def parse_policy(
    document: Any,
    *,
    kind: PolicyKind = "identity",
    name: str = "policy",
    leniency: Leniency = STRICT,
) -> Policy:
    """Parse a policy (a dict or its JSON text), raising :class:`PolicyError` when malformed
    (beyond what ``leniency`` accepts).
    """
    if isinstance(document, str):
        try:
            document = parse_document(document)
        except JsonDocumentError as error:
            raise PolicyError(f"{name}: {error}") from None
    if not isinstance(document, dict):
        raise PolicyError(f"{name}: a policy must be a JSON object")
    unknown = set(document) - {"Version", "Id", "Statement"}
    if unknown:
        raise PolicyError(f"{name}: unknown top-level element(s) {sorted(unknown)}")
    version = document.get("Version", DEFAULT_VERSION)
    if version not in VERSIONS:
        raise PolicyError(f"{name}: Version must be one of {', '.join(VERSIONS)}, not {version!r}")
    raw = document.get("Statement")
    if raw is None:
        raise PolicyError(f"{name}: Statement is missing")
    items = raw if isinstance(raw, list) else [raw]
    warnings: list[str] = []
    statements = tuple(
        _statement(i, item, kind, name, leniency, warnings) for i, item in enumerate(items, start=1)
    )
    return Policy(version=version, statements=statements, name=name, warnings=tuple(warnings))


_STATEMENT_FIELDS = {
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
}


def _statement(
    index: int, raw: Any, kind: PolicyKind, name: str, leniency: Leniency, warnings: list[str]
) -> Statement:
    where = f"{name}: statement {index}"
    if not isinstance(raw, dict):
        raise PolicyError(f"{where}: must be a JSON object")
    if isinstance(raw.get("Sid"), str):
        where += f" ({_shown(raw['Sid'])})"
    unknown = set(raw) - _STATEMENT_FIELDS
    if unknown:
        raise PolicyError(f"{where}: unknown element(s) {sorted(unknown)}")
    empty = sorted(field for field, value in raw.items() if value is None)
    if empty:
        raise PolicyError(f"{where}: {', '.join(empty)} must not be null")
    effect = raw.get("Effect")
    if effect not in ("Allow", "Deny"):
        raise PolicyError(f'{where}: Effect must be "Allow" or "Deny", not {effect!r}')
    _one_of(raw, "Action", "NotAction", where, required=True)
    # Identity-based policies (and SCPs, boundaries, session policies) must name resources;
    # resource-based ones may omit it (a role trust policy applies to its role).
    _one_of(raw, "Resource", "NotResource", where, required=kind == "identity")
    _one_of(raw, "Principal", "NotPrincipal", where, required=False)
    if kind == "identity" and ("Principal" in raw or "NotPrincipal" in raw):
        raise PolicyError(f"{where}: Principal is not allowed in an identity-based policy")
    principal = raw.get("Principal")
    if kind == "resource" and "Principal" not in raw and "NotPrincipal" not in raw:
        if not leniency.implicit_everyone:
            raise PolicyError(f"{where}: a resource-based policy statement needs Principal")
        warnings.append(f'{where}: no Principal, read as "*" (every principal)')
        principal = "*"
    if isinstance(principal, str) and principal != "*" and leniency.plain_principal:
        warnings.append(f'{where}: Principal {principal!r} read as {{"AWS": {principal!r}}}')
        principal = {"AWS": principal}
    sid = raw.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise PolicyError(f"{where}: Sid must be a string")
    return Statement(
        index=index,
        sid=sid,
        effect=effect,
        principals=_principals(principal, f"{where}: Principal"),
        not_principals=_principals(raw.get("NotPrincipal"), f"{where}: NotPrincipal"),
        actions=_strings(raw.get("Action"), f"{where}: Action"),
        not_actions=_strings(raw.get("NotAction"), f"{where}: NotAction"),
        resources=_strings(raw.get("Resource"), f"{where}: Resource"),
        not_resources=_strings(raw.get("NotResource"), f"{where}: NotResource"),
        conditions=_conditions(raw.get("Condition"), f"{where}: Condition"),
    )


def _shown(sid: str) -> str:
    """A Sid as messages show it: quoted when it holds a line break or other unprintable text,
    so an error stays one line.
    """
    return sid if sid.isprintable() else repr(sid)


def _one_of(raw: dict[str, Any], first: str, second: str, where: str, *, required: bool) -> None:
    if first in raw and second in raw:
        raise PolicyError(f"{where}: has both {first} and {second}")
    if required and first not in raw and second not in raw:
        raise PolicyError(f"{where}: needs {first} or {second}")


def _strings(value: Any, where: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) for item in items):
        raise PolicyError(f"{where}: must be a string or a non-empty list of strings")
    for item in items:
        if "action" in where.lower().rsplit(": ", 1)[-1] and item != "*" and ":" not in item:
            raise PolicyError(f"{where}: {item!r} is not of the form service:action")
    return tuple(items)


def _principals(value: Any, where: str) -> tuple[Principal, ...] | None:
    if value is None:
        return None
    if value == "*":
        return (Principal("*", "*"),)
    if not isinstance(value, dict) or not value:
        raise PolicyError(f'{where}: must be "*" or an object such as {{"AWS": ...}}')
    found = []
    for kind, entries in value.items():
        if kind not in PRINCIPAL_TYPES:
            raise PolicyError(f"{where}: unknown principal type {kind!r}")
        for entry in _strings(entries, f"{where}.{kind}") or ():
            found.append(Principal(kind, entry))
    return tuple(found)


def _conditions(value: Any, where: str) -> tuple[Condition, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise PolicyError(f"{where}: must be an object of operator -> {{key: values}}")
    found = []
    for raw_operator, block in value.items():
        qualifier, operator, if_exists = _operator(raw_operator, where)
        if not isinstance(block, dict) or not block:
            raise PolicyError(f"{where}: {raw_operator} needs an object of key -> values")
        for key, raw_values in block.items():
            items = raw_values if isinstance(raw_values, list) else [raw_values]
            if not all(isinstance(v, str | int | float | bool) for v in items):
                raise PolicyError(f"{where}: {raw_operator} {key}: values must be scalars")
            values = tuple(_scalar(v) for v in items)
            found.append(Condition(operator, key, values, qualifier, if_exists))
    return tuple(found)


def _operator(raw: str, where: str) -> tuple[str | None, str, bool]:
    qualifier = None
    name = raw
    if ":" in raw:
        prefix, _, name = raw.partition(":")
        qualifier = SET_QUALIFIERS.get(prefix.lower())
        if qualifier is None:
            raise PolicyError(f"{where}: unknown qualifier {prefix!r} in {raw!r}")
    if_exists = name.lower().endswith("ifexists")
    base = name[: -len("IfExists")] if if_exists else name
    canonical = OPERATORS.get(base.lower())
    if canonical is None:
        raise PolicyError(f"{where}: unknown condition operator {raw!r}")
    if canonical == "Null" and if_exists:
        raise PolicyError(f"{where}: Null cannot take IfExists")
    return qualifier, canonical, if_exists


def _scalar(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
