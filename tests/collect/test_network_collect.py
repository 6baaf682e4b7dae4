"""What the reachability engine reads beyond EC2 basics, collected from moto: load balancer
target groups (targets, client IP preservation) and attributes (access logs), managed prefix
lists, interface status, gateway route table associations; then the engine on that snapshot.

The account (:func:`seed_reachability`): VPC 10.7.0.0/16 with two public subnets (a table
routing to the internet gateway, which also has an edge-associated table routing locally)
and a private one; an instance ``rx-app`` in the private subnet whose group admits 8080 from
the ALB's group and from the VPC; an internet-facing ALB (group open on 80, HTTP 80 ->
``rx-web`` on 8080, access logs on) and an NLB without groups (TCP 80 -> ``rx-tcp`` on 8080,
client IP preservation off); a customer-managed prefix list ``rx-office`` admitted for SSH;
an unattached (``available``) interface.

moto facts met here (moto 5.2): load balancers get no network interfaces, so the engine
approximates their node addresses by their subnets; ``DescribeTargetGroupAttributes`` omits
``preserve_client_ip.enabled`` until it is set; AWS-managed prefix lists (CloudFront's
origin-facing list among them) are listed in every region with a few entries.
"""

from __future__ import annotations

from typing import Any

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict
from incloud.evaluate.network.reachability import analyse
from incloud.snapshot.ec2 import ManagedPrefixList, NetworkInterface, RouteTable
from incloud.snapshot.elbv2 import Listener, LoadBalancer, TargetGroup
from tests.collect.moto_account import raw_client
from tests.collect.test_collectors import named
from tests.collect.test_data_protection import deny, verdicts

CLOUDFRONT = "com.amazonaws.global.cloudfront.origin-facing"


def _tcp(port: int, **source: Any) -> dict[str, Any]:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **source}


def seed_reachability() -> dict[str, str]:
    """The VPC, the load balancers and their target groups, a prefix list, interfaces."""
    ec2 = raw_client("ec2")
    elb = raw_client("elbv2")
    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    public = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.7.{n}.0/24", AvailabilityZone=f"us-east-1{z}")[
            "Subnet"
        ]["SubnetId"]
        for n, z in ((1, "a"), (2, "b"))
    ]
    private = ec2.create_subnet(VpcId=vpc, CidrBlock="10.7.9.0/24", AvailabilityZone="us-east-1a")[
        "Subnet"
    ]["SubnetId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    for subnet in public:
        ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
    edge = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=edge, GatewayId=igw)

    office = ec2.create_managed_prefix_list(
        PrefixListName="rx-office",
        MaxEntries=5,
        AddressFamily="IPv4",
        Entries=[{"Cidr": "198.51.100.0/24"}],
    )["PrefixList"]["PrefixListId"]
    alb_group = ec2.create_security_group(GroupName="rx-alb", Description="alb", VpcId=vpc)
    alb_sg = alb_group["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=alb_sg, IpPermissions=[_tcp(80, IpRanges=[{"CidrIp": "0.0.0.0/0"}])]
    )
    app_sg = ec2.create_security_group(GroupName="rx-app", Description="app", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=app_sg,
        IpPermissions=[
            _tcp(
                8080, UserIdGroupPairs=[{"GroupId": alb_sg}], IpRanges=[{"CidrIp": "10.7.0.0/16"}]
            ),
            _tcp(22, PrefixListIds=[{"PrefixListId": office}]),
        ],
    )
    instance = ec2.run_instances(
        ImageId="ami-12345678",
        MinCount=1,
        MaxCount=1,
        SubnetId=private,
        SecurityGroupIds=[app_sg],
        TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "rx-app"}]}
        ],
    )["Instances"][0]
    spare = ec2.create_network_interface(SubnetId=public[0], Groups=[app_sg])["NetworkInterface"]

    alb = elb.create_load_balancer(
        Name="rx-alb", Subnets=public, SecurityGroups=[alb_sg], Scheme="internet-facing"
    )["LoadBalancers"][0]["LoadBalancerArn"]
    nlb = elb.create_load_balancer(
        Name="rx-nlb", Subnets=public, Scheme="internet-facing", Type="network"
    )["LoadBalancers"][0]["LoadBalancerArn"]
    web = elb.create_target_group(Name="rx-web", Protocol="HTTP", Port=8080, VpcId=vpc)
    web_arn = web["TargetGroups"][0]["TargetGroupArn"]
    tcp = elb.create_target_group(Name="rx-tcp", Protocol="TCP", Port=8080, VpcId=vpc)
    tcp_arn = tcp["TargetGroups"][0]["TargetGroupArn"]
    elb.modify_target_group_attributes(
        TargetGroupArn=tcp_arn, Attributes=[{"Key": "preserve_client_ip.enabled", "Value": "false"}]
    )
    for arn in (web_arn, tcp_arn):
        elb.register_targets(TargetGroupArn=arn, Targets=[{"Id": instance["InstanceId"]}])
    for balancer, protocol, group in ((alb, "HTTP", web_arn), (nlb, "TCP", tcp_arn)):
        elb.create_listener(
            LoadBalancerArn=balancer,
            Protocol=protocol,
            Port=80,
            DefaultActions=[{"Type": "forward", "TargetGroupArn": group}],
        )
    elb.modify_load_balancer_attributes(
        LoadBalancerArn=alb,
        Attributes=[
            {"Key": "access_logs.s3.enabled", "Value": "true"},
            {"Key": "access_logs.s3.bucket", "Value": "rx-logs"},
        ],
    )
    return {
        "instance": instance["InstanceId"],
        "interface": instance["NetworkInterfaces"][0]["NetworkInterfaceId"],
        "spare": spare["NetworkInterfaceId"],
        "office": office,
        "igw": igw,
        "edge": edge,
        "web": web_arn,
        "tcp": tcp_arn,
    }


def test_target_groups_listeners_and_load_balancer_attributes(session: AwsSession) -> None:
    seeded = seed_reachability()

    snapshot = collect(session, services=["elbv2"])

    assert snapshot.gaps == ()
    groups = named(snapshot, TargetGroup)
    web, tcp = groups["rx-web"], groups["rx-tcp"]
    assert (web.arn, web.protocol, web.port, web.target_type) == (
        seeded["web"],
        "HTTP",
        8080,
        "instance",
    )
    assert [t.target_id for t in web.targets or ()] == [seeded["instance"]]
    assert web.preserve_client_ip is None  # ALB groups have no such attribute
    assert tcp.preserve_client_ip is False
    balancers = named(snapshot, LoadBalancer)
    assert tcp.load_balancer_arns == (balancers["rx-nlb"].arn,)
    assert (balancers["rx-alb"].access_logs_enabled, balancers["rx-alb"].access_logs_bucket) == (
        True,
        "rx-logs",
    )
    assert balancers["rx-nlb"].access_logs_enabled is False
    listeners = named(snapshot, Listener)
    assert listeners["rx-alb:80/HTTP"].target_group_arns == (seeded["web"],)
    calls = {c.operation: c.count for c in snapshot.api_calls}
    assert calls["DescribeTargetGroupAttributes"] == 2
    assert calls["DescribeTargetHealth"] == 2


def test_prefix_lists_interface_status_and_edge_associations(session: AwsSession) -> None:
    seeded = seed_reachability()

    snapshot = collect(session, services=["ec2"])

    lists = {p.prefix_list_id: p for p in snapshot.of_type(ManagedPrefixList)}
    assert lists[seeded["office"]].entries == ("198.51.100.0/24",)
    assert lists[seeded["office"]].name == "rx-office"
    cloudfront = [p for p in lists.values() if p.name == CLOUDFRONT]
    assert {p.region for p in cloudfront} == {"us-east-1", "eu-west-1"}
    assert all(p.owner_id == "AWS" and p.entries for p in cloudfront)
    interfaces = {i.interface_id: i for i in snapshot.of_type(NetworkInterface)}
    assert interfaces[seeded["spare"]].status == "available"
    assert interfaces[seeded["interface"]].status == "in-use"
    tables = {t.route_table_id: t for t in snapshot.of_type(RouteTable)}
    assert tables[seeded["edge"]].gateway_ids == (seeded["igw"],)


def test_engine_on_the_collected_account(session: AwsSession) -> None:
    seeded = seed_reachability()

    reach = analyse(collect(session, services=["ec2", "elbv2"]))

    assert seeded["spare"] not in reach.targets
    verdict = reach.explain(seeded["interface"], 8080)
    assert verdict.exposed and not verdict.direct
    assert {e.via for e in verdict.exposures} == {"rx-alb:80", "rx-nlb:80"}
    assert all(e.kind == "via-load-balancer" for e in verdict.exposures)
    assert not reach.explain(seeded["interface"], 22).exposed
    opened = {
        name: [e.ports.describe() for e in b.exposures] for name, b in reach.load_balancers.items()
    }
    assert opened["rx-alb"] == ["80"] and opened["rx-nlb"] == ["80"]


def test_failed_reads_leave_unknowns_not_passes(session: AwsSession) -> None:
    seed_reachability()
    deny(session, "elbv2", "DescribeTargetHealth")
    deny(session, "elbv2", "DescribeLoadBalancerAttributes")
    deny(session, "ec2", "GetManagedPrefixListEntries")

    snapshot = collect(session, services=["ec2", "elbv2"])

    failed = {(g.operation, g.resource_arn is not None) for g in snapshot.gaps}
    assert ("DescribeTargetHealth", True) in failed
    assert ("GetManagedPrefixListEntries", True) in failed
    assert all(g.targets is None for g in snapshot.of_type(TargetGroup) if g.region == "us-east-1")
    ours = [p for p in snapshot.of_type(ManagedPrefixList) if p.region == "us-east-1"]
    assert ours and all(p.entries is None for p in ours)
    assert verdicts(snapshot, "elasticloadbalancing.access-logging")["rx-alb"] == Verdict.UNKNOWN
    # The instance's SSH rule names a list whose entries are unknown, and what the load
    # balancers forward is unknown: never a pass.
    assert verdicts(snapshot, "ec2.admin-port-internet-reachable")["rx-app"] == Verdict.UNKNOWN
