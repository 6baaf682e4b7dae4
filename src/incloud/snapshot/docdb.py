"""Amazon DocumentDB (instance-based clusters): DB clusters and their manual snapshots, read
through the RDS API, whose IAM prefix (``rds``) they share.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .rds import EngineCluster, EngineClusterSnapshot


class DocDbCluster(EngineCluster):
    """A DocumentDB cluster (``DescribeDBClusters`` entry whose engine is ``docdb``)."""

    kind: Literal["docdb.cluster"] = "docdb.cluster"

    service: ClassVar[str] = "rds"


class DocDbClusterSnapshot(EngineClusterSnapshot):
    """A manual DocumentDB cluster snapshot, with who may restore it."""

    kind: Literal["docdb.cluster-snapshot"] = "docdb.cluster-snapshot"

    service: ClassVar[str] = "rds"
