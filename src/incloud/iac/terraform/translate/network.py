"""Terraform translators: VPCs, subnets, gateways, route tables, network ACLs and security
groups.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...assembly import Declared
from ...values import Unknown
from ._registry import Translator, each, tags, translates


@translates("aws_vpc")
def _vpc(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make("AWS::EC2::VPC", {"CidrBlock": v.get("cidr_block"), "Tags": tags(v.get("tags"))})


@translates("aws_subnet")
def _subnet(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::Subnet",
        {
            "VpcId": v.get("vpc_id"),
            "CidrBlock": v.get("cidr_block"),
            "AvailabilityZone": v.get("availability_zone"),
            "MapPublicIpOnLaunch": v.get("map_public_ip_on_launch"),
            "Tags": tags(v.get("tags")),
        },
    )


@translates("aws_internet_gateway")
def _igw(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    gateway = make("AWS::EC2::InternetGateway", {"Tags": tags(v.get("tags"))})
    yield gateway
    if v.get("vpc_id") is not None:
        yield make(
            "AWS::EC2::VPCGatewayAttachment",
            {"VpcId": v.get("vpc_id"), "InternetGatewayId": _self_id(gateway)},
        )


def _self_id(declared: Declared) -> str:
    """The id the resource at ``declared``'s address gets (the builders name it the same)."""
    from ...assembly import identity_of

    return identity_of(declared.type, declared.name, declared.stack, None, "0", "x", "aws").ident


@translates("aws_internet_gateway_attachment")
def _igw_attachment(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::VPCGatewayAttachment",
        {"VpcId": v.get("vpc_id"), "InternetGatewayId": v.get("internet_gateway_id")},
    )


@translates("aws_nat_gateway")
def _nat(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::NatGateway",
        {"SubnetId": v.get("subnet_id"), "AllocationId": v.get("allocation_id")},
    )


@translates("aws_eip")
def _eip(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make("AWS::EC2::EIP", {"InstanceId": v.get("instance")})


@translates("aws_eip_association")
def _eip_association(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::EIPAssociation",
        {
            "AllocationId": v.get("allocation_id"),
            "InstanceId": v.get("instance_id"),
            "NetworkInterfaceId": v.get("network_interface_id"),
        },
    )


_ROUTE_TARGETS = {
    "gateway_id": "GatewayId",
    "nat_gateway_id": "NatGatewayId",
    "egress_only_gateway_id": "EgressOnlyInternetGatewayId",
    "transit_gateway_id": "TransitGatewayId",
    "vpc_peering_connection_id": "VpcPeeringConnectionId",
    "network_interface_id": "NetworkInterfaceId",
    "vpc_endpoint_id": "VpcEndpointId",
    "local_gateway_id": "LocalGatewayId",
    "carrier_gateway_id": "CarrierGatewayId",
    "core_network_arn": "CoreNetworkArn",
}


def _route(v: dict[str, Any], table: Any, cidr: str, cidr6: str, prefix: str) -> dict[str, Any]:
    props = {
        "RouteTableId": table,
        "DestinationCidrBlock": v.get(cidr) or None,
        "DestinationIpv6CidrBlock": v.get(cidr6) or None,
        "DestinationPrefixListId": v.get(prefix) or None,
    }
    for key, name in _ROUTE_TARGETS.items():
        if v.get(key):
            props[name] = v[key]
    return props


@translates("aws_route_table")
def _route_table(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    table = make("AWS::EC2::RouteTable", {"VpcId": v.get("vpc_id"), "Tags": tags(v.get("tags"))})
    yield table
    routes = v.get("route")
    if isinstance(routes, Unknown):
        yield make(
            "AWS::EC2::Route", {"RouteTableId": _self_id(table), "DestinationCidrBlock": routes}
        )
        return
    for route in routes or []:
        if isinstance(route, dict):
            yield make(
                "AWS::EC2::Route",
                _route(
                    route,
                    _self_id(table),
                    "cidr_block",
                    "ipv6_cidr_block",
                    "destination_prefix_list_id",
                ),
            )


@translates("aws_route")
def _route_resource(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::Route",
        _route(
            v,
            v.get("route_table_id"),
            "destination_cidr_block",
            "destination_ipv6_cidr_block",
            "destination_prefix_list_id",
        ),
    )


@translates("aws_route_table_association")
def _route_association(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::SubnetRouteTableAssociation",
        {"SubnetId": v.get("subnet_id"), "RouteTableId": v.get("route_table_id")},
    )


def _acl_entry(rule: dict[str, Any], acl: Any, egress: bool) -> dict[str, Any]:
    protocol = str(rule.get("protocol", "-1"))
    return {
        "NetworkAclId": acl,
        "RuleNumber": rule.get("rule_no", rule.get("rule_number")),
        "Egress": egress,
        "Protocol": {"tcp": "6", "udp": "17", "icmp": "1", "all": "-1"}.get(protocol, protocol),
        "RuleAction": rule.get("action", rule.get("rule_action")),
        "CidrBlock": rule.get("cidr_block") or None,
        "Ipv6CidrBlock": rule.get("ipv6_cidr_block") or None,
        "PortRange": {"From": rule.get("from_port"), "To": rule.get("to_port")}
        if protocol not in ("-1", "all") and rule.get("from_port") is not None
        else None,
    }


@translates("aws_network_acl")
def _acl(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    acl = make("AWS::EC2::NetworkAcl", {"VpcId": v.get("vpc_id"), "Tags": tags(v.get("tags"))})
    yield acl
    for key, egress in (("ingress", False), ("egress", True)):
        rules = v.get(key)
        if isinstance(rules, Unknown):
            yield make(
                "AWS::EC2::NetworkAclEntry", {"NetworkAclId": _self_id(acl), "RuleNumber": rules}
            )
        for rule in each(rules):
            if isinstance(rule, dict):
                yield make("AWS::EC2::NetworkAclEntry", _acl_entry(rule, _self_id(acl), egress))
    for subnet in each(v.get("subnet_ids")):
        yield make(
            "AWS::EC2::SubnetNetworkAclAssociation",
            {"SubnetId": subnet, "NetworkAclId": _self_id(acl)},
        )


@translates("aws_network_acl_rule")
def _acl_rule(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::NetworkAclEntry", _acl_entry(v, v.get("network_acl_id"), bool(v.get("egress")))
    )


@translates("aws_network_acl_association")
def _acl_association(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EC2::SubnetNetworkAclAssociation",
        {"SubnetId": v.get("subnet_id"), "NetworkAclId": v.get("network_acl_id")},
    )


def _sg_rules(rule: dict[str, Any], own: Any) -> Iterator[dict[str, Any]]:
    protocol = str(rule.get("protocol", rule.get("ip_protocol", "-1")))
    base = {
        "IpProtocol": protocol,
        "FromPort": rule.get("from_port"),
        "ToPort": rule.get("to_port"),
    }
    for key, name in (
        ("cidr_blocks", "CidrIp"),
        ("ipv6_cidr_blocks", "CidrIpv6"),
        ("security_groups", "SourceSecurityGroupId"),
        ("prefix_list_ids", "SourcePrefixListId"),
    ):
        values = rule.get(key)
        for value in [values] if isinstance(values, Unknown) else each(values):
            yield {**base, name: value}
    if rule.get("self"):
        yield {**base, "SourceSecurityGroupId": own}
    if rule.get("source_security_group_id"):
        yield {**base, "SourceSecurityGroupId": rule["source_security_group_id"]}


@translates("aws_security_group")
def _security_group(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    probe = make("AWS::EC2::SecurityGroup", {})
    own = _self_id(probe)
    ingress = [
        r for rule in v.get("ingress") or [] if isinstance(rule, dict) for r in _sg_rules(rule, own)
    ]
    egress = v.get("egress")
    if isinstance(egress, list):
        egress = [r for rule in egress if isinstance(rule, dict) for r in _sg_rules(rule, own)]
    elif not isinstance(egress, Unknown):  # not configured: Terraform removes AWS's default
        egress = []
    yield make(
        "AWS::EC2::SecurityGroup",
        {
            "GroupName": v.get("name"),
            "GroupDescription": v.get("description"),
            "VpcId": v.get("vpc_id"),
            "SecurityGroupIngress": ingress,
            "SecurityGroupEgress": egress,
            "Tags": tags(v.get("tags")),
        },
    )


@translates("aws_security_group_rule")
def _sg_rule(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    kind = (
        "AWS::EC2::SecurityGroupEgress"
        if v.get("type") == "egress"
        else ("AWS::EC2::SecurityGroupIngress")
    )
    for rule in _sg_rules(v, v.get("security_group_id")):
        yield make(kind, {"GroupId": v.get("security_group_id"), **rule})


def _vpc_sg_rule(kind: str) -> Translator:
    def translator(v: dict[str, Any], make: Any) -> Iterator[Declared]:
        yield make(kind, _vpc_rule(v))

    return translator


translates("aws_vpc_security_group_ingress_rule")(_vpc_sg_rule("AWS::EC2::SecurityGroupIngress"))
translates("aws_vpc_security_group_egress_rule")(_vpc_sg_rule("AWS::EC2::SecurityGroupEgress"))


def _vpc_rule(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "GroupId": v.get("security_group_id"),
        "IpProtocol": v.get("ip_protocol"),
        "FromPort": v.get("from_port"),
        "ToPort": v.get("to_port"),
        "CidrIp": v.get("cidr_ipv4"),
        "CidrIpv6": v.get("cidr_ipv6"),
        "SourceSecurityGroupId": v.get("referenced_security_group_id"),
        "SourcePrefixListId": v.get("prefix_list_id"),
    }
