"""Amazon SQS queues and their server-side encryption."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import JsonDict, Resource


class SqsQueue(Resource):
    """An SQS queue.

    Encryption is SSE-KMS when ``kms_master_key_id`` is set, SSE-SQS (keys owned by SQS) when
    ``sqs_managed_sse`` is true, and off when neither is.
    """

    kind: Literal["sqs.queue"] = "sqs.queue"
    url: str = ""
    kms_master_key_id: str | None = None
    sqs_managed_sse: bool = False
    fifo: bool = False
    policy: JsonDict | None = None
    """The queue's access policy; None when it has none."""

    service: ClassVar[str] = "sqs"
    listed_by: ClassVar[tuple[str, ...]] = ("sqs:ListQueues",)
