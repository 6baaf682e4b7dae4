"""CloudTrail trails with their status and event selectors."""

from __future__ import annotations

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
    include_global_events: bool = True
    event_selectors: tuple[JsonDict, ...] = ()
    advanced_event_selectors: tuple[JsonDict, ...] = ()

    service: ClassVar[str] = "cloudtrail"
    listed_by: ClassVar[tuple[str, ...]] = ("cloudtrail:DescribeTrails",)

    @property
    def logs_management_writes(self) -> bool:
        """True when the selectors record management write events (the default)."""
        if self.advanced_event_selectors:
            return any(
                any(
                    f.get("Field") == "eventCategory" and "Management" in f.get("Equals", [])
                    for f in sel.get("FieldSelectors", [])
                )
                for sel in self.advanced_event_selectors
            )
        if not self.event_selectors:
            return True
        return any(
            sel.get("IncludeManagementEvents", True)
            and sel.get("ReadWriteType", "All") in ("All", "WriteOnly")
            for sel in self.event_selectors
        )
