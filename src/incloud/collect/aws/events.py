"""Amazon EventBridge collector: event buses with their resource-based policies (the listing
carries each bus's policy).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.events import EventBus
from ..registry import collector
from ..unit import Unit
from ._tokens import token_pages


@collector(service="events", scope="regional", operations=("events:ListEventBuses",))
def collect_events(unit: Unit) -> Iterator[Resource]:
    """Every event bus in the region."""
    for raw in token_pages(unit, "list_event_buses", "EventBuses"):
        name = raw["Name"]  # identifies the bus (optional in botocore's model)
        arn = raw.get("Arn") or unit.arn(f"event-bus/{name}")
        yield EventBus(
            arn=arn,
            name=name,
            account_id=unit.account_id,
            region=unit.region,
            policy=unit.document(raw.get("Policy"), "list_event_buses", resource_arn=arn),
        )
