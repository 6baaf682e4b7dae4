"""Lambda networking: functions attached to a VPC, over several Availability Zones."""

from __future__ import annotations

from ....snapshot.awslambda import LambdaFunction
from ....snapshot.ec2 import Subnet
from ...check import (
    Domain,
    Level,
    Outcome,
    Severity,
    check,
    failed,
    not_applicable,
    passed,
    unknown,
)
from ...context import Context
from ..factories import flag_check

function_in_vpc = flag_check(
    id="lambda.function-in-vpc",
    domain=Domain.NETWORK,
    severity=Severity.LOW,
    level=Level.STRICT,
    resource=LambdaFunction,
    is_ok=lambda function: function.vpc_id is not None,
    ok="attached to a VPC",
    bad="not attached to a VPC: its traffic leaves from Lambda's own network",
    doc="""Lambda functions are attached to a VPC.

    A function outside a VPC reaches the internet directly and the account's private
    resources only over public endpoints; attached to a VPC, its traffic passes the
    account's security groups, network ACLs, flow logs and egress controls (Security Hub
    Lambda.3). Opinionated: a function that calls only public AWS APIs gains little, and
    needs NAT or VPC endpoints once attached.

    Remediation: `aws lambda update-function-configuration --function-name NAME
    --vpc-config SubnetIds=SUBNET_A,SUBNET_B,SecurityGroupIds=SG` (the execution role needs
    `AWSLambdaVPCAccessExecutionRole`); Terraform `vpc_config { subnet_ids = [...]
    security_group_ids = [...] }` on `aws_lambda_function`.
    """,
)


@check(
    id="lambda.function-multi-az",
    domain=Domain.NETWORK,
    severity=Severity.MEDIUM,
    resource=LambdaFunction,
    requires=("ec2:DescribeSubnets",),
)
def function_multi_az(function: LambdaFunction, ctx: Context) -> Outcome:
    """VPC functions have subnets in {lambda_min_availability_zones} or more Availability Zones.

    Lambda runs a VPC function only in the Availability Zones of its subnets; with one zone,
    that zone's outage stops the function (Security Hub Lambda.5; Lambda Developer Guide,
    "Giving Lambda functions access to resources in an Amazon VPC"). The zones are those of
    the subnets EC2 describes; the minimum is the setting `lambda_min_availability_zones`.

    Remediation: `aws lambda update-function-configuration --function-name NAME
    --vpc-config SubnetIds=SUBNET_IN_AZ_A,SUBNET_IN_AZ_B,SecurityGroupIds=SG`; Terraform
    `vpc_config { subnet_ids = [...] }` with subnets in different zones.
    """
    if function.vpc_id is None:
        return not_applicable("not attached to a VPC")
    if not function.subnet_ids:
        return unknown("attached to a VPC, but no subnets were reported")
    zones_of = {
        s.subnet_id: s.availability_zone
        for s in ctx.resources(Subnet, account_id=function.account_id, region=function.region)
    }
    missing = [s for s in function.subnet_ids if not zones_of.get(s)]
    if missing:
        return unknown(f"the zone of subnet(s) {', '.join(missing)} is not in the snapshot")
    zones = sorted({zones_of[s] for s in function.subnet_ids})
    minimum = ctx.settings.lambda_min_availability_zones
    if len(zones) < minimum:
        return failed(
            f"subnets in {len(zones)} Availability Zone(s) ({', '.join(zones)}), "
            f"fewer than {minimum}",
            zones=zones,
            minimum=minimum,
        )
    return passed(f"subnets in {len(zones)} Availability Zones", zones=zones, minimum=minimum)
