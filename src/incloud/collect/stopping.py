"""Stopping a unit between requests: after Ctrl-C, or once past its time budget.

Every guarded client carries :func:`refuse_when_stopped` on botocore's ``before-call`` event,
which fires before each request, including each further page of a paginated listing. The
thread doing a unit's work marks itself with :func:`working_for`; when that unit is stopped
the hook raises :class:`UnitStopped` instead of sending, and the unit records the call as a
gap. So a listing cut short is a gap, while a listing whose last page came in just after
the deadline is complete (no request was refused).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol


class Stoppable(Protocol):
    """What a thread works for: something that can say it must stop, and why."""

    def stop_reason(self) -> tuple[str, str] | None:
        """``(gap error code, message)`` once no more requests may be sent, else None."""
        ...


class UnitStopped(Exception):  # noqa: N818 - a signal, not an error
    """A request was not sent because its unit was stopped."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_CURRENT = threading.local()


@contextmanager
def working_for(owner: Stoppable) -> Iterator[None]:
    """Mark the calling thread as doing ``owner``'s work (its requests obey its stop)."""
    previous = getattr(_CURRENT, "owner", None)
    _CURRENT.owner = owner
    try:
        yield
    finally:
        _CURRENT.owner = previous


def current_owner() -> Stoppable | None:
    """Whose work the calling thread does (None outside any unit)."""
    owner: Stoppable | None = getattr(_CURRENT, "owner", None)
    return owner


def refuse_when_stopped(**_: Any) -> None:
    """Botocore ``before-call`` hook: raise :class:`UnitStopped` when the calling thread's
    unit may send no more requests.
    """
    owner = current_owner()
    if owner is not None and (reason := owner.stop_reason()) is not None:
        raise UnitStopped(*reason)
