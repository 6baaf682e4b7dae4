"""CloudTrail collector: the trails that apply to the account, with status and selectors.

``DescribeTrails`` with shadow trails included lists, in every region, the multi-region and
organization trails that log it; only with them does a member account see the organization
trail that covers it (CloudTrail API Reference, ``DescribeTrails``, ``includeShadowTrails``).
A trail is kept in its home region, or, when that region is not scanned, in every scanned
region (the runner keeps one copy per ARN), so each trail is collected once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.cloudtrail import (
    AdvancedEventSelector,
    DataResource,
    EventSelector,
    FieldSelector,
    Trail,
)
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
    answer = unit.call("describe_trails", includeShadowTrails=True)
    for raw in (answer or {}).get("trailList", []):
        home = raw.get("HomeRegion", unit.region)
        if home != unit.region and home in unit.scanned_regions:
            continue  # collected in its home region
        # TrailARN and Name are optional in botocore's model but identify the trail: AWS
        # omits them only in a malformed answer, whose KeyError is a CollectorError gap.
        arn = raw["TrailARN"]
        status = unit.call("get_trail_status", resource_arn=arn, Name=arn)
        selectors = unit.call("get_event_selectors", resource_arn=arn, TrailName=arn) or {}
        # IsLogging is optional too, but it is what the status is read for: a status without
        # it is a gap on the trail (unknown), never "not logging" or "logging".
        logging = (status or {}).get("IsLogging")
        if status is not None and logging is None:
            unit.malformed("get_trail_status", "the status has no IsLogging", resource_arn=arn)
        yield Trail(
            arn=arn,
            name=raw["Name"],
            account_id=unit.account_id,
            region=home,
            multi_region=raw.get("IsMultiRegionTrail", False),
            organization_trail=raw.get("IsOrganizationTrail", False),
            is_logging=None if logging is None else bool(logging),
            log_file_validation=raw.get("LogFileValidationEnabled", False),
            kms_key_id=raw.get("KmsKeyId"),
            s3_bucket=raw.get("S3BucketName"),
            cloudwatch_logs_log_group_arn=raw.get("CloudWatchLogsLogGroupArn"),
            cloudwatch_logs_delivered=(status or {}).get("LatestCloudWatchLogsDeliveryTime"),
            cloudwatch_logs_error=(status or {}).get("LatestCloudWatchLogsDeliveryError") or None,
            include_global_events=raw.get("IncludeGlobalServiceEvents", True),
            event_selectors=tuple(map(_basic, selectors.get("EventSelectors", []))),
            advanced_event_selectors=tuple(
                map(_advanced, selectors.get("AdvancedEventSelectors", []))
            ),
        )


def _basic(raw: dict[str, Any]) -> EventSelector:
    """A basic event selector from the API's shape (its members are all optional)."""
    return EventSelector(
        read_write_type=raw.get("ReadWriteType", "All"),
        include_management_events=raw.get("IncludeManagementEvents", True),
        data_resources=tuple(
            DataResource(type=r.get("Type", ""), values=tuple(r.get("Values", [])))
            for r in raw.get("DataResources", [])
        ),
        exclude_management_event_sources=tuple(raw.get("ExcludeManagementEventSources", [])),
    )


_OPERATORS = {
    "Equals": "equals",
    "StartsWith": "starts_with",
    "EndsWith": "ends_with",
    "NotEquals": "not_equals",
    "NotStartsWith": "not_starts_with",
    "NotEndsWith": "not_ends_with",
}
"""``AdvancedFieldSelector`` operators and their snapshot names."""


def _advanced(raw: dict[str, Any]) -> AdvancedEventSelector:
    """An advanced event selector; an operator incloud does not know is kept by name."""
    fields = []
    for item in raw.get("FieldSelectors", []):
        known = {_OPERATORS[k]: tuple(v) for k, v in item.items() if k in _OPERATORS and v}
        unknown = tuple(
            sorted(k for k, v in item.items() if k != "Field" and k not in _OPERATORS and v)
        )
        # Field is required in the API: a selector without one cannot be read.
        fields.append(FieldSelector(field=item["Field"], unsupported=unknown, **known))
    return AdvancedEventSelector(name=raw.get("Name"), field_selectors=tuple(fields))
