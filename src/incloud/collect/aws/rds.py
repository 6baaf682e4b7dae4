"""RDS collector: DB instances, clusters, and manual snapshots with their sharing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.rds import DbCluster, DbInstance, DbSnapshot
from ..registry import collector
from ..unit import Unit


@collector(
    service="rds",
    scope="regional",
    operations=(
        "rds:DescribeDBInstances",
        "rds:DescribeDBClusters",
        "rds:DescribeDBSnapshots",
        "rds:DescribeDBSnapshotAttributes",
        "rds:DescribeDBClusterSnapshots",
        "rds:DescribeDBClusterSnapshotAttributes",
    ),
)
def collect_rds(unit: Unit) -> Iterator[Resource]:
    """Instances, clusters and manual snapshots in one region."""
    common = {"account_id": unit.account_id, "region": unit.region}
    for raw in unit.pages("describe_db_instances", "DBInstances"):
        yield DbInstance(
            arn=raw["DBInstanceArn"],
            name=raw["DBInstanceIdentifier"],
            engine=raw.get("Engine", ""),
            engine_version=raw.get("EngineVersion", ""),
            instance_class=raw.get("DBInstanceClass", ""),
            storage_encrypted=raw.get("StorageEncrypted", False),
            kms_key_id=raw.get("KmsKeyId"),
            publicly_accessible=raw.get("PubliclyAccessible", False),
            backup_retention_days=raw.get("BackupRetentionPeriod", 0),
            deletion_protection=raw.get("DeletionProtection", False),
            multi_az=raw.get("MultiAZ", False),
            auto_minor_version_upgrade=raw.get("AutoMinorVersionUpgrade", True),
            iam_auth=raw.get("IAMDatabaseAuthenticationEnabled", False),
            parameter_groups=tuple(
                g["DBParameterGroupName"] for g in raw.get("DBParameterGroups", [])
            ),
            security_group_ids=tuple(
                g["VpcSecurityGroupId"] for g in raw.get("VpcSecurityGroups", [])
            ),
            subnet_ids=tuple(
                s["SubnetIdentifier"] for s in raw.get("DBSubnetGroup", {}).get("Subnets", [])
            ),
            cluster_id=raw.get("DBClusterIdentifier"),
            **common,
        )
    for raw in unit.pages("describe_db_clusters", "DBClusters"):
        yield DbCluster(
            arn=raw["DBClusterArn"],
            name=raw["DBClusterIdentifier"],
            engine=raw.get("Engine", ""),
            engine_version=raw.get("EngineVersion", ""),
            storage_encrypted=raw.get("StorageEncrypted", False),
            kms_key_id=raw.get("KmsKeyId"),
            backup_retention_days=raw.get("BackupRetentionPeriod", 0),
            deletion_protection=raw.get("DeletionProtection", False),
            iam_auth=raw.get("IAMDatabaseAuthenticationEnabled", False),
            parameter_group=raw.get("DBClusterParameterGroup"),
            member_ids=tuple(m["DBInstanceIdentifier"] for m in raw.get("DBClusterMembers", [])),
            **common,
        )
    yield from _snapshots(unit, cluster=False)
    yield from _snapshots(unit, cluster=True)


def _snapshots(unit: Unit, *, cluster: bool) -> Iterator[DbSnapshot]:
    prefix = "DBClusterSnapshot" if cluster else "DBSnapshot"
    method = "describe_db_cluster_snapshots" if cluster else "describe_db_snapshots"
    attributes_method = method.replace("snapshots", "snapshot_attributes")
    for raw in unit.pages(method, f"{prefix}s", SnapshotType="manual"):
        arn = raw[f"{prefix}Arn"]
        snapshot_id = raw[f"{prefix}Identifier"]
        answer = unit.call(
            attributes_method, resource_arn=arn, **{f"{prefix}Identifier": snapshot_id}
        )
        restore = _restore_values(answer, f"{prefix}AttributesResult")
        yield DbSnapshot(
            arn=arn,
            name=snapshot_id,
            account_id=unit.account_id,
            region=unit.region,
            snapshot_id=snapshot_id,
            source_id=raw.get("DBClusterIdentifier" if cluster else "DBInstanceIdentifier", ""),
            cluster_snapshot=cluster,
            encrypted=raw.get("StorageEncrypted" if cluster else "Encrypted", False),
            created=raw.get("SnapshotCreateTime"),
            public="all" in restore if restore is not None else None,
            shared_with=tuple(v for v in restore or () if v != "all"),
        )


def _restore_values(answer: dict[str, Any] | None, result_key: str) -> list[str] | None:
    """Accounts (or ``all``) allowed to restore the snapshot; None if not read."""
    if answer is None:
        return None
    # DBSnapshotAttributesResult holds DBSnapshotAttributes (likewise for clusters).
    for attribute in answer.get(result_key, {}).get(result_key.removesuffix("Result"), []):
        if attribute.get("AttributeName") == "restore":
            return list(attribute.get("AttributeValues", []))
    return []
