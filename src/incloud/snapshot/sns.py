"""Amazon SNS topics and their server-side encryption."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, JsonDict, Resource


class SnsSubscription(Frozen):
    """One subscription to a topic, by protocol only: endpoints (webhook URLs with tokens in
    them, e-mail addresses) are not stored.

    ``confirmed`` is False while the subscriber has not confirmed it: ``ListSubscriptions``
    then gives ``PendingConfirmation`` instead of an ARN (SNS API Reference,
    ``Subscription``), and SNS delivers nothing to it.
    """

    protocol: str
    confirmed: bool


class SnsTopic(Resource):
    """An SNS topic. ``kms_master_key_id`` is None when server-side encryption is off."""

    kind: Literal["sns.topic"] = "sns.topic"
    kms_master_key_id: str | None = None
    fifo: bool = False
    policy: JsonDict | None = None
    """The topic's access policy; None when it has none."""
    delivery_logging: tuple[str, ...] = ()
    """The protocols whose delivery status SNS logs to CloudWatch Logs (a ``<Protocol>
    SuccessFeedbackRoleArn`` or ``FailureFeedbackRoleArn`` attribute): ``HTTP``, ``Lambda``,
    ``SQS``, ``Firehose``, ``Application``; empty when none."""
    subscriptions: tuple[SnsSubscription, ...] = ()
    """This account's subscriptions to the topic; a gap on ``sns:ListSubscriptions`` says
    when they could not be read."""

    service: ClassVar[str] = "sns"
    listed_by: ClassVar[tuple[str, ...]] = ("sns:ListTopics",)

    @property
    def has_confirmed_subscriber(self) -> bool:
        """True when at least one subscription is confirmed, so a message reaches someone."""
        return any(s.confirmed for s in self.subscriptions)
