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
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, wait
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


def run_all(
    fn: Callable[[T], U],
    items: Sequence[T],
    workers: int,
    name: str,
    *,
    stop_on_error: bool = False,
) -> list[Future[U]]:
    """``fn`` over ``items`` on at most ``workers`` daemon threads (fewer for fewer items);
    the futures, in input order, once every one of them is settled.

    Nothing is left running when this returns, so no late result lands after the caller
    has moved on. With ``stop_on_error`` the items not yet started when one fails are
    cancelled (their futures say so), since their results would be thrown away.
    """
    if not items:
        return []
    with DaemonPool(min(workers, len(items)), name) as pool:
        futures = [pool.submit(fn, item) for item in items]
        pending: set[Future[U]] = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            if stop_on_error and any(f.exception() is not None for f in done if not f.cancelled()):
                for future in pending:
                    future.cancel()
    return futures


def map_in_order(fn: Callable[[T], U], items: Iterable[T], workers: int, name: str) -> list[U]:
    """``fn`` over ``items`` on at most ``workers`` daemon threads, results in input order.

    When ``fn`` raises, the items not yet started are dropped, the running ones finish, and
    the first exception (in input order) is re-raised in the caller.
    """
    futures = run_all(fn, list(items), workers, name, stop_on_error=True)
    for future in futures:
        if not future.cancelled() and future.exception() is not None:
            future.result()  # re-raises it
    return [future.result() for future in futures]
