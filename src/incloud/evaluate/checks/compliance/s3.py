"""S3 server access logging and event notifications."""

from __future__ import annotations

from ....snapshot.s3 import S3Bucket
from ...check import Domain, Level, Severity
from ..factories import flag_check

bucket_access_logging = flag_check(
    id="s3.bucket-access-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.LOW,
    level=Level.STRICT,
    resource=S3Bucket,
    requires=("s3:GetBucketLogging",),
    is_ok=lambda b: b.logging_target is not None,
    ok="server access logging enabled",
    bad="server access logging disabled",
    doc="""Buckets record server access logs.

    Access logs show who read or wrote which object, which CloudTrail records only when
    data events are on. Opinionated: the log bucket itself and low-value buckets can skip it.

    Remediation: `aws s3api put-bucket-logging --bucket NAME --bucket-logging-status
    '{"LoggingEnabled":{"TargetBucket":"LOG_BUCKET","TargetPrefix":"NAME/"}}'`.
    """,
)

bucket_event_notifications = flag_check(
    id="s3.bucket-event-notifications",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    level=Level.STRICT,
    resource=S3Bucket,
    requires=("s3:GetBucketNotificationConfiguration",),
    is_ok=lambda b: bool(b.notification_targets),
    ok="event notifications are sent",
    bad="no event notifications: object deletions and changes reach no one",
    doc="""Buckets send event notifications.

    Notifications of object creation, deletion and restore (to SNS, SQS, Lambda or
    EventBridge) let monitoring notice mass deletion or unexpected writes as they happen
    (Security Hub S3.11; S3 User Guide, "Amazon S3 Event Notifications"). Opinionated: many
    buckets have nobody to notify.

    Remediation: `aws s3api put-bucket-notification-configuration --bucket NAME
    --notification-configuration '{"EventBridgeConfiguration":{}}'` (then route the events
    with EventBridge rules); Terraform `aws_s3_bucket_notification` with `eventbridge = true`.
    """,
)
