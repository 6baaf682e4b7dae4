"""Amazon MSK collector: provisioned and serverless clusters, with their broker encryption
and monitoring, from the bulk ``ListClustersV2`` (it carries each cluster's whole description).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.kafka import MskCluster
from ..registry import collector
from ..unit import Unit


@collector(service="kafka", scope="regional", operations=("kafka:ListClustersV2",))
def collect_kafka(unit: Unit) -> Iterator[Resource]:
    """Every MSK cluster in the region."""
    for raw in unit.pages("list_clusters_v2", "ClusterInfoList"):
        yield _cluster(unit, raw)


def _cluster(unit: Unit, raw: dict[str, Any]) -> MskCluster:
    arn = raw["ClusterArn"]  # identifies the cluster (optional in botocore's model)
    kind = raw.get("ClusterType", "PROVISIONED")
    provisioned = raw.get("Provisioned") if kind == "PROVISIONED" else None
    in_cluster = monitoring = None
    if provisioned is not None:
        transit = provisioned.get("EncryptionInfo", {}).get("EncryptionInTransit", {})
        in_cluster = transit.get("InCluster")
        monitoring = provisioned.get("EnhancedMonitoring")
        missing = [
            member
            for member, value in (("InCluster", in_cluster), ("EnhancedMonitoring", monitoring))
            if value is None
        ]
        if missing:
            unit.malformed(
                "list_clusters_v2",
                f"a provisioned cluster without {' or '.join(missing)}",
                resource_arn=arn,
            )
    return MskCluster(
        arn=arn,
        name=raw.get("ClusterName") or arn.rsplit("/", 1)[-1],
        account_id=unit.account_id,
        region=unit.region,
        cluster_type=kind,
        in_cluster_encryption=in_cluster,
        enhanced_monitoring=monitoring,
    )
