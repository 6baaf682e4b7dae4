"""The EC2 reads added for Security Hub EC2.4, 9, 10, 17, 20, 22, 23, 24 and 25, collected
from moto: instances' virtualization type and stop time, launch templates assigning public
addresses, VPC endpoints, Site-to-Site VPN connections and transit gateways; and the checks'
verdicts on them.

moto facts met here (moto 5.2): its test images are paravirtual; a VPN connection reports no
``VgwTelemetry`` (so the tunnels check says unknown); ``DescribeClientVpnEndpoints`` is not
implemented (a gap: Client VPN endpoints are then unknown, none are listed).
"""

from __future__ import annotations

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict
from incloud.snapshot.ec2 import Ec2Instance, LaunchTemplate
from incloud.snapshot.ec2_connectivity import TransitGateway, VpcEndpoint, VpnConnection
from tests.collect.moto_account import raw_client
from tests.collect.test_data_protection import verdicts


def seed_ec2_connectivity() -> dict[str, str]:
    """A VPC with an EC2 interface endpoint, an instance stopped by its user, a launch
    template whose interface asks for a public address, a VPN connection and a transit
    gateway that accepts shared attachments by itself.
    """
    ec2 = raw_client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
    endpoint = ec2.create_vpc_endpoint(
        VpcId=vpc, ServiceName="com.amazonaws.us-east-1.ec2", VpcEndpointType="Interface"
    )["VpcEndpoint"]["VpcEndpointId"]
    instance = ec2.run_instances(
        ImageId="ami-12345678",
        MinCount=1,
        MaxCount=1,
        SubnetId=subnet,
        TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "fsbp-stopped"}]}
        ],
    )["Instances"][0]["InstanceId"]
    ec2.stop_instances(InstanceIds=[instance])
    template = ec2.create_launch_template(
        LaunchTemplateName="fsbp-public",
        LaunchTemplateData={
            "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": True}]
        },
    )["LaunchTemplate"]["LaunchTemplateId"]
    customer = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="203.0.113.9", BgpAsn=65000)
    gateway = ec2.create_vpn_gateway(Type="ipsec.1")["VpnGateway"]["VpnGatewayId"]
    vpn = ec2.create_vpn_connection(
        Type="ipsec.1",
        CustomerGatewayId=customer["CustomerGateway"]["CustomerGatewayId"],
        VpnGatewayId=gateway,
    )["VpnConnection"]["VpnConnectionId"]
    tgw = ec2.create_transit_gateway(Options={"AutoAcceptSharedAttachments": "enable"})[
        "TransitGateway"
    ]["TransitGatewayId"]
    return {
        "vpc": vpc,
        "endpoint": endpoint,
        "instance": instance,
        "template": template,
        "vpn": vpn,
        "tgw": tgw,
    }


def test_new_ec2_reads_and_their_verdicts(reset_session: AwsSession) -> None:
    seeded = seed_ec2_connectivity()

    snapshot = collect(reset_session, services=["ec2"])

    instance = next(i for i in snapshot.of_type(Ec2Instance) if i.instance_id == seeded["instance"])
    assert instance.state == "stopped" and instance.stopped_since is not None
    assert instance.virtualization_type == "paravirtual"
    template = next(
        t for t in snapshot.of_type(LaunchTemplate) if t.template_id == seeded["template"]
    )
    assert template.public_ip_interfaces == (0,)
    (endpoint,) = (e for e in snapshot.of_type(VpcEndpoint) if e.endpoint_id == seeded["endpoint"])
    assert (endpoint.vpc_id, endpoint.endpoint_type) == (seeded["vpc"], "Interface")
    (vpn,) = (v for v in snapshot.of_type(VpnConnection) if v.vpn_connection_id == seeded["vpn"])
    assert vpn.tunnels is None  # moto reports no telemetry
    (tgw,) = (t for t in snapshot.of_type(TransitGateway) if t.transit_gateway_id == seeded["tgw"])
    assert tgw.auto_accept_shared_attachments
    unread = {g.operation for g in snapshot.gaps}
    assert unread == {"DescribeClientVpnEndpoints", "GetEbsDefaultKmsKeyId"}

    assert verdicts(snapshot, "ec2.stopped-instance-removed")["fsbp-stopped"] == Verdict.PASS
    assert verdicts(snapshot, "ec2.instance-hvm")["fsbp-stopped"] == Verdict.FAIL
    assert verdicts(snapshot, "ec2.launch-template-no-public-ip")["fsbp-public"] == Verdict.FAIL
    by_vpc = verdicts(snapshot, "ec2.vpc-endpoint-for-ec2")
    assert by_vpc[seeded["vpc"]] == Verdict.PASS
    assert verdicts(snapshot, "ec2.vpn-tunnels-up")[seeded["vpn"]] == Verdict.UNKNOWN
    assert (
        verdicts(snapshot, "ec2.transit-gateway-auto-accept-disabled")[seeded["tgw"]]
        == Verdict.FAIL
    )
