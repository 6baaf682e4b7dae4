"""AWS CodeDeploy: deployment groups of EC2/on-premises applications and the instances they
deploy to (by tag or Auto Scaling group), what escalation analysis needs to know whose
instance role a deployment's scripts run as.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class Ec2TagFilter(Frozen):
    """One EC2 tag filter of a deployment group: ``KEY_ONLY``, ``VALUE_ONLY`` or
    ``KEY_AND_VALUE``.
    """

    key: str | None = None
    value: str | None = None
    type: str = "KEY_AND_VALUE"

    def matches(self, tags: dict[str, str]) -> bool:
        """Whether an instance with ``tags`` matches the filter."""
        if self.type == "KEY_ONLY":
            return self.key in tags
        if self.type == "VALUE_ONLY":
            return self.value in tags.values()
        return self.key in tags and tags[self.key] == self.value


class CodeDeployDeploymentGroup(Resource):
    """A deployment group: a deployment of its application runs the revision's lifecycle
    scripts, as root, on each instance it targets, with that instance's profile role.
    """

    kind: Literal["codedeploy.deployment-group"] = "codedeploy.deployment-group"
    application_name: str
    compute_platform: str = "Server"
    """``Server`` (EC2/on-premises), ``Lambda`` or ``ECS``."""
    ec2_tag_filters: tuple[Ec2TagFilter, ...] = ()
    """Instances matching any of them are targets."""
    ec2_tag_set: tuple[tuple[Ec2TagFilter, ...], ...] = ()
    """Instances matching a filter of every group are targets (used instead of
    ``ec2_tag_filters``)."""
    auto_scaling_groups: tuple[str, ...] = ()
    """The names of the Auto Scaling groups whose instances are targets."""

    service: ClassVar[str] = "codedeploy"
    listed_by: ClassVar[tuple[str, ...]] = (
        "codedeploy:ListApplications",
        "codedeploy:ListDeploymentGroups",
    )

    def targets(self, tags: dict[str, str]) -> bool:
        """Whether an EC2 instance with ``tags`` is one of the group's targets."""
        if self.compute_platform != "Server":
            return False
        if tags.get("aws:autoscaling:groupName") in self.auto_scaling_groups:
            return True
        if any(f.matches(tags) for f in self.ec2_tag_filters):
            return True
        return bool(self.ec2_tag_set) and all(
            any(f.matches(tags) for f in group) for group in self.ec2_tag_set
        )
