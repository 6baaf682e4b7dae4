"""What ``incloud iam simulate`` refuses: input the engine would otherwise mis-evaluate.

The engine, which also judges policies from snapshots, reads a malformed condition value as
matching nothing (see ``conditions``); a person asking the simulator a question should hear
that the question is malformed instead. Each check raises with one line naming the field.

* Condition values of the typed operators (IAM User Guide, "IAM JSON policy elements:
  Condition operators"): IP addresses or CIDR ranges for ``IpAddress``/``NotIpAddress``
  ("IP address condition operators"); W3C ISO 8601 dates or epoch seconds for ``Date*``
  ("Date condition operators"); numbers for ``Numeric*``; ``true``/``false`` for ``Bool`` and
  ``Null``. The same rules apply to a request context value that such an operator compares,
  and to the global keys whose type AWS fixes ("AWS global condition context keys":
  ``aws:SourceIp`` and ``aws:VpcSourceIp`` are addresses, ``aws:CurrentTime``,
  ``aws:EpochTime`` and ``aws:TokenIssueTime`` dates, ``aws:MultiFactorAuthAge`` a number).
* A policy variable opened with ``${`` and never closed, where the engine substitutes
  variables ("IAM policy elements: Variables and tags": 2012-10-17 policies, ``Resource`` and
  string and ARN condition values).
* A request principal that is none of: an IAM or STS ARN (user, role, assumed-role session,
  federated-user session, account root) in a 12-digit account, a service principal name
  (``sns.amazonaws.com``), ``*`` or ``anonymous``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ...errors import InputError
from .conditions import NEGATED, SUBSTITUTED
from .context import UNKNOWN_VALUE
from .matching import RequestPrincipal
from .policy import Condition, Policy, PolicyError, Statement
from .values import parse_address, parse_date, parse_network, parse_number
from .variables import unterminated


@dataclass(frozen=True)
class _Kind:
    """A value type: how a policy value and a request value of it are read, and its name."""

    name: str
    policy: Callable[[str], object | None]
    request: Callable[[str], object | None]


def _boolean(text: str) -> bool | None:
    lowered = text.lower()
    return lowered == "true" if lowered in ("true", "false") else None


def _request_address(text: str) -> object | None:
    """A request's source address: one address, never a range (the request comes from one)."""
    return None if "/" in text else parse_address(text)


_IP = _Kind("an IP address or CIDR range", parse_network, _request_address)
_DATE = _Kind("an ISO 8601 date or epoch seconds", parse_date, parse_date)
_NUMBER = _Kind("a number", parse_number, parse_number)
_BOOLEAN = _Kind("true or false", _boolean, _boolean)

_GLOBAL_KEYS = {
    "aws:sourceip": _IP,
    "aws:vpcsourceip": _IP,
    "aws:currenttime": _DATE,
    "aws:epochtime": _DATE,
    "aws:tokenissuetime": _DATE,
    "aws:multifactorauthage": _NUMBER,
}
"""Global condition keys whose value type AWS fixes, by lower-case name."""

UNKNOWN = UNKNOWN_VALUE[0]
"""The simulator's marker for a context value the caller does not know."""
_JSON_TYPES: dict[type, str] = {dict: "an object", list: "a list", type(None): "null"}
_PRINCIPAL_SHAPES = (
    "an IAM or STS ARN (user, role, assumed-role or federated-user session, account root), "
    "a service principal such as sns.amazonaws.com, or *"
)


def _kind(operator: str) -> _Kind | None:
    if operator in ("IpAddress", "NotIpAddress"):
        return _IP
    if operator.startswith("Date"):
        return _DATE
    if operator.startswith("Numeric"):
        return _NUMBER
    if operator in ("Bool", "Null"):
        return _BOOLEAN
    return None


def check_policy(policy: Policy) -> None:
    """Refuse malformed typed condition values and unterminated variables (PolicyError)."""
    for statement in policy.statements:
        where = f"{policy.name}: {statement.label}"
        if policy.substitutes_variables:
            _check_variables(statement, where)
        for condition in statement.conditions:
            kind = _kind(condition.operator)
            if kind is None:
                continue
            for value in condition.values:
                if kind.policy(value) is None:
                    raise PolicyError(
                        f"{where}: Condition: {condition.operator} {condition.key}: "
                        f"{value!r} is not {kind.name}"
                    )


def _check_variables(statement: Statement, where: str) -> None:
    elements = [
        ("Resource", statement.resources or ()),
        ("NotResource", statement.not_resources or ()),
        *(
            (f"Condition: {c.operator} {c.key}", c.values)
            for c in statement.conditions
            if NEGATED.get(c.operator, c.operator) in SUBSTITUTED
        ),
    ]
    for element, values in elements:
        for value in values:
            if unterminated(value):
                raise PolicyError(
                    f"{where}: {element}: {value!r} opens a policy variable with '${{' "
                    "that no '}' closes"
                )


def check_context(context: Mapping[str, Any], policies: Iterable[Policy]) -> None:
    """Refuse context values of the wrong JSON type, or not of the type the operators that
    compare them need (InputError naming the key).
    """
    uses = _typed_uses(policies)
    for key, value in context.items():
        where = f"request.context[{key!r}]"
        items = value if isinstance(value, list) else [value]
        for item in items:
            _check_scalar(item, where)
        texts = [_text(item) for item in items if item != UNKNOWN]
        for kind, used_by in uses.get(key.lower(), []):
            for text in texts:
                if kind.request(text) is None:
                    name = "an IP address" if kind is _IP else kind.name
                    raise InputError(f"{where}: {text!r} is not {name} ({used_by})")


def _check_scalar(item: Any, where: str) -> None:
    if isinstance(item, float) and not math.isfinite(item):
        raise InputError(f"{where}: {item!r} is not a finite number")
    if not isinstance(item, str | int | float | bool):
        raise InputError(
            f"{where}: must be a string, number, boolean, a list of them or {UNKNOWN!r}, "
            f"not {_JSON_TYPES.get(type(item), type(item).__name__)}"
        )


def _text(item: str | float | bool) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    return str(item)


def _typed_uses(policies: Iterable[Policy]) -> dict[str, list[tuple[_Kind, str]]]:
    """For each lower-case key: the value types it must have, with what requires each."""
    uses: dict[str, list[tuple[_Kind, str]]] = {
        key: [(kind, f"AWS global condition key {key}")] for key, kind in _GLOBAL_KEYS.items()
    }
    for policy in policies:
        for statement in policy.statements:
            for condition in statement.conditions:
                _add_use(uses, condition, f"compared by {policy.name} {statement.label}")
    return uses


def _add_use(uses: dict[str, list[tuple[_Kind, str]]], condition: Condition, where: str) -> None:
    kind = _kind(condition.operator)
    if kind is None or condition.operator == "Null":
        return  # Null tests presence; the value itself is never compared
    found = uses.setdefault(condition.key.lower(), [])
    if all(existing is not kind for existing, _ in found):
        found.append((kind, f"{where}: {condition.operator}"))


def parse_principal(value: str) -> RequestPrincipal:
    """``request.principal`` read, refusing anything that is not a principal (InputError)."""
    if value in ("*", "anonymous"):
        return RequestPrincipal.parse(value)
    problem = _arn_problem(value) if value.startswith("arn:") else _service_problem(value)
    if problem:
        raise InputError(f"request.principal: {value!r} {problem}; expected {_PRINCIPAL_SHAPES}")
    return RequestPrincipal.parse(value)


def _arn_problem(value: str) -> str | None:
    try:
        principal = RequestPrincipal.parse(value)
    except ValueError:
        return "is not a principal ARN"
    _, partition, _, _, account, resource = value.split(":", 5)
    if not partition.startswith("aws") or not all(
        part.isalnum() and part.isascii() for part in partition.split("-")
    ):
        return f"has no AWS partition ({partition!r})"
    if not (len(account) == 12 and account.isascii() and account.isdigit()):
        return f"has no 12-digit account ID ({account!r})"
    parts = resource.split("/")
    wanted = {"session": 3, "user": 2, "role": 2, "federated": 2}.get(principal.kind, 1)
    if len(parts) < wanted or not all(parts) or (principal.kind == "session" and len(parts) != 3):
        return f"has a malformed resource part ({resource!r})"
    return None


def _service_problem(value: str) -> str | None:
    labels = value.split(".")
    if len(labels) < 2 or not all(
        label and label.isascii() and label.replace("-", "").isalnum() for label in labels
    ):
        return "is not an ARN or a service principal name"
    return None
