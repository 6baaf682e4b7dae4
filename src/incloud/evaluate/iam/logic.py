"""Three-valued logic with residual conditions: true, false, or "only if <condition>".

The engine never guesses a context value it does not know. A condition on such a value is
neither true nor false: it becomes a residual (a readable condition) that is carried through
AND, OR and NOT, so a decision can say "allowed only if aws:SourceIp is in 10.0.0.0/8".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tri:
    """A truth value that may be unknown; ``residual`` describes when it would be true."""

    value: bool | None
    residual: str = ""

    @property
    def certain(self) -> bool:
        """True when the value is known."""
        return self.value is not None

    def __and__(self, other: Tri) -> Tri:
        if self.value is False or other.value is False:
            return FALSE
        if self.value is True:
            return other
        if other.value is True:
            return self
        return Tri(None, f"({self.residual}) and ({other.residual})")

    def __or__(self, other: Tri) -> Tri:
        if self.value is True or other.value is True:
            return TRUE
        if self.value is False:
            return other
        if other.value is False:
            return self
        return Tri(None, f"({self.residual}) or ({other.residual})")

    def __invert__(self) -> Tri:
        if self.value is None:
            return Tri(None, f"not ({self.residual})")
        return FALSE if self.value else TRUE


TRUE = Tri(True)
FALSE = Tri(False)


def unknown(residual: str) -> Tri:
    """An unknown truth value, true exactly when ``residual`` holds."""
    return Tri(None, residual)


def all_of(values: list[Tri]) -> Tri:
    """Logical AND of several values (true for none)."""
    result = TRUE
    for value in values:
        result = result & value
        if result.value is False:
            return FALSE
    return result


def any_of(values: list[Tri]) -> Tri:
    """Logical OR of several values (false for none)."""
    result = FALSE
    for value in values:
        result = result | value
        if result.value is True:
            return TRUE
    return result
