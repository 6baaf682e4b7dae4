"""EC2's connectivity objects beside the VPC: endpoints, Site-to-Site VPN connections,
transit gateways and Client VPN endpoints (judged by ``checks/network/ec2_connectivity.py``).

Field names follow the EC2 API (``Describe*``) in snake case, as in :mod:`.ec2`.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class VpcEndpoint(Resource):
    """A VPC endpoint (``DescribeVpcEndpoints``): ``endpoint_type`` is ``Interface``,
    ``Gateway`` or ``GatewayLoadBalancer``; ``service_name`` the service it reaches
    (``com.amazonaws.us-east-1.ec2``).
    """

    kind: Literal["ec2.vpc-endpoint"] = "ec2.vpc-endpoint"
    endpoint_id: str
    vpc_id: str
    service_name: str
    endpoint_type: str = "Gateway"
    state: str = "available"

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeVpcEndpoints",)

    def in_use(self) -> bool:
        """Endpoints only accompany VPCs."""
        return False


class VpnTunnel(Frozen):
    """One tunnel of a Site-to-Site VPN connection (``VgwTelemetry``)."""

    outside_ip: str
    status: str
    """``UP`` or ``DOWN``."""


class VpnConnection(Resource):
    """A Site-to-Site VPN connection. ``tunnels`` is None when the answer reported no
    telemetry (AWS reports both tunnels of every available connection).
    """

    kind: Literal["ec2.vpn-connection"] = "ec2.vpn-connection"
    vpn_connection_id: str
    state: str = "available"
    tunnels: tuple[VpnTunnel, ...] | None = None

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeVpnConnections",)


class TransitGateway(Resource):
    """A transit gateway and whether it accepts shared attachments by itself
    (``Options.AutoAcceptSharedAttachments``).
    """

    kind: Literal["ec2.transit-gateway"] = "ec2.transit-gateway"
    transit_gateway_id: str
    state: str = "available"
    auto_accept_shared_attachments: bool

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeTransitGateways",)


class ClientVpnEndpoint(Resource):
    """A Client VPN endpoint and whether it logs client connections
    (``ConnectionLogOptions.Enabled``).
    """

    kind: Literal["ec2.client-vpn-endpoint"] = "ec2.client-vpn-endpoint"
    endpoint_id: str
    connection_logging: bool
    log_group: str | None = None

    service: ClassVar[str] = "ec2"
    listed_by: ClassVar[tuple[str, ...]] = ("ec2:DescribeClientVpnEndpoints",)
