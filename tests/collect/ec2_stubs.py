"""The EC2 collector's listings, to queue on a Stubber (``tests.collect.stubs.OperationStubber``:
the collector reads them at once, in no fixed order)."""

from __future__ import annotations

from botocore.stub import Stubber

EC2_LISTINGS = [
    ("describe_launch_templates", "LaunchTemplates"),
    ("describe_security_groups", "SecurityGroups"),
    ("describe_vpcs", "Vpcs"),
    ("describe_subnets", "Subnets"),
    ("describe_route_tables", "RouteTables"),
    ("describe_network_acls", "NetworkAcls"),
    ("describe_internet_gateways", "InternetGateways"),
    ("describe_egress_only_internet_gateways", "EgressOnlyInternetGateways"),
    ("describe_nat_gateways", "NatGateways"),
    ("describe_managed_prefix_lists", "PrefixLists"),
    ("describe_network_interfaces", "NetworkInterfaces"),
    ("describe_addresses", "Addresses"),
    ("describe_flow_logs", "FlowLogs"),
    ("describe_volumes", "Volumes"),
    ("describe_snapshots", "Snapshots"),
    ("describe_images", "Images"),
    ("describe_vpc_endpoints", "VpcEndpoints"),
    ("describe_vpn_connections", "VpnConnections"),
    ("describe_transit_gateways", "TransitGateways"),
    ("describe_client_vpn_endpoints", "ClientVpnEndpoints"),
]
"""The EC2 collector's listings besides the instances: (method, result key)."""


def stub_empty(stubber: Stubber, listings: list[tuple[str, str]]) -> None:
    """Answer each listing with an empty list."""
    for method, key in listings:
        stubber.add_response(method, {key: []})
