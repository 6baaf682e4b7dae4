"""CloudWatch collector: metric alarms, with the metrics they watch and their actions.

One paginated ``DescribeAlarms`` per region with ``AlarmTypes=["MetricAlarm"]``; composite
alarms watch other alarms, not metrics, and are left out (CloudWatch API Reference,
``DescribeAlarms``, ``MetricAlarm``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.cloudwatch import MetricAlarm, MetricRef
from ..registry import collector
from ..unit import Unit


@collector(service="cloudwatch", scope="regional", operations=("cloudwatch:DescribeAlarms",))
def collect_cloudwatch(unit: Unit) -> Iterator[Resource]:
    """Every metric alarm in the region."""
    for raw in unit.pages("describe_alarms", "MetricAlarms", AlarmTypes=["MetricAlarm"]):
        # AlarmArn and AlarmName are optional in botocore's model but identify the alarm:
        # AWS omits them only in a malformed answer, whose KeyError is a CollectorError gap.
        yield MetricAlarm(
            arn=raw["AlarmArn"],
            name=raw["AlarmName"],
            account_id=unit.account_id,
            region=unit.region,
            metrics=_metrics(raw),
            actions_enabled=raw.get("ActionsEnabled", True),
            alarm_actions=tuple(raw.get("AlarmActions", [])),
        )


def _metrics(raw: dict[str, Any]) -> tuple[MetricRef, ...]:
    """The alarm's own metric, or each metric its metric math queries read."""
    if raw.get("MetricName") and raw.get("Namespace"):
        return (MetricRef(namespace=raw["Namespace"], name=raw["MetricName"]),)
    found = []
    for query in raw.get("Metrics", []):
        metric = query.get("MetricStat", {}).get("Metric", {})
        if metric.get("MetricName") and metric.get("Namespace"):
            found.append(MetricRef(namespace=metric["Namespace"], name=metric["MetricName"]))
    return tuple(found)
