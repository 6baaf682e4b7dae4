"""IAM identity checks over the credential report, password policy and authorization details.

Thresholds follow the CIS AWS Foundations Benchmark section 1 recommendations (ids only).
"""

from __future__ import annotations

from datetime import timedelta

from ....snapshot.iam import IamAccount, IamUser
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context

CREDENTIAL_REPORT = ("iam:GenerateCredentialReport", "iam:GetCredentialReport")


@check(
    id="iam.root-mfa-enabled",
    domain=Domain.IDENTITY,
    severity=Severity.CRITICAL,
    resource=IamAccount,
    requires=CREDENTIAL_REPORT,
)
def root_mfa_enabled(account: IamAccount, ctx: Context) -> Outcome:
    """The root user signs in with multi-factor authentication.

    The root user can do anything in the account, including closing it, and no policy can
    restrict it. A stolen root password without MFA is a full account takeover.

    Remediation: sign in as root, open Security credentials, and assign an MFA device
    (a hardware key or passkey is best). CLI: not possible for root; use the console.
    """
    if account.root is None:
        return unknown("the credential report has no root user row")
    if account.root.mfa_active:
        return passed("root user has MFA", hardware=account.root.hardware_mfa)
    return failed("root user has no MFA device")


@check(
    id="iam.root-access-keys-absent",
    domain=Domain.IDENTITY,
    severity=Severity.CRITICAL,
    resource=IamAccount,
    requires=CREDENTIAL_REPORT,
)
def root_access_keys_absent(account: IamAccount, ctx: Context) -> Outcome:
    """The root user has no active access keys.

    Root access keys give unrestricted, long-lived programmatic access that no policy,
    boundary or SCP can limit. Nothing requires them.

    Remediation: sign in as root, open Security credentials, deactivate and delete every
    access key; use IAM roles for automation instead.
    """
    if account.root is None:
        return unknown("the credential report has no root user row")
    active = [
        n
        for n, on in ((1, account.root.access_key_1_active), (2, account.root.access_key_2_active))
        if on
    ]
    if active:
        return failed(f"root user has {len(active)} active access key(s)", keys=active)
    return passed("root user has no active access keys")


@check(
    id="iam.password-policy-strong",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=IamAccount,
    requires=("iam:GetAccountPasswordPolicy",),
)
def password_policy_strong(account: IamAccount, ctx: Context) -> Outcome:
    """The account password policy demands long passwords and prevents reuse.

    IAM users with console passwords are a phishing and guessing target; a minimum length
    of 14 and remembering the last 24 passwords are the CIS recommendations (1.8, 1.9). The
    thresholds are `Settings.password_min_length` and `Settings.password_reuse_prevention`
    (frameworks may pin them).

    Remediation: `aws iam update-account-password-policy --minimum-password-length
    {password_min_length} --password-reuse-prevention {password_reuse_prevention}`; Terraform
    `aws_iam_account_password_policy`.
    """
    policy = account.password_policy
    if policy is None:
        return failed("the account has no password policy (AWS defaults: 8 characters)")
    min_length = ctx.settings.password_min_length
    min_reuse = ctx.settings.password_reuse_prevention
    problems = []
    if policy.minimum_length < min_length:
        problems.append(f"minimum length {policy.minimum_length} < {min_length}")
    if (policy.reuse_prevention or 0) < min_reuse:
        problems.append(f"reuse prevention {policy.reuse_prevention or 0} < {min_reuse}")
    if problems:
        return failed(
            "; ".join(problems),
            minimum_length=policy.minimum_length,
            reuse_prevention=policy.reuse_prevention,
            required_length=min_length,
            required_reuse_prevention=min_reuse,
        )
    return passed("password policy meets length and reuse requirements")


@check(
    id="iam.console-user-mfa",
    domain=Domain.IDENTITY,
    severity=Severity.HIGH,
    resource=IamUser,
    requires=CREDENTIAL_REPORT,
)
def console_user_mfa(user: IamUser, ctx: Context) -> Outcome:
    """Every IAM user with a console password has MFA.

    A password alone is phished or reused; MFA stops most account takeovers (CIS 3.0.0 1.10).

    Remediation: ask the user to assign an MFA device (IAM console > Users > Security
    credentials), and enforce it with a policy denying actions when
    `aws:MultiFactorAuthPresent` is false. Better: move people to IAM Identity Center.
    """
    if not user.password_enabled:
        return not_applicable("no console password")
    if user.mfa_active:
        return passed("console user has MFA")
    return failed("console password without MFA", password_last_used=user.password_last_used)


@check(
    id="iam.access-key-rotated",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=IamUser,
    requires=CREDENTIAL_REPORT,
)
def access_key_rotated(user: IamUser, ctx: Context) -> Outcome:
    """Active access keys are younger than {access_key_max_age_days} days.

    Long-lived keys leak through code, logs and laptops; rotating them bounds how long a
    leaked key works (CIS 3.0.0 1.14). The limit is `Settings.access_key_max_age_days`.

    Remediation: create a second key, switch the workload to it, then deactivate and delete
    the old one (`aws iam create-access-key`, `aws iam update-access-key --status Inactive`,
    `aws iam delete-access-key`). Prefer roles, which need no keys.
    """
    active = [key for key in user.access_keys if key.active]
    if not active:
        return not_applicable("no active access keys")
    days = ctx.settings.access_key_max_age_days
    old = [
        key.number
        for key in active
        if key.last_rotated is None or ctx.now - key.last_rotated > timedelta(days=days)
    ]
    if old:
        return failed(f"access key(s) {old} older than {days} days", keys=old, limit_days=days)
    return passed(f"all active keys rotated within {days} days", limit_days=days)


@check(
    id="iam.user-policies-via-groups",
    domain=Domain.IDENTITY,
    severity=Severity.LOW,
    resource=IamUser,
)
def user_policies_via_groups(user: IamUser, ctx: Context) -> Outcome:
    """IAM users receive permissions only through groups (or roles), not directly.

    Policies attached to individual users are hard to review and are forgotten when people
    change jobs; CIS 3.0.0 1.15 asks for permissions through groups only.

    Remediation: put the user in a group that carries the policy, then
    `aws iam detach-user-policy` / `aws iam delete-user-policy`.
    """
    direct = list(user.attached_policy_arns) + sorted(user.inline_policies)
    if direct:
        return failed(f"{len(direct)} policy(ies) attached directly to the user", policies=direct)
    return passed("no policies attached directly")
