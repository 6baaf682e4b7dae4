"""CloudTrail trails with their status and event selectors (typed, in snake case, from the
``GetEventSelectors`` answer: CloudTrail API Reference, ``EventSelector``, ``DataResource``,
``AdvancedEventSelector``, ``AdvancedFieldSelector``).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from .base import Frozen, Resource


class DataResource(Frozen):
    """A basic selector's data resource: a resource type and the ARNs (or prefixes) logged."""

    type: str
    values: tuple[str, ...] = ()


class EventSelector(Frozen):
    """A basic event selector."""

    read_write_type: str = "All"
    include_management_events: bool = True
    data_resources: tuple[DataResource, ...] = ()
    exclude_management_event_sources: tuple[str, ...] = ()


FIELD_OPERATORS = (
    "equals",
    "starts_with",
    "ends_with",
    "not_equals",
    "not_starts_with",
    "not_ends_with",
)
"""The operators of an advanced field selector, as the API names them in snake case."""


class FieldSelector(Frozen):
    """One field of an advanced event selector; its operators are ANDed."""

    field: str
    equals: tuple[str, ...] = ()
    starts_with: tuple[str, ...] = ()
    ends_with: tuple[str, ...] = ()
    not_equals: tuple[str, ...] = ()
    not_starts_with: tuple[str, ...] = ()
    not_ends_with: tuple[str, ...] = ()
    unsupported: tuple[str, ...] = ()
    """Operators of the answer incloud does not know: a field using one is never taken to
    admit an event (it may narrow what is logged)."""

    def operators(self) -> frozenset[str]:
        """The operators this field uses (known ones by name, plus any unsupported)."""
        used = {name for name in FIELD_OPERATORS if getattr(self, name)}
        return frozenset(used | set(self.unsupported))


class AdvancedEventSelector(Frozen):
    """An advanced event selector: its field selectors are ANDed."""

    name: str | None = None
    field_selectors: tuple[FieldSelector, ...] = ()


class Trail(Resource):
    """A trail, collected in its home region. ``is_logging`` is None if the status was not read."""

    kind: Literal["cloudtrail.trail"] = "cloudtrail.trail"
    multi_region: bool = False
    organization_trail: bool = False
    is_logging: bool | None = None
    log_file_validation: bool = False
    kms_key_id: str | None = None
    s3_bucket: str | None = None
    cloudwatch_logs_log_group_arn: str | None = None
    cloudwatch_logs_delivered: datetime | None = None
    """``GetTrailStatus`` ``LatestCloudWatchLogsDeliveryTime``."""
    cloudwatch_logs_error: str | None = None
    """``GetTrailStatus`` ``LatestCloudWatchLogsDeliveryError`` (e.g. the role cannot write)."""
    include_global_events: bool = True
    event_selectors: tuple[EventSelector, ...] = ()
    advanced_event_selectors: tuple[AdvancedEventSelector, ...] = ()

    service: ClassVar[str] = "cloudtrail"
    listed_by: ClassVar[tuple[str, ...]] = ("cloudtrail:DescribeTrails",)

    @property
    def logs_management_writes(self) -> bool:
        """True when the selectors record management *write* events (a new trail's default).

        Advanced selectors: one selecting ``eventCategory = Management`` whose ``readOnly``
        field, if present, admits ``false``. Basic selectors: ``IncludeManagementEvents`` with
        ``ReadWriteType`` All or WriteOnly. No selectors at all is the default (all management
        events). CloudTrail User Guide, "Logging management events".
        """
        if self.advanced_event_selectors:
            return any(
                _advanced_selects_management_writes(s) for s in self.advanced_event_selectors
            )
        if not self.event_selectors:
            return True
        return any(
            sel.include_management_events and sel.read_write_type in ("All", "WriteOnly")
            for sel in self.event_selectors
        )

    @property
    def logs_all_management_events(self) -> bool:
        """True when the selectors record every management event, reads and writes (a new
        trail's default), as CIS AWS Foundations 3.1 and FSBP CloudTrail.1 ask: a trail of
        writes only misses read calls, such as the denied ``Describe*`` calls the CIS 4.1
        alarm counts.

        The selectors together must admit both ``readOnly`` values for management events:
        basic selectors with ``IncludeManagementEvents`` whose ``ReadWriteType`` values cover
        All (or ReadOnly and WriteOnly); advanced selectors on ``eventCategory = Management``
        whose ``readOnly`` fields (absent: both) cover ``true`` and ``false``. No selectors at
        all is the default: every management event (CloudTrail User Guide, "Logging
        management events").
        """
        if self.advanced_event_selectors:
            admitted: set[str] = set()
            for selector in self.advanced_event_selectors:
                admitted |= _advanced_management_read_only(selector)
            return {"true", "false"} <= admitted
        if not self.event_selectors:
            return True
        kinds = {
            sel.read_write_type for sel in self.event_selectors if sel.include_management_events
        }
        return "All" in kinds or {"ReadOnly", "WriteOnly"} <= kinds


def _advanced_management_read_only(selector: AdvancedEventSelector) -> set[str]:
    """The ``readOnly`` values of management events an advanced selector records."""
    fields = {f.field: f for f in selector.field_selectors}
    category = fields.get("eventCategory")
    if category is None or "Management" not in category.equals:
        return set()
    read_only = fields.get("readOnly")
    if read_only is None:
        return {"true", "false"}
    if read_only.equals:
        return {"true", "false"} & set(read_only.equals)
    return {"true", "false"} - set(read_only.not_equals)


def _advanced_selects_management_writes(selector: AdvancedEventSelector) -> bool:
    fields = {f.field: f for f in selector.field_selectors}
    category = fields.get("eventCategory")
    if category is None or "Management" not in category.equals:
        return False
    read_only = fields.get("readOnly")
    if read_only is None:
        return True
    if read_only.equals:
        return "false" in read_only.equals
    return "false" not in read_only.not_equals
