"""RDS and Aurora: instances, clusters and their snapshots."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from .base import Resource

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
