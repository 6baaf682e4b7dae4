"""One shard of collection: a collector run in one (account, region), and its result.

A shard is the unit every executor schedules: the thread pool of a single-account scan, the
organisation scan's local pool, and Celery workers. Its result (resources, gaps, the calls it
made) is self-contained and serialisable, so it can be stored as soon as it completes and
stored again, identically, if a worker that died after running it is replaced by another.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from ..snapshot import ApiCallCount, CollectionGap, Resource
from .answers import MALFORMED_ANSWER_ERRORS
from .counter import CallCounter
from .registry import Collector
from .session import AwsSession
from .stopping import working_for
from .unit import Unit

COLLECTOR_ERROR = "CollectorError"
"""Gap error code for a unit whose collector could not read an answer."""


@dataclass(frozen=True, order=True)
class ShardKey:
    """Which shard: the account, the region (``global`` for global services) and service."""

    account_id: str
    region: str
    service: str

    @property
    def label(self) -> str:
        """``account/region/service``, for progress lines and logs."""
        return f"{self.account_id}/{self.region}/{self.service}"


@dataclass
class ShardResult:
    """What one shard collected: its resources, its gaps and the API calls it made."""

    key: ShardKey
    resources: list[Resource] = field(default_factory=list)
    gaps: list[CollectionGap] = field(default_factory=list)
    api_calls: tuple[ApiCallCount, ...] = ()
    seconds: float = 0.0
    busiest_second: int = 0
    """The most API calls the shard made within any one second (its request rate's peak)."""


def run_shard(
    session: AwsSession,
    item: Collector,
    region: str,
    scanned_regions: tuple[str, ...],
    *,
    deadline: float | None = None,
    stop: threading.Event | None = None,
) -> ShardResult:
    """Run ``item`` in ``region`` of ``session``'s account on the calling thread.

    Every failed call is a gap already (see :class:`Unit`); a collector that cannot read an
    answer (a truncated or malformed response raises ``KeyError``, ``TypeError`` ...) loses
    its whole shard, each operation it declares becoming a gap.
    """
    began = time.monotonic()
    calls = CallCounter()
    unit = Unit(
        session=session,
        region=region,
        service=item.service,
        scanned_regions=scanned_regions,
        deadline=deadline,
        stop=stop,
        calls=calls,
    )
    key = ShardKey(session.account_id, region, item.service)
    found: list[Resource] = []
    try:
        with working_for(unit):
            found.extend(item.collect(unit))
    except MALFORMED_ANSWER_ERRORS as error:
        detail = f"{type(error).__name__}: {str(error)[:200]}"
        message = f"could not read an answer ({detail}): a malformed or truncated response"
        unit.gaps.extend(declared_gaps(session.account_id, item, region, COLLECTOR_ERROR, message))
    seconds = time.monotonic() - began
    return ShardResult(key, found, unit.gaps, calls.snapshot(), seconds, calls.busiest_second)


def declared_gaps(
    account_id: str, item: Collector, region: str, code: str, message: str
) -> list[CollectionGap]:
    """One gap per operation ``item`` declares, for ``account_id`` and ``region``: what a
    shard that did not run (or did not finish) leaves unread.
    """
    return [
        CollectionGap(
            account_id=account_id,
            region=region,
            service=action.split(":", 1)[0],
            operation=action.split(":", 1)[1],
            error_code=code,
            message=message,
        )
        for action in item.operations
    ]
