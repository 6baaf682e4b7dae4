"""S3 buckets and bucket policies, as a bucket created today is: Block Public Access on,
ACLs disabled (BucketOwnerEnforced) and SSE-S3 encryption unless the template says otherwise
(S3 User Guide, "Default settings for new buckets", April 2023).
"""

from __future__ import annotations

from typing import Any

from ...snapshot.s3 import (
    EncryptionRule,
    Grant,
    LifecycleRule,
    ObjectLock,
    PublicAccessBlock,
    ReplicationRule,
    S3Bucket,
)
from ..assembly import Assembly, Declared, Draft
from .registry import builds, flag, listed

_ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
_AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
_LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"

CANNED_ACLS: dict[str, tuple[tuple[str, str], ...]] = {
    "Private": (),
    "BucketOwnerRead": (),
    "BucketOwnerFullControl": (),
    "AwsExecRead": (),
    "PublicRead": ((_ALL_USERS, "READ"),),
    "PublicReadWrite": ((_ALL_USERS, "READ"), (_ALL_USERS, "WRITE")),
    "AuthenticatedRead": ((_AUTHENTICATED, "READ"),),
    "LogDeliveryWrite": ((_LOG_DELIVERY, "WRITE"), (_LOG_DELIVERY, "READ_ACP")),
}
"""The grants each canned ACL adds beside the owner's (S3 User Guide, "Canned ACL")."""

_LIFECYCLE_ACTIONS = {
    "ExpirationInDays": "Expiration",
    "ExpirationDate": "Expiration",
    "ExpiredObjectDeleteMarker": "Expiration",
    "Transitions": "Transitions",
    "Transition": "Transitions",
    "NoncurrentVersionExpiration": "NoncurrentVersionExpiration",
    "NoncurrentVersionExpirationInDays": "NoncurrentVersionExpiration",
    "NoncurrentVersionTransitions": "NoncurrentVersionTransitions",
    "NoncurrentVersionTransition": "NoncurrentVersionTransitions",
    "AbortIncompleteMultipartUpload": "AbortIncompleteMultipartUpload",
}


@builds("AWS::S3::Bucket")
def bucket(asm: Assembly, declared: Declared) -> None:
    """A bucket with today's defaults, then the settings its properties give."""
    draft = asm.add(S3Bucket, declared)
    every = PublicAccessBlock(
        block_public_acls=True,
        ignore_public_acls=True,
        block_public_policy=True,
        restrict_public_buckets=True,
    )
    draft.fields.update(
        public_access_block=every,
        ownership="BucketOwnerEnforced",
        encryption=(EncryptionRule(algorithm="AES256"),),
        acl_grants=(),
    )
    settings(asm, draft, declared.properties)


@builds("Terraform::S3::BucketSetting")
def bucket_setting(asm: Assembly, declared: Declared) -> None:
    """One of Terraform's bucket settings resources (``aws_s3_bucket_versioning``...),
    applied to the bucket it names as the CloudFormation property it amounts to.
    """
    props = declared.properties

    def apply(asm: Assembly) -> None:
        target = asm.by_field(S3Bucket, "name", props.get("Bucket"))
        if target is not None and isinstance(props.get("Key"), str):
            settings(asm, target, {props["Key"]: props.get("Value")})

    asm.deferred.append(apply)


def settings(asm: Assembly, draft: Draft, props: dict[str, Any]) -> None:
    """Apply the bucket properties present in ``props`` to ``draft``."""

    def get(key: str, action: str, default: Any = None) -> Any:
        return asm.known(draft, props, key, default, action=action)

    if "AccessControl" in props:
        acl = get("AccessControl", "s3:GetBucketAcl", "Private")
        draft.fields["acl_grants"] = tuple(
            Grant(grantee_type="Group", grantee=uri, permission=permission)
            for uri, permission in CANNED_ACLS.get(str(acl), ())
        )
    if "PolicyDocument" in props:
        document = get("PolicyDocument", "s3:GetBucketPolicy")
        draft.fields["policy"] = document if isinstance(document, dict) else None
    if "PublicAccessBlockConfiguration" in props:
        block = get("PublicAccessBlockConfiguration", "s3:GetPublicAccessBlock")
        if isinstance(block, dict):
            draft.fields["public_access_block"] = PublicAccessBlock(
                block_public_acls=flag(block.get("BlockPublicAcls")),
                ignore_public_acls=flag(block.get("IgnorePublicAcls")),
                block_public_policy=flag(block.get("BlockPublicPolicy")),
                restrict_public_buckets=flag(block.get("RestrictPublicBuckets")),
            )
    if "OwnershipControls" in props:
        ownership = get("OwnershipControls", "s3:GetBucketOwnershipControls")
        rules = listed(ownership.get("Rules")) if isinstance(ownership, dict) else []
        draft.fields["ownership"] = next(
            (
                str(r["ObjectOwnership"])
                for r in rules
                if isinstance(r, dict) and r.get("ObjectOwnership")
            ),
            "BucketOwnerEnforced",
        )
    if "BucketEncryption" in props:
        draft.fields["encryption"] = _encryption(get("BucketEncryption", "s3:GetBucketEncryption"))
    if "VersioningConfiguration" in props:
        versioning = get("VersioningConfiguration", "s3:GetBucketVersioning")
        draft.fields["versioning"] = (
            str(versioning.get("Status") or "Disabled")
            if isinstance(versioning, dict)
            else "Disabled"
        )
    if "LoggingConfiguration" in props:
        logging = get("LoggingConfiguration", "s3:GetBucketLogging")
        if isinstance(logging, dict):
            draft.fields["logging_target"] = str(
                logging.get("DestinationBucketName") or draft.fields["name"]
            )
    _more_settings(asm, draft, props, get)


def _more_settings(asm: Assembly, draft: Draft, props: dict[str, Any], get: Any) -> None:
    if "ObjectLockEnabled" in props or "ObjectLockConfiguration" in props:
        lock = get("ObjectLockConfiguration", "s3:GetObjectLockConfiguration")
        enabled = flag(get("ObjectLockEnabled", "s3:GetObjectLockConfiguration", False))
        rule = (lock or {}).get("Rule") or {} if isinstance(lock, dict) else {}
        retention = rule.get("DefaultRetention") or {}
        draft.fields["object_lock"] = ObjectLock(
            enabled=enabled or str((lock or {}).get("ObjectLockEnabled")) == "Enabled",
            default_mode=retention.get("Mode"),
            default_days=_int(retention.get("Days")),
            default_years=_int(retention.get("Years")),
        )
    if "ReplicationConfiguration" in props:
        replication = get("ReplicationConfiguration", "s3:GetBucketReplication")
        if isinstance(replication, dict):
            draft.fields["replication_rules"] = tuple(
                ReplicationRule(
                    rule_id=str(rule.get("Id", "")),
                    status=str(rule.get("Status", "Enabled")),
                    destination_bucket=str((rule.get("Destination") or {}).get("Bucket", "")),
                )
                for rule in listed(replication.get("Rules"))
                if isinstance(rule, dict)
            )
    if "LifecycleConfiguration" in props:
        lifecycle = get("LifecycleConfiguration", "s3:GetBucketLifecycleConfiguration")
        if isinstance(lifecycle, dict):
            draft.fields["lifecycle_rules"] = tuple(
                LifecycleRule(
                    rule_id=str(rule.get("Id", "")),
                    status=str(rule.get("Status", "Enabled")),
                    actions=tuple(
                        dict.fromkeys(
                            action for key, action in _LIFECYCLE_ACTIONS.items() if key in rule
                        )
                    ),
                )
                for rule in listed(lifecycle.get("Rules"))
                if isinstance(rule, dict)
            )
    if "NotificationConfiguration" in props:
        notification = get("NotificationConfiguration", "s3:GetBucketNotificationConfiguration")
        if isinstance(notification, dict):
            targets = [
                kind
                for key, kind in (
                    ("TopicConfigurations", "sns"),
                    ("QueueConfigurations", "sqs"),
                    ("LambdaConfigurations", "lambda"),
                )
                if notification.get(key)
            ]
            bridge = notification.get("EventBridgeConfiguration") or {}
            if flag(bridge.get("EventBridgeEnabled")):
                targets.append("eventbridge")
            draft.fields["notification_targets"] = tuple(targets)


def _encryption(value: Any) -> tuple[EncryptionRule, ...]:
    rules = (
        listed(value.get("ServerSideEncryptionConfiguration")) if isinstance(value, dict) else []
    )
    found = []
    for rule in rules:
        if not isinstance(rule, dict):
            continue
        default = rule.get("ServerSideEncryptionByDefault") or {}
        found.append(
            EncryptionRule(
                algorithm=str(default.get("SSEAlgorithm", "AES256")),
                kms_key_id=default.get("KMSMasterKeyID"),
                bucket_key_enabled=flag(rule.get("BucketKeyEnabled")),
            )
        )
    return tuple(found) or (EncryptionRule(algorithm="AES256"),)


@builds("AWS::S3::BucketPolicy")
def bucket_policy(asm: Assembly, declared: Declared) -> None:
    """A bucket's policy, set on the bucket it names."""
    props = declared.properties

    def attach(asm: Assembly) -> None:
        target = asm.by_field(S3Bucket, "name", props.get("Bucket"))
        if target is not None:
            settings(asm, target, {"PolicyDocument": props.get("PolicyDocument")})

    asm.deferred.append(attach)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)
