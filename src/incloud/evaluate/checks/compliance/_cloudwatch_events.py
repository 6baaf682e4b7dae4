"""The fifteen activities CIS asks an alarm for, with representative CloudTrail records.

Data for the ``cloudwatch.alarm-*`` factory in :mod:`.cloudwatch`. For each activity (CIS AWS
Foundations Benchmark v3.0.0, section 4 "Monitoring", 4.1 to 4.15; Security Hub controls
CloudWatch.1 to CloudWatch.14), a metric filter counts only if its pattern matches every
``must_match`` event and no ``must_not_match`` event. Each event is tried in every
:data:`CONTEXTS` (an IAM user in us-east-1 with the CLI, a role session in ap-southeast-2 from
the console), so a pattern that happens to pin a region, an address or a kind of caller does
not pass. Records follow the CloudTrail User Guide, "CloudTrail record contents for management,
data, and network activity events" and "AWS Management Console sign-in events".

``pattern`` is a pattern that meets the activity (the CIS remediation's, in substance); it is
shown in the remediation and tested against the events.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...check import Severity

ACCOUNT = "111122223333"
"""The account in the representative records."""

IAM_USER: Mapping[str, Any] = {
    "type": "IAMUser",
    "principalId": "AIDAEXAMPLEUSER00001",
    "arn": f"arn:aws:iam::{ACCOUNT}:user/alice",
    "accountId": ACCOUNT,
    "accessKeyId": "AKIAEXAMPLE000000001",
    "userName": "alice",
}
ROLE_SESSION: Mapping[str, Any] = {
    "type": "AssumedRole",
    "principalId": "AROAEXAMPLEROLE00001:bob@example.com",
    "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/Operators/bob@example.com",
    "accountId": ACCOUNT,
    "accessKeyId": "ASIAEXAMPLE000000001",
    "sessionContext": {
        "sessionIssuer": {
            "type": "Role",
            "principalId": "AROAEXAMPLEROLE00001",
            "arn": f"arn:aws:iam::{ACCOUNT}:role/Operators",
            "accountId": ACCOUNT,
            "userName": "Operators",
        },
        "attributes": {"creationDate": "2026-10-01T11:00:00Z", "mfaAuthenticated": "true"},
    },
}
ROOT: Mapping[str, Any] = {
    "type": "Root",
    "principalId": ACCOUNT,
    "arn": f"arn:aws:iam::{ACCOUNT}:root",
    "accountId": ACCOUNT,
}

CONTEXTS: tuple[Mapping[str, Any], ...] = (
    {
        "eventVersion": "1.09",
        "userIdentity": IAM_USER,
        "eventTime": "2026-10-01T12:00:00Z",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64",
        "requestParameters": None,
        "responseElements": None,
        "requestID": "11111111-2222-3333-4444-555555555555",
        "eventID": "66666666-7777-8888-9999-000000000000",
        "readOnly": False,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Management",
    },
    {
        "eventVersion": "1.10",
        "userIdentity": ROLE_SESSION,
        "eventTime": "2026-10-02T03:30:00Z",
        "awsRegion": "ap-southeast-2",
        "sourceIPAddress": "198.51.100.77",
        "userAgent": "AWS Internal",
        "requestParameters": None,
        "responseElements": None,
        "requestID": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "eventID": "ffffffff-0000-1111-2222-333333333333",
        "readOnly": False,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Management",
    },
)
"""The incidental parts of a record, varied so that a pattern must not depend on them."""


@dataclass(frozen=True)
class Event:
    """A kind of CloudTrail record: its source and name, the fields that make it this kind
    (overriding the context's), and a note for people.
    """

    source: str
    name: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""

    def describe(self) -> str:
        """``source:Name`` and the note, for reasons and evidence."""
        text = f"{self.source}:{self.name}"
        return f"{text} ({self.note})" if self.note else text

    def records(self) -> Iterator[dict[str, Any]]:
        """The full record in each context."""
        for context in CONTEXTS:
            yield {
                **context,
                "eventSource": f"{self.source}.amazonaws.com",
                "eventName": self.name,
                **self.fields,
            }


@dataclass(frozen=True)
class Activity:
    """One monitored activity: the check's id suffix, what it is about, and the events."""

    suffix: str
    subject: str
    """Completes "An alarm notifies someone of ...", lower case."""
    cis: str
    security_hub: str | None
    why: str
    severity: Severity
    pattern: str
    must_match: tuple[Event, ...]
    must_not_match: tuple[Event, ...]


def _calls(source: str, *names: str, **fields: Any) -> tuple[Event, ...]:
    return tuple(Event(source, name, fields) for name in names)


def _any_name(names: tuple[str, ...], source: str | None = None) -> str:
    """The pattern matching any of ``names`` (from ``source`` when given)."""
    either = " || ".join(f"($.eventName = {name})" for name in names)
    if source is None:
        return f"{{ {either} }}"
    return f"{{ ($.eventSource = {source}.amazonaws.com) && ({either}) }}"


BENIGN = Event("ec2", "DescribeInstances", {"readOnly": True}, "a routine read")
"""Matched by no activity: a pattern that matches it would alarm all day."""

_SUCCESS = {"responseElements": {"ConsoleLogin": "Success"}}
_CONSOLE = {"eventType": "AwsConsoleSignIn", "userIdentity": IAM_USER, "readOnly": False}
SIGN_IN_WITHOUT_MFA = Event(
    "signin",
    "ConsoleLogin",
    {**_CONSOLE, **_SUCCESS, "additionalEventData": {"MFAUsed": "No", "MobileVersion": "No"}},
    "IAM user, no MFA",
)
SIGN_IN_WITH_MFA = Event(
    "signin",
    "ConsoleLogin",
    {**_CONSOLE, **_SUCCESS, "additionalEventData": {"MFAUsed": "Yes", "MobileVersion": "No"}},
    "IAM user, with MFA",
)
FAILED_SIGN_IN = Event(
    "signin",
    "ConsoleLogin",
    {
        **_CONSOLE,
        "responseElements": {"ConsoleLogin": "Failure"},
        "errorMessage": "Failed authentication",
        "additionalEventData": {"MFAUsed": "No", "MobileVersion": "No"},
    },
    "failed authentication",
)

IAM_POLICY_EVENTS = (
    "DeleteGroupPolicy",
    "DeleteRolePolicy",
    "DeleteUserPolicy",
    "PutGroupPolicy",
    "PutRolePolicy",
    "PutUserPolicy",
    "CreatePolicy",
    "DeletePolicy",
    "CreatePolicyVersion",
    "DeletePolicyVersion",
    "AttachRolePolicy",
    "DetachRolePolicy",
    "AttachUserPolicy",
    "DetachUserPolicy",
    "AttachGroupPolicy",
    "DetachGroupPolicy",
)
TRAIL_EVENTS = ("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging")
KEY_EVENTS = ("DisableKey", "ScheduleKeyDeletion")
BUCKET_EVENTS = (
    "PutBucketAcl",
    "PutBucketPolicy",
    "PutBucketCors",
    "PutBucketLifecycle",
    "PutBucketReplication",
    "DeleteBucketPolicy",
    "DeleteBucketCors",
    "DeleteBucketLifecycle",
    "DeleteBucketReplication",
)
CONFIG_EVENTS = (
    "StopConfigurationRecorder",
    "DeleteDeliveryChannel",
    "PutDeliveryChannel",
    "PutConfigurationRecorder",
)
SECURITY_GROUP_EVENTS = (
    "AuthorizeSecurityGroupIngress",
    "AuthorizeSecurityGroupEgress",
    "RevokeSecurityGroupIngress",
    "RevokeSecurityGroupEgress",
    "CreateSecurityGroup",
    "DeleteSecurityGroup",
)
NACL_EVENTS = (
    "CreateNetworkAcl",
    "CreateNetworkAclEntry",
    "DeleteNetworkAcl",
    "DeleteNetworkAclEntry",
    "ReplaceNetworkAclEntry",
    "ReplaceNetworkAclAssociation",
)
GATEWAY_EVENTS = (
    "CreateCustomerGateway",
    "DeleteCustomerGateway",
    "AttachInternetGateway",
    "CreateInternetGateway",
    "DeleteInternetGateway",
    "DetachInternetGateway",
)
ROUTE_EVENTS = (
    "CreateRoute",
    "CreateRouteTable",
    "ReplaceRoute",
    "ReplaceRouteTableAssociation",
    "DeleteRouteTable",
    "DeleteRoute",
    "DisassociateRouteTable",
)
VPC_EVENTS = (
    "CreateVpc",
    "DeleteVpc",
    "ModifyVpcAttribute",
    "AcceptVpcPeeringConnection",
    "CreateVpcPeeringConnection",
    "DeleteVpcPeeringConnection",
    "RejectVpcPeeringConnection",
    "AttachClassicLinkVpc",
    "DetachClassicLinkVpc",
    "DisableVpcClassicLink",
    "EnableVpcClassicLink",
)
ORGANIZATIONS_EVENTS = (
    "AcceptHandshake",
    "AttachPolicy",
    "CreateAccount",
    "CreateOrganizationalUnit",
    "CreatePolicy",
    "DeclineHandshake",
    "DeleteOrganization",
    "DeleteOrganizationalUnit",
    "DeletePolicy",
    "DetachPolicy",
    "DisablePolicyType",
    "EnablePolicyType",
    "InviteAccountToOrganization",
    "LeaveOrganization",
    "MoveAccount",
    "RemoveAccountFromOrganization",
    "UpdatePolicy",
    "UpdateOrganizationalUnit",
)

ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        suffix="unauthorized-api-calls",
        subject="unauthorized API calls",
        cis="4.1",
        security_hub="CloudWatch.2",
        why="A burst of denied calls is how stolen credentials and over-curious insiders show "
        "themselves: they probe for what they are allowed to do.",
        severity=Severity.LOW,
        pattern='{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") '
        '&& ($.sourceIPAddress != "delivery.logs.amazonaws.com") '
        '&& ($.eventName != "HeadBucket") }',
        must_match=(
            Event(
                "ec2",
                "RunInstances",
                {"errorCode": "Client.UnauthorizedOperation"},
                "denied: UnauthorizedOperation",
            ),
            Event("iam", "CreateUser", {"errorCode": "AccessDenied"}, "denied: AccessDenied"),
            Event(
                "secretsmanager",
                "GetSecretValue",
                {"errorCode": "AccessDeniedException", "readOnly": True},
                "denied: AccessDeniedException",
            ),
        ),
        must_not_match=(
            BENIGN,
            Event(
                "ec2",
                "DescribeInstances",
                {"errorCode": "Client.RequestLimitExceeded", "readOnly": True},
                "throttled, not denied",
            ),
        ),
    ),
    Activity(
        suffix="console-signin-without-mfa",
        subject="console sign-ins without MFA",
        cis="4.2",
        security_hub="CloudWatch.3",
        why="A console session opened with a password alone is the one a phished or reused "
        "password gives an attacker.",
        severity=Severity.LOW,
        pattern='{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") '
        '&& ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
        must_match=(SIGN_IN_WITHOUT_MFA,),
        must_not_match=(BENIGN, SIGN_IN_WITH_MFA),
    ),
    Activity(
        suffix="root-usage",
        subject="use of the root user",
        cis="4.3",
        security_hub="CloudWatch.1",
        why="The root user can do anything, including closing the account, and is not limited "
        "by IAM policies; any use of it outside a documented break-glass task needs a look.",
        severity=Severity.MEDIUM,
        pattern='{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
        '&& $.eventType != "AwsServiceEvent" }',
        must_match=(
            Event(
                "signin",
                "ConsoleLogin",
                {**_SUCCESS, "userIdentity": ROOT, "eventType": "AwsConsoleSignIn"},
                "root sign-in",
            ),
            Event("iam", "CreateAccessKey", {"userIdentity": ROOT}, "by root"),
            Event("s3", "ListBuckets", {"userIdentity": ROOT, "readOnly": True}, "by root"),
        ),
        must_not_match=(BENIGN, Event("iam", "CreateAccessKey", {}, "by an IAM user or role")),
    ),
    Activity(
        suffix="iam-policy-changes",
        subject="changes to IAM policies",
        cis="4.4",
        security_hub="CloudWatch.4",
        why="Writing or attaching a policy is how privileges grow, by mistake or as the first "
        "step of an escalation.",
        severity=Severity.MEDIUM,
        pattern=_any_name(IAM_POLICY_EVENTS),
        must_match=_calls("iam", *IAM_POLICY_EVENTS),
        must_not_match=(BENIGN, *_calls("iam", "GetPolicy", "ListPolicies", readOnly=True)),
    ),
    Activity(
        suffix="cloudtrail-changes",
        subject="changes to CloudTrail trails",
        cis="4.5",
        security_hub="CloudWatch.5",
        why="Stopping or redirecting a trail blinds every other detection; it is an attacker's "
        "early move.",
        severity=Severity.MEDIUM,
        pattern=_any_name(TRAIL_EVENTS),
        must_match=_calls("cloudtrail", *TRAIL_EVENTS),
        must_not_match=(
            BENIGN,
            *_calls("cloudtrail", "DescribeTrails", "GetTrailStatus", readOnly=True),
        ),
    ),
    Activity(
        suffix="console-auth-failures",
        subject="failed console sign-ins",
        cis="4.6",
        security_hub="CloudWatch.6",
        why="Repeated failed sign-ins are password guessing against your users.",
        severity=Severity.LOW,
        pattern='{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
        must_match=(FAILED_SIGN_IN,),
        must_not_match=(BENIGN, SIGN_IN_WITH_MFA),
    ),
    Activity(
        suffix="cmk-disable-delete",
        subject="customer managed KMS keys being disabled or scheduled for deletion",
        cis="4.7",
        security_hub="CloudWatch.7",
        why="Data encrypted under a deleted key is lost for good; disabling a key is also how "
        "ransomware makes data unreadable.",
        severity=Severity.LOW,
        pattern=_any_name(KEY_EVENTS, "kms"),
        must_match=_calls("kms", *KEY_EVENTS),
        must_not_match=(BENIGN, *_calls("kms", "Decrypt", "EnableKey")),
    ),
    Activity(
        suffix="s3-bucket-policy-changes",
        subject="changes to S3 bucket policies and ACLs",
        cis="4.8",
        security_hub="CloudWatch.8",
        why="A changed bucket policy or ACL is the usual way data becomes public or shared "
        "with the wrong account.",
        severity=Severity.LOW,
        pattern=_any_name(BUCKET_EVENTS, "s3"),
        must_match=_calls("s3", *BUCKET_EVENTS),
        must_not_match=(BENIGN, *_calls("s3", "GetBucketPolicy", "GetBucketAcl", readOnly=True)),
    ),
    Activity(
        suffix="config-changes",
        subject="changes to AWS Config recording",
        cis="4.9",
        security_hub="CloudWatch.9",
        why="Stopping the recorder or its delivery channel removes the configuration history "
        "that investigations and audits rely on.",
        severity=Severity.LOW,
        pattern=_any_name(CONFIG_EVENTS, "config"),
        must_match=_calls("config", *CONFIG_EVENTS),
        must_not_match=(
            BENIGN,
            *_calls("config", "DescribeConfigurationRecorders", readOnly=True),
        ),
    ),
    Activity(
        suffix="security-group-changes",
        subject="changes to security groups",
        cis="4.10",
        security_hub="CloudWatch.10",
        why="One added rule can open a database or SSH to the internet.",
        severity=Severity.LOW,
        pattern=_any_name(SECURITY_GROUP_EVENTS),
        must_match=_calls("ec2", *SECURITY_GROUP_EVENTS),
        must_not_match=(BENIGN, *_calls("ec2", "DescribeSecurityGroups", readOnly=True)),
    ),
    Activity(
        suffix="nacl-changes",
        subject="changes to network ACLs",
        cis="4.11",
        security_hub="CloudWatch.11",
        why="Network ACLs are the subnet-wide backstop behind security groups; a changed entry "
        "can expose a whole subnet.",
        severity=Severity.LOW,
        pattern=_any_name(NACL_EVENTS),
        must_match=_calls("ec2", *NACL_EVENTS),
        must_not_match=(BENIGN, *_calls("ec2", "DescribeNetworkAcls", readOnly=True)),
    ),
    Activity(
        suffix="network-gateway-changes",
        subject="changes to network gateways",
        cis="4.12",
        security_hub="CloudWatch.12",
        why="Internet and customer gateways decide which networks reach your VPCs; a new one "
        "is a new way in or out.",
        severity=Severity.LOW,
        pattern=_any_name(GATEWAY_EVENTS),
        must_match=_calls("ec2", *GATEWAY_EVENTS),
        must_not_match=(BENIGN, *_calls("ec2", "DescribeInternetGateways", readOnly=True)),
    ),
    Activity(
        suffix="route-table-changes",
        subject="changes to route tables",
        cis="4.13",
        security_hub="CloudWatch.13",
        why="A changed route can send private traffic through the internet or an attacker's "
        "appliance.",
        severity=Severity.LOW,
        pattern=_any_name(ROUTE_EVENTS, "ec2"),
        must_match=_calls("ec2", *ROUTE_EVENTS),
        must_not_match=(BENIGN, *_calls("ec2", "DescribeRouteTables", readOnly=True)),
    ),
    Activity(
        suffix="vpc-changes",
        subject="changes to VPCs and their peering",
        cis="4.14",
        security_hub="CloudWatch.14",
        why="A new peering connection or VPC attribute change can join networks that were meant "
        "to stay apart.",
        severity=Severity.LOW,
        pattern=_any_name(VPC_EVENTS),
        must_match=_calls("ec2", *VPC_EVENTS),
        must_not_match=(BENIGN, *_calls("ec2", "DescribeVpcs", readOnly=True)),
    ),
    Activity(
        suffix="organizations-changes",
        subject="changes to AWS Organizations",
        cis="4.15",
        security_hub=None,
        why="Service control policies, accounts joining or leaving, and organisational units "
        "shape every account's guardrails.",
        severity=Severity.LOW,
        pattern=_any_name(ORGANIZATIONS_EVENTS, "organizations"),
        must_match=_calls("organizations", *ORGANIZATIONS_EVENTS),
        must_not_match=(
            BENIGN,
            *_calls("organizations", "DescribeOrganization", "ListAccounts", readOnly=True),
        ),
    ),
)
"""The activities, in CIS order."""
