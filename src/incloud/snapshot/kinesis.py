"""Amazon Kinesis Data Streams."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class KinesisStream(Resource):
    """A data stream. ``encryption_type`` is ``KMS`` or ``NONE``; None when its summary
    could not be read or did not say.
    """

    kind: Literal["kinesis.stream"] = "kinesis.stream"
    status: str
    encryption_type: str | None = None
    kms_key_id: str | None = None

    service: ClassVar[str] = "kinesis"
    listed_by: ClassVar[tuple[str, ...]] = ("kinesis:ListStreams",)
