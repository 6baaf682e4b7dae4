"""RDS collector: DB instances, clusters, and manual snapshots with their sharing.

The RDS API also lists Neptune and DocumentDB clusters and their cluster snapshots (same
``DescribeDBClusters`` and ``DescribeDBClusterSnapshots`` answers); they are split out by
``Engine`` into their own kinds (:data:`ENGINE_CLUSTERS`), from the one listing. Their DB
instances stay ``rds.instance`` cluster members (judged on their cluster).

Each parameter group in use is read once (``Source=user``: only what the customer changed) and
its TLS settings copied onto the instances or clusters using it; a setting the customer did
not change has the engine's default, which evaluation looks up.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from ...snapshot import Resource
from ...snapshot.docdb import DocDbCluster, DocDbClusterSnapshot
from ...snapshot.neptune import NeptuneCluster, NeptuneClusterSnapshot
from ...snapshot.rds import (
    TLS_PARAMETERS,
    DbCluster,
    DbInstance,
    DbSnapshot,
    EngineCluster,
    EngineClusterSnapshot,
    EventSubscription,
    RdsRegion,
)
from ..registry import collector
from ..unit import Unit

ClusterModel = type[NeptuneCluster] | type[DocDbCluster]
SnapshotModel = type[NeptuneClusterSnapshot] | type[DocDbClusterSnapshot]

ENGINE_CLUSTERS: dict[str, tuple[ClusterModel, SnapshotModel]] = {
    "neptune": (NeptuneCluster, NeptuneClusterSnapshot),
    "docdb": (DocDbCluster, DocDbClusterSnapshot),
}
"""Engines the RDS API lists that are other services, and their cluster and snapshot kinds."""


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
        "rds:DescribeDBParameters",
        "rds:DescribeDBClusterParameters",
        "rds:DescribeEventSubscriptions",
    ),
)
def collect_rds(unit: Unit) -> Iterator[Resource]:
    """Instances, clusters, manual snapshots and event subscriptions in one region (read at
    once).
    """
    yield from unit.gather(
        partial(_databases, unit),
        partial(_snapshots, unit, cluster=False),
        partial(_snapshots, unit, cluster=True),
        partial(_region, unit),
    )


def _region(unit: Unit) -> Iterator[Resource]:
    """The region's event subscriptions, from one paginated ``DescribeEventSubscriptions``
    (a failed read is a gap for the region: the checks that require it say unknown).
    """
    listed = unit.pages("describe_event_subscriptions", "EventSubscriptionsList")
    yield RdsRegion(
        arn=unit.arn("es:*"),
        name=unit.region,
        account_id=unit.account_id,
        region=unit.region,
        subscriptions=tuple(_subscription(raw) for raw in listed),
    )


def _subscription(raw: dict[str, Any]) -> EventSubscription:
    return EventSubscription(
        # CustSubscriptionId names the subscription (optional in botocore's model only).
        name=raw["CustSubscriptionId"],
        source_type=raw.get("SourceType") or None,
        categories=tuple(raw.get("EventCategoriesList", [])),
        source_ids=tuple(raw.get("SourceIdsList", [])),
        enabled=bool(raw.get("Enabled")),
        status=raw.get("Status", ""),
        topic_arn=raw.get("SnsTopicArn", ""),
    )


def _databases(unit: Unit) -> Iterator[Resource]:
    """Instances and clusters, with the TLS settings of their parameter groups."""
    common = {"account_id": unit.account_id, "region": unit.region}
    # ARNs and identifiers (of instances, clusters, snapshots, members, parameter groups,
    # security groups and subnets) are optional in botocore's model but identify what they
    # name: AWS omits them only in a malformed answer, whose KeyError is a CollectorError
    # gap (a group or subnet silently dropped could change a TLS or network verdict).
    instances, clusters = unit.both(
        partial(unit.pages, "describe_db_instances", "DBInstances"),
        partial(unit.pages, "describe_db_clusters", "DBClusters"),
    )
    instance_groups, cluster_groups = unit.both(
        partial(
            _overrides_by_group,
            unit,
            {g["DBParameterGroupName"] for r in instances for g in r.get("DBParameterGroups", [])},
        ),
        partial(
            _overrides_by_group,
            unit,
            {
                r["DBClusterParameterGroup"]
                for r in clusters
                if r.get("DBClusterParameterGroup") and r.get("Engine") not in ENGINE_CLUSTERS
            },
            cluster=True,
        ),
    )
    for raw in instances:
        group_names = [g["DBParameterGroupName"] for g in raw.get("DBParameterGroups", [])]
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
            read_replica_source=raw.get("ReadReplicaSourceDBInstanceIdentifier")
            or raw.get("ReadReplicaSourceDBClusterIdentifier"),
            parameter_overrides=_merged(instance_groups, group_names),
            monitoring_interval=raw.get("MonitoringInterval"),
            log_exports=tuple(raw.get("EnabledCloudwatchLogsExports", [])),
            copy_tags_to_snapshot=raw.get("CopyTagsToSnapshot"),
            vpc_id=(raw.get("DBSubnetGroup") or {}).get("VpcId") or None,
            port=(raw.get("Endpoint") or {}).get("Port"),
            master_username=raw.get("MasterUsername"),
            **common,
        )
    for raw in clusters:
        if raw.get("Engine") in ENGINE_CLUSTERS:
            yield _engine_cluster(raw, ENGINE_CLUSTERS[raw["Engine"]][0], common)
            continue
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
            parameter_overrides=_merged(cluster_groups, [raw.get("DBClusterParameterGroup", "")]),
            multi_az=raw.get("MultiAZ"),
            copy_tags_to_snapshot=raw.get("CopyTagsToSnapshot"),
            # AWS omits BacktrackWindow for a cluster that does not backtrack.
            backtrack_window=raw.get("BacktrackWindow", 0),
            log_exports=tuple(raw.get("EnabledCloudwatchLogsExports", [])),
            auto_minor_version_upgrade=raw.get("AutoMinorVersionUpgrade"),
            port=raw.get("Port"),
            master_username=raw.get("MasterUsername"),
            **common,
        )


def _engine_cluster(
    raw: dict[str, Any], model: ClusterModel, common: dict[str, str]
) -> EngineCluster:
    """A Neptune or DocumentDB cluster from its ``DescribeDBClusters`` entry."""
    return model(
        arn=raw["DBClusterArn"],
        name=raw["DBClusterIdentifier"],
        engine=raw["Engine"],
        engine_version=raw.get("EngineVersion", ""),
        storage_encrypted=raw.get("StorageEncrypted", False),
        kms_key_id=raw.get("KmsKeyId"),
        backup_retention_days=raw.get("BackupRetentionPeriod", 0),
        deletion_protection=raw.get("DeletionProtection", False),
        iam_auth=raw.get("IAMDatabaseAuthenticationEnabled", False),
        multi_az=raw.get("MultiAZ"),
        copy_tags_to_snapshot=raw.get("CopyTagsToSnapshot"),
        log_exports=tuple(raw.get("EnabledCloudwatchLogsExports", [])),
        member_ids=tuple(m["DBInstanceIdentifier"] for m in raw.get("DBClusterMembers", [])),
        port=raw.get("Port"),
        **common,
    )


GROUP_NOT_FOUND = ("DBParameterGroupNotFound", "DBClusterParameterGroupNotFound")
"""A group an instance names but the API cannot find: left unread (None), the verdict unknown.
(moto names default cluster groups it never creates; AWS should never answer this.)"""


def _overrides_by_group(
    unit: Unit, names: set[str], *, cluster: bool = False
) -> dict[str, dict[str, str] | None]:
    """Each group's customer-set TLS parameters; None for a group whose read failed."""
    ordered = sorted(names)
    read = unit.fan_out(lambda n: _overrides(unit, n, cluster), ordered)
    return dict(zip(ordered, read, strict=True))


def _overrides(unit: Unit, name: str, cluster: bool) -> dict[str, str] | None:
    """``Describe[Cluster]DBParameters`` with ``Source=user``, following ``Marker``.

    Called through :meth:`Unit.call` (not ``pages``) so that a failure is recorded against
    this group's ARN and "not found" can be told apart.
    """
    method = "describe_db_cluster_parameters" if cluster else "describe_db_parameters"
    key = "DBClusterParameterGroupName" if cluster else "DBParameterGroupName"
    arn = unit.arn(f"{'cluster-pg' if cluster else 'pg'}:{name}")
    found: dict[str, str] = {}
    marker: str | None = None
    while True:
        paging = {"Marker": marker} if marker else {}
        answer = unit.call(
            method,
            resource_arn=arn,
            absent_on=GROUP_NOT_FOUND,
            Source="user",
            **{key: name},
            **paging,
        )
        if answer is None:
            return None
        for parameter in answer.get("Parameters", []):
            value = parameter.get("ParameterValue")
            if parameter.get("ParameterName") in TLS_PARAMETERS and value is not None:
                found[parameter["ParameterName"]] = str(value)
        marker = answer.get("Marker")
        if not marker:
            return found


def _merged(groups: dict[str, dict[str, str] | None], names: list[str]) -> dict[str, str] | None:
    """The overrides of the named groups together; None if any of them was not read."""
    merged: dict[str, str] = {}
    for name in names:
        overrides = groups.get(name)
        if overrides is None:
            return None
        merged.update(overrides)
    return merged if names else None


def _snapshots(unit: Unit, *, cluster: bool) -> list[DbSnapshot | EngineClusterSnapshot]:
    prefix = "DBClusterSnapshot" if cluster else "DBSnapshot"
    method = "describe_db_cluster_snapshots" if cluster else "describe_db_snapshots"
    raws = unit.pages(method, f"{prefix}s", SnapshotType="manual")
    return unit.fan_out(lambda raw: _snapshot(unit, raw, cluster=cluster), raws)


def _snapshot(
    unit: Unit, raw: dict[str, Any], *, cluster: bool
) -> DbSnapshot | EngineClusterSnapshot:
    """One manual snapshot, with who may restore it (a Neptune or DocumentDB cluster
    snapshot as its own kind).
    """
    prefix = "DBClusterSnapshot" if cluster else "DBSnapshot"
    attributes_method = (
        "describe_db_cluster_snapshot_attributes" if cluster else "describe_db_snapshot_attributes"
    )
    arn = raw[f"{prefix}Arn"]
    snapshot_id = raw[f"{prefix}Identifier"]
    answer = unit.call(attributes_method, resource_arn=arn, **{f"{prefix}Identifier": snapshot_id})
    restore = _restore_values(answer, f"{prefix}AttributesResult")
    public = "all" in restore if restore is not None else None
    shared_with = tuple(v for v in restore or () if v != "all")
    engine = raw.get("Engine")
    if cluster and engine in ENGINE_CLUSTERS:
        return ENGINE_CLUSTERS[engine][1](
            arn=arn,
            name=snapshot_id,
            account_id=unit.account_id,
            region=unit.region,
            snapshot_id=snapshot_id,
            source_id=raw.get("DBClusterIdentifier", ""),
            encrypted=raw.get("StorageEncrypted", False),
            created=raw.get("SnapshotCreateTime"),
            public=public,
            shared_with=shared_with,
        )
    return DbSnapshot(
        arn=arn,
        name=snapshot_id,
        account_id=unit.account_id,
        region=unit.region,
        snapshot_id=snapshot_id,
        source_id=raw.get("DBClusterIdentifier" if cluster else "DBInstanceIdentifier", ""),
        cluster_snapshot=cluster,
        encrypted=raw.get("StorageEncrypted" if cluster else "Encrypted", False),
        created=raw.get("SnapshotCreateTime"),
        public=public,
        shared_with=shared_with,
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
