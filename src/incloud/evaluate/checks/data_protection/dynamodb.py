"""DynamoDB: backup and recovery, deletion protection, capacity that follows demand, and who
a table's resource policy lets in.
"""

from __future__ import annotations

from ....snapshot.dynamodb import DynamoDbTable
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ..factories import flag_check, resource_policy_checks, setting_check

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


table_policy_not_public, table_policy_trusted_accounts = resource_policy_checks(
    prefix="dynamodb.table",
    resource=DynamoDbTable,
    policy=lambda table: table.policy,
    requires=("dynamodb:GetResourcePolicy",),
    about="A table's resource-based policy grants principals, including those of other "
    "accounts, access to the table and its indexes without any identity policy of the "
    "table's account (DynamoDB Developer Guide, \"Using resource-based policies for "
    "DynamoDB\"). DynamoDB's Block Public Access refuses, when a policy is put, one its own "
    'analysis finds public ("Blocking public access with resource-based policies in '
    'DynamoDB"), so a public verdict here is rare and names a condition key the two '
    "analyses weigh differently; cross-account grants are not refused and are the usual "
    "finding.",
    remedy="Apply the new policy with `aws dynamodb put-resource-policy --resource-arn ARN "
    "--policy file://policy.json`, or remove it with `aws dynamodb delete-resource-policy "
    "--resource-arn ARN`.",
)


table_deletion_protection = setting_check(
    id="dynamodb.table-deletion-protection",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DynamoDbTable,
    requires=("dynamodb:DescribeTable",),
    setting="deletion_protection",
    value=lambda table: table.deletion_protection,
    is_ok=bool,
    ok="deletion protection on",
    bad="deletion protection off: one API call deletes the table",
    doc="""DynamoDB tables have deletion protection on.

    Deletion protection makes `DeleteTable` fail until someone deliberately turns it off,
    which stops a mistaken script, an infrastructure-as-code change or a stolen credential
    from deleting the table (DynamoDB Developer Guide, "Using deletion protection";
    Security Hub DynamoDB.6).

    Remediation: `aws dynamodb update-table --table-name TABLE
    --deletion-protection-enabled`; Terraform `deletion_protection_enabled = true` on
    `aws_dynamodb_table`.
    """,
)


@check(
    id="dynamodb.table-autoscaling",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DynamoDbTable,
    requires=("dynamodb:DescribeTable", "application-autoscaling:DescribeScalableTargets"),
)
def table_autoscaling(table: DynamoDbTable, ctx: Context) -> Outcome:
    """DynamoDB tables scale their capacity with demand.

    A provisioned table whose read or write capacity is fixed throttles requests once
    traffic passes it, an outage anyone can cause by sending traffic; on-demand capacity,
    or Application Auto Scaling on the table's and every global secondary index's read and
    write capacity, follows the load (DynamoDB Developer Guide, "Managing throughput
    capacity automatically with DynamoDB auto scaling"; Security Hub DynamoDB.1).

    Remediation: switch to on-demand (`aws dynamodb update-table --table-name TABLE
    --billing-mode PAY_PER_REQUEST`), or register each dimension with Application Auto
    Scaling (`aws application-autoscaling register-scalable-target --service-namespace
    dynamodb --resource-id table/TABLE --scalable-dimension
    dynamodb:table:ReadCapacityUnits ...` and a target-tracking policy); Terraform
    `billing_mode = "PAY_PER_REQUEST"`, or `aws_appautoscaling_target` and
    `aws_appautoscaling_policy`.
    """
    capacity = table.capacity
    if capacity is None:
        return unknown("the table's description was not read")
    if capacity.billing_mode == "PAY_PER_REQUEST":
        return passed("on-demand capacity: throughput follows the load")
    needed = [
        f"{owner}:{units}"
        for owner in ("table", *(f"index/{name}" for name in capacity.indexes))
        for units in ("ReadCapacityUnits", "WriteCapacityUnits")
    ]
    missing = [dimension for dimension in needed if dimension not in capacity.scaled]
    evidence = {"billing_mode": capacity.billing_mode, "scaled": list(capacity.scaled)}
    if missing:
        return failed(
            f"provisioned capacity without auto scaling on {', '.join(missing)}",
            missing=missing,
            **evidence,
        )
    return passed("provisioned capacity, auto scaled on every dimension", **evidence)
