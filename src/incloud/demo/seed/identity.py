"""IAM and KMS of the demo account: who can sign in, what they may do, and the keys.

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control(s) it corresponds to; "(no check yet)" marks findings no incloud check covers today.

IAM
  - Password policy: length 8, no symbols, no reuse prevention, no expiry
    -> iam.password-policy-strong; IAM.7, IAM.13, IAM.15, IAM.16, IAM.17
  - ``bob``: console password, no MFA -> iam.console-user-mfa; IAM.5, IAM.19
  - ``ci-deploy``: a managed policy attached to the user and an inline user policy
    -> iam.user-policies-via-groups; IAM.2 (its one access key is new: rotation passes);
    that policy lets it write a new version of itself -> iam.privilege-escalation
  - ``admins`` group: ``*`` on ``*`` -> (no check yet); IAM.1. AWS's AdministratorAccess when
    moto loads AWS managed policies, else a local twin ``NorthwindAdministratorAccess``.
  - Root user: moto's credential report has no ``<root_account>`` row, so
    iam.root-mfa-enabled, iam.root-access-keys-absent and
    iam.root-access-keys-not-used-recently should say unknown.
  Fine: ``alice`` (admin through the group, virtual MFA), ``audit-readonly`` (group only, no
  credentials), roles with narrow trust (``cross-account-auditor`` needs an external id).
KMS
  - ``alias/northwind-legacy`` (us-east-1): rotation off -> kms.key-rotation-enabled; KMS.4
  Fine: ``alias/northwind-data`` (us-east-1), ``alias/northwind-eu-data`` (eu-west-1).
"""

from __future__ import annotations

from typing import Any

from ._common import (
    ACCOUNT_ID,
    ADMIN_POLICY_ARN,
    AUDITOR_ACCOUNT_ID,
    DEMO_PASSWORD,
    EU_REGION,
    _allow,
    _doc,
    _Seeder,
    _trust,
)

# --- IAM -----------------------------------------------------------------------------------


def seed_iam(s: _Seeder) -> None:
    """Create the weak password policy, two groups, four users and three roles."""
    iam = s("iam")
    iam.update_account_password_policy(
        MinimumPasswordLength=8,
        RequireSymbols=False,
        RequireNumbers=True,
        RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True,
        AllowUsersToChangePassword=True,
    )
    iam.create_group(GroupName="admins")
    iam.attach_group_policy(GroupName="admins", PolicyArn=_admin_policy(iam))
    developer = _policy(
        iam,
        "northwind-developer-read",
        _allow(["ec2:Describe*", "s3:ListAllMyBuckets", "s3:GetObject", "logs:Get*"]),
        _allow(["logs:FilterLogEvents", "lambda:Get*", "lambda:List*"]),
    )
    iam.create_group(GroupName="developers")
    iam.attach_group_policy(GroupName="developers", PolicyArn=developer)
    _seed_users(iam)
    _seed_roles(iam, s.data_key)


def _policy(iam: Any, name: str, *statements: dict[str, Any]) -> str:
    """Create a customer managed policy; return its ARN."""
    return str(
        iam.create_policy(PolicyName=name, PolicyDocument=_doc(*statements))["Policy"]["Arn"]
    )


def _admin_policy(iam: Any) -> str:
    """Return AWS's AdministratorAccess if moto loaded AWS managed policies, else a local twin."""
    try:
        iam.get_policy(PolicyArn=ADMIN_POLICY_ARN)
    except iam.exceptions.NoSuchEntityException:
        return _policy(iam, "NorthwindAdministratorAccess", _allow("*"))
    return ADMIN_POLICY_ARN


def _seed_users(iam: Any) -> None:
    """Create alice (admin, MFA), bob (no MFA), ci-deploy (direct policies) and an auditor."""
    for user in ("alice", "bob", "ci-deploy", "audit-readonly"):
        iam.create_user(UserName=user, Tags=[{"Key": "company", "Value": "northwind-notes"}])
    for user in ("alice", "bob"):
        iam.create_login_profile(UserName=user, Password=DEMO_PASSWORD)
    mfa = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]
    iam.enable_mfa_device(
        UserName="alice",
        SerialNumber=mfa["SerialNumber"],
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
    iam.add_user_to_group(GroupName="admins", UserName="alice")
    iam.add_user_to_group(GroupName="developers", UserName="bob")
    iam.add_user_to_group(GroupName="developers", UserName="audit-readonly")

    iam.create_access_key(UserName="ci-deploy")
    deploy = _policy(
        iam,
        "northwind-deploy",
        _allow(["s3:PutObject", "s3:DeleteObject"], "arn:aws:s3:::northwind-public-assets/*"),
        _allow("lambda:UpdateFunctionCode"),
        # "so the pipeline can update its own permissions": a new default version of this very
        # policy can say anything -> iam.privilege-escalation
        _allow("iam:CreatePolicyVersion", f"arn:aws:iam::{ACCOUNT_ID}:policy/northwind-deploy"),
    )
    iam.attach_user_policy(UserName="ci-deploy", PolicyArn=deploy)
    iam.put_user_policy(
        UserName="ci-deploy",
        PolicyName="ci-pass-role",
        PolicyDocument=_doc(_allow("iam:PassRole", f"arn:aws:iam::{ACCOUNT_ID}:role/lambda-exec")),
    )


def _seed_roles(iam: Any, data_key: str) -> None:
    """Create an EC2 role with its instance profile, a Lambda role and a cross-account auditor."""
    roles = {
        "app-instance-role": (
            _trust({"Service": "ec2.amazonaws.com"}),
            _doc(
                _allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::northwind-customer-data/*"),
                _allow(["kms:Decrypt", "kms:GenerateDataKey"], data_key),
            ),
        ),
        "lambda-exec": (
            _trust({"Service": "lambda.amazonaws.com"}),
            _doc(
                _allow(
                    ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                    f"arn:aws:logs:*:{ACCOUNT_ID}:*",
                )
            ),
        ),
        "cross-account-auditor": (
            _trust(
                {"AWS": f"arn:aws:iam::{AUDITOR_ACCOUNT_ID}:root"},
                StringEquals={"sts:ExternalId": "northwind-audit-2024"},
            ),
            _doc(
                _allow(["iam:Get*", "iam:List*", "s3:GetBucket*", "ec2:Describe*"]),
                _allow(["cloudtrail:Describe*", "cloudtrail:GetTrailStatus"]),
            ),
        ),
    }
    for name, (trust, policy) in roles.items():
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
        iam.put_role_policy(RoleName=name, PolicyName=f"{name}-access", PolicyDocument=policy)
    iam.create_instance_profile(InstanceProfileName="app-instance-profile")
    iam.add_role_to_instance_profile(
        InstanceProfileName="app-instance-profile", RoleName="app-instance-role"
    )


# --- KMS -----------------------------------------------------------------------------------


def _key(kms: Any, alias: str, description: str, *, rotate: bool) -> str:
    """Create a symmetric customer managed key with an alias; return its ARN."""
    tags = [{"TagKey": "company", "TagValue": "northwind-notes"}]
    key = kms.create_key(Description=description, Tags=tags)["KeyMetadata"]
    if rotate:
        kms.enable_key_rotation(KeyId=key["KeyId"])
    kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])
    return str(key["Arn"])


def seed_kms(s: _Seeder) -> None:
    """Create two keys in us-east-1 (one without rotation) and one in eu-west-1."""
    s.data_key = _key(s("kms"), "alias/northwind-data", "Customer data", rotate=True)
    _key(s("kms"), "alias/northwind-legacy", "Legacy reporting exports", rotate=False)
    _key(s("kms", EU_REGION), "alias/northwind-eu-data", "EU customer data", rotate=True)
