"""S3 recovery and retention (strict): MFA delete, Object Lock, replication, lifecycle rules.

Opinionated: each suits data that must survive deletion, ransomware or a region's loss, and
costs money or operational effort elsewhere, so they run only with ``--strict``.
"""

from __future__ import annotations

from ....snapshot.s3 import S3Bucket
from ...check import Domain, Level, Outcome, Severity, check, failed, not_applicable, passed
from ...context import Context
from ..factories import flag_check

bucket_mfa_delete = flag_check(
    id="s3.bucket-mfa-delete",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    level=Level.STRICT,
    resource=S3Bucket,
    requires=("s3:GetBucketVersioning",),
    is_ok=lambda b: b.mfa_delete,
    ok="MFA delete enabled",
    bad="MFA delete not enabled: versions can be deleted without a second factor",
    doc="""Deleting object versions or suspending versioning requires MFA.

    With MFA delete, stolen credentials alone cannot purge a bucket's history: permanent
    deletes need the root user's MFA code. Opinionated: only the root user can turn it on,
    and it gets in the way of lifecycle expiry of old versions.

    Remediation: as the root user with its MFA device, `aws s3api put-bucket-versioning
    --bucket NAME --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa
    "SERIAL CODE"`. For most buckets Object Lock is the easier safeguard.
    """,
)


@check(
    id="s3.bucket-object-lock",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    level=Level.STRICT,
    resource=S3Bucket,
    requires=("s3:GetObjectLockConfiguration",),
)
def bucket_object_lock(bucket: S3Bucket, ctx: Context) -> Outcome:
    """Object Lock protects the bucket's objects from deletion and overwrite.

    Object Lock (write once, read many) keeps each version for a retention period that,
    in compliance mode, nobody can shorten, the root user included: the usual defence of
    backups against ransomware and insider deletion. Opinionated: it suits backups and
    records, not working data.

    Remediation: enable it (`aws s3api put-object-lock-configuration --bucket NAME
    --object-lock-configuration 'ObjectLockEnabled=Enabled,Rule={DefaultRetention={Mode=
    GOVERNANCE,Days=30}}'`; versioning must be on) and set a default retention; Terraform
    `aws_s3_bucket_object_lock_configuration`.
    """
    lock = bucket.object_lock
    if lock is None or not lock.enabled:
        return failed("Object Lock is not enabled")
    if lock.default_mode is None:
        return passed(
            "Object Lock enabled, with no default retention (objects are locked only when "
            "a retention is set on them)",
            default_retention=None,
        )
    period = f"{lock.default_days} days" if lock.default_days else f"{lock.default_years} years"
    return passed(
        f"Object Lock enabled, default {lock.default_mode} retention of {period}",
        default_retention={"mode": lock.default_mode, "period": period},
    )


@check(
    id="s3.bucket-replication",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    level=Level.STRICT,
    resource=S3Bucket,
    requires=("s3:GetBucketReplication",),
)
def bucket_replication(bucket: S3Bucket, ctx: Context) -> Outcome:
    """The bucket replicates its objects to another bucket.

    A replica in another region or account survives the loss of the region, of the bucket,
    or of the account's credentials. Opinionated: it doubles storage and suits only data
    whose loss the business cannot absorb.

    Remediation: enable versioning on both buckets and add a replication rule
    (`aws s3api put-bucket-replication --bucket NAME --replication-configuration file://
    replication.json`), preferably to a bucket in a separate backup account; Terraform
    `aws_s3_bucket_replication_configuration`.
    """
    rules = bucket.replication_rules or ()
    enabled = [r for r in rules if r.status == "Enabled"]
    if not enabled:
        reason = "replication rules are all disabled" if rules else "no replication configured"
        return failed(reason)
    return passed(
        f"{len(enabled)} replication rule(s) enabled",
        destinations=sorted({r.destination_bucket for r in enabled}),
    )


@check(
    id="s3.bucket-lifecycle",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.INFO,
    level=Level.STRICT,
    resource=S3Bucket,
    requires=("s3:GetBucketLifecycleConfiguration",),
)
def bucket_lifecycle(bucket: S3Bucket, ctx: Context) -> Outcome:
    """The bucket has an enabled lifecycle rule.

    Lifecycle rules enforce retention: they expire data that should not be kept (less to
    leak, and what privacy law asks), expire old versions, and clean up incomplete multipart
    uploads. Opinionated: some buckets rightly keep everything.

    Remediation: `aws s3api put-bucket-lifecycle-configuration --bucket NAME
    --lifecycle-configuration file://lifecycle.json` with at least an
    `AbortIncompleteMultipartUpload` rule and the retention your data needs; Terraform
    `aws_s3_bucket_lifecycle_configuration`.
    """
    rules = bucket.lifecycle_rules or ()
    enabled = [r for r in rules if r.status == "Enabled"]
    if not enabled:
        reason = "lifecycle rules are all disabled" if rules else "no lifecycle configuration"
        return failed(reason)
    return passed(
        f"{len(enabled)} lifecycle rule(s) enabled",
        actions=sorted({a for r in enabled for a in r.actions}),
    )


@check(
    id="s3.bucket-versioned-lifecycle",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    level=Level.STRICT,
    resource=S3Bucket,
    requires=("s3:GetBucketVersioning", "s3:GetBucketLifecycleConfiguration"),
)
def bucket_versioned_lifecycle(bucket: S3Bucket, ctx: Context) -> Outcome:
    """Versioned buckets have an enabled lifecycle rule.

    A versioned bucket keeps every overwritten and deleted object as a noncurrent version;
    without a lifecycle rule to expire or transition them, the bucket grows without end and
    its old data is never retired (Security Hub S3.10). Opinionated: the rule's content
    is not judged, only that one is in force (`s3.bucket-lifecycle` judges the actions).

    Remediation: `aws s3api put-bucket-lifecycle-configuration --bucket NAME
    --lifecycle-configuration '{"Rules":[{"ID":"old-versions","Status":"Enabled",
    "Filter":{},"NoncurrentVersionExpiration":{"NoncurrentDays":90}}]}'`; Terraform
    `aws_s3_bucket_lifecycle_configuration` with a `noncurrent_version_expiration` rule.
    """
    if bucket.versioning != "Enabled":
        return not_applicable(f"versioning is {bucket.versioning.lower()}")
    enabled = [r.rule_id for r in bucket.lifecycle_rules or () if r.status == "Enabled"]
    if enabled:
        return passed(f"versioned, with {len(enabled)} enabled lifecycle rule(s)", rules=enabled)
    if bucket.lifecycle_rules:
        return failed("versioned, and every lifecycle rule is disabled")
    return failed("versioned, with no lifecycle configuration: noncurrent versions pile up")
