"""Counting API calls per (service, operation), safely across collector threads."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from ..snapshot import ApiCallCount
from .stopping import current_owner


class CallCounter:
    """Counts operation invocations; hook :meth:`on_call` to botocore's ``before-call``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str]] = Counter()

    def on_call(self, model: Any, **_: Any) -> None:
        """Botocore ``before-call`` hook: count one invocation (retries are not counted)."""
        key = (str(model.service_model.service_name), str(model.name))
        with self._lock:
            self._counts[key] += 1

    def snapshot(self) -> tuple[ApiCallCount, ...]:
        """The counts so far, sorted by service then operation."""
        with self._lock:
            items = sorted(self._counts.items())
        return tuple(ApiCallCount(service=s, operation=o, count=n) for (s, o), n in items)

    @property
    def total(self) -> int:
        """All calls counted so far."""
        with self._lock:
            return sum(self._counts.values())


def count_for_current_unit(model: Any, **_: Any) -> None:
    """Botocore ``before-call`` hook: count one invocation for the unit the calling thread
    works for, when that unit keeps its own count (a shard's calls travel with its result).
    """
    calls: CallCounter | None = getattr(current_owner(), "calls", None)
    if calls is not None:
        calls.on_call(model)
