"""The demo account's network: VPCs, subnets, routes, security groups and flow logs.

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control(s) it corresponds to; "(no check yet)" marks findings no incloud check covers today.

  - ``bastion-sg`` 22 from 0.0.0.0/0, ``legacy-admin-sg`` 3389 from ::/0
    -> ec2.security-group-admin-ports; EC2.13, EC2.14, EC2.53, EC2.54
  - Default security groups as AWS creates them (all traffic from itself in, all out)
    -> ec2.default-security-group-closed; EC2.2
  - ``northwind-eu`` VPC (eu-west-1), and moto's default VPCs, have no flow log
    -> ec2.vpc-flow-logs; EC2.6
  - Public subnets assign public IPs on launch -> ec2.subnet-auto-assign-public-ip; EC2.15
  Fine: ``web-sg`` (80/443 from anywhere), ``app-sg`` and ``db-sg`` (from a group only),
  ``eu-ssh-sg`` (22 from 10.0.0.0/8), the ``northwind-main`` VPC's flow log to S3.
"""

from __future__ import annotations

from typing import Any

from ._common import EU_REGION, LOG_BUCKET, MAIN_REGION, _Seeder, _spec


def _group(ec2: Any, vpc: str, name: str, description: str, *rules: dict[str, Any]) -> str:
    """Create a security group with TCP ingress ``rules``; return its id."""
    group = ec2.create_security_group(
        GroupName=name,
        Description=description,
        VpcId=vpc,
        TagSpecifications=_spec("security-group", name),
    )["GroupId"]
    if rules:
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=list(rules))
    return str(group)


def _tcp(port: int, *, cidr: str = "", cidr6: str = "", group: str = "") -> dict[str, Any]:
    """Return an ingress permission for TCP ``port`` from a range or a security group."""
    rule: dict[str, Any] = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
    if cidr:
        rule["IpRanges"] = [{"CidrIp": cidr}]
    if cidr6:
        rule["Ipv6Ranges"] = [{"CidrIpv6": cidr6}]
    if group:
        rule["UserIdGroupPairs"] = [{"GroupId": group}]
    return rule


def _vpc(ec2: Any, cidr: str, name: str) -> str:
    """Create a VPC; return its id."""
    return str(ec2.create_vpc(CidrBlock=cidr, TagSpecifications=_spec("vpc", name))["Vpc"]["VpcId"])


def _subnet(ec2: Any, vpc: str, cidr: str, az: str, name: str) -> str:
    """Create a subnet; return its id."""
    subnet = ec2.create_subnet(
        VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az, TagSpecifications=_spec("subnet", name)
    )
    return str(subnet["Subnet"]["SubnetId"])


def _route_table(ec2: Any, vpc: str, name: str, subnets: list[str], **target: str) -> None:
    """Create a route table sending 0.0.0.0/0 to ``target``, associated with ``subnets``."""
    table = ec2.create_route_table(VpcId=vpc, TagSpecifications=_spec("route-table", name))
    table_id = table["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table_id, DestinationCidrBlock="0.0.0.0/0", **target)
    for subnet in subnets:
        ec2.associate_route_table(RouteTableId=table_id, SubnetId=subnet)


def seed_network(s: _Seeder) -> None:
    """Create the main VPC: public and private subnets, IGW, NAT, flow log, five groups."""
    ec2 = s("ec2")
    vpc = _vpc(ec2, "10.0.0.0/16", "northwind-main")
    for n, az in ((1, "a"), (2, "b")):
        s.public_subnets.append(
            _subnet(ec2, vpc, f"10.0.{n}.0/24", MAIN_REGION + az, f"public-{az}")
        )
        s.private_subnets.append(
            _subnet(ec2, vpc, f"10.0.{10 + n}.0/24", MAIN_REGION + az, f"private-{az}")
        )
    for subnet in s.public_subnets:
        ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})

    igw = ec2.create_internet_gateway(TagSpecifications=_spec("internet-gateway", "main-igw"))
    igw_id = igw["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc)
    _route_table(ec2, vpc, "public", s.public_subnets, GatewayId=igw_id)
    eip = ec2.allocate_address(Domain="vpc", TagSpecifications=_spec("elastic-ip", "nat-eip"))
    nat = ec2.create_nat_gateway(
        SubnetId=s.public_subnets[0],
        AllocationId=eip["AllocationId"],
        TagSpecifications=_spec("natgateway", "main-nat"),
    )
    _route_table(
        ec2, vpc, "private", s.private_subnets, NatGatewayId=nat["NatGateway"]["NatGatewayId"]
    )

    # A bare bucket ARN: moto reads everything after "arn:aws:s3:::" as the bucket name, so a
    # key prefix makes it answer "Unsuccessful" (with HTTP 200) instead of creating the log.
    flow = ec2.create_flow_logs(
        ResourceIds=[vpc],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="s3",
        LogDestination=f"arn:aws:s3:::{LOG_BUCKET}",
        TagSpecifications=_spec("vpc-flow-log", "northwind-main-flow-log"),
    )
    if flow.get("Unsuccessful"):
        raise RuntimeError(f"moto refused the flow log: {flow['Unsuccessful']}")

    web = _group(
        ec2,
        vpc,
        "web-sg",
        "Public web tier",
        _tcp(80, cidr="0.0.0.0/0", cidr6="::/0"),
        _tcp(443, cidr="0.0.0.0/0", cidr6="::/0"),
    )
    app = _group(ec2, vpc, "app-sg", "App tier, from the web tier only", _tcp(8080, group=web))
    s.sg = {
        "web-sg": web,
        "app-sg": app,
        "db-sg": _group(
            ec2, vpc, "db-sg", "Databases, from the app tier only", _tcp(5432, group=app)
        ),
        "bastion-sg": _group(ec2, vpc, "bastion-sg", "SSH bastion", _tcp(22, cidr="0.0.0.0/0")),
        "legacy-admin-sg": _group(
            ec2, vpc, "legacy-admin-sg", "Old RDP access", _tcp(3389, cidr6="::/0")
        ),
    }
    _default_group_ingress(ec2)


def seed_eu_network(s: _Seeder) -> None:
    """Create the EU VPC: one subnet, an internal-only SSH group, and no flow log."""
    ec2 = s("ec2", EU_REGION)
    vpc = _vpc(ec2, "10.20.0.0/16", "northwind-eu")
    _subnet(ec2, vpc, "10.20.1.0/24", f"{EU_REGION}a", "eu-private-a")
    _group(ec2, vpc, "eu-ssh-sg", "SSH from the corporate network", _tcp(22, cidr="10.0.0.0/8"))
    _default_group_ingress(ec2)


def _default_group_ingress(ec2: Any) -> None:
    """Give the region's default security groups AWS's default inbound rule: all from itself.

    moto creates them with AWS's all-traffic egress rule but no ingress rule at all.
    """
    found = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])
    for group in found["SecurityGroups"]:
        if not group["IpPermissions"]:
            itself = {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": group["GroupId"]}]}
            ec2.authorize_security_group_ingress(GroupId=group["GroupId"], IpPermissions=[itself])
