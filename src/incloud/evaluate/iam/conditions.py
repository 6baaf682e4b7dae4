"""Condition operators, evaluated against a request context in three-valued logic.

IAM User Guide, "IAM JSON policy elements: Condition operators" and "Multivalued context keys":

* a key absent from the request makes a condition false, except that negated operators
  (``StringNotEquals``, ``NotIpAddress``, ``ArnNotLike`` ...) are then true, ``...IfExists``
  is true, ``Null`` tests absence itself, and ``ForAllValues`` is true (vacuously);
* several values for one key in the policy are ORed; several keys or operators are ANDed;
* ``ForAllValues``: every request value must match some policy value; ``ForAnyValue``: at
  least one must; without a qualifier a multivalued key matches when any value does;
* a key whose value the caller marked unknown leaves the condition open (a residual).

Dates, numbers and IP addresses are read by ``values``. A value that is not one (AWS refuses
such a policy when it is written, so only a hand-made snapshot holds one) never matches under a
positive operator; under a negated operator it leaves the condition open, as an unknown value
does, unless another value decides it: the engine does not invent a pass from a value it could
not read. ``incloud iam simulate`` refuses such input instead (``validation``).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import datetime

from ...wildcards import fold_case, wildcard_match
from .context import UNKNOWN_VALUE, RequestContext
from .logic import FALSE, TRUE, Tri, all_of, any_of, unknown
from .matching import arn_like
from .policy import Condition
from .values import parse_address, parse_date, parse_network, parse_number
from .variables import Unknowable, Unresolvable, substitute

Compare = Callable[[str, str], bool | None]
"""(request value, policy value) -> match, for a positive operator; None when either is not
a value of the operator's type (a date, a number, an IP address), so the engine cannot tell.
"""


def _numeric(test: Callable[[float, float], bool]) -> Compare:
    def compare(actual: str, wanted: str) -> bool | None:
        a, w = parse_number(actual), parse_number(wanted)
        return None if a is None or w is None else test(a, w)

    return compare


def _dated(test: Callable[[datetime, datetime], bool]) -> Compare:
    def compare(actual: str, wanted: str) -> bool | None:
        a, w = parse_date(actual), parse_date(wanted)
        return None if a is None or w is None else test(a, w)

    return compare


def _ip(actual: str, wanted: str) -> bool | None:
    network, address = parse_network(wanted), parse_address(actual)
    if network is None or address is None:
        return None
    return address.version == network.version and address in network


def _binary(actual: str, wanted: str) -> bool:
    try:
        return base64.b64decode(actual, validate=True) == base64.b64decode(wanted, validate=True)
    except (binascii.Error, ValueError):
        return False


POSITIVE: dict[str, Compare] = {
    "StringEquals": lambda a, w: a == w,
    "StringEqualsIgnoreCase": lambda a, w: fold_case(a) == fold_case(w),
    "StringLike": lambda a, w: wildcard_match(w, a),
    "NumericEquals": _numeric(lambda a, w: a == w),
    "NumericLessThan": _numeric(lambda a, w: a < w),
    "NumericLessThanEquals": _numeric(lambda a, w: a <= w),
    "NumericGreaterThan": _numeric(lambda a, w: a > w),
    "NumericGreaterThanEquals": _numeric(lambda a, w: a >= w),
    "DateEquals": _dated(lambda a, w: a == w),
    "DateLessThan": _dated(lambda a, w: a < w),
    "DateLessThanEquals": _dated(lambda a, w: a <= w),
    "DateGreaterThan": _dated(lambda a, w: a > w),
    "DateGreaterThanEquals": _dated(lambda a, w: a >= w),
    "Bool": lambda a, w: a.lower() == w.lower(),
    "BinaryEquals": _binary,
    "IpAddress": _ip,
    "ArnEquals": lambda a, w: arn_like(w, a),
    "ArnLike": lambda a, w: arn_like(w, a),
}
"""Positive operators; each negated operator is the negation of its positive twin."""

NEGATED = {
    "StringNotEquals": "StringEquals",
    "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
    "StringNotLike": "StringLike",
    "NumericNotEquals": "NumericEquals",
    "DateNotEquals": "DateEquals",
    "NotIpAddress": "IpAddress",
    "ArnNotEquals": "ArnEquals",
    "ArnNotLike": "ArnLike",
}

SUBSTITUTED = {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"}
"""Operators whose policy values may contain policy variables."""


def evaluate_condition(condition: Condition, context: RequestContext, variables: bool) -> Tri:
    """Whether one condition holds for the request."""
    values = context.get(condition.key)
    if condition.operator == "Null":
        return _null(condition, values)
    if values == UNKNOWN_VALUE:
        return unknown(condition.describe())
    negated = condition.operator in NEGATED
    base = NEGATED.get(condition.operator, condition.operator)
    if values is None:  # absent key
        if condition.if_exists:
            return TRUE
        if condition.qualifier == "ForAllValues":
            return TRUE
        if condition.qualifier == "ForAnyValue":
            return FALSE
        return TRUE if negated else FALSE
    try:
        wanted = _policy_values(condition, base, context, variables)
    except Unknowable:
        return unknown(condition.describe())
    compare = POSITIVE[base]

    def matches(actual: str) -> Tri:
        """One request value against the policy values (ORed), negated for a negated operator.

        A value the engine cannot read (a malformed date or address: AWS refuses such policies
        when they are written) matches nothing for a positive operator; for a negated one,
        unless another value decides, the answer stays open.
        """
        results = [compare(actual, w) for w in wanted]
        if True in results:
            return FALSE if negated else TRUE
        if not negated:
            return FALSE
        return TRUE if None not in results else unknown(condition.describe())

    per_value = [matches(v) for v in values]
    if condition.qualifier == "ForAllValues" or (negated and condition.qualifier is None):
        result = all_of(per_value)
    else:
        result = any_of(per_value)
    return unknown(condition.describe()) if result.value is None else result


def _policy_values(
    condition: Condition, base: str, context: RequestContext, variables: bool
) -> list[str]:
    if not variables or base not in SUBSTITUTED:
        return list(condition.values)
    resolved = []
    for value in condition.values:
        try:
            text = substitute(value, context)
        except Unresolvable:
            continue  # a value whose variable is absent matches nothing
        if base != "StringLike" and not base.startswith("Arn"):
            text = text.replace("\\*", "*").replace("\\?", "?")
        resolved.append(text)
    return resolved


def _null(condition: Condition, values: tuple[str, ...] | None) -> Tri:
    """``Null: true`` holds when the key is absent, ``false`` when present (an unknown value
    is present).
    """
    absent = values is None
    wanted = {v.lower() for v in condition.values}
    return TRUE if ("true" in wanted and absent) or ("false" in wanted and not absent) else FALSE


def evaluate_conditions(
    conditions: tuple[Condition, ...], context: RequestContext, variables: bool
) -> Tri:
    """All conditions of a statement (ANDed)."""
    return all_of([evaluate_condition(c, context, variables) for c in conditions])
