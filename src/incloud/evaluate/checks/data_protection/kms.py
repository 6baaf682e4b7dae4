"""KMS key management."""

from __future__ import annotations

from ....snapshot.kms import KmsKey
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context


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
