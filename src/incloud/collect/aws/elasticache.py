"""ElastiCache collector: replication groups, and cache clusters outside any group.

Members of a replication group are not listed separately: the group carries their
encryption settings, and takes from its member clusters (one ``DescribeCacheClusters``
listing for the region) what only they report: engine version, subnet group and, where the
group does not report it, automatic minor version upgrades. Serverless caches are not
collected; AWS always encrypts them in transit and at rest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.elasticache import CacheCluster
from ..registry import collector
from ..unit import Unit


@collector(
    service="elasticache",
    scope="regional",
    operations=("elasticache:DescribeReplicationGroups", "elasticache:DescribeCacheClusters"),
)
def collect_elasticache(unit: Unit) -> Iterator[Resource]:
    """Every replication group and standalone cache cluster in the region."""
    groups = unit.pages("describe_replication_groups", "ReplicationGroups")
    clusters = unit.pages("describe_cache_clusters", "CacheClusters")
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for cluster in clusters:
        if cluster.get("ReplicationGroupId"):
            members[cluster["ReplicationGroupId"]].append(cluster)
    for group in groups:
        yield _group(unit, group, members.get(group["ReplicationGroupId"], []))
    for cluster in clusters:
        if not cluster.get("ReplicationGroupId"):
            yield _standalone(unit, cluster)


def _group(unit: Unit, raw: dict[str, Any], members: list[dict[str, Any]]) -> CacheCluster:
    # The ids are optional in botocore's model but identify the group or cluster: AWS omits
    # them only in a malformed answer, whose KeyError is a CollectorError gap.
    name = raw["ReplicationGroupId"]
    versions = [m["EngineVersion"] for m in members if m.get("EngineVersion")]
    upgrades = [m.get("AutoMinorVersionUpgrade") for m in members]
    auto_upgrade = raw.get("AutoMinorVersionUpgrade")
    if auto_upgrade is None and upgrades and None not in upgrades:
        auto_upgrade = all(upgrades)
    return CacheCluster(
        arn=raw.get("ARN") or unit.arn(f"replicationgroup:{name}"),
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        replication_group=True,
        engine=raw.get("Engine") or "redis",
        engine_version=min(versions, key=_version_key) if versions else "",
        at_rest_encryption=raw.get("AtRestEncryptionEnabled"),
        transit_encryption=raw.get("TransitEncryptionEnabled"),
        transit_encryption_mode=raw.get("TransitEncryptionMode"),
        kms_key_id=raw.get("KmsKeyId"),
        auth_token_enabled=bool(raw.get("AuthTokenEnabled")),
        snapshot_retention_days=raw.get("SnapshotRetentionLimit"),
        automatic_failover=raw.get("AutomaticFailover"),
        auto_minor_version_upgrade=auto_upgrade,
        subnet_groups=tuple(
            sorted({m["CacheSubnetGroupName"] for m in members if m.get("CacheSubnetGroupName")})
        ),
    )


def _standalone(unit: Unit, raw: dict[str, Any]) -> CacheCluster:
    name = raw["CacheClusterId"]
    return CacheCluster(
        arn=raw.get("ARN") or unit.arn(f"cluster:{name}"),
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        replication_group=False,
        engine=raw.get("Engine", ""),
        engine_version=raw.get("EngineVersion", ""),
        at_rest_encryption=raw.get("AtRestEncryptionEnabled"),
        transit_encryption=raw.get("TransitEncryptionEnabled"),
        transit_encryption_mode=raw.get("TransitEncryptionMode"),
        auth_token_enabled=bool(raw.get("AuthTokenEnabled")),
        snapshot_retention_days=raw.get("SnapshotRetentionLimit"),
        auto_minor_version_upgrade=raw.get("AutoMinorVersionUpgrade"),
        subnet_groups=(raw["CacheSubnetGroupName"],) if raw.get("CacheSubnetGroupName") else (),
    )


def _version_key(version: str) -> tuple[int, ...]:
    """``6.2.6`` -> ``(6, 2, 6)``; parts that are not numbers count as 0."""
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))
