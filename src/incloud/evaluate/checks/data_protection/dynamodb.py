"""DynamoDB backup and recovery."""

from __future__ import annotations

from ....snapshot.dynamodb import DynamoDbTable
from ...check import Domain, Severity
from ..factories import flag_check

table_pitr = flag_check(
    id="dynamodb.table-pitr",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DynamoDbTable,
    requires=("dynamodb:DescribeContinuousBackups",),
    is_ok=lambda table: table.pitr_enabled is True,
    ok="point-in-time recovery is on",
    bad="point-in-time recovery is off: an accidental write or delete cannot be undone",
    doc="""DynamoDB tables have point-in-time recovery turned on.

    Point-in-time recovery keeps continuous backups, so a table can be restored to any
    second of the recovery period (35 days unless shortened) after a bad deployment, a
    runaway script or a malicious delete. It is off until the customer turns it on
    (Security Hub DynamoDB.2).

    Remediation: console, DynamoDB > Tables > TABLE > Backups > Point-in-time recovery >
    Edit; CLI `aws dynamodb update-continuous-backups --table-name TABLE
    --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`; Terraform
    `point_in_time_recovery { enabled = true }` on `aws_dynamodb_table`.
    """,
)
