"""SNS collector: topics, their server-side encryption key, and their subscriptions.

Subscriptions come from one bulk ``ListSubscriptions`` per region (the account's
subscriptions, paginated 100 at a time), not one ``ListSubscriptionsByTopic`` per topic. A
pending subscription is listed with ``SubscriptionArn`` ``PendingConfirmation`` (SNS API
Reference, ``ListSubscriptions`` and ``Subscription``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.sns import SnsSubscription, SnsTopic
from ..registry import collector
from ..unit import Unit


@collector(
    service="sns",
    scope="regional",
    operations=("sns:ListTopics", "sns:GetTopicAttributes", "sns:ListSubscriptions"),
)
def collect_sns(unit: Unit) -> Iterator[Resource]:
    """Every topic in the region; attributes are read per topic, subscriptions in bulk."""
    # TopicArn (of a topic, and of a subscription's topic) is optional in botocore's model
    # but identifies it: AWS omits it only in a malformed answer (a CollectorError gap).
    arns = [topic["TopicArn"] for topic in unit.pages("list_topics", "Topics")]
    subscriptions = _subscriptions_by_topic(unit) if arns else {}
    yield from unit.fan_out(lambda arn: _topic(unit, arn, subscriptions.get(arn, ())), arns)


def _subscriptions_by_topic(unit: Unit) -> dict[str, tuple[SnsSubscription, ...]]:
    found: dict[str, list[SnsSubscription]] = defaultdict(list)
    for raw in unit.pages("list_subscriptions", "Subscriptions"):
        found[raw["TopicArn"]].append(
            SnsSubscription(
                protocol=raw.get("Protocol", ""),
                confirmed=raw.get("SubscriptionArn", "").startswith("arn:"),
            )
        )
    return {arn: tuple(items) for arn, items in found.items()}


def _topic(unit: Unit, arn: str, subscriptions: tuple[SnsSubscription, ...]) -> SnsTopic:
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
        policy=unit.document(attributes.get("Policy"), "get_topic_attributes", resource_arn=arn),
        subscriptions=subscriptions,
        delivery_logging=tuple(
            protocol
            for protocol in DELIVERY_LOGGING_PROTOCOLS
            if attributes.get(f"{protocol}SuccessFeedbackRoleArn")
            or attributes.get(f"{protocol}FailureFeedbackRoleArn")
        ),
    )


DELIVERY_LOGGING_PROTOCOLS = ("Application", "Firehose", "HTTP", "Lambda", "SQS")
"""The protocols whose delivery status a topic can log, each by a pair of topic attributes
``<Protocol>SuccessFeedbackRoleArn`` / ``<Protocol>FailureFeedbackRoleArn`` (SNS Developer
Guide, "Amazon SNS message delivery status")."""
