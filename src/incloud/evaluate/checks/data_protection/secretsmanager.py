"""Secrets Manager: rotation, and who the secret's resource policy lets in."""

from __future__ import annotations

from datetime import timedelta

from ....snapshot.secretsmanager import Secret
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
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


@check(
    id="secretsmanager.rotation-succeeding",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=Secret,
)
def rotation_succeeding(secret: Secret, ctx: Context) -> Outcome:
    """Secrets with automatic rotation rotate on schedule.

    A rotation function that fails (a network path gone, a permission removed, a database
    password policy changed) leaves the old value in place while the console still shows
    rotation as on. Secrets Manager reports the date the next rotation is due; a secret still
    waiting {secret_rotation_grace_hours} hours after it has not rotated (Security Hub
    SecretsManager.2). Snapshots without that date fall back on the last rotation plus the
    rotation interval. The grace is the setting `secret_rotation_grace_hours`.

    Remediation: read the rotation function's CloudWatch logs, fix the cause, then
    `aws secretsmanager rotate-secret --secret-id NAME`; Terraform
    `aws_secretsmanager_secret_rotation` (`rotation_lambda_arn`, `rotation_rules`).
    """
    if not secret.rotation_enabled:
        return not_applicable("automatic rotation is off (secretsmanager.rotation-enabled)")
    grace = timedelta(hours=ctx.settings.secret_rotation_grace_hours)
    if secret.next_rotation is not None:
        due, basis = secret.next_rotation, "scheduled"
    elif secret.rotation_days and (secret.last_rotated or secret.created):
        since = secret.last_rotated or secret.created
        assert since is not None
        due, basis = since + timedelta(days=secret.rotation_days), "interval"
    else:
        return unknown("no next rotation date was reported, nor a rotation interval and date")
    evidence = {
        "due": due.isoformat(),
        "basis": basis,
        "last_rotated": secret.last_rotated.isoformat() if secret.last_rotated else None,
    }
    if ctx.now > due + grace:
        late = int((ctx.now - due).total_seconds() // 3600)
        return failed(
            f"rotation due {due.date()} has not happened: {late} hours late, more than "
            f"{ctx.settings.secret_rotation_grace_hours}",
            **evidence,
        )
    if secret.last_rotated is None and secret.next_rotation is None:
        return failed("rotation is on but the secret has never rotated", **evidence)
    return passed(f"next rotation due {due.date()}", **evidence)


@check(
    id="secretsmanager.secret-recently-used",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=Secret,
)
def secret_recently_used(secret: Secret, ctx: Context) -> Outcome:
    """Secrets were read in the last {secret_unused_days} days.

    A secret nobody reads is a credential nobody needs: it still opens whatever it protects
    and costs a monthly fee (Security Hub SecretsManager.3, whose AWS Config rule defaults to
    90 days). Secrets Manager records the day of the last read (`LastAccessedDate`); a secret
    never read is judged by its creation date. The limit is the setting `secret_unused_days`.

    Remediation: confirm nothing uses it (CloudTrail `GetSecretValue` events), then
    `aws secretsmanager delete-secret --secret-id NAME --recovery-window-in-days 30`, and
    revoke the credential it held; Terraform: remove the `aws_secretsmanager_secret`.
    """
    days = ctx.settings.secret_unused_days
    if secret.last_accessed is not None:
        since, basis = secret.last_accessed, "last read"
    elif secret.created is not None:
        since, basis = secret.created, "never read; created"
    else:
        return unknown("neither a last access nor a creation date was reported")
    age = ctx.now - since
    evidence = {"basis": basis, "date": since.isoformat(), "limit_days": days}
    if age > timedelta(days=days):
        return failed(f"{basis} {age.days} days ago (more than {days})", **evidence)
    return passed(f"{basis} {age.days} days ago", **evidence)
