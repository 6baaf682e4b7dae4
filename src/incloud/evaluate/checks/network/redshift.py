"""Redshift network exposure, decided by the cluster subnet group's routes, and enhanced VPC
routing.
"""

from __future__ import annotations

from ....snapshot.redshift import RedshiftCluster
from ...check import Domain, Severity
from ..factories import setting_check
from ._routes import ROUTE_READS, route_check

cluster_not_public = route_check(
    id="redshift.cluster-not-public",
    resource=RedshiftCluster,
    public=lambda cluster: cluster.publicly_accessible,
    subnets=lambda cluster: cluster.subnet_ids,
    reads=(*ROUTE_READS, "redshift:DescribeClusterSubnetGroups"),
    doc="""Redshift clusters are not reachable from the internet.

    A publicly accessible cluster gets a public address; once a subnet of its cluster subnet
    group routes to an internet gateway, the warehouse's port (5439) faces the internet
    behind nothing but its security group (Security Hub Redshift.1). A publicly accessible
    cluster whose subnets have no internet-gateway route passes, with that evidence; missing
    subnet groups, subnets or route tables give ``unknown``.

    Remediation: `aws redshift modify-cluster --cluster-identifier ID
    --no-publicly-accessible` (Terraform `publicly_accessible = false` on
    `aws_redshift_cluster`), and keep the cluster subnet group in private subnets.
    """,
)


cluster_enhanced_vpc_routing = setting_check(
    id="redshift.cluster-enhanced-vpc-routing",
    domain=Domain.NETWORK,
    severity=Severity.MEDIUM,
    resource=RedshiftCluster,
    setting="enhanced_vpc_routing",
    value=lambda c: c.enhanced_vpc_routing,
    is_ok=bool,
    ok="COPY and UNLOAD traffic goes through the VPC",
    bad="COPY and UNLOAD traffic bypasses the VPC: endpoint policies and flow logs miss it",
    doc="""Redshift clusters use enhanced VPC routing.

    With enhanced VPC routing, `COPY` and `UNLOAD` traffic between the cluster and S3 or
    other sources goes through the VPC, where security groups, VPC endpoint policies and
    flow logs see and control it; without it the traffic takes the internet path (Redshift
    Management Guide, "Enhanced VPC routing"; Security Hub Redshift.7).

    Remediation: `aws redshift modify-cluster --cluster-identifier ID
    --enhanced-vpc-routing` (add an S3 gateway endpoint or NAT route first); Terraform
    `enhanced_vpc_routing = true` on `aws_redshift_cluster`.
    """,
)
