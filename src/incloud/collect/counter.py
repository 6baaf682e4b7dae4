"""Counting API calls per (service, operation), safely across collector threads."""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from typing import Any

from ..snapshot import ApiCallCount
from .stopping import current_owner


class CallCounter:
    """Counts operation invocations, and the most made within any one second; hook
    :meth:`on_call` to botocore's ``before-call``.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str]] = Counter()
        self._clock = clock
        self._recent: deque[float] = deque()
        self._busiest = 0

    def on_call(self, model: Any, **_: Any) -> None:
        """Botocore ``before-call`` hook: count one invocation (retries are not counted)."""
        key = (str(model.service_model.service_name), str(model.name))
        now = self._clock()
        with self._lock:
            self._counts[key] += 1
            recent = self._recent
            recent.append(now)
            while recent and recent[0] <= now - 1.0:
                recent.popleft()
            self._busiest = max(self._busiest, len(recent))

    @property
    def busiest_second(self) -> int:
        """The most calls made within any one-second window so far."""
        with self._lock:
            return self._busiest

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
