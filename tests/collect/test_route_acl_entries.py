"""Routes and network ACL entries are typed at collection (``RouteEntry``, ``NetworkAclEntry``).

The EC2 collector converts ``DescribeRouteTables`` routes and ``DescribeNetworkAcls`` entries
from the API's shape (answers queued with botocore's ``Stubber``, which validates them against
the operations' output shapes). What a verdict rests on is required: an entry without its rule
action, or a route without a destination, is a malformed answer that loses the region's EC2
unit (``CollectorError`` gaps, so unknown), never a guess.
"""

from __future__ import annotations

from typing import Any

from botocore.stub import Stubber

from incloud.collect.registry import all_collectors
from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.collect.unit import Unit
from incloud.snapshot import Resource
from incloud.snapshot.ec2 import NetworkAcl, NetworkAclEntry, RouteEntry, RouteTable
from tests.collect.ec2_stubs import EC2_LISTINGS, stub_empty
from tests.collect.stubs import OperationStubber

ROUTES: list[dict[str, Any]] = [
    {
        "DestinationCidrBlock": "10.0.0.0/16",
        "GatewayId": "local",
        "Origin": "CreateRouteTable",
        "State": "active",
    },
    {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "Origin": "CreateRoute"},
    {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1"},
    {
        "DestinationPrefixListId": "pl-office",
        "NatGatewayId": "nat-gone",
        "Origin": "CreateRoute",
        "State": "blackhole",
    },
    {
        "DestinationCidrBlock": "192.168.0.0/16",
        "GatewayId": "vgw-1",
        "Origin": "EnableVgwRoutePropagation",
        "State": "active",
    },
    {
        "DestinationCidrBlock": "198.51.100.0/24",
        "InstanceId": "i-1",
        "InstanceOwnerId": "123456789012",
        "NetworkInterfaceId": "eni-1",
        "State": "active",
    },
    {"DestinationCidrBlock": "203.0.113.0/24", "TransitGatewayId": "tgw-1"},
]

ENTRIES: list[dict[str, Any]] = [
    {
        "RuleNumber": 50,
        "Protocol": "6",
        "RuleAction": "deny",
        "Egress": False,
        "CidrBlock": "0.0.0.0/0",
        "PortRange": {"From": 22, "To": 22},
    },
    {
        "RuleNumber": 60,
        "Protocol": "1",
        "RuleAction": "allow",
        "Egress": False,
        "CidrBlock": "198.51.100.0/24",
        "IcmpTypeCode": {"Type": 8, "Code": -1},
    },
    {
        "RuleNumber": 100,
        "Protocol": "-1",
        "RuleAction": "allow",
        "Egress": True,
        "Ipv6CidrBlock": "::/0",
    },
    {
        "RuleNumber": 32767,
        "Protocol": "-1",
        "RuleAction": "deny",
        "Egress": False,
        "CidrBlock": "0.0.0.0/0",
    },
]


def _answers(stubber: Stubber, routes: list[dict[str, Any]], entries: list[dict[str, Any]]) -> None:
    """The EC2 collector's reads, empty but for one route table and one ACL."""
    stubber.add_response("get_ebs_encryption_by_default", {"EbsEncryptionByDefault": False})
    stubber.add_response("get_ebs_default_kms_key_id", {"KmsKeyId": "alias/aws/ebs"})
    stubber.add_response("describe_instances", {"Reservations": []})
    for method, key in EC2_LISTINGS:
        if method == "describe_route_tables":
            table = {"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": routes}
            stubber.add_response(method, {key: [table]})
        elif method == "describe_network_acls":
            acl = {"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": entries}
            stubber.add_response(method, {key: [acl]})
        else:
            stub_empty(stubber, [(method, key)])


def _collect_ec2(session: AwsSession) -> tuple[list[Resource], Unit]:
    unit = Unit(session=session, region="us-east-1", service="ec2", scanned_regions=("us-east-1",))
    return list(all_collectors()["ec2"].collect(unit)), unit


def test_routes_and_entries_are_typed_from_the_api_shape(session: AwsSession) -> None:
    with OperationStubber(session.client("ec2", "us-east-1")) as stubber:
        _answers(stubber, ROUTES, ENTRIES)
        resources, unit = _collect_ec2(session)
        stubber.assert_no_pending_responses()

    assert unit.gaps == []
    (table,) = [r for r in resources if isinstance(r, RouteTable)]
    assert table.routes == (
        RouteEntry(cidr_ipv4="10.0.0.0/16", target_kind="gateway", target_id="local"),
        RouteEntry(cidr_ipv4="0.0.0.0/0", target_kind="gateway", target_id="igw-1"),
        RouteEntry(
            cidr_ipv6="::/0", target_kind="egress-only-internet-gateway", target_id="eigw-1"
        ),
        RouteEntry(
            prefix_list_id="pl-office",
            target_kind="nat-gateway",
            target_id="nat-gone",
            state="blackhole",
        ),
        RouteEntry(
            cidr_ipv4="192.168.0.0/16", target_kind="gateway", target_id="vgw-1", propagated=True
        ),
        # A route to an instance names its interface too: the interface is the next hop read.
        RouteEntry(cidr_ipv4="198.51.100.0/24", target_kind="network-interface", target_id="eni-1"),
        RouteEntry(cidr_ipv4="203.0.113.0/24", target_kind="transit-gateway", target_id="tgw-1"),
    )
    (acl,) = [r for r in resources if isinstance(r, NetworkAcl)]
    assert acl.entries == (
        NetworkAclEntry(
            rule_number=50,
            egress=False,
            action="deny",
            protocol="6",
            from_port=22,
            to_port=22,
            cidr_ipv4="0.0.0.0/0",
        ),
        NetworkAclEntry(
            rule_number=60,
            egress=False,
            action="allow",
            protocol="1",
            icmp_type=8,
            icmp_code=-1,
            cidr_ipv4="198.51.100.0/24",
        ),
        NetworkAclEntry(
            rule_number=100, egress=True, action="allow", protocol="-1", cidr_ipv6="::/0"
        ),
        NetworkAclEntry(
            rule_number=32767, egress=False, action="deny", protocol="-1", cidr_ipv4="0.0.0.0/0"
        ),
    )


def _unit_lost(
    session: AwsSession, routes: list[dict[str, Any]], entries: list[dict[str, Any]]
) -> str:
    """Collect EC2 with malformed answers in us-east-1: every EC2 read there is a gap and no
    ACL was kept; the CollectorError message.
    """
    regions = [{"RegionName": r} for r in ("us-east-1", "eu-west-1")]
    with OperationStubber(session.client("ec2", "us-east-1")) as stubber:
        stubber.add_response("describe_regions", {"Regions": regions})  # the scan's regions
        _answers(stubber, routes, entries)
        snapshot = collect(session, services=["ec2"])
    east = {g.action: g for g in snapshot.gaps if g.region == "us-east-1"}
    assert set(all_collectors()["ec2"].operations) <= set(east)
    gap = east["ec2:DescribeRouteTables"]
    assert gap.error_code == "CollectorError"
    assert not [r for r in snapshot.of_type(NetworkAcl) if r.region == "us-east-1"]
    return gap.message


def test_an_entry_without_its_action_loses_the_unit(session: AwsSession) -> None:
    entry = {k: v for k, v in ENTRIES[0].items() if k != "RuleAction"}

    message = _unit_lost(session, ROUTES, [entry])

    assert "KeyError" in message and "RuleAction" in message


def test_a_route_without_a_destination_loses_the_unit(session: AwsSession) -> None:
    message = _unit_lost(session, [{"GatewayId": "igw-1", "State": "active"}], ENTRIES)

    assert "ValidationError" in message and "exactly one of" in message
