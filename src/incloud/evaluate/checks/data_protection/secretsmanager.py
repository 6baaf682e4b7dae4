"""Secrets Manager: rotation, and who the secret's resource policy lets in."""

from __future__ import annotations

from datetime import timedelta

from ....snapshot.secretsmanager import Secret
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ..factories import flag_check, resource_policy_checks

rotation_enabled = flag_check(
    id="secretsmanager.rotation-enabled",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=Secret,
    is_ok=lambda secret: secret.rotation_enabled,
    ok="automatic rotation is on",
    bad="automatic rotation is off",
    doc="""Secrets Manager secrets rotate automatically.

    A secret that never changes stays valid for as long as anyone who once read it, or a
    log or backup that captured it, still has a copy. Automatic rotation replaces it on a
    schedule with a Lambda function or, for secrets managed by another service, by that
    service (Security Hub SecretsManager.1).

    Remediation: console, Secrets Manager > Secrets > SECRET > Rotation > Edit rotation;
    CLI `aws secretsmanager rotate-secret --secret-id NAME --rotation-lambda-arn ARN
    --rotation-rules AutomaticallyAfterDays=30`; Terraform
    `aws_secretsmanager_secret_rotation`.
    """,
)


@check(
    id="secretsmanager.rotated-recently",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=Secret,
)
def rotated_recently(secret: Secret, ctx: Context) -> Outcome:
    """Secrets Manager secrets were rotated in the last {secret_max_age_days} days.

    Turning rotation on is not enough: a rotation function that fails leaves the old value
    in place. This looks at the last rotation date, or the creation date of a secret never
    rotated, against the collection time, as Security Hub SecretsManager.4 does. The limit is
    the setting `secret_max_age_days` (90 days by default, as in that control).

    Remediation: for a failed rotation, read the rotation function's CloudWatch logs and
    fix it, then `aws secretsmanager rotate-secret --secret-id NAME`; for a secret without
    rotation, configure it (console: Secrets Manager > SECRET > Rotation; Terraform
    `aws_secretsmanager_secret_rotation`) or replace the value by hand and record why.
    """
    if secret.last_rotated is not None:
        since, basis = secret.last_rotated, "last rotated"
    elif secret.created is not None:
        since, basis = secret.created, "never rotated; created"
    else:
        return unknown("neither a rotation nor a creation date was reported")
    age = ctx.now - since
    evidence = {"basis": basis, "date": since.isoformat(), "age_days": age.days}
    days = ctx.settings.secret_max_age_days
    if age <= timedelta(days=days):
        return passed(f"{basis} {age.days} days ago", limit_days=days, **evidence)
    return failed(f"{basis} {age.days} days ago (more than {days})", limit_days=days, **evidence)


secret_policy_not_public, secret_policy_trusted_accounts = resource_policy_checks(
    prefix="secretsmanager.secret",
    resource=Secret,
    policy=lambda s: s.policy,
    requires=("secretsmanager:GetResourcePolicy",),
)
