"""CloudTrail audit logging: the trail itself, its log bucket, and S3 data events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from ....snapshot.cloudtrail import AdvancedEventSelector, EventSelector, FieldSelector, Trail
from ....snapshot.iam import IamAccount
from ....snapshot.s3 import S3Bucket
from ...check import (
    Domain,
    Level,
    Outcome,
    Severity,
    Verdict,
    all_checks,
    check,
    failed,
    passed,
    unknown,
)
from ...context import Context
from ..factories import flag_check
from ._trails import TRAIL_READS, account_gaps, trail_problem


@check(
    id="cloudtrail.multi-region-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.HIGH,
    resource=IamAccount,
)
def multi_region_logging(account: IamAccount, ctx: Context) -> Outcome:
    """The account has a multi-region trail that is logging every management event.

    CloudTrail is the audit record of every API call; a trail limited to one region misses
    activity in the others, which is where attackers like to work (CIS 3.1).

    Remediation: `aws cloudtrail create-trail --name org-trail --s3-bucket-name BUCKET
    --is-multi-region-trail` then `aws cloudtrail start-logging --name org-trail`; or an
    organisation trail from the management account.
    """
    trails = list(ctx.resources(Trail, account_id=account.account_id))
    problems = {t.name: trail_problem(t, ctx) for t in trails}
    good = [name for name, problem in problems.items() if problem is None]
    if good:
        return passed("multi-region trail logging every management event", trails=good)
    gaps = account_gaps(ctx, account.account_id, TRAIL_READS)
    if gaps:
        return unknown(
            "no logging multi-region trail found, but trails could not all be read: "
            + "; ".join(gaps)
        )
    return failed(
        "no multi-region trail is logging every management event (reads and writes)",
        trails=problems,
    )


log_file_validation = flag_check(
    id="cloudtrail.log-file-validation",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=Trail,
    is_ok=lambda t: t.log_file_validation,
    ok="log file validation enabled",
    bad="log file validation disabled: tampering with delivered logs would go unnoticed",
    doc="""Trails sign their log files so tampering can be detected.

    Validation writes signed digest files; without them nobody can prove the logs were not
    edited or deleted after delivery, which auditors and incident responders rely on
    (CIS 3.2).

    Remediation: `aws cloudtrail update-trail --name TRAIL --enable-log-file-validation`.
    """,
)


kms_encryption = flag_check(
    id="cloudtrail.kms-encryption",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=Trail,
    is_ok=lambda t: t.kms_key_id is not None,
    ok="log files encrypted with a KMS key (SSE-KMS)",
    bad="log files encrypted with S3-managed keys only: anyone who can read the bucket can "
    "read the logs",
    doc="""Trails encrypt their log files with a customer-managed KMS key.

    By default CloudTrail log files get S3-managed encryption (SSE-S3), so read access to
    the bucket is read access to the logs. With SSE-KMS a reader also needs `kms:Decrypt`
    on the key, whose policy and CloudTrail's record of its use are a second, auditable
    gate (CloudTrail User Guide, "Encrypting CloudTrail log files with AWS KMS keys
    (SSE-KMS)"; CIS 3.5).

    Remediation: create a KMS key whose policy lets `cloudtrail.amazonaws.com` encrypt
    (`kms:GenerateDataKey*` with the `aws:cloudtrail:arn` encryption context) and your
    auditors decrypt, then `aws cloudtrail update-trail --name TRAIL --kms-key-id KEY_ARN`;
    Terraform `kms_key_id` on `aws_cloudtrail`.
    """,
)


# --- the trail's S3 bucket ---------------------------------------------------------------


def _buckets_by_name(ctx: Context) -> dict[str, S3Bucket]:
    return {b.name: b for b in ctx.snapshot.of_type(S3Bucket)}


def _trail_bucket(trail: Trail, ctx: Context) -> S3Bucket | Outcome:
    """The trail's log bucket from the snapshot, or the ``unknown`` saying why it is not
    there (bucket names are global, so a bucket any scanned account collected is found).
    """
    if not trail.s3_bucket:
        return unknown("the trail names no S3 bucket")
    bucket = ctx.analysis(_buckets_by_name).get(trail.s3_bucket)
    if bucket is not None:
        return bucket
    listing = [g.describe() for g in ctx.gaps("s3:ListBuckets") if g.account_id == trail.account_id]
    if listing:
        return unknown(
            f"bucket {trail.s3_bucket} not found, and the bucket list could not be read: "
            + "; ".join(listing),
            bucket=trail.s3_bucket,
        )
    return unknown(
        f"bucket {trail.s3_bucket} is not in the snapshot: it belongs to another account "
        "(such as a log-archive account) or was not collected; scan that account too",
        bucket=trail.s3_bucket,
    )


def _judge_as(check_id: str, bucket: S3Bucket, ctx: Context) -> Outcome:
    """The verdict check ``check_id`` gives ``bucket``, with the engine's gap rule applied."""
    item = all_checks()[check_id]
    blocking = ctx.blocking_gaps(bucket, item.requires)
    if blocking:
        return unknown("not assessed: " + "; ".join(g.describe() for g in blocking))
    return item.fn(bucket, ctx)


BUCKET_EXPOSURE_CHECKS = ("s3.bucket-policy-not-public", "s3.bucket-acl-not-public")
"""The S3 checks whose judgement (policy exposure, ACL grants, Block Public Access at bucket
and account level) decides whether the trail's bucket is public."""


@check(
    id="cloudtrail.bucket-not-public",
    domain=Domain.COMPLIANCE,
    severity=Severity.HIGH,
    resource=Trail,
)
def bucket_not_public(trail: Trail, ctx: Context) -> Outcome:
    """The S3 bucket a trail delivers to is not public.

    The audit log shows every call made in the account: who did what, from where. A public
    log bucket hands that map to anyone, and a publicly writable one lets them plant or
    remove evidence (CIS 3.3 in v1.4 of the benchmark). Judged exactly as
    s3.bucket-policy-not-public and s3.bucket-acl-not-public judge the bucket, Block Public
    Access included. A bucket in another account (a log-archive account) is judged only
    when that account is scanned too; otherwise the verdict is unknown.

    Remediation: remove public statements from the bucket policy and public ACL grants
    (`aws s3api put-bucket-acl --bucket BUCKET --acl private`), turn on Block Public Access
    for the bucket (`aws s3api put-public-access-block --bucket BUCKET
    --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,
    BlockPublicPolicy=true,RestrictPublicBuckets=true`; Terraform
    `aws_s3_bucket_public_access_block`). CloudTrail needs only its own service principal
    in the policy.
    """
    found = _trail_bucket(trail, ctx)
    if isinstance(found, Outcome):
        return found
    outcomes = {check_id: _judge_as(check_id, found, ctx) for check_id in BUCKET_EXPOSURE_CHECKS}
    reasons = {check_id: o.reason for check_id, o in outcomes.items()}
    public = [f"{i}: {o.reason}" for i, o in outcomes.items() if o.verdict is Verdict.FAIL]
    if public:
        return failed(f"bucket {found.name} is public: " + "; ".join(public), checks=reasons)
    undecided = [f"{i}: {o.reason}" for i, o in outcomes.items() if o.verdict is Verdict.UNKNOWN]
    if undecided:
        return unknown(
            f"bucket {found.name} could not be judged: " + "; ".join(undecided), checks=reasons
        )
    return passed(f"bucket {found.name} is not public", checks=reasons)


@check(
    id="cloudtrail.bucket-access-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.LOW,
    resource=Trail,
)
def bucket_access_logging(trail: Trail, ctx: Context) -> Outcome:
    """The S3 bucket a trail delivers to records server access logs.

    Reads of the audit log are themselves worth auditing: server access logs on the trail's
    bucket show who fetched or deleted log files, which helps tell an investigation from
    an intruder covering tracks (CIS 3.4 in v3.0; CloudTrail User Guide, "Amazon S3 bucket
    policy for CloudTrail"). A bucket in another account is judged only when that account
    is scanned too; otherwise the verdict is unknown.

    Remediation: `aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status
    '{"LoggingEnabled":{"TargetBucket":"ACCESS_LOG_BUCKET","TargetPrefix":"BUCKET/"}}'`
    (the target a different bucket); Terraform `aws_s3_bucket_logging`.
    """
    found = _trail_bucket(trail, ctx)
    if isinstance(found, Outcome):
        return found
    unread = ctx.blocking_gaps(found, ("s3:GetBucketLogging",))
    if unread:
        return unknown(
            f"bucket {found.name}'s logging could not be read: "
            + "; ".join(g.describe() for g in unread)
        )
    if found.logging_target is None:
        return failed(f"bucket {found.name} has server access logging off", bucket=found.name)
    return passed(
        f"bucket {found.name} logs access to {found.logging_target}",
        bucket=found.name,
        target=found.logging_target,
    )


# --- S3 data events -----------------------------------------------------------------------

Direction = Literal["write", "read"]

_READ_WRITE_TYPES: dict[Direction, tuple[str, ...]] = {
    "write": ("All", "WriteOnly"),
    "read": ("All", "ReadOnly"),
}
_READ_ONLY_VALUE: dict[Direction, str] = {"write": "false", "read": "true"}
_ADVANCED_FIELDS_JUDGED = frozenset(
    {"eventCategory", "resources.type", "readOnly", "resources.ARN"}
)
"""Advanced selector fields this check understands; any other field (``eventName``,
``userIdentity.arn``, ``eventSource``...) narrows what is logged, so the selector is not
taken to log every object-level event."""


def _basic_covers(
    selector: EventSelector, bucket: str, partition: str, direction: Direction
) -> bool:
    """A basic event selector logs ``direction`` object events for every object of ``bucket``.

    ``ReadWriteType`` All or the direction's own; a ``AWS::S3::Object`` data resource whose
    value is all buckets (``arn:aws:s3`` or ``arn:aws:s3:::``) or the whole bucket
    (``arn:aws:s3:::bucket/``); a value with an object prefix covers only part of it
    (CloudTrail User Guide, "Logging data events", "Data events" with basic selectors;
    CloudTrail API Reference, ``DataResource``).
    """
    if selector.read_write_type not in _READ_WRITE_TYPES[direction]:
        return False
    whole = _whole_bucket_values(bucket, partition)
    return any(
        resource.type == "AWS::S3::Object" and any(value in whole for value in resource.values)
        for resource in selector.data_resources
    )


def _whole_bucket_values(bucket: str, partition: str) -> frozenset[str]:
    return frozenset(
        {
            f"arn:{partition}:s3",
            f"arn:{partition}:s3:::",
            f"arn:{partition}:s3:::{bucket}",
            f"arn:{partition}:s3:::{bucket}/",
        }
    )


def _advanced_covers(
    selector: AdvancedEventSelector, bucket: str, partition: str, direction: Direction
) -> bool:
    """An advanced event selector logs ``direction`` object events for every object of
    ``bucket``.

    Fields are ANDed (CloudTrail User Guide, "Logging data events", advanced event
    selectors): ``eventCategory`` Equals ``Data``, ``resources.type`` Equals
    ``AWS::S3::Object``, ``readOnly`` absent or admitting the direction, ``resources.ARN``
    absent or only a ``StartsWith`` that covers the whole bucket with no exclusion touching
    it. Any other field narrows the events logged.
    """
    fields = selector.field_selectors
    names = {f.field for f in fields}
    if not names <= _ADVANCED_FIELDS_JUDGED:
        return False
    if not {"eventCategory", "resources.type"} <= names:
        return False
    target = f"arn:{partition}:s3:::{bucket}/"
    judges: dict[str, Callable[[FieldSelector], bool]] = {
        "eventCategory": lambda f: _equals_only(f, "Data"),
        "resources.type": lambda f: _equals_only(f, "AWS::S3::Object"),
        "readOnly": lambda f: _admits(f, _READ_ONLY_VALUE[direction]),
        "resources.ARN": lambda f: _arn_field_covers(f, target),
    }
    return all(judges[f.field](f) for f in fields)


def _equals_only(field: FieldSelector, value: str) -> bool:
    return field.operators() == {"equals"} and value in field.equals


def _admits(field: FieldSelector, value: str) -> bool:
    operators = field.operators()
    if operators == {"equals"}:
        return value in field.equals
    if operators == {"not_equals"}:
        return value not in field.not_equals
    return False


def _arn_field_covers(field: FieldSelector, target: str) -> bool:
    """Every object ARN under ``target`` (``arn:aws:s3:::bucket/``) passes the field.

    ``Equals`` and ``EndsWith`` name some objects only; ``NotEndsWith`` excludes some of
    every bucket's; ``NotStartsWith`` and ``NotEquals`` exclude some of this bucket's when
    their value and ``target`` overlap.
    """
    if field.equals or field.ends_with or field.not_ends_with or field.unsupported:
        return False
    if field.starts_with and not any(target.startswith(v) for v in field.starts_with):
        return False
    excluded = (*field.not_starts_with, *field.not_equals)
    return not any(target.startswith(v) or v.startswith(target) for v in excluded)


def _logs_object_events(trail: Trail, bucket: S3Bucket, direction: Direction) -> bool:
    partition = bucket.arn.split(":")[1] if bucket.arn.startswith("arn:") else "aws"
    if trail.advanced_event_selectors:
        return any(
            _advanced_covers(s, bucket.name, partition, direction)
            for s in trail.advanced_event_selectors
        )
    return any(_basic_covers(s, bucket.name, partition, direction) for s in trail.event_selectors)


def _object_events_check(direction: Direction, doc: str) -> None:
    """Register ``cloudtrail.s3-object-<direction>-events`` (strict, per bucket)."""

    def judge(bucket: S3Bucket, ctx: Context) -> Outcome:
        trails = list(ctx.resources(Trail, account_id=bucket.account_id))
        reach = [t for t in trails if t.multi_region or t.region == bucket.region]
        logging = [
            t.name
            for t in reach
            if not ctx.blocking_gaps(t, TRAIL_READS)
            and t.is_logging
            and _logs_object_events(t, bucket, direction)
        ]
        if logging:
            return passed(f"object-level {direction} events logged", trails=logging)
        unread = [g.describe() for t in reach for g in ctx.blocking_gaps(t, TRAIL_READS)]
        unread += [
            g.describe()
            for g in ctx.gaps("cloudtrail:DescribeTrails")
            if g.account_id == bucket.account_id
        ]
        if unread:
            return unknown(
                f"no trail seen logging object-level {direction} events, but trails could "
                "not all be read: " + "; ".join(sorted(set(unread)))
            )
        return failed(
            f"no logging trail records object-level {direction} events for this bucket",
            trails=[t.name for t in reach],
        )

    check(
        id=f"cloudtrail.s3-object-{direction}-events",
        domain=Domain.COMPLIANCE,
        severity=Severity.LOW,
        level=Level.STRICT,
        resource=S3Bucket,
        name=f"s3_object_{direction}_events",
        doc=doc,
    )(judge)


_OBJECT_EVENTS_COMMON = """
    A logging trail in the bucket's account that is multi-region or homed in the bucket's
    region must select S3 object data events for every object of the bucket: a basic
    selector (`AWS::S3::Object` for all buckets or `arn:aws:s3:::BUCKET/`) or an advanced
    one (`eventCategory` Data, `resources.type` `AWS::S3::Object`, no narrowing field).
    Selectors covering only an object prefix, or filtering by event name or caller, do
    not count (CloudTrail User Guide, "Logging data events"). Opinionated: data events are
    billed per event, and busy buckets make many.
"""

_object_events_check(
    "write",
    """S3 object-level write events (PutObject, DeleteObject...) are logged by CloudTrail.

    Management events do not show who wrote, overwrote or deleted which object; only data
    events do, and investigations of tampering or ransomware need them (CIS 3.8 in v3.0;
    Security Hub S3.22).
"""
    + _OBJECT_EVENTS_COMMON
    + """
    Remediation: `aws cloudtrail put-event-selectors --trail-name TRAIL
    --advanced-event-selectors '[{"Name":"S3 writes","FieldSelectors":[
    {"Field":"eventCategory","Equals":["Data"]},
    {"Field":"resources.type","Equals":["AWS::S3::Object"]},
    {"Field":"readOnly","Equals":["false"]}]}]'` (keep the trail's management-event
    selector in the list); Terraform `advanced_event_selector` on `aws_cloudtrail`.
    """,
)

_object_events_check(
    "read",
    """S3 object-level read events (GetObject...) are logged by CloudTrail.

    Without read data events nobody can tell which objects were downloaded, and by whom,
    after a credential leak; exfiltration leaves no trace in management events (CIS 3.9
    in v3.0; Security Hub S3.23).
"""
    + _OBJECT_EVENTS_COMMON
    + """
    Remediation: `aws cloudtrail put-event-selectors --trail-name TRAIL
    --advanced-event-selectors '[{"Name":"S3 reads","FieldSelectors":[
    {"Field":"eventCategory","Equals":["Data"]},
    {"Field":"resources.type","Equals":["AWS::S3::Object"]},
    {"Field":"readOnly","Equals":["true"]}]}]'` (keep the trail's management-event
    selector in the list); Terraform `advanced_event_selector` on `aws_cloudtrail`.
    """,
)
