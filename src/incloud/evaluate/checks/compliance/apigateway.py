"""API Gateway stage logging (REST, HTTP and WebSocket APIs) and REST stage tracing."""

from __future__ import annotations

from ....snapshot.apigateway import ApiStage, HttpApiStage
from ...check import Domain, Outcome, Severity, check, failed, passed
from ...context import Context
from ..factories import flag_check

LOGGING_ON = ("ERROR", "INFO")
"""Execution logging levels that write to CloudWatch Logs (OFF writes nothing)."""


@check(
    id="apigateway.stage-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=ApiStage,
)
def stage_logging(stage: ApiStage, ctx: Context) -> Outcome:
    """REST API stages record access logs or execution logs.

    Without either, there is no record of who called the API, from where, and with what
    result: abuse, credential stuffing and data exfiltration through the API leave no
    trace to investigate (Security Hub APIGateway.1). Access logging (who called what) or
    stage-wide execution logging at ERROR or INFO passes; logging switched on for a few
    methods only does not.

    Remediation: `aws apigateway update-stage --rest-api-id ID --stage-name STAGE
    --patch-operations op=replace,path=/accessLogSettings/destinationArn,value=LOG_GROUP_ARN
    op=replace,path=/accessLogSettings/format,value=...` (the account also needs a CloudWatch
    Logs role in API Gateway's settings); for execution logs,
    `op=replace,path=/*/*/logging/loglevel,value=ERROR`. Terraform `access_log_settings` on
    `aws_api_gateway_stage` and `aws_api_gateway_method_settings` with `logging_level`.
    """
    kinds = []
    if stage.access_log_destination:
        kinds.append("access logs")
    if stage.execution_logging in LOGGING_ON:
        kinds.append(f"execution logs at {stage.execution_logging}")
    if kinds:
        return passed(
            " and ".join(kinds),
            access_log_destination=stage.access_log_destination,
            execution_logging=stage.execution_logging,
        )
    partial = sorted(k for k, level in stage.method_logging.items() if level in LOGGING_ON)
    if partial:
        return failed(
            f"no access logs, and execution logs for {len(partial)} methods only",
            methods_logged=partial,
        )
    return failed("neither access logging nor execution logging is enabled")


apigateway_stage_xray_tracing = flag_check(
    id="apigateway.stage-xray-tracing",
    domain=Domain.COMPLIANCE,
    severity=Severity.LOW,
    resource=ApiStage,
    is_ok=lambda stage: stage.tracing_enabled,
    ok="X-Ray active tracing on",
    bad="X-Ray active tracing off",
    doc="""REST API stages trace requests with AWS X-Ray.

    Active tracing records each request's path through API Gateway and the services behind
    it, with timings and errors: what shows where a request was slowed, failed or went
    somewhere unexpected (Security Hub APIGateway.3; API Gateway Developer Guide, "Trace
    user requests to REST APIs using X-Ray").

    Remediation: `aws apigateway update-stage --rest-api-id ID --stage-name STAGE
    --patch-operations op=replace,path=/tracingEnabled,value=true`; Terraform
    `xray_tracing_enabled = true` on `aws_api_gateway_stage`.
    """,
)


@check(
    id="apigateway.v2-stage-access-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=HttpApiStage,
)
def v2_stage_access_logging(stage: HttpApiStage, ctx: Context) -> Outcome:
    """HTTP and WebSocket API stages write access logs.

    Access logs record who called the API, from where, which route and with what result:
    without them, abuse and data exfiltration through the API leave no trace to investigate
    (Security Hub APIGateway.9; API Gateway Developer Guide, "Configure logging for HTTP
    APIs").

    Remediation: `aws apigatewayv2 update-stage --api-id ID --stage-name STAGE
    --access-log-settings DestinationArn=LOG_GROUP_ARN,Format='$context.requestId
    $context.identity.sourceIp $context.routeKey $context.status'`; Terraform
    `access_log_settings` on `aws_apigatewayv2_stage`.
    """
    if stage.access_log_destination:
        return passed(f"access logs to {stage.access_log_destination}")
    return failed("access logging is off")
