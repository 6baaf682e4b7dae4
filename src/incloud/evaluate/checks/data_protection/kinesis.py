"""Amazon Kinesis Data Streams: records encrypted at rest."""

from __future__ import annotations

from ....snapshot.kinesis import KinesisStream
from ...check import Domain, Severity
from ..factories import flag_check

stream_encrypted = flag_check(
    id="kinesis.stream-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=KinesisStream,
    requires=("kinesis:DescribeStreamSummary",),
    is_ok=lambda stream: (
        None if stream.encryption_type is None else stream.encryption_type == "KMS"
    ),
    ok="records are encrypted at rest with KMS",
    bad="records are stored unencrypted (server-side encryption is off)",
    unread="the stream's encryption was not reported",
    doc="""Kinesis data streams encrypt their records at rest.

    Server-side encryption encrypts each record with a KMS key before it is written to the
    stream's storage; a stream without it keeps every record in plaintext for its whole
    retention period (Security Hub Kinesis.1; Amazon Kinesis Data Streams Developer Guide,
    "Data protection in Amazon Kinesis Data Streams").

    Remediation: `aws kinesis start-stream-encryption --stream-name NAME --encryption-type
    KMS --key-id alias/aws/kinesis` (or a customer managed key); Terraform
    `encryption_type = "KMS"` and `kms_key_id` on `aws_kinesis_stream`.
    """,
)
