"""Auto Scaling launch configurations: no public IPv4 addresses on what they launch."""

from __future__ import annotations

from ....snapshot.autoscaling import LaunchConfiguration
from ...check import Domain, Outcome, Severity, check, failed, passed
from ...context import Context


@check(
    id="autoscaling.launch-configuration-no-public-ip",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=LaunchConfiguration,
)
def launch_configuration_no_public_ip(configuration: LaunchConfiguration, ctx: Context) -> Outcome:
    """Launch configurations do not give their instances public IP addresses.

    ``AssociatePublicIpAddress`` true gives every instance the group launches a public IPv4
    address, whatever its subnet says: one security group rule away from the internet
    (Security Hub AutoScaling.5; EC2 Auto Scaling guide, "Change the default public IP
    address setting"). A configuration that does not set it leaves the choice to the subnet,
    which ec2.subnet-auto-assign-public-ip judges.

    Remediation: launch configurations cannot be changed: create one with
    `aws autoscaling create-launch-configuration ... --no-associate-public-ip-address` (or a
    launch template without `AssociatePublicIpAddress`), switch the group to it and put the
    instances behind a load balancer; Terraform `associate_public_ip_address = false` on
    `aws_launch_configuration`.
    """
    if configuration.associate_public_ip:
        return failed("AssociatePublicIpAddress is true: every instance gets a public address")
    if configuration.associate_public_ip is None:
        return passed("AssociatePublicIpAddress not set: the subnet's setting decides")
    return passed("AssociatePublicIpAddress is false")
