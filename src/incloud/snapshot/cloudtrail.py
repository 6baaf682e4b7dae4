"""CloudTrail trails with their status and event selectors."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from .base import JsonDict, Resource


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
    event_selectors: tuple[JsonDict, ...] = ()
    advanced_event_selectors: tuple[JsonDict, ...] = ()

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
            sel.get("IncludeManagementEvents", True)
            and sel.get("ReadWriteType", "All") in ("All", "WriteOnly")
            for sel in self.event_selectors
        )


def _advanced_selects_management_writes(selector: JsonDict) -> bool:
    fields = {f.get("Field"): f for f in selector.get("FieldSelectors", [])}
    category = fields.get("eventCategory")
    if category is None or "Management" not in category.get("Equals", []):
        return False
    read_only = fields.get("readOnly")
    if read_only is None:
        return True
    if "Equals" in read_only:
        return "false" in read_only["Equals"]
    return "false" not in read_only.get("NotEquals", [])
