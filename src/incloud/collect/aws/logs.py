"""CloudWatch Logs collector: log groups with their retention and metric filters.

Two bulk reads per region: ``DescribeLogGroups`` (``retentionInDays`` is absent when events
never expire) and ``DescribeMetricFilters`` without a log group name, which lists every
metric filter in the region with its ``logGroupName`` (CloudWatch Logs API Reference,
``DescribeLogGroups``, ``DescribeMetricFilters``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.logs import LogGroup, MetricFilter, MetricTransformation, log_group_arn
from ..registry import collector
from ..unit import Unit


@collector(
    service="logs",
    scope="regional",
    operations=("logs:DescribeLogGroups", "logs:DescribeMetricFilters"),
)
def collect_logs(unit: Unit) -> Iterator[Resource]:
    """Every log group in the region, each with its metric filters."""
    # logGroupName is optional in botocore's model but names the group and ties a filter to
    # it: AWS omits it only in a malformed answer, whose KeyError is a CollectorError gap.
    groups = unit.pages("describe_log_groups", "logGroups")
    filters: dict[str, list[MetricFilter]] = defaultdict(list)
    if groups:
        for raw in unit.pages("describe_metric_filters", "metricFilters"):
            filters[raw["logGroupName"]].append(_metric_filter(raw))
    for raw in groups:
        name = raw["logGroupName"]
        yield LogGroup(
            arn=_arn(unit, raw),
            name=name,
            account_id=unit.account_id,
            region=unit.region,
            retention_in_days=raw.get("retentionInDays"),
            kms_key_id=raw.get("kmsKeyId"),
            metric_filters=tuple(filters.get(name, ())),
        )


def _arn(unit: Unit, raw: dict[str, Any]) -> str:
    """``logGroupArn`` (no ``:*``) where the API gives it, else ``arn`` without ``:*``."""
    if raw.get("logGroupArn"):
        return str(raw["logGroupArn"])
    if raw.get("arn"):
        return log_group_arn(str(raw["arn"]))
    return unit.arn(f"log-group:{raw['logGroupName']}")


def _metric_filter(raw: dict[str, Any]) -> MetricFilter:
    return MetricFilter(
        name=raw.get("filterName", ""),
        pattern=raw.get("filterPattern", ""),
        transformations=tuple(
            MetricTransformation(
                metric_name=item["metricName"],
                metric_namespace=item["metricNamespace"],
                metric_value=item.get("metricValue", "1"),
            )
            for item in raw.get("metricTransformations", [])
        ),
    )
