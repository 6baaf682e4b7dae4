"""CloudTrail collector: trails whose home region is this region, with status and selectors.

``DescribeTrails`` with ``includeShadowTrails=False`` returns each trail only in its home
region, so a multi-region trail is collected once.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.cloudtrail import Trail
from ..registry import collector
from ..unit import Unit


@collector(
    service="cloudtrail",
    scope="regional",
    operations=(
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrailStatus",
        "cloudtrail:GetEventSelectors",
    ),
)
def collect_cloudtrail(unit: Unit) -> Iterator[Resource]:
    """Trails homed in this region."""
    answer = unit.call("describe_trails", includeShadowTrails=False)
    for raw in (answer or {}).get("trailList", []):
        arn = raw["TrailARN"]
        status = unit.call("get_trail_status", resource_arn=arn, Name=arn)
        selectors = unit.call("get_event_selectors", resource_arn=arn, TrailName=arn) or {}
        yield Trail(
            arn=arn,
            name=raw["Name"],
            account_id=unit.account_id,
            region=raw.get("HomeRegion", unit.region),
            multi_region=raw.get("IsMultiRegionTrail", False),
            organization_trail=raw.get("IsOrganizationTrail", False),
            is_logging=bool(status["IsLogging"]) if status else None,
            log_file_validation=raw.get("LogFileValidationEnabled", False),
            kms_key_id=raw.get("KmsKeyId"),
            s3_bucket=raw.get("S3BucketName"),
            include_global_events=raw.get("IncludeGlobalServiceEvents", True),
            event_selectors=tuple(selectors.get("EventSelectors", [])),
            advanced_event_selectors=tuple(selectors.get("AdvancedEventSelectors", [])),
        )
