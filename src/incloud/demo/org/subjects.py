"""The resources the two controls are designed to judge, the same in and outside their reach.

``ci-runner`` (an IAM user) holds the customer managed policy ``ci-runner-deploy``, attached to
itself, which lets it call ``iam:CreatePolicyVersion`` on that very policy: a new default
version can say ``*`` on ``*``, so the user is an administrator in one step (Rhino Security Labs
method 1; technique ``create-policy-version`` in incloud's escalation catalogue) ->
iam.privilege-escalation, unless an SCP denies the action.

``northwind-<account>-shared-reports`` (an S3 bucket) has a policy letting ``"*"`` read its
objects, with no Block Public Access at bucket or account level -> s3.bucket-policy-not-public,
unless an RCP confines its principals to the organisation.
"""

from __future__ import annotations

import json

from .clients import MemberClients
from .plan import AccountPlan
from .workloads import create_bucket

ESCALATION_USER = "ci-runner"
ESCALATION_POLICY = "ci-runner-deploy"


def shared_bucket(plan: AccountPlan) -> str:
    """The account's public bucket name."""
    return f"northwind-{plan.name}-shared-reports"


def seed_escalation_user(member: MemberClients) -> str:
    """Create ``ci-runner`` and its self-rewritable policy; return the user's ARN."""
    iam = member("iam")
    policy_arn = f"arn:aws:iam::{member.account_id}:policy/{ESCALATION_POLICY}"
    statements = [
        {
            "Sid": "ReadArtifacts",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": "*",
        },
        {
            "Sid": "UpdateOwnDeployPolicy",
            "Effect": "Allow",
            "Action": ["iam:CreatePolicyVersion", "iam:GetPolicy", "iam:GetPolicyVersion"],
            "Resource": policy_arn,
        },
    ]
    document = json.dumps({"Version": "2012-10-17", "Statement": statements})
    iam.create_policy(PolicyName=ESCALATION_POLICY, PolicyDocument=document)
    user = iam.create_user(UserName=ESCALATION_USER)["User"]
    iam.attach_user_policy(UserName=ESCALATION_USER, PolicyArn=policy_arn)
    return str(user["Arn"])


def seed_public_bucket(member: MemberClients, plan: AccountPlan) -> str:
    """Create the account's ``shared-reports`` bucket with a public read policy; return its
    ARN.
    """
    name = shared_bucket(plan)
    s3 = member("s3", plan.home_region)
    create_bucket(s3, name, plan.home_region)
    anyone = {
        "Sid": "PublicRead",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{name}/*",
    }
    s3.put_bucket_policy(
        Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [anyone]})
    )
    return f"arn:aws:s3:::{name}"
