"""SQS collector: queues and their server-side encryption (SSE-KMS or SSE-SQS)."""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.sqs import SqsQueue
from ..registry import collector
from ..unit import Unit

ATTRIBUTES = ["KmsMasterKeyId", "SqsManagedSseEnabled", "FifoQueue", "Policy"]
"""Only the attributes the checks read (never message counts)."""


@collector(service="sqs", scope="regional", operations=("sqs:ListQueues", "sqs:GetQueueAttributes"))
def collect_sqs(unit: Unit) -> Iterator[Resource]:
    """Every queue in the region; attributes are read per queue."""
    urls = unit.pages("list_queues", "QueueUrls")
    yield from unit.fan_out(lambda url: _queue(unit, url), urls)


def _queue(unit: Unit, url: str) -> SqsQueue:
    # Queue URLs end in /<account>/<name>; the ARN is built from them so a failed attribute
    # read still names the queue.
    account, name = url.rstrip("/").split("/")[-2:]
    arn = f"arn:{unit.partition}:sqs:{unit.region}:{account}:{name}"
    answer = unit.call(
        "get_queue_attributes", resource_arn=arn, QueueUrl=url, AttributeNames=ATTRIBUTES
    )
    attributes = (answer or {}).get("Attributes", {})
    return SqsQueue(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        url=url,
        kms_master_key_id=attributes.get("KmsMasterKeyId") or None,
        sqs_managed_sse=attributes.get("SqsManagedSseEnabled", "false").lower() == "true",
        fifo=attributes.get("FifoQueue", "false").lower() == "true",
        policy=unit.document(attributes.get("Policy"), "get_queue_attributes", resource_arn=arn),
    )
