"""AWS CloudFormation: stack events published to SNS."""

from __future__ import annotations

from ....snapshot.cloudformation import CloudFormationStack
from ...check import Domain, Severity
from ..factories import flag_check

stack_sns_notifications = flag_check(
    id="cloudformation.stack-sns-notifications",
    domain=Domain.COMPLIANCE,
    severity=Severity.LOW,
    resource=CloudFormationStack,
    is_ok=lambda stack: bool(stack.notification_arns),
    ok="stack events are published to SNS",
    bad="no SNS topic receives the stack's events",
    doc="""CloudFormation stacks publish their events to an SNS topic.

    With a notification topic, every create, update, rollback and delete of the stack's
    resources reaches whoever subscribes, so an unexpected change to infrastructure, or a
    failed deployment, is seen when it happens (Security Hub CloudFormation.1; AWS
    CloudFormation User Guide, "Stack options": notification options).

    Remediation: `aws cloudformation update-stack --stack-name NAME
    --use-previous-template --notification-arns TOPIC_ARN` (repeat the stack's parameters
    with `UsePreviousValue=true`); Terraform `notification_arns = [TOPIC_ARN]` on
    `aws_cloudformation_stack`.
    """,
)
