"""Amazon ElastiCache: Valkey/Redis OSS replication groups and standalone cache clusters."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class CacheCluster(Resource):
    """What the ElastiCache console calls a cluster.

    Either a Valkey or Redis OSS replication group (``replication_group`` true; its member
    nodes are not listed separately), or a standalone cache cluster (Memcached, or a
    single-node Redis OSS cluster created without a group). The encryption flags are None
    where the API did not report them.
    """

    kind: Literal["elasticache.cluster"] = "elasticache.cluster"
    replication_group: bool = True
    engine: str = "redis"
    engine_version: str = ""
    """For a replication group, the lowest of its member clusters' versions ("" if none was
    listed)."""
    at_rest_encryption: bool | None = None
    transit_encryption: bool | None = None
    transit_encryption_mode: str | None = None
    """``preferred`` (TLS and plain text both accepted) or ``required``; None before the
    setting existed, when enabling in-transit encryption meant TLS only."""
    kms_key_id: str | None = None
    auth_token_enabled: bool = False
    snapshot_retention_days: int | None = None
    """Days automatic backups are kept (``SnapshotRetentionLimit``; 0 is off)."""
    automatic_failover: str | None = None
    """A replication group's ``AutomaticFailover`` (``enabled``, ``disabled``, ``enabling``,
    ``disabling``); None for a standalone cluster."""
    auto_minor_version_upgrade: bool | None = None
    """For a group, its own ``AutoMinorVersionUpgrade``, else true only if every member
    cluster has it; None when not reported."""
    subnet_groups: tuple[str, ...] = ()
    """The cache subnet group(s) of the cluster, or of a group's member clusters."""

    service: ClassVar[str] = "elasticache"
    listed_by: ClassVar[tuple[str, ...]] = (
        "elasticache:DescribeReplicationGroups",
        "elasticache:DescribeCacheClusters",
    )
