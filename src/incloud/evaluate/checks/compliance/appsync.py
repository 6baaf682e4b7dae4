"""AWS AppSync: field-level logging."""

from __future__ import annotations

from ....snapshot.appsync import AppSyncApi
from ...check import Domain, Severity
from ..factories import flag_check

api_field_logging = flag_check(
    id="appsync.api-field-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=AppSyncApi,
    is_ok=lambda api: api.field_log_level not in (None, "NONE"),
    ok="field-level logging is on",
    bad="field-level logging is off (no log configuration, or level NONE)",
    doc="""AppSync GraphQL APIs log their resolvers (field-level logging).

    Field-level logs record each resolver's execution (its errors at level `ERROR`, every
    request and response at `ALL`) in CloudWatch Logs: without them a failing or abused
    resolver leaves no trace to investigate (Security Hub AppSync.2; AWS AppSync Developer
    Guide, "Using CloudWatch to monitor and log GraphQL API data"). Any level but `NONE`
    passes.

    Remediation: `aws appsync update-graphql-api --api-id ID --name NAME
    --authentication-type TYPE --log-config
    fieldLogLevel=ERROR,cloudWatchLogsRoleArn=ROLE_ARN`; Terraform `log_config {
    field_log_level = "ERROR" cloudwatch_logs_role_arn = ROLE_ARN }` on
    `aws_appsync_graphql_api`.
    """,
)
