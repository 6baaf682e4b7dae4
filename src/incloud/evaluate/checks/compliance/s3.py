"""S3 server access logging."""

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
