"""Redshift collector: provisioned clusters and the ``require_ssl`` of their parameter group.

Each distinct parameter group is read once with ``DescribeClusterParameters``, default
groups (``default.redshift-*``) included: the call reports the effective value whatever its
source, so incloud never assumes what AWS's default is. AWS documents that, by default,
cluster databases accept connections with or without SSL until ``require_ssl`` is true in
the cluster's parameter group ("Configuring security options for connections",
https://docs.aws.amazon.com/redshift/latest/mgmt/connecting-ssl-support.html).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.redshift import RedshiftCluster
from ..registry import collector
from ..unit import Unit


@collector(
    service="redshift",
    scope="regional",
    operations=(
        "redshift:DescribeClusters",
        "redshift:DescribeClusterParameters",
        "redshift:DescribeClusterSubnetGroups",
        "redshift:DescribeLoggingStatus",
    ),
)
def collect_redshift(unit: Unit) -> Iterator[Resource]:
    """Every provisioned cluster in the region, with its parameter group's TLS setting and
    its subnet group's subnets (the network checks follow their routes).
    """
    # ClusterIdentifier, ClusterSubnetGroupName and ParameterGroupName are optional in
    # botocore's model but identify what they name: AWS omits them only in a malformed
    # answer, whose KeyError is a CollectorError gap.
    clusters = unit.pages("describe_clusters", "Clusters")
    groups = sorted({g for c in clusters if (g := _parameter_group(c))})
    values = unit.fan_out(lambda group: _require_ssl(unit, group), groups)
    require_ssl = dict(zip(groups, values, strict=True))
    subnets = _subnet_groups(unit) if clusters else {}
    # Audit logging has no bulk read: one DescribeLoggingStatus per cluster.
    logging = unit.fan_out(lambda raw: _audit_logging(unit, raw["ClusterIdentifier"]), clusters)
    for raw, audit_logging in zip(clusters, logging, strict=True):
        name = raw["ClusterIdentifier"]
        group = _parameter_group(raw)
        yield RedshiftCluster(
            arn=unit.arn(f"cluster:{name}"),
            name=name,
            account_id=unit.account_id,
            region=unit.region,
            encrypted=bool(raw.get("Encrypted")),
            kms_key_id=raw.get("KmsKeyId"),
            publicly_accessible=bool(raw.get("PubliclyAccessible")),
            vpc_id=raw.get("VpcId") or None,
            subnet_group=raw.get("ClusterSubnetGroupName") or None,
            subnet_ids=subnets.get(raw.get("ClusterSubnetGroupName") or "", ()),
            parameter_group=group,
            require_ssl=require_ssl.get(group) if group else None,
            snapshot_retention_days=raw.get("AutomatedSnapshotRetentionPeriod"),
            allow_version_upgrade=raw.get("AllowVersionUpgrade"),
            enhanced_vpc_routing=raw.get("EnhancedVpcRouting"),
            master_username=raw.get("MasterUsername"),
            database_name=raw.get("DBName"),
            audit_logging=audit_logging,
        )


def _audit_logging(unit: Unit, name: str) -> bool | None:
    """Whether the cluster's audit logging is on; None when the read failed (a gap names the
    cluster) or the answer lacked ``LoggingEnabled`` (recorded as malformed).
    """
    arn = unit.arn(f"cluster:{name}")
    answer = unit.call("describe_logging_status", resource_arn=arn, ClusterIdentifier=name)
    if answer is None:
        return None
    enabled = answer.get("LoggingEnabled")
    if not isinstance(enabled, bool):
        unit.malformed("describe_logging_status", "no LoggingEnabled", resource_arn=arn)
        return None
    return enabled


def _subnet_groups(unit: Unit) -> dict[str, tuple[str, ...]]:
    """Subnet ids per cluster subnet group, from one paginated read for the region."""
    return {
        group["ClusterSubnetGroupName"]: tuple(
            s["SubnetIdentifier"] for s in group.get("Subnets", []) if s.get("SubnetIdentifier")
        )
        for group in unit.pages("describe_cluster_subnet_groups", "ClusterSubnetGroups")
    }


def _parameter_group(cluster: dict[str, Any]) -> str | None:
    groups = cluster.get("ClusterParameterGroups") or []
    return str(groups[0]["ParameterGroupName"]) if groups else None


def _require_ssl(unit: Unit, group: str) -> bool | None:
    """The group's ``require_ssl``; None when the read failed (a gap names the group) or the
    parameter was not reported.
    """
    arn = unit.arn(f"parametergroup:{group}")
    marker: str | None = None
    while True:
        page = unit.call(
            "describe_cluster_parameters",
            resource_arn=arn,
            ParameterGroupName=group,
            **({"Marker": marker} if marker else {}),
        )
        if page is None:
            return None
        for parameter in page.get("Parameters", []):
            if parameter.get("ParameterName") == "require_ssl":
                return str(parameter.get("ParameterValue", "")).lower() == "true"
        marker = page.get("Marker")
        if not marker:
            return None
