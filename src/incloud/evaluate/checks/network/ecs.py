"""ECS services given public addresses."""

from __future__ import annotations

from ....snapshot.ecs import EcsService
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context


@check(
    id="ecs.service-no-public-ip",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=EcsService,
    requires=("ecs:DescribeServices",),
)
def service_no_public_ip(service: EcsService, ctx: Context) -> Outcome:
    """ECS services do not give their tasks public IP addresses.

    With `assignPublicIp` ENABLED, every task of an awsvpc service gets a public IPv4
    address on its network interface: reachable from the internet wherever its security
    groups allow, instead of only through a load balancer (Security Hub ECS.2). Tasks that
    need the internet reach it through a NAT gateway or VPC endpoints from private subnets.

    Remediation: `aws ecs update-service --cluster CLUSTER --service SERVICE
    --network-configuration "awsvpcConfiguration={subnets=[PRIVATE_SUBNETS],
    securityGroups=[SG],assignPublicIp=DISABLED}"`; Terraform `assign_public_ip = false` in
    `network_configuration` of `aws_ecs_service`.
    """
    if not service.described:
        return unknown("the service was not described")
    if service.assign_public_ip:
        return failed("assignPublicIp ENABLED: each task gets a public IPv4 address")
    return passed("tasks get no public IP address")
