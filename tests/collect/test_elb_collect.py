"""Classic Load Balancers (the ``elb`` API) and the ELBv2 attributes added for Security Hub
ELB.4, ELB.6, ELB.12 and ELB.13, collected from moto; then the reachability engine on a Classic
Load Balancer in front of an instance, and unknowns when the attributes cannot be read.

moto facts met here (moto 5.2): a Classic Load Balancer created with subnets reports no
``AvailabilityZones``; its ``AdditionalAttributes`` (the desync mitigation mode) are empty
until set; it has no network interfaces, so the engine approximates its node addresses by
its subnets. An ALB's attributes omit the desync mode and the invalid-header switch.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse

from incloud.collect.registry import all_collectors
from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.collect.unit import Unit
from incloud.evaluate import Verdict
from incloud.evaluate.network.reachability import analyse
from incloud.snapshot.ec2 import Ec2Instance
from incloud.snapshot.elb import ClassicLoadBalancer
from incloud.snapshot.elbv2 import Listener, LoadBalancer
from tests.collect.moto_account import raw_client
from tests.collect.stubs import OperationStubber
from tests.collect.test_data_protection import verdicts


@contextmanager
def denied(session: AwsSession, service: str, operation: str) -> Iterator[None]:
    """``operation`` answers AccessDenied on the session's us-east-1 client while inside."""

    def answer(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        body = {"Error": {"Code": "AccessDenied", "Message": "denied by test"}}
        http = AWSResponse("https://denied", 403, {}, MockRawResponse(json.dumps(body)))
        return http, {**body, "ResponseMetadata": {"HTTPStatusCode": 403}}

    events = session.client(service, "us-east-1").meta.events
    events.register(f"before-call.{service}.{operation}", answer)
    try:
        yield
    finally:
        events.unregister(f"before-call.{service}.{operation}", answer)


def _tcp(port: int, **source: Any) -> dict[str, Any]:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **source}


def seed_classic_load_balancers() -> dict[str, str]:
    """VPC 10.8.0.0/16: public subnets in two zones (routed to an internet gateway), a
    private one with instance ``clb-app`` (8080 open to the load balancer's group); an
    internet-facing Classic LB ``web-clb`` (group open on 443; HTTPS 443 with an IAM
    certificate and a TLS 1.2 policy, HTTP 80, both to 8080; cross-zone on, desync
    strictest), an internal ``back-clb`` (TCP 5432, nothing registered); an ALB
    ``clb-side-alb`` with deletion protection and an HTTP listener whose only forwarding rule
    has a source-ip condition.
    """
    ec2 = raw_client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    public = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.8.{n}.0/24", AvailabilityZone=f"us-east-1{z}")[
            "Subnet"
        ]["SubnetId"]
        for n, z in ((1, "a"), (2, "b"))
    ]
    private = ec2.create_subnet(VpcId=vpc, CidrBlock="10.8.9.0/24", AvailabilityZone="us-east-1a")[
        "Subnet"
    ]["SubnetId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    for subnet in public:
        ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
    lb_sg = ec2.create_security_group(GroupName="clb", Description="clb", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=lb_sg, IpPermissions=[_tcp(443, IpRanges=[{"CidrIp": "0.0.0.0/0"}])]
    )
    app_sg = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=app_sg, IpPermissions=[_tcp(8080, UserIdGroupPairs=[{"GroupId": lb_sg}])]
    )
    instance = ec2.run_instances(
        ImageId="ami-12345678",
        MinCount=1,
        MaxCount=1,
        SubnetId=private,
        SecurityGroupIds=[app_sg],
        TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "clb-app"}]}
        ],
    )["Instances"][0]

    elb = raw_client("elb")
    elb.create_load_balancer(
        LoadBalancerName="web-clb",
        Listeners=[
            {
                "Protocol": "HTTPS",
                "LoadBalancerPort": 443,
                "InstanceProtocol": "HTTP",
                "InstancePort": 8080,
                "SSLCertificateId": "arn:aws:iam::123456789012:server-certificate/legacy",
            },
            {
                "Protocol": "HTTP",
                "LoadBalancerPort": 80,
                "InstanceProtocol": "HTTP",
                "InstancePort": 8080,
            },
        ],
        Subnets=public,
        SecurityGroups=[lb_sg],
        Scheme="internet-facing",
    )
    elb.register_instances_with_load_balancer(
        LoadBalancerName="web-clb", Instances=[{"InstanceId": instance["InstanceId"]}]
    )
    elb.modify_load_balancer_attributes(
        LoadBalancerName="web-clb",
        LoadBalancerAttributes={
            "CrossZoneLoadBalancing": {"Enabled": True},
            "AdditionalAttributes": [
                {"Key": "elb.http.desyncmitigationmode", "Value": "strictest"}
            ],
        },
    )
    elb.create_load_balancer_policy(
        LoadBalancerName="web-clb",
        PolicyName="tls12",
        PolicyTypeName="SSLNegotiationPolicyType",
        PolicyAttributes=[
            {
                "AttributeName": "Reference-Security-Policy",
                "AttributeValue": "ELBSecurityPolicy-TLS-1-2-2017-01",
            }
        ],
    )
    elb.set_load_balancer_policies_of_listener(
        LoadBalancerName="web-clb", LoadBalancerPort=443, PolicyNames=["tls12"]
    )
    elb.create_load_balancer(
        LoadBalancerName="back-clb",
        Listeners=[{"Protocol": "TCP", "LoadBalancerPort": 5432, "InstancePort": 5432}],
        Subnets=[private],
        SecurityGroups=[app_sg],
        Scheme="internal",
    )
    v2 = raw_client("elbv2")
    alb = v2.create_load_balancer(Name="clb-side-alb", Subnets=public, SecurityGroups=[lb_sg])[
        "LoadBalancers"
    ][0]["LoadBalancerArn"]
    v2.modify_load_balancer_attributes(
        LoadBalancerArn=alb, Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}]
    )
    group = v2.create_target_group(Name="clb-side-app", Protocol="HTTP", Port=8080, VpcId=vpc)[
        "TargetGroups"
    ][0]["TargetGroupArn"]
    listener = v2.create_listener(
        LoadBalancerArn=alb,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[
            {
                "Type": "fixed-response",
                "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain"},
            }
        ],
    )["Listeners"][0]["ListenerArn"]
    v2.create_rule(
        ListenerArn=listener,
        Priority=10,
        Conditions=[{"Field": "source-ip", "SourceIpConfig": {"Values": ["198.51.100.0/24"]}}],
        Actions=[{"Type": "forward", "TargetGroupArn": group}],
    )
    return {"instance": instance["InstanceId"], "subnets": ",".join(public), "group": group}


def test_classic_load_balancers_and_their_attributes(reset_session: AwsSession) -> None:
    seeded = seed_classic_load_balancers()

    snapshot = collect(reset_session, services=["elb", "elbv2"])

    assert not snapshot.gaps
    found = {b.name: b for b in snapshot.of_type(ClassicLoadBalancer)}
    web, back = found["web-clb"], found["back-clb"]
    assert web.arn == "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/web-clb"
    assert web.scheme == "internet-facing" and back.scheme == "internal"
    assert web.subnet_ids == tuple(seeded["subnets"].split(","))
    assert [(lst.protocol, lst.port, lst.instance_port) for lst in web.listeners] == [
        ("HTTPS", 443, 8080),
        ("HTTP", 80, 8080),
    ]
    assert web.listeners[0].ssl_certificate_id is not None
    assert web.instance_ids == (seeded["instance"],) and back.instance_ids == ()
    assert (web.cross_zone, web.connection_draining, web.access_logs_enabled) == (
        True,
        False,
        False,
    )
    assert web.desync_mitigation_mode == "strictest" and back.desync_mitigation_mode is None
    (alb,) = (b for b in snapshot.of_type(LoadBalancer) if b.region == "us-east-1")
    assert alb.deletion_protection is True
    assert alb.availability_zones == ("us-east-1a", "us-east-1b")
    assert alb.drop_invalid_header_fields is None  # moto does not report it
    (listener,) = (lst for lst in snapshot.of_type(Listener) if lst.load_balancer_arn == alb.arn)
    assert listener.target_group_arns == () and listener.rules is not None
    (rule,) = listener.rules
    assert (rule.priority, rule.target_group_arns) == ("10", (seeded["group"],))
    assert rule.source_ips == ("198.51.100.0/24",)

    assert verdicts(snapshot, "elb.listener-encrypted") == {
        "web-clb": Verdict.FAIL,
        "back-clb": Verdict.FAIL,
    }
    assert verdicts(snapshot, "elb.listener-acm-certificate")["web-clb"] == Verdict.FAIL
    assert web.listeners[0].policy_names == ("tls12",)
    assert web.tls_policies is not None and back.tls_policies == ()  # no TLS listener: not read
    assert verdicts(snapshot, "elb.listener-tls-policy") == {
        "web-clb": Verdict.PASS,  # by its reference (moto lists no Protocol-* attributes)
        "back-clb": Verdict.NOT_APPLICABLE,
    }
    assert verdicts(snapshot, "elb.cross-zone")["web-clb"] == Verdict.PASS
    assert verdicts(snapshot, "elb.desync-mitigation") == {
        "web-clb": Verdict.PASS,
        "back-clb": Verdict.UNKNOWN,
    }
    assert (
        verdicts(snapshot, "elasticloadbalancing.deletion-protection")["clb-side-alb"]
        == Verdict.PASS
    )


def test_engine_follows_a_classic_load_balancer(reset_session: AwsSession) -> None:
    seeded = seed_classic_load_balancers()

    snapshot = collect(reset_session, services=["ec2", "elb"])
    reach = analyse(snapshot)

    instance = next(i for i in snapshot.of_type(Ec2Instance) if i.name == "clb-app")
    assert instance.instance_id == seeded["instance"]
    verdict = reach.explain(instance.network_interface_ids[0], 8080)
    assert verdict.exposed and not verdict.direct
    assert {e.via for e in verdict.exposures} == {"web-clb:443"}
    opened = {
        name: [e.ports.describe() for e in b.exposures] for name, b in reach.load_balancers.items()
    }
    assert opened == {"web-clb": ["443"], "back-clb": []}


def test_unread_attributes_leave_unknowns(reset_session: AwsSession) -> None:
    seed_classic_load_balancers()

    with (
        denied(reset_session, "elb", "DescribeLoadBalancerAttributes"),
        denied(reset_session, "elbv2", "DescribeRules"),
    ):
        snapshot = collect(reset_session, services=["elb", "elbv2"])

    failed = {(g.operation, g.resource_arn) for g in snapshot.gaps}
    assert ("DescribeLoadBalancerAttributes", None) not in failed
    # one per Classic Load Balancer, one for the ALB's HTTP listener
    assert sorted(op for op, _ in failed) == [
        "DescribeLoadBalancerAttributes",
        "DescribeLoadBalancerAttributes",
        "DescribeRules",
    ]
    (listener,) = (lst for lst in snapshot.of_type(Listener) if lst.region == "us-east-1")
    assert listener.rules is None  # unread: the engine assumes, with a caveat
    for check_id in ("elb.cross-zone", "elb.connection-draining", "elb.access-logging"):
        assert set(verdicts(snapshot, check_id).values()) == {Verdict.UNKNOWN}, check_id
    assert verdicts(snapshot, "elb.listener-encrypted")["web-clb"] == Verdict.FAIL


def test_attributes_missing_a_block_are_a_gap_on_that_load_balancer(
    reset_session: AwsSession,
) -> None:
    """An attributes answer without ``ConnectionDraining`` (optional in botocore's model, sent
    by AWS) leaves that setting None with a BadResponse gap on the load balancer; what the
    answer does say is kept, and a missing desync mode is None without a gap.
    """
    listener = {
        "Listener": {
            "Protocol": "HTTP",
            "LoadBalancerPort": 80,
            "InstanceProtocol": "HTTP",
            "InstancePort": 80,
        }
    }
    with OperationStubber(reset_session.client("elb", "us-east-1")) as stubber:
        stubber.add_response(
            "describe_load_balancers",
            {
                "LoadBalancerDescriptions": [
                    {"LoadBalancerName": "odd", "ListenerDescriptions": [listener]}
                ]
            },
        )
        stubber.add_response(
            "describe_load_balancer_attributes",
            {
                "LoadBalancerAttributes": {
                    "CrossZoneLoadBalancing": {"Enabled": True},
                    "AccessLog": {"Enabled": False},
                }
            },
        )
        unit = Unit(
            session=reset_session, region="us-east-1", service="elb", scanned_regions=("us-east-1",)
        )
        (balancer,) = list(all_collectors()["elb"].collect(unit))
        stubber.assert_no_pending_responses()

    assert isinstance(balancer, ClassicLoadBalancer)
    (gap,) = unit.gaps
    assert (gap.action, gap.error_code, gap.resource_arn) == (
        "elb:DescribeLoadBalancerAttributes",
        "BadResponse",
        balancer.arn,
    )
    assert (balancer.cross_zone, balancer.access_logs_enabled) == (True, False)
    assert balancer.connection_draining is None and balancer.desync_mitigation_mode is None
    assert balancer.scheme == "internet-facing"  # absent: AWS's default
