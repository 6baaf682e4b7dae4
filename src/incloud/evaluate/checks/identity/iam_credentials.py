"""Credential hygiene from the credential report: unused credentials, key count, root use."""

from __future__ import annotations

from datetime import datetime, timedelta

from ....snapshot.iam import IamAccount, IamUser
from ...check import (
    Domain,
    Level,
    Outcome,
    Severity,
    check,
    failed,
    not_applicable,
    passed,
    unknown,
)
from ...context import Context
from .iam import CREDENTIAL_REPORT


def _idle(
    last_used: datetime | None, since: datetime | None, now: datetime, limit: timedelta
) -> bool:
    """Unused for ``limit``: never used and older than that, or last used before then."""
    reference = last_used or since
    return reference is None or now - reference > limit


@check(
    id="iam.credentials-unused",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=IamUser,
    requires=CREDENTIAL_REPORT,
)
def credentials_unused(user: IamUser, ctx: Context) -> Outcome:
    """Passwords and access keys unused for {credentials_unused_days} days are disabled.

    Credentials nobody uses are credentials nobody notices being stolen (CIS 3.0.0 1.12). The
    limit is `Settings.credentials_unused_days`: 45 days, as CIS 3.0.0 1.12 and 5.0.0 1.11
    ask (frameworks pin it).

    Remediation: remove the login profile (`aws iam delete-login-profile`) or deactivate the
    key (`aws iam update-access-key --status Inactive`) after confirming it is not needed.
    """
    days = ctx.settings.credentials_unused_days
    limit = timedelta(days=days)
    idle = []
    if user.password_enabled and _idle(user.password_last_used, user.created, ctx.now, limit):
        idle.append("console password")
    idle += [
        f"access key {key.number}"
        for key in user.access_keys
        if key.active and _idle(key.last_used, key.last_rotated, ctx.now, limit)
    ]
    if not user.password_enabled and not any(k.active for k in user.access_keys):
        return not_applicable("no password and no active access key")
    if idle:
        return failed(f"unused for over {days} days: {', '.join(idle)}", idle=idle, limit_days=days)
    return passed(f"every credential used within {days} days", limit_days=days)


@check(
    id="iam.single-active-access-key",
    domain=Domain.IDENTITY,
    severity=Severity.LOW,
    resource=IamUser,
    requires=CREDENTIAL_REPORT,
)
def single_active_access_key(user: IamUser, ctx: Context) -> Outcome:
    """Users have at most one active access key.

    Two active keys are meant for a short rotation window; kept longer, the old one lives on
    in some forgotten script (CIS 3.0.0 1.13).

    Remediation: finish the rotation and deactivate the older key
    (`aws iam update-access-key --status Inactive`).
    """
    active = [k.number for k in user.access_keys if k.active]
    if not active:
        return not_applicable("no active access key")
    if len(active) > 1:
        return failed("two active access keys", keys=active)
    return passed("one active access key")


@check(
    id="iam.root-not-used-recently",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=IamAccount,
    level=Level.BASELINE,
    requires=CREDENTIAL_REPORT,
)
def root_not_used_recently(account: IamAccount, ctx: Context) -> Outcome:
    """The root user has not signed in for {root_quiet_days} days.

    Daily work as root bypasses every permission guardrail; the few tasks that need root are
    rare (CIS 3.0.0 1.7). The period is the setting `root_quiet_days`.

    Remediation: create administrative identities in IAM Identity Center, lock the root
    credentials away, and alert on root sign-in with an EventBridge rule.
    """
    if account.root is None:
        return unknown("the credential report has no root user row")
    last = account.root.password_last_used
    days = ctx.settings.root_quiet_days
    if last is not None and ctx.now - last <= timedelta(days=days):
        return failed(
            f"root signed in on {last.date()}, within {days} days",
            last_used=last.isoformat(),
            limit_days=days,
        )
    return passed(f"no root sign-in in the last {days} days", limit_days=days)


@check(
    id="iam.root-access-keys-not-used-recently",
    domain=Domain.IDENTITY,
    severity=Severity.HIGH,
    resource=IamAccount,
    requires=CREDENTIAL_REPORT,
)
def root_access_keys_not_used_recently(account: IamAccount, ctx: Context) -> Outcome:
    """No root access key has signed a request in the last {root_key_recent_use_days} days.

    A root access key in use means something runs as root: programmatic, unrestricted access
    that no policy, permissions boundary or SCP limits, from a long-lived secret that sits in
    some script or machine. The CIS AWS Foundations Benchmark's recommendation to eliminate
    use of the root user (CIS 3.0.0 1.7, 5.0.0 1.6) audits the credential report's
    ``password_last_used``, ``access_key_1_last_used_date`` and ``access_key_2_last_used_date``
    for the ``<root_account>`` row; iam.root-not-used-recently judges the first, this check
    the other two ("Getting credential reports for your AWS account", IAM User Guide). The
    period is the setting `root_key_recent_use_days`. A key deactivated after its use still
    counts: the report keeps its last use until the key is deleted.

    Remediation: find what signs with the key (CloudTrail events with
    `userIdentity.type` Root and an `accessKeyId`), move it to an IAM role, then, signed in
    as root, deactivate and delete the keys under Security credentials (the CLI cannot
    delete root's keys unless run with them: `aws iam delete-access-key --access-key-id ID`
    with root's own credentials). Terraform: nothing manages root's keys; alert on root use
    with an `aws_cloudwatch_event_rule` matching `userIdentity.type = "Root"`.
    """
    root = account.root
    if root is None:
        return unknown("the credential report has no root user row")
    days = ctx.settings.root_key_recent_use_days
    if not root.access_key_use_collected:
        if root.access_key_1_active or root.access_key_2_active:
            return unknown(
                "root has an active access key, but when root's keys were last used was not"
                " collected (a snapshot written before incloud read it): collect again"
            )
        return not_applicable(
            "root user has no active access key (when its keys were last used was not collected)"
        )
    limit = timedelta(days=days)
    recent = {
        number: last
        for number, last in ((1, root.access_key_1_last_used), (2, root.access_key_2_last_used))
        if last is not None and ctx.now - last <= limit
    }
    if recent:
        used = ", ".join(f"key {n} on {last.date()}" for n, last in recent.items())
        return failed(
            f"root access key used within {days} days: {used}",
            keys=list(recent),
            last_used=[last.isoformat() for last in recent.values()],
            limit_days=days,
        )
    return passed(f"no root access key used in the last {days} days", limit_days=days)
