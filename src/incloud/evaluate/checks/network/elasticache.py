"""ElastiCache network placement: clusters in a subnet group of the customer's choosing."""

from __future__ import annotations

from ....snapshot.elasticache import CacheCluster
from ...check import Domain, Severity
from ..factories import setting_check

DEFAULT_SUBNET_GROUP = "default"
"""The cache subnet group ElastiCache creates in the default VPC (Security Hub ElastiCache.7)."""

custom_subnet_group = setting_check(
    id="elasticache.custom-subnet-group",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=CacheCluster,
    setting="subnet_groups",
    value=lambda c: ", ".join(c.subnet_groups) or None,
    is_ok=lambda groups: DEFAULT_SUBNET_GROUP not in groups.split(", "),
    ok="in subnet group {value}",
    bad="in the default subnet group: the default VPC's subnets, public ones included",
    doc="""ElastiCache clusters do not use the default subnet group.

    The `default` cache subnet group holds the default VPC's subnets, which are public (they
    route to an internet gateway); a cache belongs in private subnets chosen for it
    (ElastiCache User Guide, "Subnets and subnet groups"; Security Hub ElastiCache.7). A
    replication group is judged on its member clusters' groups.

    Remediation: the subnet group is chosen at creation: create a cache subnet group of
    private subnets (`aws elasticache create-cache-subnet-group`), create a cluster in it
    from a backup, and move clients; Terraform `subnet_group_name` on
    `aws_elasticache_replication_group` or `aws_elasticache_cluster`.
    """,
)
