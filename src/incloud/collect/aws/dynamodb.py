"""DynamoDB collector: every table (its description, point-in-time recovery status, resource
policy and Application Auto Scaling targets) and DAX clusters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import botocore.session

from ...snapshot import JsonDict, Resource
from ...snapshot.dynamodb import DaxCluster, DynamoDbTable, TableCapacity
from ..registry import collector
from ..unit import Unit

NO_POLICY = ("PolicyNotFoundException",)
"""What ``GetResourcePolicy`` answers for a table without a resource-based policy (DynamoDB
API Reference, "GetResourcePolicy": Errors)."""


def _without_dax() -> frozenset[str]:
    """Regions where botocore's endpoint data has DynamoDB but not DAX: there is no DAX to
    read there, and a call would only fail to connect. Regions it does not know are asked.
    """
    data = botocore.session.get_session()
    found: set[str] = set()
    for partition in data.get_available_partitions():
        found |= set(data.get_available_regions("dynamodb", partition)) - set(
            data.get_available_regions("dax", partition)
        )
    return frozenset(found)


WITHOUT_DAX = _without_dax()


@collector(
    service="dynamodb",
    scope="regional",
    operations=(
        "dynamodb:ListTables",
        "dynamodb:DescribeTable",
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:GetResourcePolicy",
        "application-autoscaling:DescribeScalableTargets",
        "dax:DescribeClusters",
    ),
)
def collect_dynamodb(unit: Unit) -> Iterator[Resource]:
    """Every table in the region, its description, continuous backups and resource policy
    read per table (at once); the region's auto scaling targets for DynamoDB in one listing;
    DAX clusters in one listing.
    """
    names = unit.pages("list_tables", "TableNames")
    scaled = _scaled_dimensions(unit) if names else {}
    yield from unit.fan_out(lambda name: _table(unit, name, scaled), names)
    yield from _dax_clusters(unit)


def _table(unit: Unit, name: str, scaled: dict[str, tuple[str, ...]]) -> DynamoDbTable:
    arn = unit.arn(f"table/{name}")
    (answer, policy), description = unit.both(
        lambda: unit.both(
            lambda: unit.call("describe_continuous_backups", resource_arn=arn, TableName=name),
            lambda: _policy(unit, arn),
        ),
        lambda: unit.call("describe_table", resource_arn=arn, TableName=name),
    )
    enabled: bool | None = None
    days: int | None = None
    if answer is not None:
        pitr = answer.get("ContinuousBackupsDescription", {}).get(
            "PointInTimeRecoveryDescription", {}
        )
        enabled = pitr.get("PointInTimeRecoveryStatus") == "ENABLED"
        days = pitr.get("RecoveryPeriodInDays") if enabled else None
    return DynamoDbTable(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        pitr_enabled=enabled,
        pitr_recovery_days=days,
        policy=policy,
        **_description(unit, arn, description, scaled),
    )


def _description(
    unit: Unit,
    arn: str,
    answer: dict[str, Any] | None,
    scaled: dict[str, tuple[str, ...]],
) -> dict[str, Any]:
    """The fields ``DescribeTable`` gives; none when the read failed (a gap says so)."""
    table = (answer or {}).get("Table")
    if table is None:
        if answer is not None:
            unit.malformed("describe_table", "no Table in the answer", resource_arn=arn)
        return {}
    # DeletionProtectionEnabled is always sent; were it missing, off can only fail.
    protection = table.get("DeletionProtectionEnabled")
    # AWS omits BillingModeSummary for tables that have only ever been provisioned.
    mode = (table.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")
    indexes = tuple(i["IndexName"] for i in table.get("GlobalSecondaryIndexes", []))
    return {
        "deletion_protection": protection if isinstance(protection, bool) else False,
        "capacity": TableCapacity(
            billing_mode=mode,
            indexes=indexes,
            scaled=scaled.get(table.get("TableName", ""), ()),
        ),
    }


def _scaled_dimensions(unit: Unit) -> dict[str, tuple[str, ...]]:
    """Per table, the dimensions Application Auto Scaling scales (``table:ReadCapacityUnits``,
    ``index/NAME:WriteCapacityUnits``), from one paginated ``DescribeScalableTargets`` (a
    failed read is a gap for the region, so the check that requires it says unknown).
    """
    targets = unit.pages(
        "describe_scalable_targets",
        "ScalableTargets",
        service="application-autoscaling",
        ServiceNamespace="dynamodb",
    )
    scaled: dict[str, list[str]] = defaultdict(list)
    for target in targets:
        # ResourceId is table/NAME or table/NAME/index/INDEX; the dimension
        # dynamodb:table:ReadCapacityUnits or dynamodb:index:WriteCapacityUnits.
        parts = str(target.get("ResourceId", "")).split("/")
        units = str(target.get("ScalableDimension", "")).rpartition(":")[2]
        if len(parts) == 2 and parts[0] == "table":
            scaled[parts[1]].append(f"table:{units}")
        elif len(parts) == 4 and parts[0] == "table" and parts[2] == "index":
            scaled[parts[1]].append(f"index/{parts[3]}:{units}")
    return {table: tuple(sorted(dims)) for table, dims in scaled.items()}


def _policy(unit: Unit, arn: str) -> JsonDict | None:
    """The table's resource-based policy (DynamoDB Developer Guide, "Using resource-based
    policies for DynamoDB"), or None: none attached, or a failed read or unparseable document
    recorded as a gap on ``GetResourcePolicy`` for the table.
    """
    answer = unit.call(
        "get_resource_policy", resource_arn=arn, absent_on=NO_POLICY, ResourceArn=arn
    )
    text = (answer or {}).get("Policy")
    policy: JsonDict | None = unit.document(text, "get_resource_policy", resource_arn=arn)
    return policy


def _dax_clusters(unit: Unit) -> Iterator[DaxCluster]:
    """DAX clusters, from one paginated ``DescribeClusters``."""
    if unit.region in WITHOUT_DAX:
        return
    for raw in unit.pages("describe_clusters", "Clusters", service="dax"):
        # ClusterName and ClusterArn identify the cluster (optional in botocore's model only).
        sse = (raw.get("SSEDescription") or {}).get("Status")
        yield DaxCluster(
            arn=raw["ClusterArn"],
            name=raw["ClusterName"],
            account_id=unit.account_id,
            region=unit.region,
            # AWS omits SSEDescription and ClusterEndpointEncryptionType for clusters made
            # without them: read as off, which can only fail.
            encrypted_at_rest=sse == "ENABLED",
            endpoint_encryption=raw.get("ClusterEndpointEncryptionType") or "NONE",
        )
