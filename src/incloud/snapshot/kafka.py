"""Amazon MSK (IAM prefix ``kafka``): provisioned and serverless Kafka clusters."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class MskCluster(Resource):
    """An MSK cluster. ``cluster_type`` is ``PROVISIONED`` or ``SERVERLESS``; the broker
    settings below are read for provisioned clusters only (serverless ones have no brokers
    of the customer's): None for serverless clusters and when AWS did not report them.
    """

    kind: Literal["kafka.cluster"] = "kafka.cluster"
    cluster_type: str
    in_cluster_encryption: bool | None = None
    """True when brokers talk to each other over TLS."""
    enhanced_monitoring: str | None = None
    """``DEFAULT``, ``PER_BROKER``, ``PER_TOPIC_PER_BROKER`` or ``PER_TOPIC_PER_PARTITION``."""

    service: ClassVar[str] = "kafka"
    listed_by: ClassVar[tuple[str, ...]] = ("kafka:ListClustersV2",)

    @property
    def serverless(self) -> bool:
        """AWS runs the brokers of a serverless cluster (always over TLS)."""
        return self.cluster_type == "SERVERLESS"
