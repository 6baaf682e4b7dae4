"""AWS Config collector: recorders, their status and delivery channels, per region.

Three region-wide reads (AWS Config API Reference, ``DescribeConfigurationRecorders``,
``DescribeConfigurationRecorderStatus``, ``DescribeDeliveryChannels``); a region without
recorders skips the status call.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.config import ConfigRecorder, ConfigRegion, DeliveryChannel
from ..registry import collector
from ..unit import Unit


@collector(
    service="config",
    scope="regional",
    operations=(
        "config:DescribeConfigurationRecorders",
        "config:DescribeConfigurationRecorderStatus",
        "config:DescribeDeliveryChannels",
    ),
)
def collect_config(unit: Unit) -> Iterator[Resource]:
    """One settings resource per region."""
    answer = unit.call("describe_configuration_recorders") or {}
    recorders = answer.get("ConfigurationRecorders", [])
    statuses: dict[str, dict[str, Any]] = {}
    if recorders:
        status = unit.call("describe_configuration_recorder_status") or {}
        # A status's name is optional in botocore's model but ties it to its recorder: AWS
        # omits it only in a malformed answer, whose KeyError is a CollectorError gap.
        statuses = {s["name"]: s for s in status.get("ConfigurationRecordersStatus", [])}
    channels = (unit.call("describe_delivery_channels") or {}).get("DeliveryChannels", [])
    yield ConfigRegion(
        arn=unit.arn(f"account/{unit.account_id}"),
        name=unit.region,
        account_id=unit.account_id,
        region=unit.region,
        recorders=tuple(_recorder(r, statuses.get(r.get("name", ""), {})) for r in recorders),
        delivery_channels=tuple(
            DeliveryChannel(
                name=c.get("name", ""),
                s3_bucket=c.get("s3BucketName"),
                sns_topic_arn=c.get("snsTopicARN"),
            )
            for c in channels
        ),
    )


def _recorder(raw: dict[str, Any], status: dict[str, Any]) -> ConfigRecorder:
    group = raw.get("recordingGroup", {})
    return ConfigRecorder(
        name=raw.get("name", ""),
        all_supported=bool(group.get("allSupported", False)),
        include_global_resource_types=bool(group.get("includeGlobalResourceTypes", False)),
        recording_strategy=group.get("recordingStrategy", {}).get("useOnly"),
        resource_types=tuple(group.get("resourceTypes", [])),
        excluded_resource_types=tuple(
            group.get("exclusionByResourceTypes", {}).get("resourceTypes", [])
        ),
        recording=bool(status.get("recording", False)),
        last_status=status.get("lastStatus"),
        last_error_code=status.get("lastErrorCode"),
        service_principal=raw.get("servicePrincipal"),
    )
