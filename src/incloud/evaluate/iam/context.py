"""The request context: condition keys and their values, looked up case-insensitively."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

UNKNOWN_VALUE: Final = ("<unknown>",)
"""A key whose value the caller does not know: conditions on it stay open (residual)."""


class RequestContext:
    """Condition keys (case-insensitive) mapped to their values (always a tuple of strings).

    A key mapped to :data:`UNKNOWN_VALUE` is present but unknown; an absent key is absent.
    """

    def __init__(self, values: Mapping[str, object] | None = None) -> None:
        self._values: dict[str, tuple[str, ...]] = {}
        for key, value in (values or {}).items():
            self.set(key, value)

    def set(self, key: str, value: object) -> None:
        """Set a key; lists become multiple values, booleans ``true``/``false``."""
        if value is UNKNOWN_VALUE or value == "<unknown>":
            self._values[key.lower()] = UNKNOWN_VALUE
            return
        items = value if isinstance(value, list | tuple) else [value]
        self._values[key.lower()] = tuple(_text(item) for item in items)

    def get(self, key: str) -> tuple[str, ...] | None:
        """The values of ``key``, :data:`UNKNOWN_VALUE`, or None when absent."""
        return self._values.get(key.lower())

    def with_defaults(self, defaults: Mapping[str, object]) -> RequestContext:
        """A copy in which keys the caller did not give take these values."""
        merged = RequestContext()
        merged._values = dict(self._values)
        for key, value in defaults.items():
            if key.lower() not in merged._values:
                merged.set(key, value)
        return merged


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
