"""Amazon EC2 Auto Scaling: groups (what they launch from, where, behind which load balancers)
and launch configurations.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource
from .ec2 import MetadataOptions
from .secrets import SecretFinding


class AutoScalingGroup(Resource):
    """An Auto Scaling group launching from a launch template (``None`` for one launching from
    a launch configuration). ``launch_template_version`` is ``$Default``, ``$Latest`` or a
    number: with the first two, a new template version (made the default) is what the group's
    next instance runs.
    """

    kind: Literal["autoscaling.group"] = "autoscaling.group"
    launch_template_id: str | None = None
    launch_template_version: str | None = None
    launch_configuration_name: str | None = None
    """The launch configuration the group launches from (None when it uses a template)."""
    availability_zones: tuple[str, ...] = ()
    subnet_ids: tuple[str, ...] = ()
    """The subnets of ``VPCZoneIdentifier``."""
    health_check_types: tuple[str, ...] = ("EC2",)
    """``HealthCheckType`` split on commas: ``EC2`` always, plus ``ELB``, ``EBS`` or
    ``VPC_LATTICE`` when turned on."""
    load_balancer_names: tuple[str, ...] = ()
    """Classic Load Balancers the group registers its instances with."""
    target_group_arns: tuple[str, ...] = ()
    """ELBv2 target groups the group registers its instances with."""
    instance_types: tuple[str, ...] = ()
    """The instance types a mixed instances policy overrides the template's with (empty
    without such a policy: the group launches its template's or configuration's one type)."""
    attribute_based_types: bool = False
    """True when the mixed instances policy selects types by attributes
    (``InstanceRequirements``): every type that matches them, so more than one."""

    service: ClassVar[str] = "autoscaling"
    listed_by: ClassVar[tuple[str, ...]] = ("autoscaling:DescribeAutoScalingGroups",)

    def launch_template_arn(self) -> str | None:
        """The launch template's ARN when the group follows its ``$Default`` or ``$Latest``
        version (a pinned version number is not changed by a new version).
        """
        if self.launch_template_id is None or self.launch_template_version not in (
            None,
            "$Default",
            "$Latest",
        ):
            return None
        partition = self.arn.split(":")[1]
        where = f"{self.region}:{self.account_id}"
        return f"arn:{partition}:ec2:{where}:launch-template/{self.launch_template_id}"


class LaunchConfiguration(Resource):
    """An Auto Scaling launch configuration: the instance settings a group using it launches
    every instance with (AWS no longer adds instance types to them; launch templates replace
    them).
    """

    kind: Literal["autoscaling.launch-configuration"] = "autoscaling.launch-configuration"
    metadata: MetadataOptions | None = None
    """None when the configuration sets no metadata options (the AMI and account defaults
    apply, which allow IMDSv1 unless changed)."""
    associate_public_ip: bool | None = None
    """``AssociatePublicIpAddress``: None when not set (the subnet's setting decides)."""
    user_data_secrets: tuple[SecretFinding, ...] = ()
    """What looked like secrets in the user data (masked); the user data is not kept."""

    service: ClassVar[str] = "autoscaling"
    listed_by: ClassVar[tuple[str, ...]] = ("autoscaling:DescribeLaunchConfigurations",)
