"""Amazon EC2 Auto Scaling: groups and the launch template version they launch from."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class AutoScalingGroup(Resource):
    """An Auto Scaling group launching from a launch template (``None`` for one launching from
    a launch configuration). ``launch_template_version`` is ``$Default``, ``$Latest`` or a
    number: with the first two, a new template version (made the default) is what the group's
    next instance runs.
    """

    kind: Literal["autoscaling.group"] = "autoscaling.group"
    launch_template_id: str | None = None
    launch_template_version: str | None = None

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
