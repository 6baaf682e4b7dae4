"""The library entry points the CLI and other programs call: collect, evaluate, scan."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from .collect.runner import DEFAULT_UNIT_SECONDS, DEFAULT_WORKERS, Progress, collect
from .collect.session import SessionOptions, open_session
from .evaluate.assessment import Assessment
from .evaluate.check import Check
from .evaluate.engine import evaluate
from .evaluate.settings import Settings
from .snapshot import Snapshot


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


def assess(
    snapshot: Snapshot,
    checks: Iterable[Check[Any]] | None = None,
    collect_seconds: float | None = None,
    programme: str | None = None,
    settings: Settings | None = None,
) -> Assessment:
    """Evaluate a snapshot (and its responsibility matrix, flagging services outside
    ``programme``) and record how long each phase took.
    """
    started = time.perf_counter()
    assessment = evaluate(snapshot, checks, programme, settings)
    timings = {"evaluate": round(time.perf_counter() - started, 3)}
    if collect_seconds is not None:
        timings["collect"] = round(collect_seconds, 3)
    return assessment.model_copy(update={"timings": timings})
