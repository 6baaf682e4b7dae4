"""KMS key management: rotation, keys scheduled for deletion, and key policies (the
resource-policy family: customer-managed keys only, and every key has a policy).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ....snapshot.kms import KmsKey
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from ..factories import resource_policy_checks


@check(
    id="kms.key-rotation-enabled",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=KmsKey,
    requires=("kms:GetKeyRotationStatus",),
)
def key_rotation_enabled(key: KmsKey, ctx: Context) -> Outcome:
    """Customer-managed symmetric KMS keys rotate their key material automatically.

    Rotation limits how much data one key version protects; AWS-managed keys rotate on
    their own, customer keys only when asked (CIS 3.6).

    Remediation: `aws kms enable-key-rotation --key-id KEY`; Terraform
    `enable_key_rotation = true` on `aws_kms_key`.
    """
    if not key.customer_managed:
        return not_applicable("AWS-managed key: AWS rotates it")
    if key.spec != "SYMMETRIC_DEFAULT" or key.origin != "AWS_KMS":
        return not_applicable(f"automatic rotation is not available for {key.spec}/{key.origin}")
    if key.state in ("PendingDeletion", "Disabled"):
        return not_applicable(f"key is {key.state}")
    if key.rotation_enabled is None:
        return unknown("rotation status was not read")
    if key.rotation_enabled:
        return passed("automatic rotation enabled")
    return failed("automatic key rotation is off")


PENDING_DELETION = ("PendingDeletion", "PendingReplicaDeletion")


@check(
    id="kms.key-not-pending-deletion",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=KmsKey,
)
def key_not_pending_deletion(key: KmsKey, ctx: Context) -> Outcome:
    """No customer-managed key is scheduled for deletion, least of all one still in use.

    Deleting a KMS key is irreversible: everything encrypted under it (volumes, snapshots,
    buckets, databases, trails) becomes unreadable for good. The waiting period (7 to 30
    days) is the only chance to notice. The evidence lists the collected resources whose
    encryption settings name the key (by ARN, key id or alias): S3 default encryption, EBS
    volumes and the EBS default key, RDS instances and clusters, CloudTrail trails, and any
    other collected `kms_key` field. Data encrypted under it in ways configuration does not
    show (objects written under an older default, application envelopes) is not found.

    Remediation: if the key is still needed, `aws kms cancel-key-deletion --key-id KEY` then
    `aws kms enable-key --key-id KEY`; if not, re-encrypt what uses it under another key
    before the deletion date. Alarm on `ScheduleKeyDeletion` in CloudTrail.
    """
    if not key.customer_managed:
        return not_applicable("AWS-managed key: AWS decides its lifecycle")
    if key.state not in PENDING_DELETION:
        return passed(f"key is {key.state}")
    used_by = sorted(_references(key, ctx))
    when = key.deletion_date.date().isoformat() if key.deletion_date else "an unknown date"
    evidence = {
        "deletion_date": key.deletion_date.isoformat() if key.deletion_date else None,
        "used_by": used_by,
    }
    if used_by:
        return failed(
            f"scheduled for deletion on {when} while {len(used_by)} collected resource(s) "
            "still use it",
            **evidence,
        )
    return failed(
        f"scheduled for deletion on {when}; no collected resource refers to it, but data "
        "encrypted under it earlier becomes unreadable",
        **evidence,
    )


def _references(key: KmsKey, ctx: Context) -> Iterator[str]:
    """ARNs of resources in the key's account with a ``kms_key...`` field naming the key."""
    aliases = set(key.aliases)
    for resource in ctx.snapshot.resources:
        if resource.account_id != key.account_id or resource.arn == key.arn:
            continue
        same_region = resource.region == key.region
        for value in _kms_fields(resource):
            if value == key.arn or (
                same_region
                and (
                    value == key.key_id
                    or value in aliases
                    or any(value.endswith(f":{alias}") for alias in aliases)
                )
            ):
                kind = getattr(resource, "kind", type(resource).__name__)
                yield f"{kind} {resource.display_name()} ({resource.arn})"
                break


def _kms_fields(model: BaseModel) -> Iterator[str]:
    """String values of fields whose name contains ``kms_key``, in nested models too."""
    for name in type(model).model_fields:
        value: Any = getattr(model, name)
        if isinstance(value, str) and "kms_key" in name:
            yield value
        elif isinstance(value, BaseModel):
            yield from _kms_fields(value)
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, BaseModel):
                    yield from _kms_fields(item)


key_policy_not_public, key_policy_trusted_accounts = resource_policy_checks(
    prefix="kms.key",
    resource=KmsKey,
    policy=lambda key: key.policy,
    requires=("kms:GetKeyPolicy",),
    exempt=lambda key: None if key.customer_managed else "AWS-managed key: AWS writes its policy",
    always_has_policy=True,
    about="A key policy is the key's primary access control: whoever it admits can use the key "
    "as far as the allowed actions go, which can turn encryption into a formality and allow "
    "decrypting copied data. Only customer-managed keys are judged. `kms:CallerAccount` "
    "confines the caller like `aws:PrincipalAccount`; `kms:ViaService` alone still admits "
    "every account that calls through that service.",
    remedy="Apply the new policy with `aws kms put-key-policy --key-id KEY --policy-name "
    "default --policy file://policy.json`.",
)
