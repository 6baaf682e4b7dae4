"""S3 bucket policies: refusing plain HTTP, and not granting access to everyone."""

from __future__ import annotations

from ....snapshot.s3 import S3Bucket
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ...iam.exposure import analyse
from ...iam.matching import arn_matches, wildcard_match
from ...iam.policy import Policy, PolicyError, Statement, parse_policy
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


@check(
    id="s3.bucket-policy-not-public",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=S3Bucket,
    requires=("s3:GetBucketPolicy",),
)
def bucket_policy_not_public(bucket: S3Bucket, ctx: Context) -> Outcome:
    """The bucket policy grants nothing to everyone.

    An Allow for `"*"` (or `{"AWS": "*"}`) lets anyone on the internet make the allowed
    calls, without even an AWS account. Judged by the IAM engine's exposure analysis: an
    Allow for everyone is public unless a condition with fixed values confines the caller to
    an organisation, account, source ARN, VPC or endpoint, or private address ranges (S3 User
    Guide, "The meaning of 'public'"); conditions on other keys do not stop strangers.
    RestrictPublicBuckets (bucket or account) neutralises a public
    policy; BlockPublicPolicy only refuses new public policies and leaves an existing one in
    force (S3 User Guide, "Blocking public access to your Amazon S3 storage").

    Remediation: replace `"Principal": "*"` with the accounts or roles that need access, or
    add a condition such as `aws:PrincipalOrgID`; serve public content through CloudFront
    with origin access control. Turn on Block Public Access (`aws s3api
    put-public-access-block ... RestrictPublicBuckets=true,BlockPublicPolicy=true`).
    """
    if bucket.policy is None:
        return passed("no bucket policy")
    try:
        exposure = analyse(bucket.policy, bucket.account_id, f"{bucket.name} bucket policy")
    except PolicyError as error:
        return unknown(f"the bucket policy could not be parsed: {error}")
    public = list(exposure.public)
    limited = list(exposure.confined)
    if not public:
        reason = "no statement grants access to everyone"
        if limited:
            reason += " without a limiting condition"
        return passed(reason, limited_by_condition=limited)
    restricted_by = block_level(bucket, ctx, "restrict_public_buckets")
    if restricted_by:
        return passed(
            f"public statements neutralised by {restricted_by}-level RestrictPublicBuckets",
            public_statements=public,
        )
    unread = ctx.blocking_gaps(bucket, BLOCK_PUBLIC_ACCESS_READS)
    if unread:
        return unknown(
            "public bucket policy, and Block Public Access could not be read: "
            + "; ".join(g.describe() for g in unread),
            public_statements=public,
        )
    evidence: dict[str, object] = {"public_statements": public, "limited_by_condition": limited}
    if block_level(bucket, ctx, "block_public_policy") is not None:
        evidence["note"] = (
            "BlockPublicPolicy is on, but it only refuses new public policies; this one is "
            "in force until RestrictPublicBuckets is on or the statement is removed"
        )
    return failed(f"bucket policy grants access to everyone: {'; '.join(public)}", **evidence)
