"""The library entry points the CLI and other programs call: collect an account, assess a
snapshot (``assess`` lives in ``incloud.assessment``, re-exported here).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from .assessment import assess
from .collect.runner import DEFAULT_UNIT_SECONDS, DEFAULT_WORKERS, Progress, collect
from .collect.session import SessionOptions, open_session
from .snapshot import Snapshot

__all__ = ["assess", "collect_account"]


def collect_account(
    options: SessionOptions,
    *,
    services: Iterable[str] | None = None,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
    unit_seconds: float = DEFAULT_UNIT_SECONDS,
) -> tuple[Snapshot, float]:
    """Open a session and collect the account; returns the snapshot and the seconds taken
    (``CollectionInterruptedError`` with the partial snapshot on Ctrl-C).
    """
    started = time.perf_counter()
    session = open_session(options)
    snapshot = collect(
        session, services=services, workers=workers, progress=progress, unit_seconds=unit_seconds
    )
    return snapshot, time.perf_counter() - started
