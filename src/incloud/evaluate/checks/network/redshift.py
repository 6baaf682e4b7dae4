"""Redshift network exposure, decided by the cluster subnet group's routes."""

from __future__ import annotations

from ....snapshot.redshift import RedshiftCluster
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
