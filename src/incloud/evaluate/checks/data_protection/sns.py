"""SNS: server-side encryption, and who the topic policy lets in."""

from __future__ import annotations

from ....snapshot.sns import SnsTopic
from ...check import Domain, Severity
from ..factories import flag_check, resource_policy_checks

topic_encrypted = flag_check(
    id="sns.topic-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=SnsTopic,
    requires=("sns:GetTopicAttributes",),
    is_ok=lambda topic: topic.kms_master_key_id is not None,
    ok="server-side encryption with a KMS key",
    bad="server-side encryption is off (no KmsMasterKeyId)",
    doc="""SNS topics encrypt messages at rest with a KMS key.

    With server-side encryption SNS encrypts messages as it receives them and decrypts them
    only for delivery, under a KMS key whose use is logged and can be revoked. A topic
    has no encryption until the customer sets `KmsMasterKeyId` (Security Hub SNS.1).

    Remediation: console, Amazon SNS > Topics > TOPIC > Edit > Encryption; CLI
    `aws sns set-topic-attributes --topic-arn ARN --attribute-name KmsMasterKeyId
    --attribute-value alias/aws/sns` (or a customer managed key whose policy lets the
    publishing services use it); Terraform `kms_master_key_id` on `aws_sns_topic`.
    """,
)


topic_policy_not_public, topic_policy_trusted_accounts = resource_policy_checks(
    prefix="sns.topic",
    resource=SnsTopic,
    policy=lambda t: t.policy,
    requires=("sns:GetTopicAttributes",),
)
