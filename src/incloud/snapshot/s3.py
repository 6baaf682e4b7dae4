"""S3: buckets, access points and the account-level Block Public Access settings."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from .base import Frozen, JsonDict, Resource


class PublicAccessBlock(Frozen):
    """The four Block Public Access switches (bucket or account level)."""

    block_public_acls: bool = False
    ignore_public_acls: bool = False
    block_public_policy: bool = False
    restrict_public_buckets: bool = False

    @property
    def all_on(self) -> bool:
        """True when every switch is on."""
        return (
            self.block_public_acls
            and self.ignore_public_acls
            and self.block_public_policy
            and self.restrict_public_buckets
        )


class S3Account(Resource):
    """Account-wide S3 settings (``s3control:GetPublicAccessBlock``).

    ``public_access_block`` is None when the account has no configuration.
    """

    kind: Literal["s3.account"] = "s3.account"
    public_access_block: PublicAccessBlock | None = None

    service: ClassVar[str] = "s3"

    def in_use(self) -> bool:
        """Account settings exist in every account."""
        return False


class Grant(Frozen):
    """One ACL grant: the grantee (canonical id, URI or e-mail) and the permission."""

    grantee_type: str
    grantee: str
    permission: str


class EncryptionRule(Frozen):
    """One default-encryption rule of a bucket."""

    algorithm: str
    kms_key_id: str | None = None
    bucket_key_enabled: bool = False


class ObjectLock(Frozen):
    """A bucket's Object Lock configuration and its default retention, if any."""

    enabled: bool = False
    default_mode: str | None = None
    """``GOVERNANCE`` or ``COMPLIANCE``; None when no default retention rule is set."""
    default_days: int | None = None
    default_years: int | None = None


class ReplicationRule(Frozen):
    """One replication rule: its status and destination bucket (ARN)."""

    rule_id: str = ""
    status: str = "Enabled"
    destination_bucket: str = ""
    destination_account: str | None = None


class LifecycleRule(Frozen):
    """One lifecycle rule: its status and which kinds of action it takes."""

    rule_id: str = ""
    status: str = "Enabled"
    actions: tuple[str, ...] = ()
    """The rule's action keys as the API names them (``Expiration``, ``Transitions``,
    ``NoncurrentVersionExpiration``, ``AbortIncompleteMultipartUpload`` ...)."""


class S3Bucket(Resource):
    """A bucket and its security-relevant configuration.

    A None ``encryption`` means no configuration was returned; since January 2023 AWS then
    encrypts new objects with SSE-S3 anyway. ``policy``, ``public_access_block``,
    ``logging_target``, ``ownership``, ``object_lock``, ``replication_rules`` and
    ``lifecycle_rules`` are None when the bucket has none.
    """

    kind: Literal["s3.bucket"] = "s3.bucket"
    created: datetime | None = None
    policy: JsonDict | None = None
    acl_grants: tuple[Grant, ...] = ()
    public_access_block: PublicAccessBlock | None = None
    encryption: tuple[EncryptionRule, ...] | None = None
    versioning: str = "Disabled"
    mfa_delete: bool = False
    logging_target: str | None = None
    ownership: str | None = None
    object_lock: ObjectLock | None = None
    replication_rules: tuple[ReplicationRule, ...] | None = None
    lifecycle_rules: tuple[LifecycleRule, ...] | None = None
    notification_targets: tuple[str, ...] = ()
    """Where the bucket sends event notifications (``GetBucketNotificationConfiguration``):
    ``sns``, ``sqs``, ``lambda``, ``eventbridge``; empty when it sends none (a failed read is
    a gap on the operation)."""

    service: ClassVar[str] = "s3"
    listed_by: ClassVar[tuple[str, ...]] = ("s3:ListBuckets",)


class S3AccessPoint(Resource):
    """An S3 access point (``ListAccessPoints`` in its region) and its own Block Public Access
    settings (``GetAccessPoint``), which AWS fixes when the access point is created.

    ``public_access_block`` is None when ``GetAccessPoint`` was not read (a gap names the
    access point).
    """

    kind: Literal["s3.access-point"] = "s3.access-point"
    bucket: str = ""
    bucket_account_id: str | None = None
    network_origin: str = ""
    """``Internet`` or ``VPC``."""
    public_access_block: PublicAccessBlock | None = None

    service: ClassVar[str] = "s3"
    listed_by: ClassVar[tuple[str, ...]] = ("s3control:ListAccessPoints",)
