"""DynamoDB tables, their continuous backups (point-in-time recovery) and resource policies."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import JsonDict, Resource


class DynamoDbTable(Resource):
    """A DynamoDB table.

    ``pitr_enabled`` is None when ``DescribeContinuousBackups`` was not read (a gap says why);
    every table has a continuous-backups status, so None never means "absent".
    """

    kind: Literal["dynamodb.table"] = "dynamodb.table"
    pitr_enabled: bool | None = None
    pitr_recovery_days: int | None = None
    """How far back a point-in-time restore reaches (1 to 35 days; 35 unless changed)."""
    policy: JsonDict | None = None
    """The table's resource-based policy (``GetResourcePolicy``); None when it has none
    (``PolicyNotFoundException``) or it was not read (a gap says so)."""

    service: ClassVar[str] = "dynamodb"
    listed_by: ClassVar[tuple[str, ...]] = ("dynamodb:ListTables",)
