"""The VPC network half of the EC2 collector (:mod:`.ec2`): security groups, VPCs, subnets,
route tables, network ACLs, interfaces, Elastic IPs, flow logs, gateways, managed prefix
lists, VPC endpoints, Site-to-Site VPN connections, transit gateways and Client VPN
endpoints, one listing each, and the tag and placement helpers every EC2 reader shares.

Private (its name starts with ``_``): collector discovery skips it; :mod:`.ec2` declares the
operations and runs these readers. The reading rules are that module's: settings with
``.get`` and their documented defaults, what names or places an entry indexed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot.ec2 import (
    ElasticIp,
    FlowLog,
    Gateway,
    IpPermission,
    ManagedPrefixList,
    NetworkAcl,
    NetworkAclEntry,
    NetworkInterface,
    RouteEntry,
    RouteTable,
    RouteTargetKind,
    SecurityGroup,
    Subnet,
    Vpc,
)
from ...snapshot.ec2_connectivity import (
    ClientVpnEndpoint,
    TransitGateway,
    VpcEndpoint,
    VpnConnection,
    VpnTunnel,
)
from ...snapshot.secrets import SecretFinding
from ..secrets import scan_tags
from ..unit import Unit


def resource_tags(raw: dict[str, Any]) -> dict[str, str]:
    """A resource's tags (values that look like secrets masked: a ``Name`` too)."""
    return scanned_tags(raw)[0]


def scanned_tags(raw: dict[str, Any]) -> tuple[dict[str, str], tuple[SecretFinding, ...]]:
    """A resource's tags, masked, and the secrets found in them."""
    # A tag's value may be empty (EC2 API Reference, "Tag"); its key names it (indexed).
    return scan_tags({t["Key"]: t.get("Value", "") for t in raw.get("Tags", [])})


def _permissions(rules: list[dict[str, Any]]) -> tuple[IpPermission, ...]:
    """Flatten API ``IpPermissions`` so each rule has one source."""
    flat: list[IpPermission] = []
    # Each entry's source is indexed (see the module docstring): dropping an entry whose
    # source is missing could hide an open port.
    for rule in rules:
        base = {
            "protocol": str(rule.get("IpProtocol", "-1")),
            "from_port": rule.get("FromPort"),
            "to_port": rule.get("ToPort"),
        }
        flat.extend(IpPermission(**base, cidr_ipv4=r["CidrIp"]) for r in rule.get("IpRanges", []))
        flat.extend(
            IpPermission(**base, cidr_ipv6=r["CidrIpv6"]) for r in rule.get("Ipv6Ranges", [])
        )
        flat.extend(
            IpPermission(**base, prefix_list_id=r["PrefixListId"])
            for r in rule.get("PrefixListIds", [])
        )
        flat.extend(
            IpPermission(**base, group_id=r["GroupId"]) for r in rule.get("UserIdGroupPairs", [])
        )
    return tuple(flat)


def security_groups(unit: Unit) -> Iterator[SecurityGroup]:
    for raw in unit.pages("describe_security_groups", "SecurityGroups"):
        group_id = raw["GroupId"]
        yield SecurityGroup(
            arn=unit.arn(f"security-group/{group_id}"),
            name=raw.get("GroupName", group_id),
            account_id=unit.account_id,
            region=unit.region,
            group_id=group_id,
            vpc_id=raw.get("VpcId"),
            description=raw.get("Description", ""),
            ingress=_permissions(raw.get("IpPermissions", [])),
            egress=_permissions(raw.get("IpPermissionsEgress", [])),
        )


_ROUTE_TARGETS: tuple[tuple[str, RouteTargetKind], ...] = (
    ("GatewayId", "gateway"),
    ("EgressOnlyInternetGatewayId", "egress-only-internet-gateway"),
    ("NatGatewayId", "nat-gateway"),
    ("TransitGatewayId", "transit-gateway"),
    ("VpcPeeringConnectionId", "vpc-peering-connection"),
    ("NetworkInterfaceId", "network-interface"),
    ("InstanceId", "instance"),
    ("LocalGatewayId", "local-gateway"),
    ("CarrierGatewayId", "carrier-gateway"),
    ("CoreNetworkArn", "core-network"),
)
"""A route's next-hop fields, in the order read: a route to an instance names its interface
too (``NetworkInterfaceId``), which is taken first."""


def _route(raw: dict[str, Any]) -> RouteEntry:
    """One ``DescribeRouteTables`` route. The destination is required (the model refuses a
    route without one: a ``CollectorError`` gap, see the module docstring); a route whose
    ``State`` is absent is active, anything but ``active`` is a blackhole.
    """
    target = next(((kind, str(raw[key])) for key, kind in _ROUTE_TARGETS if raw.get(key)), None)
    return RouteEntry(
        cidr_ipv4=raw.get("DestinationCidrBlock"),
        cidr_ipv6=raw.get("DestinationIpv6CidrBlock"),
        prefix_list_id=raw.get("DestinationPrefixListId"),
        target_kind=target[0] if target else None,
        target_id=target[1] if target else None,
        state="active" if raw.get("State", "active") == "active" else "blackhole",
        propagated=raw.get("Origin") == "EnableVgwRoutePropagation",
    )


def _acl_entry(raw: dict[str, Any]) -> NetworkAclEntry:
    """One ``DescribeNetworkAcls`` entry. Its number, direction, action, protocol and range
    decide what it admits, so they are indexed (the range by the model: exactly one CIDR).
    """
    ports = raw.get("PortRange") or {}
    icmp = raw.get("IcmpTypeCode") or {}
    return NetworkAclEntry(
        rule_number=raw["RuleNumber"],
        egress=raw["Egress"],
        action=str(raw["RuleAction"]).lower(),
        protocol=str(raw["Protocol"]),
        from_port=ports.get("From"),
        to_port=ports.get("To"),
        icmp_type=icmp.get("Type"),
        icmp_code=icmp.get("Code"),
        cidr_ipv4=raw.get("CidrBlock"),
        cidr_ipv6=raw.get("Ipv6CidrBlock"),
    )


def place(unit: Unit) -> dict[str, Any]:
    """The account and region every resource of the unit carries."""
    return {"account_id": unit.account_id, "region": unit.region}


def vpcs(unit: Unit) -> Iterator[Vpc]:
    common = place(unit)
    for raw in unit.pages("describe_vpcs", "Vpcs"):
        yield Vpc(
            arn=unit.arn(f"vpc/{raw['VpcId']}"),
            name=resource_tags(raw).get("Name", raw["VpcId"]),
            vpc_id=raw["VpcId"],
            cidr_block=raw.get("CidrBlock", ""),
            is_default=raw.get("IsDefault", False),
            **common,
        )


def subnets(unit: Unit) -> Iterator[Subnet]:
    common = place(unit)
    for raw in unit.pages("describe_subnets", "Subnets"):
        yield Subnet(
            arn=raw.get("SubnetArn") or unit.arn(f"subnet/{raw['SubnetId']}"),
            name=resource_tags(raw).get("Name", raw["SubnetId"]),
            subnet_id=raw["SubnetId"],
            vpc_id=raw["VpcId"],
            cidr_block=raw.get("CidrBlock", ""),
            ipv6_cidr_blocks=tuple(
                a["Ipv6CidrBlock"] for a in raw.get("Ipv6CidrBlockAssociationSet", [])
            ),
            availability_zone=raw.get("AvailabilityZone", ""),
            map_public_ip_on_launch=raw.get("MapPublicIpOnLaunch", False),
            assign_ipv6_address_on_creation=raw.get("AssignIpv6AddressOnCreation", False),
            **common,
        )


def route_tables(unit: Unit) -> Iterator[RouteTable]:
    common = place(unit)
    for raw in unit.pages("describe_route_tables", "RouteTables"):
        associations = raw.get("Associations", [])
        yield RouteTable(
            arn=unit.arn(f"route-table/{raw['RouteTableId']}"),
            name=resource_tags(raw).get("Name", raw["RouteTableId"]),
            route_table_id=raw["RouteTableId"],
            vpc_id=raw["VpcId"],
            routes=tuple(map(_route, raw.get("Routes", []))),
            subnet_ids=tuple(a["SubnetId"] for a in associations if a.get("SubnetId")),
            is_main=any(a.get("Main") for a in associations),
            gateway_ids=tuple(a["GatewayId"] for a in associations if a.get("GatewayId")),
            **common,
        )


def network_acls(unit: Unit) -> Iterator[NetworkAcl]:
    common = place(unit)
    for raw in unit.pages("describe_network_acls", "NetworkAcls"):
        yield NetworkAcl(
            arn=unit.arn(f"network-acl/{raw['NetworkAclId']}"),
            name=resource_tags(raw).get("Name", raw["NetworkAclId"]),
            acl_id=raw["NetworkAclId"],
            vpc_id=raw["VpcId"],
            is_default=raw.get("IsDefault", False),
            entries=tuple(map(_acl_entry, raw.get("Entries", []))),
            subnet_ids=tuple(a["SubnetId"] for a in raw.get("Associations", [])),
            **common,
        )


def network_interfaces(unit: Unit) -> Iterator[NetworkInterface]:
    common = place(unit)
    for raw in unit.pages("describe_network_interfaces", "NetworkInterfaces"):
        private = raw.get("PrivateIpAddresses", [])
        yield NetworkInterface(
            arn=unit.arn(f"network-interface/{raw['NetworkInterfaceId']}"),
            name=raw["NetworkInterfaceId"],
            interface_id=raw["NetworkInterfaceId"],
            subnet_id=raw.get("SubnetId"),
            vpc_id=raw.get("VpcId"),
            interface_type=raw.get("InterfaceType", "interface"),
            private_ips=tuple(p["PrivateIpAddress"] for p in private),
            public_ips=_public_ips(raw),
            ipv6_addresses=tuple(a["Ipv6Address"] for a in raw.get("Ipv6Addresses", [])),
            security_group_ids=tuple(g["GroupId"] for g in raw.get("Groups", [])),
            attached_instance_id=raw.get("Attachment", {}).get("InstanceId"),
            status=raw.get("Status", "in-use"),
            description=raw.get("Description", ""),
            requester_id=raw.get("RequesterId"),
            **common,
        )


def addresses(unit: Unit) -> Iterator[ElasticIp]:
    common = place(unit)
    for raw in unit.pages("describe_addresses", "Addresses"):
        allocation = raw.get("AllocationId", raw["PublicIp"])
        yield ElasticIp(
            arn=unit.arn(f"elastic-ip/{allocation}"),
            name=raw["PublicIp"],
            allocation_id=allocation,
            public_ip=raw["PublicIp"],
            # moto answers "" for the ids of an unassociated address; AWS omits them.
            association_id=raw.get("AssociationId") or None,
            instance_id=raw.get("InstanceId") or None,
            network_interface_id=raw.get("NetworkInterfaceId") or None,
            private_ip=raw.get("PrivateIpAddress") or None,
            **common,
        )


def flow_logs(unit: Unit) -> Iterator[FlowLog]:
    common = place(unit)
    for raw in unit.pages("describe_flow_logs", "FlowLogs"):
        yield FlowLog(
            arn=unit.arn(f"vpc-flow-log/{raw['FlowLogId']}"),
            name=raw["FlowLogId"],
            flow_log_id=raw["FlowLogId"],
            resource_id=raw.get("ResourceId", ""),
            traffic_type=raw.get("TrafficType", "ALL"),
            status=raw.get("FlowLogStatus", "ACTIVE"),
            destination_type=raw.get("LogDestinationType", "cloud-watch-logs"),
            **common,
        )


def internet_gateways(unit: Unit) -> Iterator[Gateway]:
    """Internet gateways, each with the VPC it is attached to."""
    return _attached_gateways(
        unit, "describe_internet_gateways", "InternetGateway", "internet-gateway", "internet"
    )


def egress_only_gateways(unit: Unit) -> Iterator[Gateway]:
    """Egress-only internet gateways (IPv6), each with the VPC it is attached to."""
    return _attached_gateways(
        unit,
        "describe_egress_only_internet_gateways",
        "EgressOnlyInternetGateway",
        "egress-only-internet-gateway",
        "egress-only",
    )


def _attached_gateways(
    unit: Unit, method: str, member: str, arn_kind: str, gateway_type: str
) -> Iterator[Gateway]:
    """Gateways listed as ``<member>s`` with ``<member>Id`` and ``Attachments`` (internet and
    egress-only gateways share the shape).
    """
    common = place(unit)
    for raw in unit.pages(method, f"{member}s"):
        gid = raw[f"{member}Id"]
        attachments = raw.get("Attachments", [])
        yield Gateway(
            arn=unit.arn(f"{arn_kind}/{gid}"),
            name=resource_tags(raw).get("Name", gid),
            gateway_id=gid,
            gateway_type=gateway_type,
            vpc_id=attachments[0]["VpcId"] if attachments else None,
            **common,
        )


def nat_gateways(unit: Unit) -> Iterator[Gateway]:
    common = place(unit)
    for raw in unit.pages("describe_nat_gateways", "NatGateways"):
        gid = raw["NatGatewayId"]
        yield Gateway(
            arn=unit.arn(f"natgateway/{gid}"),
            name=resource_tags(raw).get("Name", gid),
            gateway_id=gid,
            gateway_type="nat",
            vpc_id=raw.get("VpcId"),
            subnet_id=raw.get("SubnetId"),
            public_ips=tuple(
                a["PublicIp"] for a in raw.get("NatGatewayAddresses", []) if a.get("PublicIp")
            ),
            **common,
        )


def prefix_lists(unit: Unit) -> list[ManagedPrefixList]:
    """Managed prefix lists (customer- and AWS-managed) with their entries, which security
    groups and routes reference by id (VPC User Guide, "Managed prefix lists").
    """
    raws = unit.pages("describe_managed_prefix_lists", "PrefixLists")
    return unit.fan_out(lambda raw: _prefix_list(unit, raw), raws)


def _prefix_list(unit: Unit, raw: dict[str, Any]) -> ManagedPrefixList:
    list_id = raw["PrefixListId"]
    arn = raw.get("PrefixListArn") or unit.arn(f"prefix-list/{list_id}")
    entries: list[str] | None = []
    token: dict[str, str] = {}
    while entries is not None:
        page = unit.call(
            "get_managed_prefix_list_entries",
            resource_arn=arn,
            PrefixListId=list_id,
            MaxResults=100,
            **token,
        )
        if page is None:
            entries = None  # the gap names this list: its entries are unknown
            break
        entries.extend(e["Cidr"] for e in page.get("Entries", []))
        if not page.get("NextToken"):
            break
        token = {"NextToken": page["NextToken"]}
    return ManagedPrefixList(
        arn=arn,
        name=raw.get("PrefixListName", list_id),
        account_id=unit.account_id,
        region=unit.region,
        prefix_list_id=list_id,
        owner_id=raw.get("OwnerId", ""),
        address_family=raw.get("AddressFamily", "IPv4"),
        entries=None if entries is None else tuple(entries),
    )


def _public_ips(raw: dict[str, Any]) -> tuple[str, ...]:
    """Public addresses of an interface: per private address (secondary ones included) and
    the interface-level association (the only one some emulators report).
    """
    found = [
        p["Association"]["PublicIp"]
        for p in raw.get("PrivateIpAddresses", [])
        if p.get("Association", {}).get("PublicIp")
    ]
    top = raw.get("Association", {}).get("PublicIp")
    if top:
        found.append(top)
    return tuple(dict.fromkeys(found))


def vpc_endpoints(unit: Unit) -> Iterator[VpcEndpoint]:
    """VPC endpoints: the VPC and the service each reaches (both indexed: they place it)."""
    common = place(unit)
    for raw in unit.pages("describe_vpc_endpoints", "VpcEndpoints"):
        endpoint_id = raw["VpcEndpointId"]
        yield VpcEndpoint(
            arn=unit.arn(f"vpc-endpoint/{endpoint_id}"),
            name=resource_tags(raw).get("Name", endpoint_id),
            endpoint_id=endpoint_id,
            vpc_id=raw["VpcId"],
            service_name=raw["ServiceName"],
            endpoint_type=raw.get("VpcEndpointType", "Gateway"),
            state=str(raw.get("State", "available")).lower(),
            **common,
        )


def vpn_connections(unit: Unit) -> Iterator[VpnConnection]:
    """Site-to-Site VPN connections with their tunnels' status (``VgwTelemetry``; a tunnel's
    address and status are indexed: they are what the entry reports).
    """
    common = place(unit)
    for raw in unit.pages("describe_vpn_connections", "VpnConnections"):
        vpn_id = raw["VpnConnectionId"]
        telemetry = raw.get("VgwTelemetry")
        yield VpnConnection(
            arn=unit.arn(f"vpn-connection/{vpn_id}"),
            name=resource_tags(raw).get("Name", vpn_id),
            vpn_connection_id=vpn_id,
            state=raw.get("State", "available"),
            tunnels=None
            if telemetry is None
            else tuple(
                VpnTunnel(outside_ip=t["OutsideIpAddress"], status=t["Status"]) for t in telemetry
            ),
            **common,
        )


def transit_gateways(unit: Unit) -> Iterator[TransitGateway]:
    """Transit gateways; ``Options.AutoAcceptSharedAttachments`` decides the check, so an
    answer without it is malformed (indexed).
    """
    common = place(unit)
    for raw in unit.pages("describe_transit_gateways", "TransitGateways"):
        tgw_id = raw["TransitGatewayId"]
        yield TransitGateway(
            arn=raw.get("TransitGatewayArn") or unit.arn(f"transit-gateway/{tgw_id}"),
            name=resource_tags(raw).get("Name", tgw_id),
            transit_gateway_id=tgw_id,
            state=raw.get("State", "available"),
            auto_accept_shared_attachments=raw["Options"]["AutoAcceptSharedAttachments"]
            == "enable",
            **common,
        )


def client_vpn_endpoints(unit: Unit) -> Iterator[ClientVpnEndpoint]:
    """Client VPN endpoints; ``ConnectionLogOptions.Enabled`` decides the check (indexed)."""
    common = place(unit)
    for raw in unit.pages("describe_client_vpn_endpoints", "ClientVpnEndpoints"):
        endpoint_id = raw["ClientVpnEndpointId"]
        logging = raw["ConnectionLogOptions"]
        yield ClientVpnEndpoint(
            arn=unit.arn(f"client-vpn-endpoint/{endpoint_id}"),
            name=resource_tags(raw).get("Name", endpoint_id),
            endpoint_id=endpoint_id,
            connection_logging=bool(logging["Enabled"]),
            log_group=logging.get("CloudwatchLogGroup") or None,
            **common,
        )
