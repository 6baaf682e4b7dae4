"""The network checks beyond reachability, on what the collectors read from moto.

One VPC with a public subnet (0.0.0.0/0 -> internet gateway, public IPv4 and IPv6 assigned on
launch) and a private one (the main table: local only), network ACLs, Elastic IPs, and a
public and a private instance of each service whose exposure is judged: Redshift clusters
and RDS instances (by their subnet group's routes), OpenSearch domains (in a VPC or not) and
EKS clusters (endpoint access).

moto facts met here (moto 5.2):

* an unassociated Elastic IP comes back with ``InstanceId`` and ``NetworkInterfaceId`` ``""``
  (AWS omits them); a NAT gateway's address has an ``AssociationId`` and its interface;
* ``DescribeClusters`` names the subnet group but not its VPC; ``DescribeClusterSubnetGroups``
  lists the subnets;
* an OpenSearch domain in a VPC reports ``VPCOptions`` with ``SubnetIds`` but no ``VPCId``;
* ``DescribeCluster`` (EKS) echoes only the ``resourcesVpcConfig`` fields given at creation,
  where AWS fills in its defaults (public endpoint from 0.0.0.0/0).
"""

from __future__ import annotations

from typing import Any

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Snapshot
from incloud.snapshot.ec2 import ElasticIp, NetworkAcl, Subnet
from incloud.snapshot.eks import EksCluster
from incloud.snapshot.opensearch import OpenSearchDomain
from incloud.snapshot.rds import DbInstance
from incloud.snapshot.redshift import RedshiftCluster
from tests.collect.moto_account import raw_client
from tests.collect.test_collectors import named
from tests.collect.test_data_protection import deny, verdicts

PASSWORD = "Not-a-real-passw0rd"


def _tagged(kind: str, name: str) -> list[dict[str, Any]]:
    return [{"ResourceType": kind, "Tags": [{"Key": "Name", "Value": name}]}]


def _nacl(ec2: Any, vpc: str, name: str, *entries: dict[str, Any]) -> str:
    acl = ec2.create_network_acl(VpcId=vpc, TagSpecifications=_tagged("network-acl", name))
    acl_id = str(acl["NetworkAcl"]["NetworkAclId"])
    for entry in entries:
        ec2.create_network_acl_entry(NetworkAclId=acl_id, Egress=False, **entry)
    return acl_id


def seed_network_exposure() -> dict[str, str]:
    """The VPC, ACLs, addresses and one exposed and one contained resource per service."""
    ec2 = raw_client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    public = ec2.create_subnet(
        VpcId=vpc, CidrBlock="10.8.1.0/24", TagSpecifications=_tagged("subnet", "exposure-public")
    )["Subnet"]["SubnetId"]
    private = ec2.create_subnet(
        VpcId=vpc, CidrBlock="10.8.2.0/24", TagSpecifications=_tagged("subnet", "exposure-private")
    )["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=public, MapPublicIpOnLaunch={"Value": True})
    ec2.modify_subnet_attribute(SubnetId=public, AssignIpv6AddressOnCreation={"Value": True})
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=table, SubnetId=public)

    tcp = {"Protocol": "6", "CidrBlock": "0.0.0.0/0"}
    udp = {"Protocol": "17", "CidrBlock": "0.0.0.0/0"}  # RDP also runs over UDP 3389
    _nacl(
        ec2,
        vpc,
        "exposure-ssh-open",
        {"RuleNumber": 100, "RuleAction": "allow", "PortRange": {"From": 22, "To": 22}, **tcp},
    )
    _nacl(
        ec2,
        vpc,
        "exposure-admin-denied",
        {"RuleNumber": 50, "RuleAction": "deny", "PortRange": {"From": 22, "To": 22}, **tcp},
        {"RuleNumber": 60, "RuleAction": "deny", "PortRange": {"From": 3389, "To": 3389}, **tcp},
        {"RuleNumber": 70, "RuleAction": "deny", "PortRange": {"From": 22, "To": 22}, **udp},
        {"RuleNumber": 80, "RuleAction": "deny", "PortRange": {"From": 3389, "To": 3389}, **udp},
        {"RuleNumber": 100, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
    )

    spare = ec2.allocate_address(Domain="vpc")
    on_nat = ec2.allocate_address(Domain="vpc")
    ec2.create_nat_gateway(SubnetId=public, AllocationId=on_nat["AllocationId"])
    on_instance = ec2.allocate_address(Domain="vpc")
    instance = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, SubnetId=public)
    ec2.associate_address(
        AllocationId=on_instance["AllocationId"],
        InstanceId=instance["Instances"][0]["InstanceId"],
    )

    redshift = raw_client("redshift")
    for group, subnet in (("exposure-public", public), ("exposure-private", private)):
        redshift.create_cluster_subnet_group(
            ClusterSubnetGroupName=group, Description=group, SubnetIds=[subnet]
        )
    for name, group, flag in (
        ("exposed-dw", "exposure-public", True),
        ("flagged-dw", "exposure-private", True),
        ("private-dw", "exposure-public", False),
    ):
        redshift.create_cluster(
            ClusterIdentifier=name,
            NodeType="ra3.xlplus",
            MasterUsername="admin_user",
            MasterUserPassword=PASSWORD,
            ClusterSubnetGroupName=group,
            PubliclyAccessible=flag,
        )

    rds = raw_client("rds")
    for group, subnet in (("exposure-public", public), ("exposure-private", private)):
        rds.create_db_subnet_group(
            DBSubnetGroupName=group, DBSubnetGroupDescription=group, SubnetIds=[subnet]
        )
    for name, group, flag in (
        ("exposed-db", "exposure-public", True),
        ("flagged-db", "exposure-private", True),
    ):
        rds.create_db_instance(
            DBInstanceIdentifier=name,
            Engine="postgres",
            DBInstanceClass="db.t3.micro",
            MasterUsername="admin_user",
            MasterUserPassword=PASSWORD,
            AllocatedStorage=20,
            DBSubnetGroupName=group,
            PubliclyAccessible=flag,
        )

    search = raw_client("opensearch")
    search.create_domain(DomainName="exposure-public-search")
    search.create_domain(DomainName="exposure-vpc-search", VPCOptions={"SubnetIds": [private]})

    eks = raw_client("eks")
    role = "arn:aws:iam::123456789012:role/eks-cluster"
    for name, config in (
        ("exposure-open-k8s", {}),
        ("exposure-office-k8s", {"publicAccessCidrs": ["203.0.113.0/24"]}),
        (
            "exposure-private-k8s",
            {"endpointPublicAccess": False, "endpointPrivateAccess": True},
        ),
    ):
        eks.create_cluster(
            name=name, roleArn=role, resourcesVpcConfig={"subnetIds": [private], **config}
        )
    return {
        "vpc": vpc,
        "public": public,
        "private": private,
        "spare_ip": spare["PublicIp"],
        "nat_ip": on_nat["PublicIp"],
        "instance_ip": on_instance["PublicIp"],
    }


def _scan(session: AwsSession, *services: str) -> Snapshot:
    return collect(session, services=["ec2", *services])


def test_subnets_record_automatic_public_addressing(session: AwsSession) -> None:
    seeded = seed_network_exposure()

    snapshot = _scan(session)

    subnets = {s.subnet_id: s for s in snapshot.of_type(Subnet)}
    public, private = subnets[seeded["public"]], subnets[seeded["private"]]
    assert (public.map_public_ip_on_launch, public.assign_ipv6_address_on_creation) == (True, True)
    assert (private.map_public_ip_on_launch, private.assign_ipv6_address_on_creation) == (
        False,
        False,
    )
    judged = verdicts(snapshot, "ec2.subnet-auto-assign-public-ip")
    assert judged["exposure-public"] is Verdict.FAIL
    assert judged["exposure-private"] is Verdict.PASS


def test_elastic_ips_record_their_association(session: AwsSession) -> None:
    seeded = seed_network_exposure()

    snapshot = _scan(session)

    addresses = {a.public_ip: a for a in snapshot.of_type(ElasticIp)}
    spare = addresses[seeded["spare_ip"]]
    # moto's "" ids are read as absent, as AWS omits them.
    assert (spare.association_id, spare.instance_id, spare.network_interface_id) == (
        None,
        None,
        None,
    )
    nat = addresses[seeded["nat_ip"]]
    assert nat.association_id and nat.network_interface_id and nat.instance_id is None
    assert addresses[seeded["instance_ip"]].instance_id
    assert verdicts(snapshot, "ec2.unused-elastic-ip") == {
        seeded["spare_ip"]: Verdict.FAIL,
        seeded["nat_ip"]: Verdict.PASS,
        seeded["instance_ip"]: Verdict.PASS,
    }


def test_network_acls_are_judged_in_rule_order(session: AwsSession) -> None:
    seed_network_exposure()

    snapshot = _scan(session)

    acls = named(snapshot, NetworkAcl)
    inbound = [e.rule_number for e in acls["exposure-admin-denied"].entries if not e.egress]
    assert inbound[:5] == [50, 60, 70, 80, 100]
    judged = verdicts(snapshot, "ec2.nacl-admin-ports")
    assert judged["exposure-ssh-open"] is Verdict.FAIL
    assert judged["exposure-admin-denied"] is Verdict.PASS
    # Every VPC's default ACL admits everything, as AWS creates it.
    defaults = [a for a in acls.values() if a.is_default]
    assert defaults and all(judged[a.name] is Verdict.FAIL for a in defaults)


def test_redshift_clusters_are_public_only_with_a_route(session: AwsSession) -> None:
    seeded = seed_network_exposure()

    snapshot = _scan(session, "redshift")

    assert [g for g in snapshot.gaps if g.service == "redshift"] == []
    clusters = named(snapshot, RedshiftCluster)
    assert clusters["exposed-dw"].subnet_group == "exposure-public"
    assert clusters["exposed-dw"].subnet_ids == (seeded["public"],)
    assert clusters["flagged-dw"].subnet_ids == (seeded["private"],)
    calls = {f"{c.service}:{c.operation}": c.count for c in snapshot.api_calls}
    assert calls["redshift:DescribeClusterSubnetGroups"] == 1  # once, for the one region
    assert verdicts(snapshot, "redshift.cluster-not-public") == {
        "exposed-dw": Verdict.FAIL,
        "flagged-dw": Verdict.PASS,
        "private-dw": Verdict.PASS,
    }
    findings = evaluate(snapshot, [all_checks()["redshift.cluster-not-public"]]).findings
    flagged = next(f for f in findings if f.resource_name == "flagged-dw")
    assert "no subnet" in flagged.reason and flagged.evidence["subnets"] == [seeded["private"]]


def test_unread_subnet_groups_make_public_clusters_unknown(session: AwsSession) -> None:
    seed_network_exposure()
    deny(session, "redshift", "DescribeClusterSubnetGroups")

    snapshot = _scan(session, "redshift")

    redshift = {g.action for g in snapshot.gaps if g.service == "redshift"}
    assert redshift == {"redshift:DescribeClusterSubnetGroups"}
    assert named(snapshot, RedshiftCluster)["exposed-dw"].subnet_ids == ()
    assert verdicts(snapshot, "redshift.cluster-not-public") == {
        "exposed-dw": Verdict.UNKNOWN,
        "flagged-dw": Verdict.UNKNOWN,
        "private-dw": Verdict.PASS,
    }


def test_rds_instances_are_public_only_with_a_route(session: AwsSession) -> None:
    seeded = seed_network_exposure()

    snapshot = _scan(session, "rds")

    assert named(snapshot, DbInstance)["exposed-db"].subnet_ids == (seeded["public"],)
    assert verdicts(snapshot, "rds.instance-not-public") == {
        "exposed-db": Verdict.FAIL,
        "flagged-db": Verdict.PASS,
    }


def test_rds_without_the_network_is_unknown_not_private(session: AwsSession) -> None:
    seed_network_exposure()

    snapshot = collect(session, services=["rds"])  # EC2 not collected: no subnets, no routes

    assert verdicts(snapshot, "rds.instance-not-public") == {
        "exposed-db": Verdict.UNKNOWN,
        "flagged-db": Verdict.UNKNOWN,
    }


def test_opensearch_domains_in_a_vpc(session: AwsSession) -> None:
    seed_network_exposure()

    snapshot = collect(session, services=["opensearch"])

    domains = named(snapshot, OpenSearchDomain)
    assert domains["exposure-vpc-search"].in_vpc is True
    assert domains["exposure-public-search"].in_vpc is False
    assert verdicts(snapshot, "es.domain-not-public") == {
        "exposure-vpc-search": Verdict.PASS,
        "exposure-public-search": Verdict.FAIL,
    }


def test_eks_endpoints_with_aws_defaults_filled_in(session: AwsSession) -> None:
    seed_network_exposure()

    snapshot = collect(session, services=["eks"])

    clusters = named(snapshot, EksCluster)
    default = clusters["exposure-open-k8s"]
    assert (default.endpoint_public_access, default.endpoint_private_access) == (True, False)
    assert default.public_access_cidrs == ("0.0.0.0/0",)
    assert clusters["exposure-office-k8s"].public_access_cidrs == ("203.0.113.0/24",)
    assert clusters["exposure-private-k8s"].endpoint_public_access is False
    assert verdicts(snapshot, "eks.endpoint-not-public") == {
        "exposure-open-k8s": Verdict.FAIL,
        "exposure-office-k8s": Verdict.PASS,
        "exposure-private-k8s": Verdict.PASS,
    }


def test_undescribed_eks_cluster_is_unknown(session: AwsSession) -> None:
    seed_network_exposure()
    deny(session, "eks", "DescribeCluster")

    snapshot = collect(session, services=["eks"])

    cluster = named(snapshot, EksCluster)["exposure-open-k8s"]
    assert cluster.endpoint_public_access is None and cluster.public_access_cidrs == ()
    judged = verdicts(snapshot, "eks.endpoint-not-public")
    assert set(judged.values()) == {Verdict.UNKNOWN}
