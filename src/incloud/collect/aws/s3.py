"""S3 collector: the bucket list (global) and each bucket's security configuration.

Each bucket's settings are read from its own region. "Absent" answers (no policy, no
encryption configuration, no Block Public Access) are recorded as None, not as gaps.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from ...snapshot import GLOBAL, Resource
from ...snapshot.s3 import (
    EncryptionRule,
    Grant,
    LifecycleRule,
    ObjectLock,
    PublicAccessBlock,
    ReplicationRule,
    S3Account,
    S3Bucket,
)
from ..registry import collector
from ..unit import Unit

LEGACY_REGION_NAMES = {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}
"""``GetBucketLocation`` answers for buckets created before region names were used."""


@collector(
    service="s3",
    scope="global",
    operations=(
        "s3:ListBuckets",
        "s3:GetBucketLocation",
        "s3:GetBucketPolicy",
        "s3:GetBucketAcl",
        "s3:GetPublicAccessBlock",
        "s3:GetBucketEncryption",
        "s3:GetBucketVersioning",
        "s3:GetBucketLogging",
        "s3:GetBucketOwnershipControls",
        "s3:GetObjectLockConfiguration",
        "s3:GetBucketReplication",
        "s3:GetBucketLifecycleConfiguration",
        "s3:GetBucketNotificationConfiguration",
        "s3control:GetPublicAccessBlock",
    ),
)
def collect_s3(unit: Unit) -> Iterator[Resource]:
    """Account-level Block Public Access and every bucket's configuration.

    Each bucket's settings take eleven calls that do not wait on each other: every (bucket,
    setting) read goes to one bounded pool, so a few buckets do not make eleven calls in a row.
    """
    account_block, buckets = unit.both(
        partial(
            unit.call,
            "get_public_access_block",
            service="s3control",
            absent_on=("NoSuchPublicAccessBlockConfiguration",),
            AccountId=unit.account_id,
        ),
        partial(unit.pages, "list_buckets", "Buckets"),
    )
    yield S3Account(
        arn=unit.arn(f"account/{unit.account_id}", region=GLOBAL),
        name=unit.account_id,
        account_id=unit.account_id,
        region=GLOBAL,
        public_access_block=_configured_block(account_block),
    )
    for first in range(0, len(buckets), BUCKETS_AT_ONCE):
        # Name is optional in botocore's model, but it names the bucket.
        listed = buckets[first : first + BUCKETS_AT_ONCE]
        located = unit.fan_out(lambda raw: _Located(unit, raw), listed)
        reads = [(bucket, read) for bucket in located for read in BUCKET_READS]
        answers = unit.fan_out(lambda job: _read(unit, *job), reads)
        for n, bucket in enumerate(located):
            settings = answers[n * len(BUCKET_READS) : (n + 1) * len(BUCKET_READS)]
            yield _bucket(unit, bucket, dict(zip(BUCKET_READS, settings, strict=True)))


BUCKETS_AT_ONCE = 64
"""Buckets whose settings are read together: their answers are held until each bucket is
built, so an account of thousands of buckets is read a batch at a time."""


BUCKET_READS: dict[str, tuple[str, ...]] = {
    "get_bucket_policy": ("NoSuchBucketPolicy",),
    "get_bucket_acl": (),
    "get_public_access_block": ("NoSuchPublicAccessBlockConfiguration",),
    "get_bucket_encryption": ("ServerSideEncryptionConfigurationNotFoundError",),
    "get_bucket_versioning": (),
    "get_bucket_logging": (),
    "get_bucket_ownership_controls": ("OwnershipControlsNotFoundError",),
    # "No such configuration" codes: S3 API Reference, GetObjectLockConfiguration,
    # GetBucketReplication and GetBucketLifecycleConfiguration (Errors sections).
    "get_object_lock_configuration": ("ObjectLockConfigurationNotFoundError",),
    "get_bucket_replication": ("ReplicationConfigurationNotFoundError",),
    "get_bucket_lifecycle_configuration": ("NoSuchLifecycleConfiguration",),
    # A bucket without notifications answers an empty configuration, not an error.
    "get_bucket_notification_configuration": (),
}
"""Each bucket's settings: the read, and the error codes that mean "none configured"."""


class _Located:
    """A listed bucket, its ARN and the region its settings are read from."""

    def __init__(self, unit: Unit, listed: dict[str, Any]) -> None:
        self.listed = listed
        self.name: str = listed["Name"]
        self.arn = f"arn:{unit.partition}:s3:::{self.name}"
        self.region: str = listed.get("BucketRegion") or _location(unit, self.name, self.arn)


def _read(unit: Unit, bucket: _Located, method: str) -> dict[str, Any] | None:
    return unit.call(
        method,
        region=bucket.region,
        resource_arn=bucket.arn,
        absent_on=BUCKET_READS[method],
        Bucket=bucket.name,
    )


def _bucket(unit: Unit, bucket: _Located, read: dict[str, dict[str, Any] | None]) -> S3Bucket:
    arn = bucket.arn
    policy = read["get_bucket_policy"]
    acl = read["get_bucket_acl"]
    block = read["get_public_access_block"]
    encryption = read["get_bucket_encryption"]
    versioning = read["get_bucket_versioning"] or {}
    logging = read["get_bucket_logging"] or {}
    ownership = read["get_bucket_ownership_controls"]
    lock = read["get_object_lock_configuration"]
    replication = read["get_bucket_replication"]
    lifecycle = read["get_bucket_lifecycle_configuration"]
    notifications = read["get_bucket_notification_configuration"] or {}
    return S3Bucket(
        arn=arn,
        name=bucket.name,
        account_id=unit.account_id,
        region=bucket.region,
        created=bucket.listed.get("CreationDate"),
        policy=unit.document((policy or {}).get("Policy"), "get_bucket_policy", resource_arn=arn),
        acl_grants=tuple(_grant(g) for g in (acl or {}).get("Grants", [])),
        public_access_block=_configured_block(block),
        encryption=_encryption(encryption) if encryption else None,
        versioning=versioning.get("Status", "Disabled"),
        mfa_delete=versioning.get("MFADelete") == "Enabled",
        logging_target=logging.get("LoggingEnabled", {}).get("TargetBucket"),
        ownership=_ownership(ownership),
        object_lock=_configured_lock(lock),
        replication_rules=_replication(replication) if replication else None,
        lifecycle_rules=_lifecycle(lifecycle) if lifecycle else None,
        notification_targets=_notification_targets(notifications),
    )


def _location(unit: Unit, name: str, arn: str) -> str:
    answer = unit.call("get_bucket_location", resource_arn=arn, Bucket=name)
    if answer is None:
        return unit.api_region
    constraint = answer.get("LocationConstraint")
    return LEGACY_REGION_NAMES.get(constraint, constraint) or "us-east-1"


def _configured_block(answer: dict[str, Any] | None) -> PublicAccessBlock | None:
    """The Block Public Access settings of a ``GetPublicAccessBlock`` answer (S3 or S3
    Control); None when there are none.

    ``PublicAccessBlockConfiguration`` is optional in botocore's model: an answer without
    it reports no configuration, as ``NoSuchPublicAccessBlockConfiguration`` does.
    """
    config = (answer or {}).get("PublicAccessBlockConfiguration")
    return None if config is None else _block(config)


def _ownership(answer: dict[str, Any] | None) -> str | None:
    """The bucket's Object Ownership setting; None when it has no ownership controls.

    ``OwnershipControls`` is optional in botocore's model: without it the bucket has no
    controls, as when the call answers ``OwnershipControlsNotFoundError``. Its ``Rules``
    and their ``ObjectOwnership`` are required (indexed); an empty rule list sets nothing.
    """
    controls = (answer or {}).get("OwnershipControls")
    rules = controls["Rules"] if controls else []
    return str(rules[0]["ObjectOwnership"]) if rules else None


def _configured_lock(answer: dict[str, Any] | None) -> ObjectLock | None:
    """The bucket's Object Lock configuration; None when it has none.

    ``ObjectLockConfiguration`` is optional in botocore's model: an answer without it
    reports no configuration, as ``ObjectLockConfigurationNotFoundError`` does.
    """
    config = (answer or {}).get("ObjectLockConfiguration")
    return None if config is None else _object_lock(config)


def _block(raw: dict[str, Any]) -> PublicAccessBlock:
    return PublicAccessBlock(
        block_public_acls=raw.get("BlockPublicAcls", False),
        ignore_public_acls=raw.get("IgnorePublicAcls", False),
        block_public_policy=raw.get("BlockPublicPolicy", False),
        restrict_public_buckets=raw.get("RestrictPublicBuckets", False),
    )


def _grant(raw: dict[str, Any]) -> Grant:
    grantee = raw.get("Grantee", {})
    kind = grantee.get("Type", "CanonicalUser")
    who = grantee.get("URI") or grantee.get("ID") or grantee.get("EmailAddress") or ""
    return Grant(grantee_type=kind, grantee=who, permission=raw.get("Permission", ""))


def _encryption(raw: dict[str, Any]) -> tuple[EncryptionRule, ...]:
    rules = raw.get("ServerSideEncryptionConfiguration", {}).get("Rules", [])
    return tuple(
        EncryptionRule(
            algorithm=r["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"],
            kms_key_id=r["ApplyServerSideEncryptionByDefault"].get("KMSMasterKeyID"),
            bucket_key_enabled=r.get("BucketKeyEnabled", False),
        )
        for r in rules
        if "ApplyServerSideEncryptionByDefault" in r
    )


def _object_lock(raw: dict[str, Any]) -> ObjectLock:
    retention = raw.get("Rule", {}).get("DefaultRetention", {})
    return ObjectLock(
        enabled=raw.get("ObjectLockEnabled") == "Enabled",
        default_mode=retention.get("Mode"),
        # One of Days and Years is set; moto also answers the other, as 0.
        default_days=retention.get("Days") or None,
        default_years=retention.get("Years") or None,
    )


def _replication(raw: dict[str, Any]) -> tuple[ReplicationRule, ...]:
    rules = raw.get("ReplicationConfiguration", {}).get("Rules", [])
    return tuple(
        ReplicationRule(
            rule_id=r.get("ID", ""),
            status=r.get("Status", "Enabled"),
            destination_bucket=r.get("Destination", {}).get("Bucket", ""),
            destination_account=r.get("Destination", {}).get("Account"),
        )
        for r in rules
    )


NOTIFICATION_TARGETS = {
    "TopicConfigurations": "sns",
    "QueueConfigurations": "sqs",
    "LambdaFunctionConfigurations": "lambda",
    "EventBridgeConfiguration": "eventbridge",
}
"""The members of ``GetBucketNotificationConfiguration``'s answer and the destination each
names (S3 API Reference, ``NotificationConfiguration``): a non-empty list, or for EventBridge
the (empty) ``EventBridgeConfiguration`` object, means events go there."""


def _notification_targets(raw: dict[str, Any]) -> tuple[str, ...]:
    return tuple(
        sorted(
            target
            for member, target in NOTIFICATION_TARGETS.items()
            if raw.get(member) or (member == "EventBridgeConfiguration" and member in raw)
        )
    )


LIFECYCLE_NOT_ACTIONS = frozenset({"ID", "Status", "Filter", "Prefix"})
"""Keys of a lifecycle rule that select or name it; every other key is an action."""


def _lifecycle(raw: dict[str, Any]) -> tuple[LifecycleRule, ...]:
    return tuple(
        LifecycleRule(
            rule_id=r.get("ID", ""),
            status=r.get("Status", "Enabled"),
            actions=tuple(sorted(k for k, v in r.items() if k not in LIFECYCLE_NOT_ACTIONS and v)),
        )
        for r in raw.get("Rules", [])
    )
