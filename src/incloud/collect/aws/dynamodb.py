"""DynamoDB collector: every table and its point-in-time recovery status."""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.dynamodb import DynamoDbTable
from ..registry import collector
from ..unit import Unit


@collector(
    service="dynamodb",
    scope="regional",
    operations=("dynamodb:ListTables", "dynamodb:DescribeContinuousBackups"),
)
def collect_dynamodb(unit: Unit) -> Iterator[Resource]:
    """Every table in the region; continuous backups are read per table."""
    names = unit.pages("list_tables", "TableNames")
    yield from unit.fan_out(lambda name: _table(unit, name), names)


def _table(unit: Unit, name: str) -> DynamoDbTable:
    arn = unit.arn(f"table/{name}")
    answer = unit.call("describe_continuous_backups", resource_arn=arn, TableName=name)
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
    )
