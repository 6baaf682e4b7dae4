"""S3 bucket policies: refusing plain HTTP, and granting nothing to everyone or to untrusted
accounts (the resource-policy family, with Block Public Access as its restraint).
"""

from __future__ import annotations

from ....snapshot.s3 import S3Bucket
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ...iam.exposure import Exposure, grantees, public_statements
from ...iam.matching import action_matches, arn_matches, wildcard_match
from ...iam.policy import Policy, PolicyError, Statement, parse_policy
from ..factories import resource_policy_checks
from .s3 import BLOCK_PUBLIC_ACCESS_READS, block_level

ALL_S3_ACTIONS = frozenset({"s3:*", "*"})


def _bucket_arn(bucket: S3Bucket) -> str:
    partition = bucket.arn.split(":")[1] if bucket.arn.startswith("arn:") else "aws"
    return f"arn:{partition}:s3:::{bucket.name}"


def _refuses_plain_http(statement: Statement, bucket_arn: str) -> bool:
    """A Deny of every S3 action on the bucket and its objects, for everyone, whose only
    condition is ``Bool``/``BoolIfExists`` ``aws:SecureTransport`` = false.

    Any other condition would narrow the Deny; ``NotPrincipal``, ``NotAction`` and
    ``NotResource`` are not considered enforcing.
    """
    if statement.effect != "Deny" or not any(p.is_everyone for p in statement.principals or ()):
        return False
    if statement.actions is None or statement.resources is None:
        return False
    if not {a.lower() for a in statement.actions} & ALL_S3_ACTIONS:
        return False
    if not any(arn_matches(r, bucket_arn) for r in statement.resources):
        return False
    objects = f"{bucket_arn}/"
    if not any(r.endswith("*") and wildcard_match(r, objects) for r in statement.resources):
        return False
    if len(statement.conditions) != 1:
        return False
    (condition,) = statement.conditions
    return (
        condition.operator == "Bool"
        and condition.qualifier is None
        and condition.key.lower() == "aws:securetransport"
        and all(v.lower() == "false" for v in condition.values)
    )


def _parsed(bucket: S3Bucket) -> Policy | None:
    if bucket.policy is None:
        return None
    return parse_policy(bucket.policy, kind="resource", name=f"{bucket.name} bucket policy")


@check(
    id="s3.bucket-tls-only",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=S3Bucket,
    requires=("s3:GetBucketPolicy",),
)
def bucket_tls_only(bucket: S3Bucket, ctx: Context) -> Outcome:
    """The bucket policy refuses every request not made over TLS.

    S3 answers plain HTTP as well as HTTPS; only a bucket policy denying requests where
    `aws:SecureTransport` is false stops data and signed requests crossing the network in
    clear (Amazon S3 security best practices, "Enforce encryption of data in transit"). The
    Deny must cover every S3 action (`s3:*`), the bucket and all its objects (`arn:...:b` and
    `arn:...:b/*`), and everyone. A Deny on `s3:TlsVersion` alone sets a minimum TLS version
    but lets plain HTTP through, so it does not count.

    Remediation: add this statement to the bucket policy:
    `{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",
    "Resource":["arn:aws:s3:::NAME","arn:aws:s3:::NAME/*"],
    "Condition":{"Bool":{"aws:SecureTransport":"false"}}}` (`aws s3api put-bucket-policy`;
    Terraform `aws_s3_bucket_policy`).
    """
    try:
        policy = _parsed(bucket)
    except PolicyError as error:
        return unknown(f"the bucket policy could not be parsed: {error}")
    if policy is None:
        return failed("no bucket policy: requests over plain HTTP are accepted")
    arn = _bucket_arn(bucket)
    enforcing = [s.label for s in policy.statements if _refuses_plain_http(s, arn)]
    if enforcing:
        return passed("bucket policy denies requests without TLS", statements=enforcing)
    tls_version_only = [
        s.label
        for s in policy.statements
        if any(c.key.lower() == "s3:tlsversion" for c in s.conditions)
    ]
    if tls_version_only:
        return failed(
            "the policy sets a minimum TLS version (s3:TlsVersion) but does not deny plain "
            "HTTP (aws:SecureTransport false)",
            statements=tls_version_only,
        )
    return failed(
        "no statement denies every S3 action on the bucket and its objects when "
        "aws:SecureTransport is false"
    )


def _block_public_access(
    bucket: S3Bucket, ctx: Context, exposure: Exposure, failure: Outcome
) -> Outcome:
    """The failure as Block Public Access leaves it: RestrictPublicBuckets (bucket or account)
    confines a bucket whose policy is public to its own account and AWS services, which
    neutralises the public statements and the grants to other accounts alike (S3 User Guide,
    "Blocking public access to your Amazon S3 storage"); BlockPublicPolicy only refuses new
    public policies. A policy that is not public is not touched by either.
    """
    if not exposure.public:
        return failure
    restricted_by = block_level(bucket, ctx, "restrict_public_buckets")
    if restricted_by:
        return passed(
            f"neutralised by {restricted_by}-level RestrictPublicBuckets, which admits only "
            "the bucket's account and AWS services while the policy is public "
            f"({failure.reason})",
            **failure.evidence,
        )
    unread = ctx.blocking_gaps(bucket, BLOCK_PUBLIC_ACCESS_READS)
    if unread:
        return unknown(
            f"{failure.reason}; Block Public Access could not be read: "
            + "; ".join(g.describe() for g in unread),
            **failure.evidence,
        )
    if block_level(bucket, ctx, "block_public_policy") is not None:
        return failed(
            failure.reason,
            **failure.evidence,
            note="BlockPublicPolicy is on, but it only refuses new public policies; this one "
            "is in force until RestrictPublicBuckets is on or the statement is removed",
        )
    return failure


bucket_policy_not_public, bucket_policy_trusted_accounts = resource_policy_checks(
    prefix="s3.bucket",
    resource=S3Bucket,
    policy=lambda bucket: bucket.policy,
    requires=("s3:GetBucketPolicy",),
    restraint=_block_public_access,
    about="Block Public Access counts. RestrictPublicBuckets (bucket or account level) confines "
    "a bucket whose policy is public to its own account and AWS services, which neutralises the "
    "public statements and the accounts the policy names; BlockPublicPolicy only refuses new "
    "public policies and leaves one in force (S3 User Guide, \"The meaning of 'public'\" and "
    '"Blocking public access to your Amazon S3 storage").',
    remedy="Serve public content through CloudFront with origin access control rather than "
    "a public policy, and turn on Block Public Access (`aws s3api put-public-access-block "
    "--bucket NAME --public-access-block-configuration "
    "BlockPublicPolicy=true,RestrictPublicBuckets=true`; Terraform "
    "`aws_s3_bucket_public_access_block`).",
)


BLOCKED_ACTIONS = (
    "s3:DeleteBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutBucketPolicy",
    "s3:PutEncryptionConfiguration",
    "s3:PutObjectAcl",
)
"""Actions that hand control of the bucket's access or encryption to whoever holds them: the
default ``blacklistedActionPatterns`` of the AWS Config rule
``s3-bucket-blacklisted-actions-prohibited`` behind Security Hub S3.6."""


def _blocked_actions(statement: Statement) -> list[str]:
    """The blocked actions the statement's ``Action`` (or ``NotAction``) covers."""
    if statement.actions is not None:
        return [a for a in BLOCKED_ACTIONS if any(action_matches(p, a) for p in statement.actions)]
    excluded = statement.not_actions or ()
    return [a for a in BLOCKED_ACTIONS if not any(action_matches(p, a) for p in excluded)]


@check(
    id="s3.bucket-policy-cross-account-actions",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=S3Bucket,
    requires=("s3:GetBucketPolicy",),
)
def bucket_policy_cross_account_actions(bucket: S3Bucket, ctx: Context) -> Outcome:
    """The bucket policy lets no other account change the bucket's policy, ACLs or encryption.

    An account allowed `s3:PutBucketPolicy`, `s3:DeleteBucketPolicy`, `s3:PutBucketAcl`,
    `s3:PutObjectAcl` or `s3:PutEncryptionConfiguration` on a bucket can rewrite who reads it
    or which key protects it: it owns the bucket in all but name (Security Hub S3.6, whose
    AWS Config rule `s3-bucket-blacklisted-actions-prohibited` lists these actions). Decided
    with the IAM engine's exposure analysis: statements naming another account, or open to
    everyone without a condition confining callers, count, trusted accounts included; the
    actions are matched with wildcards (`s3:Put*`) and `NotAction`.

    Remediation: remove those actions from the statements that name other accounts (grant
    them read or write on objects only), with `aws s3api put-bucket-policy --bucket NAME
    --policy file://policy.json`; Terraform `aws_s3_bucket_policy`.
    """
    try:
        policy = _parsed(bucket)
    except PolicyError as error:
        return unknown(f"the bucket policy could not be parsed: {error}")
    if policy is None:
        return passed("no bucket policy: no other account is granted anything")
    outside: dict[str, set[str]] = {}
    for grantee, statements in grantees(policy, bucket.account_id).items():
        for statement in statements:
            outside.setdefault(statement.label, set()).add(grantee)
    for statement in public_statements(policy):
        outside.setdefault(statement.label, set()).add("everyone")
    granted = {
        s.label: _blocked_actions(s)
        for s in policy.statements
        if s.label in outside and _blocked_actions(s)
    }
    if not granted:
        return passed("no statement grants another account control of the bucket's access")
    shown = "; ".join(
        f"{label} lets {', '.join(sorted(outside[label]))} {', '.join(actions)}"
        for label, actions in granted.items()
    )
    return failed(
        f"the bucket policy grants other accounts control actions: {shown}",
        statements={label: sorted(outside[label]) for label in granted},
        actions=sorted({a for actions in granted.values() for a in actions}),
    )
