"""VPCs, subnets, route tables and routes, network ACLs, internet and NAT gateways, Elastic
IPs and security groups, with what AWS creates beside a VPC (its default security group,
default network ACL and main route table) and the rules it adds by default.

Values the reachability engine reads that only deploy tells make the engine's reads
``unknown`` for the whole region (a gap on the operation), since any exposure may turn on
them.
"""

from __future__ import annotations

from typing import Any

from ...snapshot.ec2 import (
    ElasticIp,
    Gateway,
    IpPermission,
    NetworkAcl,
    NetworkAclEntry,
    RouteEntry,
    RouteTable,
    SecurityGroup,
    Subnet,
    Vpc,
)
from ..assembly import Assembly, Declared, Draft
from ..cfn.intrinsics import default_acl_id, default_group_id, main_table_id
from ..values import first_unknown
from .registry import builds, flag, listed

_ALL = {"protocol": "-1"}
_ROUTES = "ec2:DescribeRouteTables"
_ACLS = "ec2:DescribeNetworkAcls"
_GROUPS = "ec2:DescribeSecurityGroups"


@builds("AWS::EC2::VPC")
def vpc(asm: Assembly, declared: Declared) -> None:
    """A VPC, its default security group, default network ACL and main route table."""
    draft = asm.add(Vpc, declared, vpc_id=asm.identity(declared).ident)
    vpc_id = draft.fields["vpc_id"]
    draft.fields["cidr_block"] = asm.known(
        draft, declared.properties, "CidrBlock", "", everywhere=_ROUTES
    )
    base = {"account_id": asm.account_id, "region": asm.region}
    group = default_group_id(vpc_id)
    asm.drafts[_arn(asm, "security-group", group)] = Draft(
        SecurityGroup,
        {
            **base,
            "arn": _arn(asm, "security-group", group),
            "name": "default",
            "group_id": group,
            "vpc_id": vpc_id,
            "description": "default VPC security group",
            "ingress": [IpPermission(protocol="-1", group_id=group)],
            "egress": [IpPermission(protocol="-1", cidr_ipv4="0.0.0.0/0")],
        },
        declared.source,
    )
    acl = default_acl_id(vpc_id)
    asm.drafts[_arn(asm, "network-acl", acl)] = Draft(
        NetworkAcl,
        {
            **base,
            "arn": _arn(asm, "network-acl", acl),
            "name": acl,
            "acl_id": acl,
            "vpc_id": vpc_id,
            "is_default": True,
            "entries": [
                NetworkAclEntry(
                    rule_number=n, egress=e, action=a, protocol="-1", cidr_ipv4="0.0.0.0/0"
                )
                for e in (False, True)
                for n, a in ((100, "allow"), (32767, "deny"))
            ],
        },
        declared.source,
    )
    table = main_table_id(vpc_id)
    asm.drafts[_arn(asm, "route-table", table)] = Draft(
        RouteTable,
        {
            **base,
            "arn": _arn(asm, "route-table", table),
            "name": table,
            "route_table_id": table,
            "vpc_id": vpc_id,
            "is_main": True,
            "routes": [],
        },
        declared.source,
    )


def _arn(asm: Assembly, kind: str, ident: str) -> str:
    return f"arn:{asm.partition}:ec2:{asm.region}:{asm.account_id}:{kind}/{ident}"


@builds("AWS::EC2::Subnet")
def subnet(asm: Assembly, declared: Declared) -> None:
    """A subnet."""
    props = declared.properties
    draft = asm.add(Subnet, declared, subnet_id=asm.identity(declared).ident)
    draft.fields["vpc_id"] = str(asm.known(draft, props, "VpcId", "", everywhere=_ROUTES))
    draft.fields["cidr_block"] = asm.known(draft, props, "CidrBlock", "", everywhere=_ROUTES)
    zone = props.get("AvailabilityZone", "")
    draft.fields["availability_zone"] = zone if isinstance(zone, str) else ""
    draft.fields["map_public_ip_on_launch"] = flag(
        asm.known(draft, props, "MapPublicIpOnLaunch", False)
    )
    draft.fields["assign_ipv6_address_on_creation"] = flag(
        asm.known(draft, props, "AssignIpv6AddressOnCreation", False)
    )


@builds("AWS::EC2::InternetGateway")
def internet_gateway(asm: Assembly, declared: Declared) -> None:
    """An internet gateway (attached to its VPC by a VPCGatewayAttachment)."""
    ident = asm.identity(declared).ident
    asm.add(Gateway, declared, gateway_id=ident, gateway_type="internet")


@builds("AWS::EC2::EgressOnlyInternetGateway")
def egress_only_gateway(asm: Assembly, declared: Declared) -> None:
    """An egress-only internet gateway."""
    draft = asm.add(
        Gateway, declared, gateway_id=asm.identity(declared).ident, gateway_type="egress-only"
    )
    draft.fields["vpc_id"] = asm.known(
        draft, declared.properties, "VpcId", None, everywhere=_ROUTES
    )


@builds("AWS::EC2::VPCGatewayAttachment")
def gateway_attachment(asm: Assembly, declared: Declared) -> None:
    """Attach an internet gateway to a VPC."""
    props = declared.properties

    def attach(asm: Assembly) -> None:
        gateway = props.get("InternetGatewayId")
        target = asm.by_field(Gateway, "gateway_id", gateway)
        if target is None:
            return
        target.fields["vpc_id"] = asm.known(target, props, "VpcId", None, everywhere=_ROUTES)

    asm.deferred.append(attach)


@builds("AWS::EC2::NatGateway")
def nat_gateway(asm: Assembly, declared: Declared) -> None:
    """A NAT gateway in its subnet."""
    props = declared.properties
    draft = asm.add(Gateway, declared, gateway_id=asm.identity(declared).ident, gateway_type="nat")
    draft.fields["subnet_id"] = asm.known(draft, props, "SubnetId", None, everywhere=_ROUTES)

    allocation = props.get("AllocationId")

    def place(asm: Assembly) -> None:
        home = asm.by_field(Subnet, "subnet_id", draft.fields["subnet_id"])
        if home is not None:
            draft.fields["vpc_id"] = home.fields.get("vpc_id")
        eip = asm.by_field(ElasticIp, "allocation_id", allocation)
        if eip is not None:
            eip.fields["association_id"] = f"eipassoc-{eip.fields['allocation_id']}"
            draft.fields["public_ips"] = (eip.fields["public_ip"],)

    asm.deferred.append(place)


@builds("AWS::EC2::EIP")
def elastic_ip(asm: Assembly, declared: Declared) -> None:
    """An Elastic IP (its address a stand-in: AWS picks it at allocation)."""
    props = declared.properties
    draft = asm.add(
        ElasticIp,
        declared,
        allocation_id=asm.identity(declared).ident,
        public_ip=asm.public_address(),
    )
    instance = asm.known(draft, props, "InstanceId", None, everywhere="ec2:DescribeAddresses")
    if instance is not None:
        draft.fields["instance_id"] = instance
        draft.fields["association_id"] = f"eipassoc-{draft.fields['allocation_id']}"


@builds("AWS::EC2::EIPAssociation")
def eip_association(asm: Assembly, declared: Declared) -> None:
    """Associate an Elastic IP with an instance or an interface."""
    props = declared.properties

    def associate(asm: Assembly) -> None:
        eip = asm.by_field(ElasticIp, "allocation_id", props.get("AllocationId"))
        if eip is None:
            return
        eip.fields["instance_id"] = asm.known(
            eip, props, "InstanceId", None, everywhere="ec2:DescribeAddresses"
        )
        eip.fields["network_interface_id"] = asm.known(
            eip, props, "NetworkInterfaceId", None, everywhere="ec2:DescribeAddresses"
        )
        eip.fields["association_id"] = f"eipassoc-{eip.fields['allocation_id']}"

    asm.deferred.append(associate)


@builds("AWS::EC2::RouteTable")
def route_table(asm: Assembly, declared: Declared) -> None:
    """A route table (routes and associations come from their own resources)."""
    draft = asm.add(
        RouteTable, declared, route_table_id=asm.identity(declared).ident, routes=[], subnet_ids=[]
    )
    draft.fields["vpc_id"] = str(
        asm.known(draft, declared.properties, "VpcId", "", everywhere=_ROUTES)
    )


_TARGETS = (
    ("GatewayId", "gateway"),
    ("NatGatewayId", "nat-gateway"),
    ("EgressOnlyInternetGatewayId", "egress-only-internet-gateway"),
    ("TransitGatewayId", "transit-gateway"),
    ("VpcPeeringConnectionId", "vpc-peering-connection"),
    ("NetworkInterfaceId", "network-interface"),
    ("InstanceId", "instance"),
    ("LocalGatewayId", "local-gateway"),
    ("CarrierGatewayId", "carrier-gateway"),
    ("CoreNetworkArn", "core-network"),
    ("VpcEndpointId", "gateway"),
)


@builds("AWS::EC2::Route")
def route(asm: Assembly, declared: Declared) -> None:
    """A route, added to its table."""
    props = declared.properties

    def add(asm: Assembly) -> None:
        table = asm.by_field(RouteTable, "route_table_id", props.get("RouteTableId"))
        if table is None:
            return
        missing = first_unknown(props)
        if missing is not None:
            asm.unknown(table, None, f"route {declared.name}: {missing.reason}", everywhere=_ROUTES)
            return
        target = next(((kind, props[key]) for key, kind in _TARGETS if props.get(key)), None)
        table.fields["routes"].append(
            RouteEntry(
                cidr_ipv4=props.get("DestinationCidrBlock"),
                cidr_ipv6=props.get("DestinationIpv6CidrBlock"),
                prefix_list_id=props.get("DestinationPrefixListId"),
                target_kind=target[0] if target else None,
                target_id=str(target[1]) if target else None,
            )
        )

    asm.deferred.append(add)


@builds("AWS::EC2::SubnetRouteTableAssociation")
def route_association(asm: Assembly, declared: Declared) -> None:
    """Associate a subnet with a route table."""
    _associate(asm, declared, RouteTable, "route_table_id", "RouteTableId", _ROUTES)


@builds("AWS::EC2::NetworkAcl")
def network_acl(asm: Assembly, declared: Declared) -> None:
    """A network ACL: AWS gives a new one a deny-all rule each way."""
    draft = asm.add(
        NetworkAcl,
        declared,
        acl_id=asm.identity(declared).ident,
        subnet_ids=[],
        entries=[
            NetworkAclEntry(
                rule_number=32767, egress=e, action="deny", protocol="-1", cidr_ipv4="0.0.0.0/0"
            )
            for e in (False, True)
        ],
    )
    draft.fields["vpc_id"] = str(
        asm.known(draft, declared.properties, "VpcId", "", everywhere=_ACLS)
    )


@builds("AWS::EC2::NetworkAclEntry")
def network_acl_entry(asm: Assembly, declared: Declared) -> None:
    """A network ACL rule, added to its ACL."""
    props = declared.properties

    def add(asm: Assembly) -> None:
        acl = asm.by_field(NetworkAcl, "acl_id", props.get("NetworkAclId"))
        if acl is None:
            return
        missing = first_unknown(props)
        if missing is not None:
            asm.unknown(acl, None, f"entry {declared.name}: {missing.reason}", everywhere=_ACLS)
            return
        ports = props.get("PortRange") or {}
        icmp = props.get("Icmp") or {}
        acl.fields["entries"].append(
            NetworkAclEntry(
                rule_number=int(props.get("RuleNumber", 0)),
                egress=flag(props.get("Egress")),
                action=str(props.get("RuleAction", "")).lower(),
                protocol=str(props.get("Protocol", "")),
                from_port=_int(ports.get("From")),
                to_port=_int(ports.get("To")),
                icmp_type=_int(icmp.get("Type")),
                icmp_code=_int(icmp.get("Code")),
                cidr_ipv4=props.get("CidrBlock"),
                cidr_ipv6=props.get("Ipv6CidrBlock"),
            )
        )

    asm.deferred.append(add)


@builds("AWS::EC2::SubnetNetworkAclAssociation")
def acl_association(asm: Assembly, declared: Declared) -> None:
    """Associate a subnet with a network ACL."""
    _associate(asm, declared, NetworkAcl, "acl_id", "NetworkAclId", _ACLS)


def _associate(
    asm: Assembly, declared: Declared, model: Any, key: str, prop: str, operation: str
) -> None:
    props = declared.properties

    def add(asm: Assembly) -> None:
        owner = asm.by_field(model, key, props.get(prop))
        if owner is None:
            return
        subnet_id = asm.known(owner, props, "SubnetId", None, everywhere=operation)
        if subnet_id is not None:
            owner.fields["subnet_ids"].append(str(subnet_id))

    asm.deferred.append(add)


@builds("AWS::EC2::SecurityGroup")
def security_group(asm: Assembly, declared: Declared) -> None:
    """A security group; without egress rules AWS allows all outbound traffic."""
    props = declared.properties
    ident = asm.identity(declared)
    draft = asm.add(
        SecurityGroup,
        declared,
        group_id=ident.ident,
        name=props.get("GroupName") if isinstance(props.get("GroupName"), str) else ident.name,
    )
    draft.fields["vpc_id"] = asm.known(draft, props, "VpcId", None, everywhere=_GROUPS)
    description = props.get("GroupDescription", "")
    draft.fields["description"] = description if isinstance(description, str) else ""
    draft.fields["ingress"] = rules(asm, draft, props.get("SecurityGroupIngress"), "Cidr", False)
    if "SecurityGroupEgress" in props:
        draft.fields["egress"] = rules(asm, draft, props.get("SecurityGroupEgress"), "Cidr", True)
    else:
        draft.fields["egress"] = [IpPermission(protocol="-1", cidr_ipv4="0.0.0.0/0")]


@builds("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress")
def security_group_rule(asm: Assembly, declared: Declared) -> None:
    """One rule, added to its group."""
    props = declared.properties
    egress = declared.type.endswith("Egress")

    def add(asm: Assembly) -> None:
        group = asm.by_field(SecurityGroup, "group_id", props.get("GroupId"))
        if group is None:
            return
        key = "egress" if egress else "ingress"
        group.fields[key] = list(group.fields.get(key, [])) + rules(
            asm, group, [props], "Cidr", egress
        )

    asm.deferred.append(add)


def rules(asm: Assembly, draft: Draft, value: Any, _: str, egress: bool) -> list[IpPermission]:
    """CloudFormation's inline rules as the snapshot's (one source each)."""
    found: list[IpPermission] = []
    for rule in listed(value):
        if not isinstance(rule, dict):
            continue
        missing = first_unknown(rule)
        if missing is not None:
            asm.unknown(draft, None, f"a rule: {missing.reason}", everywhere=_GROUPS)
            continue
        protocol = str(rule.get("IpProtocol", "-1")).lower()
        ports: dict[str, Any] = {}
        if protocol not in ("-1", "all"):
            ports = {"from_port": _int(rule.get("FromPort")), "to_port": _int(rule.get("ToPort"))}
            if ports["from_port"] == -1 and protocol in ("tcp", "udp", "6", "17"):
                ports = {"from_port": 0, "to_port": 65535}
        base = {"protocol": "-1" if protocol == "all" else protocol, **ports}
        peer = "Destination" if egress else "Source"
        sources: list[dict[str, Any]] = []
        if rule.get("CidrIp"):
            sources.append({"cidr_ipv4": rule["CidrIp"]})
        if rule.get("CidrIpv6"):
            sources.append({"cidr_ipv6": rule["CidrIpv6"]})
        group = rule.get(f"{peer}SecurityGroupId") or rule.get("DestinationSecurityGroupId")
        if group:
            sources.append({"group_id": group})
        prefix = rule.get(f"{peer}PrefixListId") or rule.get("DestinationPrefixListId")
        if prefix:
            sources.append({"prefix_list_id": prefix})
        found.extend(IpPermission(**base, **source) for source in sources)
    return found


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(value)
