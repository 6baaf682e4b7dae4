"""RDS and Aurora: instances, clusters and their snapshots."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from .base import Frozen, Resource

TLS_PARAMETERS = (
    "rds.force_ssl",
    "require_secure_transport",
    "ssl_min_protocol_version",
    "tls_version",
)
"""The parameter-group settings kept in ``parameter_overrides``: those that decide whether
connections must use TLS, and which versions (RDS User Guide, "Using SSL/TLS to encrypt a
connection to a DB instance or cluster")."""


class DbInstance(Resource):
    """An RDS DB instance (Aurora members included, with ``cluster_id`` set).

    ``parameter_overrides`` holds the :data:`TLS_PARAMETERS` the customer set in the
    instance's DB parameter group (``DescribeDBParameters`` with ``Source=user``); a parameter
    absent from it has the engine's default. None when the group's parameters were not read.
    """

    kind: Literal["rds.instance"] = "rds.instance"
    engine: str
    engine_version: str = ""
    instance_class: str = ""
    storage_encrypted: bool = False
    kms_key_id: str | None = None
    publicly_accessible: bool = False
    backup_retention_days: int = 1
    deletion_protection: bool = False
    multi_az: bool = False
    auto_minor_version_upgrade: bool = True
    iam_auth: bool = False
    parameter_groups: tuple[str, ...] = ()
    security_group_ids: tuple[str, ...] = ()
    subnet_ids: tuple[str, ...] = ()
    cluster_id: str | None = None
    read_replica_source: str | None = None
    parameter_overrides: dict[str, str] | None = None
    monitoring_interval: int | None = None
    """Seconds between Enhanced Monitoring samples (``MonitoringInterval``); 0 is off, None
    not reported."""
    log_exports: tuple[str, ...] = ()
    """Logs published to CloudWatch Logs (``EnabledCloudwatchLogsExports``; AWS omits the
    member when none are)."""
    copy_tags_to_snapshot: bool | None = None
    vpc_id: str | None = None
    """The DB subnet group's VPC; None for an instance outside any VPC (EC2-Classic)."""
    port: int | None = None
    """The endpoint's port; None while the instance has no endpoint yet (creating)."""
    master_username: str | None = None

    service: ClassVar[str] = "rds"
    listed_by: ClassVar[tuple[str, ...]] = ("rds:DescribeDBInstances",)


class DbCluster(Resource):
    """An Aurora (or Multi-AZ) DB cluster.

    ``parameter_overrides``: as for :class:`DbInstance`, from the DB cluster parameter group
    (``DescribeDBClusterParameters``); None when not read.
    """

    kind: Literal["rds.cluster"] = "rds.cluster"
    engine: str
    engine_version: str = ""
    storage_encrypted: bool = False
    kms_key_id: str | None = None
    backup_retention_days: int = 1
    deletion_protection: bool = False
    iam_auth: bool = False
    parameter_group: str | None = None
    member_ids: tuple[str, ...] = ()
    parameter_overrides: dict[str, str] | None = None
    multi_az: bool | None = None
    copy_tags_to_snapshot: bool | None = None
    backtrack_window: int = 0
    """Seconds of Aurora MySQL backtracking (``BacktrackWindow``; AWS omits it when off)."""
    log_exports: tuple[str, ...] = ()
    """Logs published to CloudWatch Logs (``EnabledCloudwatchLogsExports``)."""
    auto_minor_version_upgrade: bool | None = None
    """Reported for Multi-AZ DB clusters; Aurora sets it on each instance (None here)."""
    port: int | None = None
    master_username: str | None = None

    service: ClassVar[str] = "rds"
    listed_by: ClassVar[tuple[str, ...]] = ("rds:DescribeDBClusters",)


class DbSnapshot(Resource):
    """A manual DB instance or cluster snapshot. ``public`` is None when it was not read."""

    kind: Literal["rds.snapshot"] = "rds.snapshot"
    snapshot_id: str
    source_id: str = ""
    cluster_snapshot: bool = False
    encrypted: bool = False
    created: datetime | None = None
    public: bool | None = None
    shared_with: tuple[str, ...] = ()

    service: ClassVar[str] = "rds"
    listed_by: ClassVar[tuple[str, ...]] = (
        "rds:DescribeDBSnapshots",
        "rds:DescribeDBClusterSnapshots",
    )


class EventSubscription(Frozen):
    """One RDS event notification subscription (``DescribeEventSubscriptions``).

    ``categories`` empty means every category of the source type; ``source_type`` None means
    every source type (AWS omits it then).
    """

    name: str
    source_type: str | None = None
    categories: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    enabled: bool = False
    status: str = ""
    topic_arn: str = ""


class RdsRegion(Resource):
    """A region's RDS event notification subscriptions (``DescribeEventSubscriptions``; when
    that read failed, a gap for the region says so and the list may be short).
    """

    kind: Literal["rds.region"] = "rds.region"
    subscriptions: tuple[EventSubscription, ...] = ()

    service: ClassVar[str] = "rds"
    listed_by: ClassVar[tuple[str, ...]] = ("rds:DescribeEventSubscriptions",)

    def in_use(self) -> bool:
        """Regional settings exist in every account."""
        return False


class EngineCluster(Resource):
    """What Neptune and DocumentDB clusters share: the management API (``rds``) lists them
    with RDS's clusters, and :mod:`incloud.collect.aws.rds` keeps them apart by ``Engine``.
    Not a snapshot kind itself (RDS checks never judge these clusters).
    """

    engine: str
    engine_version: str = ""
    storage_encrypted: bool = False
    kms_key_id: str | None = None
    backup_retention_days: int = 1
    deletion_protection: bool = False
    iam_auth: bool = False
    multi_az: bool | None = None
    copy_tags_to_snapshot: bool | None = None
    log_exports: tuple[str, ...] = ()
    """Logs published to CloudWatch Logs (``EnabledCloudwatchLogsExports``)."""
    member_ids: tuple[str, ...] = ()
    port: int | None = None

    listed_by: ClassVar[tuple[str, ...]] = ("rds:DescribeDBClusters",)


class EngineClusterSnapshot(Resource):
    """What Neptune and DocumentDB manual cluster snapshots share (listed by
    ``DescribeDBClusterSnapshots`` with RDS's, kept apart by ``Engine``); ``public`` is None
    when the snapshot's restore attribute was not read. Not a snapshot kind itself.
    """

    snapshot_id: str
    source_id: str = ""
    encrypted: bool = False
    created: datetime | None = None
    public: bool | None = None
    shared_with: tuple[str, ...] = ()

    listed_by: ClassVar[tuple[str, ...]] = ("rds:DescribeDBClusterSnapshots",)
