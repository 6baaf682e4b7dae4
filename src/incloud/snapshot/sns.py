"""Amazon SNS topics and their server-side encryption."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import JsonDict, Resource


class SnsTopic(Resource):
    """An SNS topic. ``kms_master_key_id`` is None when server-side encryption is off."""

    kind: Literal["sns.topic"] = "sns.topic"
    kms_master_key_id: str | None = None
    fifo: bool = False
    policy: JsonDict | None = None
    """The topic's access policy; None when it has none."""

    service: ClassVar[str] = "sns"
    listed_by: ClassVar[tuple[str, ...]] = ("sns:ListTopics",)
