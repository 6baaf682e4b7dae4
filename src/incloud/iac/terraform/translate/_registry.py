"""What every Terraform translator shares: the registry by Terraform type and the small
readers of planned values (tags, policy text, list and nested-block attributes).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from ....errors import InputError
from ...assembly import Declared
from ...values import Unknown

Translator = Callable[
    [dict[str, Any], Callable[[str, dict[str, Any]], Declared]], Iterator[Declared]
]
TRANSLATORS: dict[str, Translator] = {}
"""Each Terraform type's translator, filled by the family modules as they are imported."""


def translates(*types: str) -> Callable[[Translator], Translator]:
    """Register the decorated function as the translator of ``types``."""

    def register(function: Translator) -> Translator:
        for name in types:
            TRANSLATORS[name] = function
        return function

    return register


def without_nulls(value: Any) -> Any:
    """``value`` with every null member of a mapping left out, at any depth (an absent
    property, as CloudFormation's shapes have it).
    """
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def tags(value: Any) -> list[dict[str, str]] | None:
    """Terraform's ``tags`` map as CloudFormation's ``Tags`` list (None when not a map)."""
    if not isinstance(value, dict):
        return None
    return [{"Key": str(k), "Value": v} for k, v in value.items()]


def policy(value: Any) -> Any:
    """A policy document from Terraform's JSON text."""
    if value is None or isinstance(value, Unknown | dict):
        return value
    try:
        document = json.loads(str(value))
    except ValueError:
        raise InputError("a policy in the plan is not JSON") from None
    return document


def each(value: Any) -> list[Any]:
    """A list attribute's items; none for an absent or unknown one (the caller passes an
    unknown one on whole where it matters).
    """
    return value if isinstance(value, list) else []


def first(value: Any) -> Any:
    """A nested block's one item (Terraform lists them)."""
    if isinstance(value, list):
        return value[0] if value else None
    return value
