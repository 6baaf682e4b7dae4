"""KMS keys and aliases, SQS queues and SNS topics with their policies."""

from __future__ import annotations

from typing import Any

from ...snapshot.kms import KmsKey
from ...snapshot.sns import SnsTopic
from ...snapshot.sqs import SqsQueue
from ..assembly import Assembly, Declared, Draft
from .registry import builds, flag, listed


@builds("AWS::KMS::Key")
def key(asm: Assembly, declared: Declared) -> None:
    """A customer managed key; without a KeyPolicy, KMS's default (the account may use it)."""
    props = declared.properties
    draft = asm.add(KmsKey, declared, key_id=asm.identity(declared).ident, aliases=())
    draft.fields["spec"] = str(props.get("KeySpec", "SYMMETRIC_DEFAULT"))
    draft.fields["usage"] = str(props.get("KeyUsage", "ENCRYPT_DECRYPT"))
    draft.fields["state"] = "Enabled" if flag(props.get("Enabled", True), True) else "Disabled"
    symmetric = draft.fields["spec"] == "SYMMETRIC_DEFAULT"
    rotation = asm.known(
        draft, props, "EnableKeyRotation", False, action="kms:GetKeyRotationStatus"
    )
    draft.fields["rotation_enabled"] = flag(rotation) if symmetric else None
    policy = asm.known(draft, props, "KeyPolicy", None, action="kms:GetKeyPolicy")
    draft.fields["policy"] = (
        policy
        if isinstance(policy, dict)
        else {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "Enable IAM User Permissions",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:{asm.partition}:iam::{asm.account_id}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                }
            ],
        }
    )


@builds("AWS::KMS::Alias")
def alias(asm: Assembly, declared: Declared) -> None:
    """An alias, listed on its key."""
    props = declared.properties

    def add(asm: Assembly) -> None:
        target = props.get("TargetKeyId")
        for draft in asm.drafts.values():
            if draft.model is KmsKey and target in (draft.fields["key_id"], draft.fields["arn"]):
                draft.fields["aliases"] = (*draft.fields["aliases"], str(props.get("AliasName")))

    asm.deferred.append(add)


@builds("AWS::SQS::Queue")
def queue(asm: Assembly, declared: Declared) -> None:
    """A queue; SQS encrypts new queues with SSE-SQS unless told otherwise."""
    props = declared.properties
    draft = asm.add(SqsQueue, declared)
    name = draft.fields["name"]
    draft.fields["url"] = f"https://sqs.{asm.region}.amazonaws.com/{asm.account_id}/{name}"
    draft.fields["kms_master_key_id"] = asm.known(
        draft, props, "KmsMasterKeyId", None, action="sqs:GetQueueAttributes"
    )
    managed = asm.known(draft, props, "SqsManagedSseEnabled", None, action="sqs:GetQueueAttributes")
    draft.fields["sqs_managed_sse"] = (
        flag(managed) if managed is not None else draft.fields["kms_master_key_id"] is None
    )
    draft.fields["fifo"] = flag(props.get("FifoQueue"))


@builds("AWS::SNS::Topic")
def topic(asm: Assembly, declared: Declared) -> None:
    """A topic."""
    props = declared.properties
    draft = asm.add(SnsTopic, declared)
    draft.fields["kms_master_key_id"] = asm.known(
        draft, props, "KmsMasterKeyId", None, action="sns:GetTopicAttributes"
    )
    draft.fields["fifo"] = flag(props.get("FifoTopic"))


@builds("AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy")
def resource_policy(asm: Assembly, declared: Declared) -> None:
    """A queue's or topic's policy, set on each it names (by URL or ARN)."""
    props = declared.properties
    queues = declared.type == "AWS::SQS::QueuePolicy"
    names = listed(props.get("Queues" if queues else "Topics"))
    action = "sqs:GetQueueAttributes" if queues else "sns:GetTopicAttributes"

    def attach(asm: Assembly) -> None:
        for draft in _named(asm, SqsQueue if queues else SnsTopic, names):
            document = asm.known(draft, props, "PolicyDocument", None, action=action)
            draft.fields["policy"] = document if isinstance(document, dict) else None

    asm.deferred.append(attach)


def _named(asm: Assembly, model: Any, names: list[Any]) -> list[Draft]:
    return [
        d
        for d in asm.drafts.values()
        if d.model is model and any(n in (d.fields.get("url"), d.fields["arn"]) for n in names)
    ]
