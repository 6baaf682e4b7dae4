"""Amazon SNS delivery status logging."""

from __future__ import annotations

from ....snapshot.sns import SnsTopic
from ...check import Domain, Severity
from ..factories import flag_check

topic_delivery_logging = flag_check(
    id="sns.topic-delivery-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=SnsTopic,
    requires=("sns:GetTopicAttributes",),
    is_ok=lambda topic: bool(topic.delivery_logging),
    ok="delivery status is logged to CloudWatch Logs",
    bad="no delivery status logging: failed deliveries leave no record",
    doc="""SNS topics log the delivery status of their messages.

    Delivery status logging writes each delivery's success or failure (to HTTP/S, Lambda,
    SQS, Firehose and platform endpoints) to CloudWatch Logs; without it, an alert that never
    reached its subscriber, or a subscriber that stopped answering, goes unnoticed (Security
    Hub SNS.2; SNS Developer Guide, "Amazon SNS message delivery status"). Any protocol's
    logging passes, as in the control.

    Remediation: `aws sns set-topic-attributes --topic-arn ARN --attribute-name
    LambdaFailureFeedbackRoleArn --attribute-value ROLE_ARN` (likewise HTTP, SQS, Firehose,
    Application, with `...SuccessFeedbackRoleArn` and `...SuccessFeedbackSampleRate`);
    Terraform `lambda_failure_feedback_role_arn` (and the other protocols') on
    `aws_sns_topic`.
    """,
)
