"""DynamoDB tables (continuous backups, resource policies, capacity) and DAX clusters."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, JsonDict, Resource


class TableCapacity(Frozen):
    """How a table pays for throughput, from ``DescribeTable``, and what auto scaling covers.

    ``scaled`` lists the dimensions Application Auto Scaling scales for the table
    (``table:ReadCapacityUnits``) and its global secondary indexes
    (``index/NAME:WriteCapacityUnits``); when ``DescribeScalableTargets`` failed, a gap for
    the region says so.
    """

    billing_mode: str = "PROVISIONED"
    """``PROVISIONED`` or ``PAY_PER_REQUEST`` (on-demand)."""
    indexes: tuple[str, ...] = ()
    """The table's global secondary indexes (their capacity is set and scaled apart)."""
    scaled: tuple[str, ...] = ()


class DynamoDbTable(Resource):
    """A DynamoDB table.

    ``pitr_enabled`` is None when ``DescribeContinuousBackups`` was not read (a gap says why);
    every table has a continuous-backups status, so None never means "absent". Likewise
    ``deletion_protection`` and ``capacity`` are None when ``DescribeTable`` was not read.
    """

    kind: Literal["dynamodb.table"] = "dynamodb.table"
    pitr_enabled: bool | None = None
    pitr_recovery_days: int | None = None
    """How far back a point-in-time restore reaches (1 to 35 days; 35 unless changed)."""
    policy: JsonDict | None = None
    """The table's resource-based policy (``GetResourcePolicy``); None when it has none
    (``PolicyNotFoundException``) or it was not read (a gap says so)."""
    deletion_protection: bool | None = None
    capacity: TableCapacity | None = None

    service: ClassVar[str] = "dynamodb"
    listed_by: ClassVar[tuple[str, ...]] = ("dynamodb:ListTables",)


class DaxCluster(Resource):
    """A DynamoDB Accelerator (DAX) cluster (``dax:DescribeClusters``)."""

    kind: Literal["dax.cluster"] = "dax.cluster"
    encrypted_at_rest: bool = False
    """``SSEDescription.Status`` is ``ENABLED``."""
    endpoint_encryption: str = "NONE"
    """``ClusterEndpointEncryptionType``: ``TLS`` or ``NONE``."""

    service: ClassVar[str] = "dax"
    listed_by: ClassVar[tuple[str, ...]] = ("dax:DescribeClusters",)
