"""ElastiCache collector: replication groups, and cache clusters outside any group.

Members of a replication group are not listed separately: the group carries their
encryption settings. Serverless caches are not collected; AWS always encrypts them in
transit and at rest.
"""

from __future__ import annotations

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
    for group in unit.pages("describe_replication_groups", "ReplicationGroups"):
        yield _group(unit, group)
    for cluster in unit.pages("describe_cache_clusters", "CacheClusters"):
        if not cluster.get("ReplicationGroupId"):
            yield _standalone(unit, cluster)


def _group(unit: Unit, raw: dict[str, Any]) -> CacheCluster:
    # The ids are optional in botocore's model but identify the group or cluster: AWS omits
    # them only in a malformed answer, whose KeyError is a CollectorError gap.
    name = raw["ReplicationGroupId"]
    return CacheCluster(
        arn=raw.get("ARN") or unit.arn(f"replicationgroup:{name}"),
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        replication_group=True,
        engine=raw.get("Engine") or "redis",
        at_rest_encryption=raw.get("AtRestEncryptionEnabled"),
        transit_encryption=raw.get("TransitEncryptionEnabled"),
        transit_encryption_mode=raw.get("TransitEncryptionMode"),
        kms_key_id=raw.get("KmsKeyId"),
        auth_token_enabled=bool(raw.get("AuthTokenEnabled")),
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
    )
