"""CloudWatch metric alarms: the metrics they watch and whom they notify."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class MetricRef(Frozen):
    """A CloudWatch metric, by namespace and name (dimensions are not compared)."""

    namespace: str
    name: str


class MetricAlarm(Resource):
    """A metric alarm.

    ``metrics`` holds the alarm's metric (``Namespace``/``MetricName``) or, for an alarm on
    a metric math expression, every metric its queries read (``Metrics[].MetricStat``).
    ``alarm_actions`` are the ARNs notified on entering ALARM; they run only while
    ``actions_enabled`` (CloudWatch API Reference, ``MetricAlarm``).
    """

    kind: Literal["cloudwatch.alarm"] = "cloudwatch.alarm"
    metrics: tuple[MetricRef, ...] = ()
    actions_enabled: bool = True
    alarm_actions: tuple[str, ...] = ()

    service: ClassVar[str] = "cloudwatch"
    listed_by: ClassVar[tuple[str, ...]] = ("cloudwatch:DescribeAlarms",)
