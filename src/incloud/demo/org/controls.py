"""The organisation's two authorisation policies: an SCP and an RCP, each on one OU.

``DenyPrivilegeEscalation`` (SCP) on ``Production``, inherited by ``Production/Payments``:
denies the IAM actions that rewrite policies or group membership (``iam:CreatePolicyVersion``,
``iam:SetDefaultPolicyVersion``, ``iam:Attach*Policy``, ``iam:Put*Policy``,
``iam:AddUserToGroup``) on every resource, so ``ci-runner`` cannot escalate there.

``EnforceOrgIdentitiesOnS3`` (RCP) on ``Production/Payments`` only: denies every S3 request
from a principal outside the organisation unless an AWS service makes it (AWS's data perimeter
example), so a public bucket policy there opens nothing to the world; the parent OU
``Production`` is not covered (policies inherit downwards).

Both policy types are enabled on the root first. moto stores these policies and reports them,
but enforces neither: the seeding itself is never refused by them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .clients import Clients
from .structure import Structure

SCP_TYPE = "SERVICE_CONTROL_POLICY"
RCP_TYPE = "RESOURCE_CONTROL_POLICY"

SCP_NAME = "DenyPrivilegeEscalation"
SCP_TARGET = "Production"
ESCALATION_CHECK = "iam.privilege-escalation"
ESCALATION_ACTIONS = (
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:AddUserToGroup",
)

RCP_NAME = "EnforceOrgIdentitiesOnS3"
RCP_TARGET = "Production/Payments"
PUBLIC_BUCKET_CHECK = "s3.bucket-policy-not-public"


@dataclass(frozen=True)
class Attached:
    """One created and attached control policy."""

    policy_id: str
    name: str
    policy_type: str
    content: str
    target_ou: str
    target_id: str


def scp_content() -> str:
    """The SCP's document."""
    statement = {
        "Sid": "DenyPolicyRewrites",
        "Effect": "Deny",
        "Action": list(ESCALATION_ACTIONS),
        "Resource": "*",
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def rcp_content(organization_id: str) -> str:
    """The RCP's document: only principals of ``organization_id`` (or AWS services) reach S3."""
    statement = {
        "Sid": "EnforceOrgIdentities",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": "*",
        "Condition": {
            "StringNotEqualsIfExists": {"aws:PrincipalOrgID": organization_id},
            "BoolIfExists": {"aws:PrincipalIsAWSService": "false"},
        },
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def attach_controls(clients: Clients, structure: Structure) -> tuple[Attached, Attached]:
    """Enable SCPs and RCPs on the root, create both policies and attach each to its OU."""
    org = clients.management("organizations")
    for policy_type in (SCP_TYPE, RCP_TYPE):
        org.enable_policy_type(RootId=structure.root_id, PolicyType=policy_type)
    scp = _attach(clients, structure, SCP_NAME, SCP_TYPE, scp_content(), SCP_TARGET)
    rcp_document = rcp_content(structure.organization_id)
    rcp = _attach(clients, structure, RCP_NAME, RCP_TYPE, rcp_document, RCP_TARGET)
    return scp, rcp


def _attach(
    clients: Clients, structure: Structure, name: str, policy_type: str, content: str, ou: str
) -> Attached:
    org = clients.management("organizations")
    created = org.create_policy(
        Name=name,
        Description=f"incloud demo: {name}",
        Type=policy_type,
        Content=content,
    )["Policy"]["PolicySummary"]
    target = structure.ou_ids[ou]
    org.attach_policy(PolicyId=created["Id"], TargetId=target)
    return Attached(str(created["Id"]), name, policy_type, content, ou, target)
