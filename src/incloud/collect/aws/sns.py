"""SNS collector: topics and their server-side encryption key."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.sns import SnsTopic
from ..registry import collector
from ..unit import Unit


@collector(service="sns", scope="regional", operations=("sns:ListTopics", "sns:GetTopicAttributes"))
def collect_sns(unit: Unit) -> Iterator[Resource]:
    """Every topic in the region; attributes are read per topic."""
    arns = [topic["TopicArn"] for topic in unit.pages("list_topics", "Topics")]
    yield from unit.fan_out(lambda arn: _topic(unit, arn), arns)


def _topic(unit: Unit, arn: str) -> SnsTopic:
    answer = unit.call("get_topic_attributes", resource_arn=arn, TopicArn=arn)
    attributes = (answer or {}).get("Attributes", {})
    name = arn.rsplit(":", 1)[-1]
    return SnsTopic(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        kms_master_key_id=attributes.get("KmsMasterKeyId") or None,
        fifo=attributes.get("FifoTopic", "false").lower() == "true" or name.endswith(".fifo"),
        policy=json.loads(attributes["Policy"]) if attributes.get("Policy") else None,
    )
