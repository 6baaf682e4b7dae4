"""Amazon Redshift provisioned clusters, with the TLS setting of their parameter group."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class RedshiftCluster(Resource):
    """A provisioned Redshift cluster.

    ``require_ssl`` is the ``require_ssl`` parameter of the cluster's parameter group, as
    ``DescribeClusterParameters`` reports it (default groups included); None when the group
    could not be read or did not report the parameter.
    """

    kind: Literal["redshift.cluster"] = "redshift.cluster"
    encrypted: bool = False
    kms_key_id: str | None = None
    publicly_accessible: bool = False
    vpc_id: str | None = None
    subnet_group: str | None = None
    """The cluster subnet group (``ClusterSubnetGroupName``)."""
    subnet_ids: tuple[str, ...] = ()
    """The subnet group's subnets (``DescribeClusterSubnetGroups``); empty when the group was
    not read (a gap says so) or is not known."""
    parameter_group: str | None = None
    require_ssl: bool | None = None
    snapshot_retention_days: int | None = None
    """Days automated snapshots are kept (``AutomatedSnapshotRetentionPeriod``; 0 is off)."""
    allow_version_upgrade: bool | None = None
    enhanced_vpc_routing: bool | None = None
    master_username: str | None = None
    database_name: str | None = None
    audit_logging: bool | None = None
    """``LoggingEnabled`` from ``DescribeLoggingStatus``; None when not read (a gap says so)."""

    service: ClassVar[str] = "redshift"
    listed_by: ClassVar[tuple[str, ...]] = ("redshift:DescribeClusters",)
