"""IAM users, roles, groups, managed and inline policies, instance profiles and access keys.

A policy document only deploy completes (an imported ARN in it) leaves every principal's
permissions open, so the escalation and administrator analyses say ``unknown`` account-wide.
"""

from __future__ import annotations

from typing import Any

from ...snapshot.iam import AccessKey, IamGroup, IamPolicy, IamRole, IamUser
from ..assembly import Assembly, Declared, Draft
from .registry import builds, listed, masked_tags

_ACCOUNT = "iam:GetAccountAuthorizationDetails"


def _inline(asm: Assembly, draft: Draft, props: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in listed(asm.known(draft, props, "Policies", [], everywhere=_ACCOUNT)):
        if isinstance(item, dict) and isinstance(item.get("PolicyDocument"), dict):
            found[str(item.get("PolicyName", f"policy{len(found) + 1}"))] = item["PolicyDocument"]
    return found


def _principal(asm: Assembly, draft: Draft, props: dict[str, Any]) -> None:
    draft.fields["created"] = asm.now
    _require_policies(asm, draft)
    draft.fields["path"] = props.get("Path", "/") if isinstance(props.get("Path"), str) else "/"
    draft.fields["inline_policies"] = _inline(asm, draft, props)
    draft.fields["attached_policy_arns"] = [
        str(a)
        for a in listed(asm.known(draft, props, "ManagedPolicyArns", [], everywhere=_ACCOUNT))
    ]
    draft.fields["permissions_boundary_arn"] = asm.known(
        draft, props, "PermissionsBoundary", None, everywhere=_ACCOUNT
    )
    draft.fields["tags"], draft.fields["tag_secrets"] = masked_tags(props.get("Tags"))


def _require_policies(asm: Assembly, draft: Draft) -> None:
    """Once everything is attached: a managed policy (or boundary) the draft names that is in
    neither the files nor the context snapshot (an AWS managed policy, most often) leaves
    the draft's permissions unread, and with them every escalation and administrator verdict
    of the account (anyone who can become this principal gains what it has).
    """
    if _require_policies_all not in asm.closing:
        asm.closing.append(_require_policies_all)


def _require_policies_all(asm: Assembly) -> None:
    known = {d.fields["arn"] for d in asm.drafts.values() if d.model is IamPolicy}
    if asm.context is not None:
        known |= {p.arn for p in asm.context.of_type(IamPolicy)}
    for draft in list(asm.drafts.values()):
        if draft.model not in (IamRole, IamUser, IamGroup):
            continue
        named = [*draft.fields.get("attached_policy_arns", ())]
        if draft.fields.get("permissions_boundary_arn"):
            named.append(draft.fields["permissions_boundary_arn"])
        missing = [arn for arn in dict.fromkeys(named) if arn not in known]
        if missing:
            asm.unknown(
                draft,
                None,
                f"policy {missing[0]} is in neither the files nor --snapshot (an AWS managed "
                "policy is read from the snapshot of an account that uses it)",
                everywhere=_ACCOUNT,
            )


@builds("AWS::IAM::Role")
def role(asm: Assembly, declared: Declared) -> None:
    """A role with its trust policy."""
    draft = asm.add(IamRole, declared)
    _principal(asm, draft, declared.properties)
    trust = asm.known(
        draft, declared.properties, "AssumeRolePolicyDocument", {}, everywhere=_ACCOUNT
    )
    draft.fields["trust_policy"] = trust if isinstance(trust, dict) else {}
    draft.fields["instance_profile_arns"] = []


@builds("AWS::IAM::User")
def user(asm: Assembly, declared: Declared) -> None:
    """A user; a LoginProfile gives it a console password (no MFA device yet: CloudFormation
    cannot create one).
    """
    props = declared.properties
    draft = asm.add(IamUser, declared)
    _principal(asm, draft, props)
    draft.fields["groups"] = [
        str(g) for g in listed(asm.known(draft, props, "Groups", [], everywhere=_ACCOUNT))
    ]
    draft.fields["password_enabled"] = isinstance(props.get("LoginProfile"), dict)
    draft.fields["access_keys"] = []


@builds("AWS::IAM::Group")
def group(asm: Assembly, declared: Declared) -> None:
    """A group."""
    props = declared.properties
    draft = asm.add(IamGroup, declared)
    _require_policies(asm, draft)
    draft.fields["path"] = props.get("Path", "/") if isinstance(props.get("Path"), str) else "/"
    draft.fields["inline_policies"] = _inline(asm, draft, props)
    draft.fields["attached_policy_arns"] = [
        str(a)
        for a in listed(asm.known(draft, props, "ManagedPolicyArns", [], everywhere=_ACCOUNT))
    ]


@builds("AWS::IAM::ManagedPolicy")
def managed_policy(asm: Assembly, declared: Declared) -> None:
    """A customer managed policy, attached to the roles, users and groups it names."""
    props = declared.properties
    draft = asm.add(IamPolicy, declared)
    document = asm.known(draft, props, "PolicyDocument", {}, everywhere=_ACCOUNT)
    draft.fields["document"] = document if isinstance(document, dict) else {}
    arn = draft.fields["arn"]
    _attach(asm, draft, props, lambda target: target.fields["attached_policy_arns"].append(arn))
    draft.fields["attachment_count"] = sum(
        len(listed(props.get(key))) for key in ("Roles", "Users", "Groups")
    )


@builds("AWS::IAM::Policy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy")
def inline_policy(asm: Assembly, declared: Declared) -> None:
    """An inline policy, embedded in each role, user and group it names."""
    props = declared.properties
    name = str(props.get("PolicyName", declared.name))
    singular = {"RoleName": "Roles", "UserName": "Users", "GroupName": "Groups"}
    for key, plural in singular.items():
        if key in props:
            props = {**props, plural: [props[key]]}

    def embed(target: Draft) -> None:
        document = asm.known(target, props, "PolicyDocument", {}, everywhere=_ACCOUNT)
        target.fields["inline_policies"][name] = document if isinstance(document, dict) else {}

    _attach(asm, None, props, embed)


def _attach(asm: Assembly, draft: Draft | None, props: dict[str, Any], apply: Any) -> None:
    def attach(asm: Assembly) -> None:
        for key, model in (("Roles", IamRole), ("Users", IamUser), ("Groups", IamGroup)):
            for name in listed(props.get(key)):
                target = asm.by_field(model, "name", name)
                if target is not None:
                    apply(target)
                elif draft is not None and not isinstance(name, str):
                    asm.unknown(
                        draft,
                        None,
                        f"{key}: attached to a principal only deploy names",
                        everywhere=_ACCOUNT,
                    )

    asm.deferred.append(attach)


@builds("AWS::IAM::InstanceProfile")
def instance_profile(asm: Assembly, declared: Declared) -> None:
    """An instance profile: its ARN is listed on its role."""
    arn = asm.identity(declared).arn
    props = declared.properties

    def link(asm: Assembly) -> None:
        for name in listed(props.get("Roles")):
            target = asm.by_field(IamRole, "name", name)
            if target is not None:
                target.fields["instance_profile_arns"].append(arn)

    asm.deferred.append(link)


@builds("AWS::IAM::UserToGroupAddition")
def group_membership(asm: Assembly, declared: Declared) -> None:
    """Users added to a group."""
    props = declared.properties

    def add(asm: Assembly) -> None:
        for name in listed(props.get("Users")):
            target = asm.by_field(IamUser, "name", name)
            if target is not None and isinstance(props.get("GroupName"), str):
                target.fields["groups"].append(props["GroupName"])

    asm.deferred.append(add)


@builds("AWS::IAM::AccessKey")
def access_key(asm: Assembly, declared: Declared) -> None:
    """An access key for a user (active unless its Status says Inactive)."""
    props = declared.properties

    def add(asm: Assembly) -> None:
        target = asm.by_field(IamUser, "name", props.get("UserName"))
        if target is not None:
            keys = target.fields["access_keys"]
            active = str(props.get("Status", "Active")) != "Inactive"
            keys.append(AccessKey(number=len(keys) + 1, active=active, last_rotated=asm.now))

    asm.deferred.append(add)


@builds("Terraform::IAM::PolicyAttachment")
def policy_attachment(asm: Assembly, declared: Declared) -> None:
    """Terraform's ``aws_iam_*_policy_attachment``: a managed policy on a principal."""
    props = declared.properties
    arn = props.get("PolicyArn")

    def apply(target: Draft) -> None:
        if isinstance(arn, str):
            target.fields["attached_policy_arns"].append(arn)
        else:
            asm.unknown(
                target,
                None,
                f"{declared.name}: the attached policy is known only after apply",
                everywhere=_ACCOUNT,
            )

    _attach(asm, None, props, apply)


@builds("Terraform::IAM::LoginProfile")
def login_profile(asm: Assembly, declared: Declared) -> None:
    """Terraform's ``aws_iam_user_login_profile``: the user gets a console password."""
    props = declared.properties

    def apply(asm: Assembly) -> None:
        target = asm.by_field(IamUser, "name", props.get("UserName"))
        if target is not None:
            target.fields["password_enabled"] = True

    asm.deferred.append(apply)
