"""Amazon EC2 Auto Scaling collector: groups and the launch template version each follows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.autoscaling import AutoScalingGroup
from ..registry import collector
from ..unit import Unit


@collector(
    service="autoscaling", scope="regional", operations=("autoscaling:DescribeAutoScalingGroups",)
)
def collect_autoscaling(unit: Unit) -> Iterator[Resource]:
    """Every Auto Scaling group in the region (one bulk listing)."""
    for raw in unit.pages("describe_auto_scaling_groups", "AutoScalingGroups"):
        template = _template(raw)
        # The group's name and ARN identify it (the name is required in botocore's model).
        yield AutoScalingGroup(
            arn=raw["AutoScalingGroupARN"],
            name=raw["AutoScalingGroupName"],
            account_id=unit.account_id,
            region=unit.region,
            launch_template_id=template.get("LaunchTemplateId"),
            launch_template_version=template.get("Version"),
        )


def _template(raw: dict[str, Any]) -> dict[str, Any]:
    """The launch template the group names, directly or in its mixed instances policy."""
    direct: dict[str, Any] = raw.get("LaunchTemplate", {})
    if direct:
        return direct
    mixed = raw.get("MixedInstancesPolicy", {}).get("LaunchTemplate", {})
    specification: dict[str, Any] = mixed.get("LaunchTemplateSpecification", {})
    return specification
