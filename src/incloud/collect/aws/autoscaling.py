"""Amazon EC2 Auto Scaling collector: groups (what they launch from, their zones, load
balancers and instance types) and launch configurations, each in one bulk listing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.autoscaling import AutoScalingGroup, LaunchConfiguration
from ..registry import collector
from ..secrets import decode_user_data, scan_text
from ..unit import Unit
from .ec2 import _metadata


@collector(
    service="autoscaling",
    scope="regional",
    operations=(
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeLaunchConfigurations",
    ),
)
def collect_autoscaling(unit: Unit) -> Iterator[Resource]:
    """Every Auto Scaling group and launch configuration in the region."""
    groups, configurations = unit.both(
        lambda: unit.pages("describe_auto_scaling_groups", "AutoScalingGroups"),
        lambda: unit.pages("describe_launch_configurations", "LaunchConfigurations"),
    )
    for raw in groups:
        yield _group(unit, raw)
    for raw in configurations:
        yield _launch_configuration(unit, raw)


def _group(unit: Unit, raw: dict[str, Any]) -> AutoScalingGroup:
    template = _template(raw)
    overrides = raw.get("MixedInstancesPolicy", {}).get("LaunchTemplate", {}).get("Overrides", [])
    # The group's name (required in botocore's model) and ARN (always sent) identify it.
    return AutoScalingGroup(
        arn=raw["AutoScalingGroupARN"],
        name=raw["AutoScalingGroupName"],
        account_id=unit.account_id,
        region=unit.region,
        launch_template_id=template.get("LaunchTemplateId"),
        launch_template_version=template.get("Version"),
        launch_configuration_name=raw.get("LaunchConfigurationName"),
        availability_zones=tuple(raw.get("AvailabilityZones", ())),
        subnet_ids=tuple(s for s in raw.get("VPCZoneIdentifier", "").split(",") if s),
        # HealthCheckType is required in botocore's model; EC2 is always on.
        health_check_types=tuple(t.strip() for t in raw["HealthCheckType"].split(",")),
        load_balancer_names=tuple(raw.get("LoadBalancerNames", ())),
        target_group_arns=tuple(raw.get("TargetGroupARNs", ())),
        instance_types=tuple(
            dict.fromkeys(o["InstanceType"] for o in overrides if o.get("InstanceType"))
        ),
        attribute_based_types=any(o.get("InstanceRequirements") for o in overrides),
    )


def _template(raw: dict[str, Any]) -> dict[str, Any]:
    """The launch template the group names, directly or in its mixed instances policy."""
    direct: dict[str, Any] = raw.get("LaunchTemplate", {})
    if direct:
        return direct
    mixed = raw.get("MixedInstancesPolicy", {}).get("LaunchTemplate", {})
    specification: dict[str, Any] = mixed.get("LaunchTemplateSpecification", {})
    return specification


def _launch_configuration(unit: Unit, raw: dict[str, Any]) -> LaunchConfiguration:
    options = raw.get("MetadataOptions")
    user_data = raw.get("UserData")
    # Its name (required in botocore's model) and ARN (optional there, always sent) identify it.
    return LaunchConfiguration(
        arn=raw["LaunchConfigurationARN"],
        name=raw["LaunchConfigurationName"],
        account_id=unit.account_id,
        region=unit.region,
        metadata=_metadata(options) if options is not None else None,
        associate_public_ip=raw.get("AssociatePublicIpAddress"),
        user_data_secrets=scan_text(decode_user_data(user_data)) if user_data else (),
    )
