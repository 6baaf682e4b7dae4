"""AWS Step Functions: state machines log their executions."""

from __future__ import annotations

from ....snapshot.stepfunctions import StateMachine
from ...check import Domain, Severity
from ..factories import flag_check

state_machine_logging = flag_check(
    id="states.state-machine-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=StateMachine,
    requires=("stepfunctions:DescribeStateMachine",),
    is_ok=lambda machine: None if machine.log_level is None else machine.log_level != "OFF",
    ok="execution history is logged to CloudWatch Logs",
    bad="logging is OFF: executions leave no log",
    unread="the state machine was not described",
    doc="""Step Functions state machines log their executions.

    Logging sends each execution's history (errors only at `ERROR` or `FATAL`, every event at
    `ALL`) to CloudWatch Logs; Express workflows keep no execution history otherwise, and
    Standard workflows keep it for 90 days (Security Hub StepFunctions.1; AWS Step Functions
    Developer Guide, "Logging Step Functions using CloudWatch Logs"). Any level but `OFF`
    passes.

    Remediation: `aws stepfunctions update-state-machine --state-machine-arn ARN
    --logging-configuration
    'level=ERROR,includeExecutionData=false,destinations=[{cloudWatchLogsLogGroup={logGroupArn=LOG_GROUP_ARN}}]'`;
    Terraform `logging_configuration { level = "ERROR" log_destination = "LOG_GROUP_ARN:*" }`
    on `aws_sfn_state_machine`.
    """,
)
