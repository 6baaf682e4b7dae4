"""Terraform translators: IAM roles, users, groups, policies, attachments and instance profiles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...assembly import Declared
from ._registry import Translator, each, policy, tags, translates


def _principal_props(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "Path": v.get("path"),
        "PermissionsBoundary": v.get("permissions_boundary") or None,
        "Tags": tags(v.get("tags")),
    }


@translates("aws_iam_role")
def _role(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    inline = [
        {"PolicyName": p.get("name"), "PolicyDocument": policy(p.get("policy"))}
        for p in v.get("inline_policy") or []
        if isinstance(p, dict) and p.get("policy")
    ]
    yield make(
        "AWS::IAM::Role",
        {
            "RoleName": v.get("name"),
            "AssumeRolePolicyDocument": policy(v.get("assume_role_policy")),
            "Policies": inline,
            "ManagedPolicyArns": v.get("managed_policy_arns") or None,
            **_principal_props(v),
        },
    )


@translates("aws_iam_user")
def _user(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make("AWS::IAM::User", {"UserName": v.get("name"), **_principal_props(v)})


@translates("aws_iam_group")
def _group(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make("AWS::IAM::Group", {"GroupName": v.get("name"), "Path": v.get("path")})


@translates("aws_iam_policy")
def _managed(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::IAM::ManagedPolicy",
        {
            "ManagedPolicyName": v.get("name"),
            "Path": v.get("path"),
            "PolicyDocument": policy(v.get("policy")),
        },
    )


def _inline(owner: str, plural: str) -> Translator:
    def translator(v: dict[str, Any], make: Any) -> Iterator[Declared]:
        yield make(
            "AWS::IAM::Policy",
            {
                "PolicyName": v.get("name"),
                "PolicyDocument": policy(v.get("policy")),
                plural: [v.get(owner)],
            },
        )

    return translator


def _attachment(owner: str, plural: str) -> Translator:
    def translator(v: dict[str, Any], make: Any) -> Iterator[Declared]:
        yield make(
            "Terraform::IAM::PolicyAttachment",
            {"PolicyArn": v.get("policy_arn"), plural: [v.get(owner)]},
        )

    return translator


for _owner, _plural in (("role", "Roles"), ("user", "Users"), ("group", "Groups")):
    translates(f"aws_iam_{_owner}_policy")(_inline(_owner, _plural))
    translates(f"aws_iam_{_owner}_policy_attachment")(_attachment(_owner, _plural))


@translates("aws_iam_user_login_profile")
def _login(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make("Terraform::IAM::LoginProfile", {"UserName": v.get("user")})


@translates("aws_iam_access_key")
def _access_key(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make("AWS::IAM::AccessKey", {"UserName": v.get("user"), "Status": v.get("status")})


@translates("aws_iam_user_group_membership")
def _memberships(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    for group in each(v.get("groups")):
        yield make("AWS::IAM::UserToGroupAddition", {"GroupName": group, "Users": [v.get("user")]})


@translates("aws_iam_group_membership")
def _membership(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::IAM::UserToGroupAddition", {"GroupName": v.get("group"), "Users": v.get("users")}
    )


@translates("aws_iam_instance_profile")
def _profile(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::IAM::InstanceProfile",
        {"InstanceProfileName": v.get("name"), "Path": v.get("path"), "Roles": [v.get("role")]},
    )
