"""Auto Scaling groups' resilience: load balancer health checks, zones and instance types."""

from __future__ import annotations

from ....snapshot.autoscaling import AutoScalingGroup
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed
from ...context import Context
from ..factories import zones_check


@check(
    id="autoscaling.group-elb-health-checks",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=AutoScalingGroup,
)
def group_elb_health_checks(group: AutoScalingGroup, ctx: Context) -> Outcome:
    """Auto Scaling groups behind a load balancer replace instances it finds unhealthy.

    With only EC2 status checks a group keeps an instance whose application has stopped
    answering: the load balancer stops sending it traffic, capacity shrinks, and nothing
    replaces it (Security Hub AutoScaling.1; EC2 Auto Scaling guide, "Add Elastic Load
    Balancing health checks to an Auto Scaling group"). Groups attached to no Classic Load
    Balancer or target group are not applicable.

    Remediation: `aws autoscaling update-auto-scaling-group --auto-scaling-group-name NAME
    --health-check-type ELB --health-check-grace-period 300`; Terraform
    `health_check_type = "ELB"` on `aws_autoscaling_group`.
    """
    balancers = [*group.load_balancer_names, *group.target_group_arns]
    if not balancers:
        return not_applicable("attached to no load balancer or target group")
    if "ELB" in group.health_check_types:
        return passed("load balancer health checks are on", balancers=balancers)
    return failed(
        f"attached to {len(balancers)} load balancer(s) or target group(s) but health checks "
        f"are {', '.join(group.health_check_types)} only",
        balancers=balancers,
    )


group_multi_az = zones_check(
    id="autoscaling.group-multi-az",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=AutoScalingGroup,
    zones=lambda g: g.availability_zones,
    subnets=lambda g: g.subnet_ids,
    minimum="autoscaling_min_availability_zones",
    doc="""Auto Scaling groups launch into {autoscaling_min_availability_zones} or more zones.

    A group in one Availability Zone loses every instance when that zone fails and cannot
    launch replacements anywhere else (Security Hub AutoScaling.2; EC2 Auto Scaling guide,
    "Auto Scaling groups with multiple Availability Zones"). The zones are the group's
    ``AvailabilityZones``, else those of its subnets.

    Remediation: `aws autoscaling update-auto-scaling-group --auto-scaling-group-name NAME
    --vpc-zone-identifier SUBNET_A,SUBNET_B` (subnets in different zones); Terraform
    `vpc_zone_identifier` (or `availability_zones`) on `aws_autoscaling_group` naming two zones
    or more.
    """,
)


@check(
    id="autoscaling.group-multiple-instance-types",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=AutoScalingGroup,
)
def group_multiple_instance_types(group: AutoScalingGroup, ctx: Context) -> Outcome:
    """Auto Scaling groups can launch more than one instance type.

    A group tied to one instance type cannot launch when that type runs short in a zone (an
    insufficient capacity error), and Spot capacity is far likelier to be found across
    several types (Security Hub AutoScaling.6; EC2 Auto Scaling guide, "Auto Scaling groups
    with multiple instance types and purchase options"). A mixed instances policy that lists
    two or more types, or selects them by attributes, passes.

    Remediation: give the group a mixed instances policy: `aws autoscaling
    update-auto-scaling-group --auto-scaling-group-name NAME --mixed-instances-policy
    'LaunchTemplate={LaunchTemplateSpecification={LaunchTemplateId=LT_ID},Overrides=[{InstanceType=m5.large},{InstanceType=m6i.large}]}'`;
    Terraform `mixed_instances_policy { launch_template { override { instance_type = ... } } }`
    with two `override` blocks (or `instance_requirements`) on `aws_autoscaling_group`.
    """
    if group.attribute_based_types:
        return passed("instance types selected by attributes")
    types = list(group.instance_types)
    if len(types) >= 2:
        return passed(f"{len(types)} instance types: {', '.join(types)}", instance_types=types)
    if types:
        return failed(f"the mixed instances policy lists one type: {types[0]}")
    return failed("one instance type: the launch template's or configuration's")
