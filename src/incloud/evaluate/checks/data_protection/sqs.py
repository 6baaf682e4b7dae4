"""SQS: server-side encryption, and who the queue policy lets in."""

from __future__ import annotations

from ....snapshot.sqs import SqsQueue
from ...check import Domain, Outcome, Severity, check, failed, passed
from ...context import Context
from ..factories import resource_policy_checks


@check(
    id="sqs.queue-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=SqsQueue,
    requires=("sqs:GetQueueAttributes",),
)
def queue_encrypted(queue: SqsQueue, ctx: Context) -> Outcome:
    """SQS queues encrypt messages at rest, with SSE-KMS or SSE-SQS.

    Either kind of server-side encryption protects stored messages; SSE-KMS adds a key the
    customer controls and audits. SQS has enabled SSE-SQS on new queues by default since
    2022, but older queues, and queues created with it turned off, store messages
    unencrypted (Security Hub SQS.1).

    Remediation: console, Amazon SQS > Queues > QUEUE > Edit > Encryption; CLI
    `aws sqs set-queue-attributes --queue-url URL --attributes SqsManagedSseEnabled=true`
    (or `KmsMasterKeyId=alias/aws/sqs` for SSE-KMS); Terraform `sqs_managed_sse_enabled =
    true` or `kms_master_key_id` on `aws_sqs_queue`.
    """
    if queue.kms_master_key_id is not None:
        return passed(
            "encrypted with SSE-KMS", encryption="SSE-KMS", kms_key=queue.kms_master_key_id
        )
    if queue.sqs_managed_sse:
        return passed("encrypted with SSE-SQS (keys owned by SQS)", encryption="SSE-SQS")
    return failed("server-side encryption is off", encryption="none")


queue_policy_not_public, queue_policy_trusted_accounts = resource_policy_checks(
    prefix="sqs.queue",
    resource=SqsQueue,
    policy=lambda q: q.policy,
    requires=("sqs:GetQueueAttributes",),
)
