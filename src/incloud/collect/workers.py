"""A bounded pool of daemon threads, for collection work that may be abandoned.

``concurrent.futures.ThreadPoolExecutor`` joins its threads when the interpreter exits, so
one call hung on a dead endpoint would hold the process until its socket times out, and
Ctrl-C could not end a scan promptly. Collection instead runs on daemon threads: a unit
that overruns its time budget, or every unit after Ctrl-C, is abandoned where it stands
(its remaining calls stop at the next :meth:`Unit.call` check) and never delays exit.
The futures are ordinary :class:`concurrent.futures.Future` objects, so ``wait`` and
``as_completed`` work on them.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")
U = TypeVar("U")

_Task = tuple["Future[Any]", Callable[[], Any]]


class DaemonPool:
    """``workers`` daemon threads taking tasks in submission order.

    >>> with DaemonPool(2, "demo") as pool:  # doctest: +SKIP
    ...     future = pool.submit(sum, [1, 2])
    """

    def __init__(self, workers: int, name: str) -> None:
        self._tasks: queue.SimpleQueue[_Task | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._work, name=f"{name}-{n}", daemon=True)
            for n in range(max(1, workers))
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``fn(*args)`` on a worker; its future holds the result or the exception."""
        future: Future[T] = Future()
        self._tasks.put((future, lambda: fn(*args)))
        return future

    def close(self) -> None:
        """Let the workers end once the queued tasks are done; never waits for them."""
        for _ in self._threads:
            self._tasks.put(None)

    def __enter__(self) -> DaemonPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _work(self) -> None:
        while (task := self._tasks.get()) is not None:
            future, run = task
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = run()
            except BaseException as error:  # noqa: BLE001 (re-raised by whoever waits on it)
                future.set_exception(error)
            else:
                future.set_result(result)


def map_in_order(fn: Callable[[T], U], items: Iterable[T], workers: int, name: str) -> list[U]:
    """``fn`` over ``items`` on daemon threads, results in input order; the first
    exception (in input order) is re-raised in the caller.
    """
    with DaemonPool(workers, name) as pool:
        futures = [pool.submit(fn, item) for item in items]
        return [future.result() for future in futures]
