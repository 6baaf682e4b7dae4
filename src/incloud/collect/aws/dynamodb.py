"""DynamoDB collector: every table, its point-in-time recovery status and resource policy."""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import JsonDict, Resource
from ...snapshot.dynamodb import DynamoDbTable
from ..registry import collector
from ..unit import Unit

NO_POLICY = ("PolicyNotFoundException",)
"""What ``GetResourcePolicy`` answers for a table without a resource-based policy (DynamoDB
API Reference, "GetResourcePolicy": Errors)."""


@collector(
    service="dynamodb",
    scope="regional",
    operations=(
        "dynamodb:ListTables",
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:GetResourcePolicy",
    ),
)
def collect_dynamodb(unit: Unit) -> Iterator[Resource]:
    """Every table in the region; continuous backups and the resource policy are read per
    table, the two reads at once.
    """
    names = unit.pages("list_tables", "TableNames")
    yield from unit.fan_out(lambda name: _table(unit, name), names)


def _table(unit: Unit, name: str) -> DynamoDbTable:
    arn = unit.arn(f"table/{name}")
    answer, policy = unit.both(
        lambda: unit.call("describe_continuous_backups", resource_arn=arn, TableName=name),
        lambda: _policy(unit, arn),
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
    )


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
