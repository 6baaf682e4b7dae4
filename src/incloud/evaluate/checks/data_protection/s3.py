"""S3 data-protection checks."""

from __future__ import annotations

from ....snapshot.s3 import S3AccessPoint, S3Account, S3Bucket
from ...check import Domain, Level, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ..factories import flag_check

PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers": "everyone",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "any AWS account",
}
"""ACL group URIs that make a grant public (S3 User Guide, "Access control list overview")."""


@check(
    id="s3.bucket-default-encryption",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=S3Bucket,
    requires=("s3:GetBucketEncryption",),
)
def bucket_default_encryption(bucket: S3Bucket, ctx: Context) -> Outcome:
    """Objects written to the bucket are encrypted at rest by default, and with which key.

    Since January 2023 S3 encrypts every new object with SSE-S3 when a bucket has no
    configuration, so this passes and names the key type. Data that needs customer control
    of the key (audit of use, revocation) calls for SSE-KMS, a stricter check.

    Remediation: `aws s3api put-bucket-encryption --bucket NAME
    --server-side-encryption-configuration
    '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]}'`;
    Terraform `aws_s3_bucket_server_side_encryption_configuration`.
    """
    if bucket.encryption is None:
        return passed(
            "no configuration: S3 applies SSE-S3 by default (since 2023-01)",
            key_type="SSE-S3 (default)",
        )
    algorithms = sorted({rule.algorithm for rule in bucket.encryption})
    if not algorithms:
        return failed("encryption configuration has no default rule")
    key_type = {"AES256": "SSE-S3", "aws:kms": "SSE-KMS", "aws:kms:dsse": "DSSE-KMS"}
    return passed(
        f"default encryption {', '.join(key_type.get(a, a) for a in algorithms)}",
        key_type=algorithms,
    )


@check(
    id="s3.account-public-access-block",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=S3Account,
    requires=("s3control:GetPublicAccessBlock",),
)
def account_public_access_block(account: S3Account, ctx: Context) -> Outcome:
    """All four S3 Block Public Access settings are on for the whole account.

    Account-level Block Public Access overrides every bucket's ACLs and policies, so one
    mistaken policy or ACL cannot expose data (CIS 2.1.4).

    Remediation: `aws s3control put-public-access-block --account-id ID
    --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,
    BlockPublicPolicy=true,RestrictPublicBuckets=true`; Terraform
    `aws_s3_account_public_access_block`.
    """
    block = account.public_access_block
    if block is None:
        return failed("no account-level Block Public Access configuration")
    off = [name for name, on in block.model_dump().items() if not on]
    if off:
        return failed(f"account-level Block Public Access settings off: {', '.join(off)}", off=off)
    return passed("all four account-level Block Public Access settings are on")


@check(
    id="s3.bucket-acl-not-public",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=S3Bucket,
    requires=("s3:GetBucketAcl",),
)
def bucket_acl_not_public(bucket: S3Bucket, ctx: Context) -> Outcome:
    """The bucket's ACL grants nothing to everyone or to all AWS accounts.

    A public grant neutralised by IgnorePublicAcls (bucket or account level) passes.

    A public ACL grant lets anyone on the internet list or read (or write) the bucket.

    Remediation: set Object Ownership to BucketOwnerEnforced (ACLs disabled) with
    `aws s3api put-bucket-ownership-controls`, or remove the grant with
    `aws s3api put-bucket-acl --acl private`; enable Block Public Access.
    """
    public = [
        f"{g.permission} to {PUBLIC_GRANTEES[g.grantee]}"
        for g in bucket.acl_grants
        if g.grantee in PUBLIC_GRANTEES
    ]
    if not public:
        return passed("no public ACL grants")
    unread = ctx.blocking_gaps(bucket, BLOCK_PUBLIC_ACCESS_READS)
    ignored_by = block_level(bucket, ctx, "ignore_public_acls")
    if ignored_by is None and unread:
        return unknown(
            "public ACL grants, and Block Public Access could not be read: "
            + "; ".join(g.describe() for g in unread),
            grants=public,
        )
    if ignored_by:
        return passed(
            f"public ACL grants are ignored by {ignored_by} Block Public Access", grants=public
        )
    return failed(f"ACL grants {', '.join(public)}", grants=public)


BLOCK_PUBLIC_ACCESS_READS = ("s3:GetPublicAccessBlock", "s3control:GetPublicAccessBlock")
"""Bucket- and account-level Block Public Access: only consulted when a grant is public."""


def block_level(bucket: S3Bucket, ctx: Context, switch: str) -> str | None:
    """Where a Block Public Access ``switch`` (e.g. ``ignore_public_acls``) is on for the
    bucket: ``"bucket"``, ``"account"``, or None.
    """
    if bucket.public_access_block and getattr(bucket.public_access_block, switch):
        return "bucket"
    for account in ctx.resources(S3Account, account_id=bucket.account_id):
        if account.public_access_block and getattr(account.public_access_block, switch):
            return "account"
    return None


bucket_versioning = flag_check(
    id="s3.bucket-versioning",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    level=Level.STRICT,
    resource=S3Bucket,
    requires=("s3:GetBucketVersioning",),
    is_ok=lambda b: b.versioning == "Enabled",
    ok="versioning enabled",
    bad="versioning not enabled: overwritten or deleted objects cannot be recovered",
    doc="""Bucket versioning is enabled.

    Versioning keeps every version of every object, so an overwrite, deletion or ransomware
    encryption can be rolled back. Opinionated: logs and caches rarely need it.

    Remediation: `aws s3api put-bucket-versioning --bucket NAME
    --versioning-configuration Status=Enabled`; Terraform `aws_s3_bucket_versioning`.
    """,
)


bucket_acls_disabled = flag_check(
    id="s3.bucket-acls-disabled",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.LOW,
    resource=S3Bucket,
    requires=("s3:GetBucketOwnershipControls",),
    is_ok=lambda b: b.ownership == "BucketOwnerEnforced",
    ok="ACLs disabled (Object Ownership: BucketOwnerEnforced)",
    bad="ACLs still in effect: access can be granted per object, outside the bucket policy",
    doc="""Access control lists are disabled on the bucket (bucket owner enforced).

    With ACLs enabled, any writer can grant access to the objects it uploads, and a grant on
    one object escapes every review of the bucket policy. AWS recommends disabling ACLs and
    has done so by default for new buckets since April 2023 (S3 User Guide, "Controlling
    ownership of objects and disabling ACLs").

    Remediation: move any grants the bucket relies on into its policy, then
    `aws s3api put-bucket-ownership-controls --bucket NAME --ownership-controls
    'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'`; Terraform
    `aws_s3_bucket_ownership_controls` with `object_ownership = "BucketOwnerEnforced"`.
    """,
)


@check(
    id="s3.bucket-public-access-block",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=S3Bucket,
    requires=("s3:GetPublicAccessBlock",),
)
def bucket_public_access_block(bucket: S3Bucket, ctx: Context) -> Outcome:
    """All four Block Public Access settings are on for the bucket itself.

    Bucket-level Block Public Access keeps the bucket private even if the account-level
    settings are later relaxed, or the bucket's data is copied into an account without them
    (Security Hub S3.8; S3 User Guide, "Blocking public access to your Amazon S3 storage").
    The account level is judged by `s3.account-public-access-block`.

    Remediation: `aws s3api put-public-access-block --bucket NAME
    --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,
    BlockPublicPolicy=true,RestrictPublicBuckets=true`; Terraform
    `aws_s3_bucket_public_access_block` with the four arguments `true`.
    """
    block = bucket.public_access_block
    if block is None:
        return failed("no bucket-level Block Public Access configuration")
    off = [name for name, on in block.model_dump().items() if not on]
    if off:
        return failed(f"bucket-level Block Public Access settings off: {', '.join(off)}", off=off)
    return passed("all four bucket-level Block Public Access settings are on")


@check(
    id="s3.access-point-public-access-block",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.CRITICAL,
    resource=S3AccessPoint,
    requires=("s3control:GetAccessPoint",),
)
def access_point_public_access_block(point: S3AccessPoint, ctx: Context) -> Outcome:
    """All four Block Public Access settings are on for the access point.

    An access point has its own Block Public Access settings, fixed when it is created; with
    one off, an access point policy or ACL can make the bucket's data public through the
    access point, whatever the bucket's own settings (Security Hub S3.19; S3 User Guide,
    "Managing public access to access points").

    Remediation: the settings cannot be changed: create a replacement with
    `aws s3control create-access-point --account-id ID --name NAME --bucket BUCKET
    --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,
    BlockPublicPolicy=true,RestrictPublicBuckets=true`, move clients to it and delete the old
    one (`aws s3control delete-access-point`); Terraform `public_access_block_configuration`
    on `aws_s3_access_point`.
    """
    block = point.public_access_block
    if block is None:
        return unknown("the access point's Block Public Access settings were not read")
    off = [name for name, on in block.model_dump().items() if not on]
    if off:
        return failed(
            f"access point Block Public Access settings off: {', '.join(off)}",
            off=off,
            bucket=point.bucket,
        )
    return passed("all four Block Public Access settings are on", bucket=point.bucket)
