"""Amazon Neptune: DB clusters and their manual snapshots (read through the RDS API)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .rds import EngineCluster, EngineClusterSnapshot


class NeptuneCluster(EngineCluster):
    """A Neptune DB cluster (``DescribeDBClusters`` entry whose engine is ``neptune``)."""

    kind: Literal["neptune.cluster"] = "neptune.cluster"

    service: ClassVar[str] = "neptune-db"


class NeptuneClusterSnapshot(EngineClusterSnapshot):
    """A manual Neptune DB cluster snapshot, with who may restore it."""

    kind: Literal["neptune.cluster-snapshot"] = "neptune.cluster-snapshot"

    service: ClassVar[str] = "neptune-db"
