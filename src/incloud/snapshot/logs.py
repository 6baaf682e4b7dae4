"""CloudWatch Logs log groups, with their retention and metric filters."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class MetricTransformation(Frozen):
    """Where a metric filter publishes: one metric (name, namespace) and the value it adds."""

    metric_name: str
    metric_namespace: str
    metric_value: str = "1"


class MetricFilter(Frozen):
    """A metric filter on a log group: its pattern, kept verbatim, and its metric.

    CloudWatch Logs API Reference, ``MetricFilter``: ``filterPattern`` is the pattern's text,
    ``metricTransformations`` has exactly one item today (kept as a tuple, as the API does).
    """

    name: str
    pattern: str
    transformations: tuple[MetricTransformation, ...] = ()


class LogGroup(Resource):
    """A log group. ``retention_in_days`` is None when its events never expire.

    ``metric_filters`` is empty when the group has none; a gap on
    ``logs:DescribeMetricFilters`` says when they could not be read instead.
    """

    kind: Literal["logs.log-group"] = "logs.log-group"
    retention_in_days: int | None = None
    kms_key_id: str | None = None
    metric_filters: tuple[MetricFilter, ...] = ()

    service: ClassVar[str] = "logs"
    listed_by: ClassVar[tuple[str, ...]] = ("logs:DescribeLogGroups",)


def log_group_arn(arn: str) -> str:
    """``arn`` without the ``:*`` that some APIs append (``DescribeLogGroups``' ``arn``, a
    trail's ``CloudWatchLogsLogGroupArn``), so one log group has one ARN.
    """
    return arn.removesuffix(":*")
