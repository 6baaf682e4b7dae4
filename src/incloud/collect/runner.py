"""Running the collectors: (account, region, service) units in a bounded thread pool."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, datetime

from .. import __version__
from ..snapshot import GLOBAL, Account, CollectionGap, Resource, Snapshot
from .registry import Collector, all_collectors
from .session import AwsSession
from .unit import Unit

DEFAULT_WORKERS = 8
"""Concurrent units; AWS throttles per account and API, so more rarely helps."""

Progress = Callable[[str, int, int], None]
"""Called as ``progress(unit_label, done, total)`` after each unit finishes."""


def plan_units(
    session: AwsSession, regions: Iterable[str], services: Iterable[str] | None = None
) -> list[tuple[Collector, str]]:
    """The (collector, region) pairs to run: global services once, regional ones per region."""
    collectors = all_collectors()
    wanted = set(services) if services is not None else set(collectors)
    units: list[tuple[Collector, str]] = []
    for name, item in collectors.items():
        if name not in wanted:
            continue
        if item.scope == "global":
            units.append((item, GLOBAL))
        else:
            units.extend((item, region) for region in regions)
    return units


def collect(
    session: AwsSession,
    services: Iterable[str] | None = None,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
) -> Snapshot:
    """Collect one account into a snapshot."""
    regions = session.enabled_regions()
    units = plan_units(session, regions, services)
    resources: list[Resource] = []
    gaps: list[CollectionGap] = []
    seen: set[str] = set()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="incloud") as pool:
        futures = {
            pool.submit(_run_unit, session, item, region, regions): f"{item.service}/{region}"
            for item, region in units
        }
        for done, future in enumerate(as_completed(futures), start=1):
            unit_resources, unit_gaps = future.result()
            for resource in unit_resources:
                # A resource seen from several regions (a trail homed outside the scan) once.
                if resource.arn not in seen:
                    seen.add(resource.arn)
                    resources.append(resource)
            gaps.extend(unit_gaps)
            if progress is not None:
                progress(futures[future], done, len(units))
    resources.sort(key=lambda r: (r.account_id, r.region, r.arn))
    gaps.sort(key=lambda g: (g.account_id, g.region, g.service, g.operation, g.resource_arn or ""))
    return Snapshot(
        incloud_version=__version__,
        collected_at=datetime.now(UTC),
        accounts=(
            Account(account_id=session.account_id, partition=session.partition, regions=regions),
        ),
        resources=tuple(resources),
        gaps=tuple(gaps),
        api_calls=session.counter.snapshot(),
    )


def _run_unit(
    session: AwsSession, item: Collector, region: str, regions: tuple[str, ...]
) -> tuple[list[Resource], list[CollectionGap]]:
    unit = Unit(session=session, region=region, service=item.service, scanned_regions=regions)
    found = list(item.collect(unit))
    return found, unit.gaps
