"""Exposure beyond instances in the demo account: network ACLs, a spare Elastic IP, and a
warehouse and a search domain placed on either side of the internet.

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control(s) it corresponds to.

  - ``legacy-admin-nacl``: SSH from 0.0.0.0/0 and RDP from ::/0 -> ec2.nacl-admin-ports;
    EC2.21 (every VPC's default ACL, allow-all as AWS creates it, fails too)
  - ``legacy-spare-eip``: allocated, associated with nothing -> ec2.unused-elastic-ip; EC2.12
  - ``legacy-bi-dw``: a publicly accessible Redshift cluster in the public subnets, which
    route to the internet gateway -> redshift.cluster-not-public; Redshift.1
  Fine: ``private-nacl`` (denies SSH and RDP, TCP and UDP, before allowing the rest),
  ``orders-search`` (an OpenSearch domain in the private subnets, encrypted, HTTPS only),
  against ``legacy-logs`` (:mod:`.stores`), which has a public endpoint ->
  es.domain-not-public; Opensearch.2.

The ACLs are associated with no subnet, so they change no reachability finding.
"""

from __future__ import annotations

from typing import Any

from ._common import DEMO_PASSWORD, _Seeder, _spec

_COMPANY_TAG = [{"Key": "company", "Value": "northwind-notes"}]


def seed_exposure(s: _Seeder) -> None:
    """Create the ACLs, the spare address, ``legacy-bi-dw`` and ``orders-search``.

    Needs :func:`.network.seed_network` (the main VPC's subnets) and the data key.
    """
    ec2 = s("ec2")
    vpc = ec2.describe_subnets(SubnetIds=s.public_subnets[:1])["Subnets"][0]["VpcId"]
    _acl(
        ec2,
        vpc,
        "legacy-admin-nacl",
        _entry(100, "allow", 22, cidr="0.0.0.0/0"),
        _entry(110, "allow", 3389, cidr6="::/0"),
    )
    _acl(
        ec2,
        vpc,
        "private-nacl",
        _entry(50, "deny", 22, cidr="0.0.0.0/0"),
        _entry(60, "deny", 3389, cidr="0.0.0.0/0"),
        _entry(70, "deny", 22, cidr="0.0.0.0/0", protocol="17"),
        _entry(80, "deny", 3389, cidr="0.0.0.0/0", protocol="17"),
        {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"},
    )
    ec2.allocate_address(Domain="vpc", TagSpecifications=_spec("elastic-ip", "legacy-spare-eip"))

    redshift = s("redshift")
    redshift.create_cluster_subnet_group(
        ClusterSubnetGroupName="northwind-bi-public",
        Description="public subnets, for the old BI tool",
        SubnetIds=s.public_subnets,
    )
    redshift.create_cluster(
        ClusterIdentifier="legacy-bi-dw",
        NodeType="ra3.xlplus",
        MasterUsername="northwind",
        MasterUserPassword=DEMO_PASSWORD,
        ClusterSubnetGroupName="northwind-bi-public",
        PubliclyAccessible=True,
        Encrypted=True,
        KmsKeyId=s.data_key,
        Tags=_COMPANY_TAG,
    )
    s("opensearch").create_domain(
        DomainName="orders-search",
        EngineVersion="OpenSearch_2.11",
        VPCOptions={"SubnetIds": s.private_subnets[:1], "SecurityGroupIds": [s.sg["app-sg"]]},
        EncryptionAtRestOptions={"Enabled": True, "KmsKeyId": s.data_key},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={
            "EnforceHTTPS": True,
            "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07",
        },
        TagList=_COMPANY_TAG,
    )


def _entry(
    number: int,
    action: str,
    port: int,
    *,
    cidr: str = "",
    cidr6: str = "",
    protocol: str = "6",
) -> dict[str, Any]:
    """An inbound entry for one port (TCP unless ``protocol`` says, "17" for UDP) from an
    IPv4 or IPv6 range.
    """
    source = {"CidrBlock": cidr} if cidr else {"Ipv6CidrBlock": cidr6}
    return {
        "RuleNumber": number,
        "Protocol": protocol,
        "RuleAction": action,
        "PortRange": {"From": port, "To": port},
        **source,
    }


def _acl(ec2: Any, vpc: str, name: str, *entries: dict[str, Any]) -> None:
    """A network ACL (associated with no subnet) with inbound ``entries``."""
    acl = ec2.create_network_acl(VpcId=vpc, TagSpecifications=_spec("network-acl", name))
    for entry in entries:
        ec2.create_network_acl_entry(
            NetworkAclId=acl["NetworkAcl"]["NetworkAclId"], Egress=False, **entry
        )
