"""How VPCs connect beyond themselves: private endpoints for the EC2 API, Site-to-Site VPN
tunnels, transit gateway attachments and Client VPN connection logs.
"""

from __future__ import annotations

from ....snapshot.ec2 import Vpc
from ....snapshot.ec2_connectivity import (
    ClientVpnEndpoint,
    TransitGateway,
    VpcEndpoint,
    VpnConnection,
)
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from ..factories import flag_check


@check(
    id="ec2.vpc-endpoint-for-ec2",
    domain=Domain.NETWORK,
    severity=Severity.LOW,
    resource=Vpc,
    requires=("ec2:DescribeVpcEndpoints",),
)
def vpc_endpoint_for_ec2(vpc: Vpc, ctx: Context) -> Outcome:
    """Every VPC has an interface endpoint for the EC2 API.

    With an interface endpoint for ``com.amazonaws.REGION.ec2``, instances reach the EC2 API
    over AWS's network without an internet gateway or NAT, and endpoint policies can limit
    what is called through it (Security Hub EC2.10; AWS PrivateLink guide, "Access an AWS
    service using an interface VPC endpoint"). Endpoints being deleted or refused do not
    count.

    Remediation: `aws ec2 create-vpc-endpoint --vpc-id VPC_ID --vpc-endpoint-type Interface
    --service-name com.amazonaws.REGION.ec2 --subnet-ids SUBNETS --security-group-ids SG
    --private-dns-enabled`; Terraform `aws_vpc_endpoint` with `vpc_endpoint_type =
    "Interface"` and `service_name = "com.amazonaws.REGION.ec2"`.
    """
    wanted = f"com.amazonaws.{vpc.region}.ec2"
    found = [
        e.endpoint_id
        for e in ctx.resources(VpcEndpoint, vpc.account_id, vpc.region)
        if e.vpc_id == vpc.vpc_id
        and e.service_name == wanted
        and e.endpoint_type.lower() == "interface"
        and e.state in ("available", "pending", "pendingacceptance")
    ]
    if found:
        return passed(f"interface endpoint {found[0]} for {wanted}", endpoints=found)
    return failed(f"no interface endpoint for {wanted}")


@check(
    id="ec2.vpn-tunnels-up",
    domain=Domain.NETWORK,
    severity=Severity.MEDIUM,
    resource=VpnConnection,
)
def vpn_tunnels_up(connection: VpnConnection, ctx: Context) -> Outcome:
    """Both tunnels of every Site-to-Site VPN connection are up.

    Each connection has two tunnels to different AWS endpoints so that maintenance or a
    failure on one side does not cut the link; with one down, the connection has no
    redundancy left (Security Hub EC2.20; Site-to-Site VPN guide, "Tunnel options").

    Remediation: find why the tunnel is down (`aws ec2 describe-vpn-connections
    --vpn-connection-ids ID` shows each tunnel's `StatusMessage`), then configure the second
    tunnel on the customer gateway device from the downloaded configuration (`aws ec2
    get-vpn-connection-device-sample-configuration`); Terraform: both `tunnel1_*` and
    `tunnel2_*` settings on `aws_vpn_connection`, and the device configured for both.
    """
    if connection.state != "available":
        return not_applicable(f"connection is {connection.state}")
    if connection.tunnels is None:
        return unknown("the tunnels' status (VgwTelemetry) was not reported")
    down = [t.outside_ip for t in connection.tunnels if t.status.upper() != "UP"]
    if down or len(connection.tunnels) < 2:
        return failed(
            f"{len(connection.tunnels) - len(down)} of {len(connection.tunnels)} tunnel(s) up"
            + (f"; down: {', '.join(down)}" if down else ""),
            down=down,
        )
    return passed("both tunnels are up")


transit_gateway_auto_accept = flag_check(
    id="ec2.transit-gateway-auto-accept-disabled",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=TransitGateway,
    is_ok=lambda t: not t.auto_accept_shared_attachments,
    ok="shared attachment requests wait for acceptance",
    bad="accepts attachment requests from sharing accounts automatically",
    doc="""Transit gateways do not accept shared VPC attachments automatically.

    With ``AutoAcceptSharedAttachments`` on, any account the transit gateway is shared with
    (through AWS RAM) can attach a VPC and join the routing domain without review (Security
    Hub EC2.23; Transit Gateway guide, "Transit gateway options").

    Remediation: `aws ec2 modify-transit-gateway --transit-gateway-id TGW_ID --options
    AutoAcceptSharedAttachments=disable`; Terraform `auto_accept_shared_attachments =
    "disable"` on `aws_ec2_transit_gateway`.
    """,
)

client_vpn_connection_logging = flag_check(
    id="ec2.client-vpn-connection-logging",
    domain=Domain.NETWORK,
    severity=Severity.LOW,
    resource=ClientVpnEndpoint,
    is_ok=lambda e: e.connection_logging,
    ok="client connections are logged to CloudWatch Logs",
    bad="client connection logging is off",
    doc="""Client VPN endpoints log client connections.

    Connection logs record who connected, from where, when and for how long; without them
    a stolen VPN credential's sessions leave no trace (Security Hub EC2.51; Client VPN
    administrator guide, "Connection logging").

    Remediation: `aws ec2 modify-client-vpn-endpoint --client-vpn-endpoint-id ID
    --connection-log-options Enabled=true,CloudwatchLogGroup=GROUP`; Terraform
    `connection_log_options { enabled = true, cloudwatch_log_group = ... }` on
    `aws_ec2_client_vpn_endpoint`.
    """,
)
