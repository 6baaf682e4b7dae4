"""Each member account's small baseline workload, and the defects that make accounts differ.

In every region: ``app-sg`` (a security group without rules, in the default VPC) and an SQS
queue ``<account>-events`` with SSE-SQS on. In the home region: a private bucket
``northwind-<account>-data`` (Block Public Access on). In IAM: the role ``app-runtime``,
trusted by EC2. About a dozen calls per account.

The defects (:data:`~.plan.DEFECT_CYCLE` picks them per account), with the check each fails:

  - ``open-ssh``: ``bastion-sg`` admits 22 from 0.0.0.0/0 in the home region
    -> ec2.security-group-admin-ports; ``open-ssh-all-regions``: in every region
  - ``public-queue``: the home region's queue lets ``"*"`` send -> sqs.queue-policy-not-public
  - ``unencrypted-queues``: every queue with SSE-SQS off -> sqs.queue-encrypted
  - ``star-policy``: ``legacy-admin``, an unattached customer managed policy allowing ``*``
    on ``*`` -> iam.policy-no-star-star

Every account also fails what moto's defaults fail everywhere (its default VPCs have no flow
log, their default security groups are AWS's, no account-level S3 Block Public Access), so a
"clean" account is one without deliberate defects, not one without findings.
"""

from __future__ import annotations

import json
from typing import Any

from .clients import MemberClients
from .model import Misconfiguration
from .plan import AccountPlan

APP_GROUP = "app-sg"
BASTION_GROUP = "bastion-sg"
APP_ROLE = "app-runtime"
STAR_POLICY = "legacy-admin"

_BLOCK_ALL = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def queue_name(plan: AccountPlan) -> str:
    """The account's queue name (the same in every region)."""
    return f"{plan.name}-events"


def data_bucket(plan: AccountPlan) -> str:
    """The account's private bucket: bucket names are global, so it carries the account."""
    return f"northwind-{plan.name}-data"


def create_bucket(s3: Any, name: str, region: str) -> None:
    """Create ``name`` in ``region`` (us-east-1 takes no location constraint)."""
    if region == "us-east-1":
        s3.create_bucket(Bucket=name)
    else:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})


def seed_workload(
    member: MemberClients, plan: AccountPlan, regions: tuple[str, ...]
) -> tuple[Misconfiguration, ...]:
    """Create the account's baseline workload with its defects; return the defects."""
    found: list[Misconfiguration] = []
    for region in regions:
        found += _network(member, plan, region)
        found += _queue(member, plan, region)
    s3 = member("s3", plan.home_region)
    bucket = data_bucket(plan)
    create_bucket(s3, bucket, plan.home_region)
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=_BLOCK_ALL)
    found += _identity(member, plan)
    return tuple(found)


def _network(member: MemberClients, plan: AccountPlan, region: str) -> list[Misconfiguration]:
    """``app-sg``, and ``bastion-sg`` open to the internet where the defects say."""
    ec2 = member("ec2", region)
    ec2.create_security_group(GroupName=APP_GROUP, Description="application tier")
    everywhere = "open-ssh-all-regions" in plan.defects
    if not (everywhere or ("open-ssh" in plan.defects and region == plan.home_region)):
        return []
    group = ec2.create_security_group(GroupName=BASTION_GROUP, Description="SSH bastion")
    ssh = {
        "IpProtocol": "tcp",
        "FromPort": 22,
        "ToPort": 22,
        "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
    }
    ec2.authorize_security_group_ingress(GroupId=group["GroupId"], IpPermissions=[ssh])
    arn = f"arn:aws:ec2:{region}:{member.account_id}:security-group/{group['GroupId']}"
    return [Misconfiguration("ec2.security-group-admin-ports", arn)]


def _queue(member: MemberClients, plan: AccountPlan, region: str) -> list[Misconfiguration]:
    """The account's queue in ``region``, unencrypted or public where the defects say."""
    name = queue_name(plan)
    arn = f"arn:aws:sqs:{region}:{member.account_id}:{name}"
    found = []
    encrypted = "unencrypted-queues" not in plan.defects
    attributes = {"SqsManagedSseEnabled": "true" if encrypted else "false"}
    if not encrypted:
        found.append(Misconfiguration("sqs.queue-encrypted", arn))
    if "public-queue" in plan.defects and region == plan.home_region:
        anyone = {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": arn}
        attributes["Policy"] = json.dumps({"Version": "2012-10-17", "Statement": [anyone]})
        found.append(Misconfiguration("sqs.queue-policy-not-public", arn))
    member("sqs", region).create_queue(QueueName=name, Attributes=attributes)
    return found


def _identity(member: MemberClients, plan: AccountPlan) -> list[Misconfiguration]:
    """``app-runtime``, and the ``*`` on ``*`` policy where the defects say."""
    iam = member("iam")
    trust = {
        "Effect": "Allow",
        "Principal": {"Service": "ec2.amazonaws.com"},
        "Action": "sts:AssumeRole",
    }
    iam.create_role(
        RoleName=APP_ROLE,
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [trust]}),
    )
    if "star-policy" not in plan.defects:
        return []
    everything = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    document = json.dumps({"Version": "2012-10-17", "Statement": [everything]})
    arn = iam.create_policy(PolicyName=STAR_POLICY, PolicyDocument=document)["Policy"]["Arn"]
    return [Misconfiguration("iam.policy-no-star-star", str(arn))]
