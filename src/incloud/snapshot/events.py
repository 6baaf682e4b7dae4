"""Amazon EventBridge: event buses and their resource-based policies."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import JsonDict, Resource

DEFAULT_BUS = "default"
PARTNER_PREFIX = "aws.partner/"
"""Partner event buses are named after the partner's event source."""


class EventBus(Resource):
    """An event bus: the account's ``default`` one, a partner's, or a custom one."""

    kind: Literal["events.event-bus"] = "events.event-bus"
    policy: JsonDict | None = None
    """The resource-based policy; None when there is none."""

    service: ClassVar[str] = "events"
    listed_by: ClassVar[tuple[str, ...]] = ("events:ListEventBuses",)

    @property
    def custom(self) -> bool:
        """A bus the customer created (neither the default bus nor a partner's)."""
        return self.name != DEFAULT_BUS and not self.name.startswith(PARTNER_PREFIX)

    def in_use(self) -> bool:
        """Every account has a ``default`` bus; another shows EventBridge in use."""
        return self.name != DEFAULT_BUS
