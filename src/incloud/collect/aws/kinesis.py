"""Amazon Kinesis Data Streams collector: streams (``ListStreams``), one
``DescribeStreamSummary`` each for its encryption.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.kinesis import KinesisStream
from ..registry import collector
from ..unit import Unit


@collector(
    service="kinesis",
    scope="regional",
    operations=("kinesis:ListStreams", "kinesis:DescribeStreamSummary"),
)
def collect_kinesis(unit: Unit) -> Iterator[Resource]:
    """Every data stream in the region, with its encryption at rest."""
    streams = unit.pages("list_streams", "StreamSummaries")
    yield from unit.fan_out(lambda raw: _stream(unit, raw), streams)


def _stream(unit: Unit, raw: dict[str, Any]) -> KinesisStream:
    # StreamName and StreamARN are required in a stream summary.
    name, arn = raw["StreamName"], raw["StreamARN"]
    answer = unit.call("describe_stream_summary", resource_arn=arn, StreamARN=arn)
    summary: dict[str, Any] = (answer or {}).get("StreamDescriptionSummary", {})
    return KinesisStream(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        status=raw.get("StreamStatus", "ACTIVE"),
        encryption_type=summary.get("EncryptionType"),
        kms_key_id=summary.get("KeyId"),
    )
