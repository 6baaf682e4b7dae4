"""Values a template or plan leaves open until deploy, and the look-ups that respect them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Unknown:
    """A value that cannot be known before the stack or plan is applied, and why.

    It stands wherever a resolved value would (a property, one item of a list, one key's
    value); builders never read past it: the field it fills is recorded as a gap, so the checks
    that need it say ``unknown`` with this reason.
    """

    reason: str


def first_unknown(value: Any) -> Unknown | None:
    """The first :class:`Unknown` inside ``value`` (itself, or nested in lists and dicts)."""
    for item in _walk(value):
        if isinstance(item, Unknown):
            return item
    return None


def _walk(value: Any) -> Iterator[Any]:
    stack = [value]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
