"""Seed a moto server with "Northwind Notes", a fictional small SaaS company.

Account 123456789012 (moto's default); main region us-east-1, a smaller footprint in eu-west-1.
Resource names hint at the expected verdict: ``legacy``/``public``/``scratch`` are the bad ones,
``app``/``orders``/``customer-data`` the well-kept ones. Plain boto3, one small function per
service, no CloudFormation (moto drops resource properties from templates).

Deliberate misconfigurations, with the Security Hub control each should trip (incloud check ids
follow ``service.kebab-name``; the ids in brackets are the names we expect, not a contract):

IAM (global)
  - Weak password policy: minimum length 8, no symbols, no reuse prevention, no expiry
    -> IAM.15, IAM.13, IAM.16, IAM.17 [iam.password-policy-strong]
  - ``bob`` has a console password and no MFA -> IAM.5 [iam.user-console-mfa]
  - ``ci-deploy`` has a managed policy attached directly and an inline user policy
    -> IAM.2 [iam.user-no-direct-policies]
  - ``NorthwindAdministratorAccess`` (only when moto does not load AWS managed policies) and
    the ``admins`` group grant ``*:*`` -> IAM.1 [iam.policy-no-full-admin]
  Good: ``alice`` (admin via group, virtual MFA), ``audit-readonly`` (group only, no
  credentials), roles with narrow trust (``cross-account-auditor`` requires an external id).

KMS
  - ``alias/northwind-legacy`` (us-east-1) without rotation -> KMS.4 [kms.key-rotation]
  Good: ``alias/northwind-data`` (us-east-1) and ``alias/northwind-eu-data`` (eu-west-1).

S3
  - Account-level Block Public Access not configured -> S3.1 [s3.account-public-access-block]
  - ``northwind-public-assets``: public-read ACL, ACLs enabled (ObjectWriter), no bucket BPA,
    no versioning, no logging, no TLS-only policy
    -> S3.2, S3.8, S3.12, S3.14, S3.9, S3.5 [s3.bucket-no-public-read, ...]
  Good: ``northwind-customer-data`` (SSE-KMS with a rotating key, BPA, versioning, access
  logging, BucketOwnerEnforced, TLS-only policy); ``northwind-access-logs`` and
  ``northwind-eu-backups`` (SSE-S3, BPA; the backups bucket is versioned).

Network
  - ``bastion-sg``: 22 from 0.0.0.0/0 -> EC2.13, EC2.53 [ec2.sg-no-open-admin-ports]
  - ``legacy-admin-sg``: 3389 from ::/0 -> EC2.14, EC2.54 [ec2.sg-no-open-admin-ports]
  - Every VPC's default security group is left as created (self-referencing ingress, all
    egress) -> EC2.2 [ec2.default-sg-restricts-all]
  - ``northwind-eu`` VPC (eu-west-1) has no flow log -> EC2.6 [ec2.vpc-flow-logs]
  - Public subnets map public IPs on launch -> EC2.15 [ec2.subnet-no-auto-public-ip]
  Good: ``web-sg`` (80/443 from anywhere), ``app-sg``/``db-sg`` (from a security group only),
  ``eu-ssh-sg`` (22 from 10.0.0.0/8), ``northwind-main`` VPC flow log to S3.

EC2 / EBS
  - ``web-legacy`` instance: IMDSv1 allowed (HttpTokens optional), Elastic IP
    -> EC2.8, EC2.9 [ec2.instance-imdsv2]
  - ``bastion`` instance: public IP -> EC2.9
  - ``web-lt`` launch template: IMDSv1 allowed -> EC2.170 [ec2.launch-template-imdsv2]
  - EBS encryption by default off in us-east-1 (on in eu-west-1) -> EC2.7
    [ec2.ebs-default-encryption]
  - ``scratch-unencrypted`` volume -> EC2.3 [ec2.ebs-volume-encrypted]
  - Instance root volumes in us-east-1 are unencrypted (default encryption is off) -> EC2.3
  - ``scratch-unencrypted-snapshot`` is publicly restorable -> EC2.1, EC2.182
    [ec2.ebs-snapshot-not-public]
  Good: ``app-1`` (private subnet, IMDSv2 required, instance profile), ``app-lt``,
  ``reports-encrypted`` volume.

RDS
  - ``legacy-reporting-db``: unencrypted, publicly accessible, in public subnets, backup
    retention 1 day, no deletion protection -> RDS.3, RDS.2, RDS.46, RDS.8
    [rds.instance-encrypted, rds.instance-not-public, ...]
  - ``legacy-reporting-db-manual`` snapshot restorable by anyone -> RDS.1
    [rds.snapshot-not-public]; it is also unencrypted -> RDS.4
  Good: ``orders-db`` (encrypted with the data key, private, 7-day backups, deletion
  protection, Multi-AZ).

Lambda
  - ``legacy-report-export``: deprecated runtime python3.7 -> Lambda.2
    [lambda.supported-runtime]; function URL with AuthType NONE and a public resource policy
    -> Lambda.1 [lambda.function-not-public]; a secret in its environment
    (``DB_PASSWORD``) [lambda.no-secrets-in-environment]. Never print its value.
  Good: ``thumbnailer`` (python3.12), ``eu-gdpr-export`` (nodejs20.x, eu-west-1).

CloudTrail
  - ``northwind-trail``: single-region, log file validation off, no KMS, no CloudWatch Logs
    -> CloudTrail.1, CloudTrail.4, CloudTrail.2, CloudTrail.5 [cloudtrail.multi-region, ...]
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from dataclasses import dataclass, field
from typing import Any

import boto3
import botocore.config

ACCOUNT_ID = "123456789012"
"""moto's default account id."""

MAIN_REGION = "us-east-1"
EU_REGION = "eu-west-1"
REGIONS = (MAIN_REGION, EU_REGION)

AUDITOR_ACCOUNT_ID = "210987654321"
"""The external auditor's account, trusted by ``cross-account-auditor``."""

LOG_BUCKET = "northwind-access-logs"
"""Receives S3 server access logs, the VPC flow log and CloudTrail."""

ADMIN_POLICY_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"

FAKE_DB_PASSWORD = "hunter2-demo"
"""The secret planted in ``legacy-report-export``'s environment. Never print it."""


@dataclass(frozen=True)
class SeedSummary:
    """What :func:`seed` built: the regions it used and how many resources it created."""

    regions: tuple[str, ...]
    resources: int
    seconds: float


@dataclass
class _Clients:
    """boto3 clients against the moto endpoint, one per (service, region)."""

    endpoint_url: str

    def __post_init__(self) -> None:
        self._session: Any = boto3.Session(
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name=MAIN_REGION,
        )
        self._config: Any = botocore.config.Config(
            retries={"mode": "standard", "max_attempts": 1},
            s3={"addressing_style": "path"},
        )
        self._cache: dict[tuple[str, str], Any] = {}

    def __call__(self, service: str, region: str = MAIN_REGION) -> Any:
        key = (service, region)
        if key not in self._cache:
            self._cache[key] = self._session.client(
                service, region_name=region, endpoint_url=self.endpoint_url, config=self._config
            )
        return self._cache[key]


def _doc(*statements: dict[str, Any]) -> str:
    """A JSON policy document from its statements."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _trust(service: str) -> str:
    """A role trust policy for an AWS service principal."""
    return _doc({"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"})


def _tags(name: str, **extra: str) -> list[dict[str, str]]:
    """EC2-style tags: ``Name`` plus the company's standard tags."""
    tags = {"Name": name, "company": "northwind-notes", **extra}
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def _spec(resource_type: str, name: str, **extra: str) -> list[dict[str, Any]]:
    """An EC2 ``TagSpecifications`` value."""
    return [{"ResourceType": resource_type, "Tags": _tags(name, **extra)}]


@dataclass
class _State:
    """Ids the services hand each other while seeding, and the running resource count."""

    count: int = 0
    data_key_arn: str = ""
    eu_key_arn: str = ""
    vpc_id: str = ""
    public_subnets: tuple[str, ...] = ()
    private_subnets: tuple[str, ...] = ()
    sg: dict[str, str] = field(default_factory=dict)

    def add(self, n: int = 1) -> None:
        self.count += n


def seed(endpoint_url: str) -> SeedSummary:
    """Create the Northwind Notes account on the moto server at ``endpoint_url``.

    Run it once against a fresh server: names are fixed, so a second run fails on duplicates.
    """
    started = time.perf_counter()
    clients = _Clients(endpoint_url)
    state = _State()
    _seed_kms(clients, state)
    _seed_iam(clients("iam"), state)
    _seed_s3(clients, state)
    _seed_network(clients, state)
    _seed_eu_network(clients("ec2", EU_REGION), state)
    for region in REGIONS:
        _default_group_ingress(clients("ec2", region))
    _seed_ec2(clients("ec2"), state)
    _seed_ebs(clients, state)
    _seed_rds(clients("rds"), state)
    _seed_lambda(clients, state)
    _seed_cloudtrail(clients("cloudtrail"), state)
    return SeedSummary(REGIONS, state.count, time.perf_counter() - started)


# --- IAM -----------------------------------------------------------------------------------


def _admin_policy_arn(iam: Any, state: _State) -> str:
    """AWS's AdministratorAccess if moto loaded AWS managed policies, else a local twin."""
    try:
        iam.get_policy(PolicyArn=ADMIN_POLICY_ARN)
    except iam.exceptions.NoSuchEntityException:
        state.add()
        return str(
            iam.create_policy(
                PolicyName="NorthwindAdministratorAccess",
                Description="Stand-in for AWS's AdministratorAccess (moto loads no AWS policies)",
                PolicyDocument=_doc({"Effect": "Allow", "Action": "*", "Resource": "*"}),
            )["Policy"]["Arn"]
        )
    return ADMIN_POLICY_ARN


def _seed_iam(iam: Any, state: _State) -> None:
    """Password policy, groups, four users and three roles."""
    iam.update_account_password_policy(
        MinimumPasswordLength=8,
        RequireSymbols=False,
        RequireNumbers=True,
        RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True,
        AllowUsersToChangePassword=True,
    )
    state.add()

    iam.create_group(GroupName="admins")
    iam.attach_group_policy(GroupName="admins", PolicyArn=_admin_policy_arn(iam, state))
    read_only = iam.create_policy(
        PolicyName="northwind-developer-read",
        Description="Read-only access to the services developers debug",
        PolicyDocument=_doc(
            {
                "Effect": "Allow",
                "Action": [
                    "ec2:Describe*",
                    "s3:ListAllMyBuckets",
                    "s3:GetObject",
                    "logs:Get*",
                    "logs:FilterLogEvents",
                    "lambda:Get*",
                    "lambda:List*",
                ],
                "Resource": "*",
            }
        ),
    )["Policy"]["Arn"]
    iam.create_group(GroupName="developers")
    iam.attach_group_policy(GroupName="developers", PolicyArn=read_only)
    state.add(3)

    _seed_users(iam, state)
    _seed_roles(iam, state)


def _seed_users(iam: Any, state: _State) -> None:
    """Alice (admin, MFA), bob (no MFA), ci-deploy (direct policies, key), audit-readonly."""
    for user in ("alice", "bob", "ci-deploy", "audit-readonly"):
        iam.create_user(UserName=user, Tags=[{"Key": "company", "Value": "northwind-notes"}])
    state.add(4)

    for user in ("alice", "bob"):
        iam.create_login_profile(
            UserName=user, Password="Demo-Passw0rd-not-real", PasswordResetRequired=False
        )
    mfa = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]
    iam.enable_mfa_device(
        UserName="alice",
        SerialNumber=mfa["SerialNumber"],
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
    state.add()
    iam.add_user_to_group(GroupName="admins", UserName="alice")
    iam.add_user_to_group(GroupName="developers", UserName="bob")
    iam.add_user_to_group(GroupName="developers", UserName="audit-readonly")

    iam.create_access_key(UserName="ci-deploy")
    deploy = iam.create_policy(
        PolicyName="northwind-deploy",
        Description="Deploys the web tier (attached straight to the CI user)",
        PolicyDocument=_doc(
            {
                "Effect": "Allow",
                "Action": ["s3:PutObject", "s3:DeleteObject"],
                "Resource": "arn:aws:s3:::northwind-public-assets/*",
            },
            {"Effect": "Allow", "Action": "lambda:UpdateFunctionCode", "Resource": "*"},
        ),
    )["Policy"]["Arn"]
    iam.attach_user_policy(UserName="ci-deploy", PolicyArn=deploy)
    iam.put_user_policy(
        UserName="ci-deploy",
        PolicyName="ci-pass-role",
        PolicyDocument=_doc(
            {
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": f"arn:aws:iam::{ACCOUNT_ID}:role/lambda-exec",
            }
        ),
    )
    state.add(3)


def _seed_roles(iam: Any, state: _State) -> None:
    """An EC2 role with its instance profile, a Lambda role and a cross-account auditor."""
    iam.create_role(
        RoleName="app-instance-role",
        AssumeRolePolicyDocument=_trust("ec2.amazonaws.com"),
        Description="The app tier's instances",
    )
    iam.put_role_policy(
        RoleName="app-instance-role",
        PolicyName="customer-data-read-write",
        PolicyDocument=_doc(
            {
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject"],
                "Resource": "arn:aws:s3:::northwind-customer-data/*",
            },
            {
                "Effect": "Allow",
                "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                "Resource": state.data_key_arn or "*",
            },
        ),
    )
    iam.create_instance_profile(InstanceProfileName="app-instance-profile")
    iam.add_role_to_instance_profile(
        InstanceProfileName="app-instance-profile", RoleName="app-instance-role"
    )

    iam.create_role(
        RoleName="lambda-exec",
        AssumeRolePolicyDocument=_trust("lambda.amazonaws.com"),
        Description="Execution role of the Lambda functions",
    )
    iam.put_role_policy(
        RoleName="lambda-exec",
        PolicyName="write-logs",
        PolicyDocument=_doc(
            {
                "Effect": "Allow",
                "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": f"arn:aws:logs:*:{ACCOUNT_ID}:*",
            }
        ),
    )

    iam.create_role(
        RoleName="cross-account-auditor",
        AssumeRolePolicyDocument=_doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{AUDITOR_ACCOUNT_ID}:root"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:ExternalId": "northwind-audit-2024"}},
            }
        ),
        Description="The external auditor's read-only access",
    )
    iam.put_role_policy(
        RoleName="cross-account-auditor",
        PolicyName="security-audit",
        PolicyDocument=_doc(
            {
                "Effect": "Allow",
                "Action": [
                    "iam:Get*",
                    "iam:List*",
                    "s3:GetBucket*",
                    "ec2:Describe*",
                    "cloudtrail:Describe*",
                ],
                "Resource": "*",
            }
        ),
    )
    state.add(4)


# --- KMS -----------------------------------------------------------------------------------


def _key(kms: Any, alias: str, description: str, *, rotate: bool) -> str:
    """A symmetric customer managed key with an alias; returns its ARN."""
    key = kms.create_key(
        Description=description,
        Tags=[{"TagKey": "company", "TagValue": "northwind-notes"}],
    )["KeyMetadata"]
    if rotate:
        kms.enable_key_rotation(KeyId=key["KeyId"])
    kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])
    return str(key["Arn"])


def _seed_kms(clients: _Clients, state: _State) -> None:
    """Two keys in us-east-1 (one without rotation) and one in eu-west-1."""
    kms = clients("kms")
    state.data_key_arn = _key(kms, "alias/northwind-data", "Customer data", rotate=True)
    _key(kms, "alias/northwind-legacy", "Legacy reporting exports", rotate=False)
    state.eu_key_arn = _key(
        clients("kms", EU_REGION), "alias/northwind-eu-data", "EU customer data", rotate=True
    )
    state.add(3)


# --- S3 ------------------------------------------------------------------------------------

_ALL_BLOCKED = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def _sse(s3: Any, bucket: str, kms_key_arn: str | None = None) -> None:
    """Default encryption: SSE-KMS with a bucket key if a key is given, else SSE-S3."""
    rule: dict[str, Any] = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
    if kms_key_arn:
        rule = {
            "ApplyServerSideEncryptionByDefault": {
                "SSEAlgorithm": "aws:kms",
                "KMSMasterKeyID": kms_key_arn,
            },
            "BucketKeyEnabled": True,
        }
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [rule]})


def _tls_only(bucket: str) -> str:
    """A bucket policy denying every request not made over TLS."""
    return _doc(
        {
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    )


def _seed_s3(clients: _Clients, state: _State) -> None:
    """Four buckets; the account-level Block Public Access is deliberately left unset."""
    s3 = clients("s3")
    _seed_access_logs_bucket(s3)

    s3.create_bucket(Bucket="northwind-public-assets", ObjectOwnership="ObjectWriter")
    s3.put_bucket_acl(Bucket="northwind-public-assets", ACL="public-read")
    s3.put_object(
        Bucket="northwind-public-assets",
        Key="index.html",
        Body=b"<h1>Northwind Notes</h1>",
        ContentType="text/html",
    )

    data = "northwind-customer-data"
    s3.create_bucket(Bucket=data, ObjectOwnership="BucketOwnerEnforced")
    _sse(s3, data, state.data_key_arn)
    s3.put_public_access_block(Bucket=data, PublicAccessBlockConfiguration=_ALL_BLOCKED)
    s3.put_bucket_versioning(Bucket=data, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_logging(
        Bucket=data,
        BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": LOG_BUCKET, "TargetPrefix": f"{data}/"}
        },
    )
    s3.put_bucket_policy(Bucket=data, Policy=_tls_only(data))
    s3.put_bucket_tagging(
        Bucket=data, Tagging={"TagSet": [{"Key": "classification", "Value": "confidential"}]}
    )

    eu = clients("s3", EU_REGION)
    backups = "northwind-eu-backups"
    eu.create_bucket(Bucket=backups, CreateBucketConfiguration={"LocationConstraint": EU_REGION})
    _sse(eu, backups)
    eu.put_public_access_block(Bucket=backups, PublicAccessBlockConfiguration=_ALL_BLOCKED)
    eu.put_bucket_versioning(Bucket=backups, VersioningConfiguration={"Status": "Enabled"})
    state.add(4)


def _seed_access_logs_bucket(s3: Any) -> None:
    """The log bucket: S3 server access logs, VPC flow logs and CloudTrail all land here."""
    logs = LOG_BUCKET
    s3.create_bucket(Bucket=logs, ObjectOwnership="BucketOwnerEnforced")
    _sse(s3, logs)
    s3.put_public_access_block(Bucket=logs, PublicAccessBlockConfiguration=_ALL_BLOCKED)
    write = {"Effect": "Allow", "Action": "s3:PutObject"}
    source = {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}}
    s3.put_bucket_policy(
        Bucket=logs,
        Policy=_doc(
            # One statement per service: moto only honours a single-string Service principal.
            {
                "Sid": "S3ServerAccessLogs",
                **write,
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Resource": f"arn:aws:s3:::{logs}/*",
                "Condition": source,
            },
            {
                "Sid": "VpcFlowLogs",
                **write,
                "Principal": {"Service": "delivery.logs.amazonaws.com"},
                "Resource": f"arn:aws:s3:::{logs}/AWSLogs/{ACCOUNT_ID}/*",
                "Condition": source,
            },
            {
                "Sid": "CloudTrailWrite",
                **write,
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Resource": f"arn:aws:s3:::{logs}/cloudtrail/AWSLogs/{ACCOUNT_ID}/*",
                "Condition": source,
            },
            {
                "Sid": "CloudTrailAclCheck",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:GetBucketAcl",
                "Resource": f"arn:aws:s3:::{logs}",
            },
        ),
    )


# --- Network -------------------------------------------------------------------------------


def _ingress(
    ec2: Any,
    group_id: str,
    port: int,
    *,
    cidr: str | None = None,
    cidr6: str | None = None,
    group: str | None = None,
    description: str = "",
) -> None:
    """Allow TCP ``port`` into ``group_id`` from an IPv4 range, IPv6 range or group."""
    permission: dict[str, Any] = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
    if cidr:
        permission["IpRanges"] = [{"CidrIp": cidr, "Description": description}]
    if cidr6:
        permission["Ipv6Ranges"] = [{"CidrIpv6": cidr6, "Description": description}]
    if group:
        permission["UserIdGroupPairs"] = [{"GroupId": group, "Description": description}]
    ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=[permission])


def _group(ec2: Any, vpc_id: str, name: str, description: str) -> str:
    """A security group in ``vpc_id``; returns its id."""
    return str(
        ec2.create_security_group(
            GroupName=name,
            Description=description,
            VpcId=vpc_id,
            TagSpecifications=_spec("security-group", name),
        )["GroupId"]
    )


def _subnet(ec2: Any, vpc_id: str, cidr: str, az: str, name: str) -> str:
    """A subnet; returns its id."""
    return str(
        ec2.create_subnet(
            VpcId=vpc_id,
            CidrBlock=cidr,
            AvailabilityZone=az,
            TagSpecifications=_spec("subnet", name),
        )["Subnet"]["SubnetId"]
    )


def _seed_network(clients: _Clients, state: _State) -> None:
    """The main VPC: two public and two private subnets, IGW, NAT, flow log, five groups."""
    ec2 = clients("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=_spec("vpc", "northwind-main"))[
        "Vpc"
    ]["VpcId"]
    state.vpc_id = vpc
    public = tuple(
        _subnet(ec2, vpc, f"10.0.{i}.0/24", f"{MAIN_REGION}{az}", f"public-{az}")
        for i, az in ((1, "a"), (2, "b"))
    )
    private = tuple(
        _subnet(ec2, vpc, f"10.0.{i}.0/24", f"{MAIN_REGION}{az}", f"private-{az}")
        for i, az in ((11, "a"), (12, "b"))
    )
    state.public_subnets, state.private_subnets = public, private
    for subnet in public:
        ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})

    igw = ec2.create_internet_gateway(TagSpecifications=_spec("internet-gateway", "main-igw"))
    igw_id = igw["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc)
    public_rt = ec2.create_route_table(VpcId=vpc, TagSpecifications=_spec("route-table", "public"))[
        "RouteTable"
    ]["RouteTableId"]
    ec2.create_route(RouteTableId=public_rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)
    for subnet in public:
        ec2.associate_route_table(RouteTableId=public_rt, SubnetId=subnet)

    nat_eip = ec2.allocate_address(Domain="vpc", TagSpecifications=_spec("elastic-ip", "nat-eip"))[
        "AllocationId"
    ]
    nat = ec2.create_nat_gateway(
        SubnetId=public[0],
        AllocationId=nat_eip,
        TagSpecifications=_spec("natgateway", "main-nat"),
    )["NatGateway"]["NatGatewayId"]
    private_rt = ec2.create_route_table(
        VpcId=vpc, TagSpecifications=_spec("route-table", "private")
    )["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=private_rt, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    for subnet in private:
        ec2.associate_route_table(RouteTableId=private_rt, SubnetId=subnet)

    # A bare bucket ARN: moto reads everything after "arn:aws:s3:::" as the bucket name, so a
    # key prefix would make it answer "Unsuccessful" (HTTP 200) instead of creating the log.
    flow = ec2.create_flow_logs(
        ResourceIds=[vpc],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="s3",
        LogDestination=f"arn:aws:s3:::{LOG_BUCKET}",
        TagSpecifications=_spec("vpc-flow-log", "northwind-main-flow-log"),
    )
    if flow.get("Unsuccessful"):
        raise RuntimeError(f"moto refused the flow log: {flow['Unsuccessful']}")
    state.add(1 + 4 + 1 + 1 + 1 + 1 + 1 + 1)

    state.sg = _seed_security_groups(ec2, vpc)
    state.add(len(state.sg))


def _seed_security_groups(ec2: Any, vpc: str) -> dict[str, str]:
    """web, bastion, legacy-admin, app and db groups; returns their ids by name."""
    sg = {
        "web-sg": _group(ec2, vpc, "web-sg", "Public web tier: HTTP and HTTPS"),
        "bastion-sg": _group(ec2, vpc, "bastion-sg", "SSH bastion"),
        "legacy-admin-sg": _group(ec2, vpc, "legacy-admin-sg", "Old Windows admin access"),
        "app-sg": _group(ec2, vpc, "app-sg", "App tier, reachable from the web tier only"),
        "db-sg": _group(ec2, vpc, "db-sg", "Databases, reachable from the app tier only"),
    }
    for port in (80, 443):
        _ingress(ec2, sg["web-sg"], port, cidr="0.0.0.0/0", cidr6="::/0", description="web")
    _ingress(ec2, sg["bastion-sg"], 22, cidr="0.0.0.0/0", description="ssh from anywhere")
    _ingress(ec2, sg["legacy-admin-sg"], 3389, cidr6="::/0", description="rdp, temporary")
    _ingress(ec2, sg["app-sg"], 8080, group=sg["web-sg"], description="from web tier")
    _ingress(ec2, sg["db-sg"], 5432, group=sg["app-sg"], description="from app tier")
    return sg


def _seed_eu_network(ec2: Any, state: _State) -> None:
    """The EU VPC: one subnet, an internal-only SSH group, and no flow log."""
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16", TagSpecifications=_spec("vpc", "northwind-eu"))[
        "Vpc"
    ]["VpcId"]
    _subnet(ec2, vpc, "10.20.1.0/24", f"{EU_REGION}a", "eu-private-a")
    sg = _group(ec2, vpc, "eu-ssh-sg", "SSH from the corporate network only")
    _ingress(ec2, sg, 22, cidr="10.0.0.0/8", description="corporate network")
    state.add(3)


def _default_group_ingress(ec2: Any) -> None:
    """Give every default security group AWS's default inbound rule: all traffic from itself.

    moto creates default groups with the all-traffic egress rule but without this ingress rule;
    adding it makes them look as AWS creates them (and as CIS/EC2.2 expects to find them).
    """
    groups = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])
    for group in groups["SecurityGroups"]:
        if group["IpPermissions"]:
            continue
        ec2.authorize_security_group_ingress(
            GroupId=group["GroupId"],
            IpPermissions=[
                {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": group["GroupId"]}]}
            ],
        )


# --- EC2 and EBS ---------------------------------------------------------------------------


def _image(ec2: Any) -> str:
    """The company's base AMI (moto starts with none when default AMIs are off)."""
    return str(
        ec2.register_image(
            Name="northwind-base-al2023",
            Description="Northwind base image (Amazon Linux 2023)",
            Architecture="x86_64",
            RootDeviceName="/dev/xvda",
            VirtualizationType="hvm",
            BlockDeviceMappings=[
                {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, "VolumeType": "gp3"}}
            ],
        )["ImageId"]
    )


def _instance(
    ec2: Any,
    image: str,
    name: str,
    subnet: str,
    group: str,
    http_tokens: str,
    profile: str | None = None,
) -> str:
    """One running t3.micro; returns its id."""
    extra: dict[str, Any] = {"IamInstanceProfile": {"Name": profile}} if profile else {}
    return str(
        ec2.run_instances(
            ImageId=image,
            InstanceType="t3.micro",
            MinCount=1,
            MaxCount=1,
            SubnetId=subnet,
            SecurityGroupIds=[group],
            MetadataOptions={"HttpTokens": http_tokens, "HttpEndpoint": "enabled"},
            TagSpecifications=_spec("instance", name),
            **extra,
        )["Instances"][0]["InstanceId"]
    )


def _seed_ec2(ec2: Any, state: _State) -> None:
    """An AMI, three instances, an Elastic IP and two launch templates."""
    image = _image(ec2)
    public, private = state.public_subnets, state.private_subnets
    web = _instance(ec2, image, "web-legacy", public[0], state.sg["web-sg"], "optional")
    _instance(
        ec2, image, "app-1", private[0], state.sg["app-sg"], "required", "app-instance-profile"
    )
    _instance(ec2, image, "bastion", public[1], state.sg["bastion-sg"], "required")
    eip = ec2.allocate_address(Domain="vpc", TagSpecifications=_spec("elastic-ip", "web-eip"))
    ec2.associate_address(InstanceId=web, AllocationId=eip["AllocationId"])

    for name, tokens in (("web-lt", "optional"), ("app-lt", "required")):
        ec2.create_launch_template(
            LaunchTemplateName=name,
            LaunchTemplateData={
                "ImageId": image,
                "InstanceType": "t3.micro",
                "MetadataOptions": {"HttpTokens": tokens, "HttpEndpoint": "enabled"},
            },
            TagSpecifications=_spec("launch-template", name),
        )
    state.add(1 + 3 + 1 + 2)


def _seed_ebs(clients: _Clients, state: _State) -> None:
    """Default encryption on in eu-west-1 only; two volumes and a public snapshot."""
    clients("ec2", EU_REGION).enable_ebs_encryption_by_default()
    ec2 = clients("ec2")
    scratch = ec2.create_volume(
        AvailabilityZone=f"{MAIN_REGION}a",
        Size=100,
        VolumeType="gp3",
        Encrypted=False,
        TagSpecifications=_spec("volume", "scratch-unencrypted"),
    )["VolumeId"]
    ec2.create_volume(
        AvailabilityZone=f"{MAIN_REGION}a",
        Size=50,
        VolumeType="gp3",
        Encrypted=True,
        KmsKeyId=state.data_key_arn,
        TagSpecifications=_spec("volume", "reports-encrypted"),
    )
    snapshot = ec2.create_snapshot(
        VolumeId=scratch,
        Description="scratch disk before resize",
        TagSpecifications=_spec("snapshot", "scratch-unencrypted-snapshot"),
    )["SnapshotId"]
    ec2.modify_snapshot_attribute(
        SnapshotId=snapshot,
        Attribute="createVolumePermission",
        OperationType="add",
        GroupNames=["all"],
    )
    state.add(3)


# --- RDS -----------------------------------------------------------------------------------


def _seed_rds(rds: Any, state: _State) -> None:
    """A hardened Postgres, a public unencrypted MySQL, and a public manual snapshot."""
    rds.create_db_subnet_group(
        DBSubnetGroupName="northwind-private",
        DBSubnetGroupDescription="Private subnets of the main VPC",
        SubnetIds=list(state.private_subnets),
    )
    rds.create_db_subnet_group(
        DBSubnetGroupName="northwind-legacy-public",
        DBSubnetGroupDescription="Public subnets (legacy reporting, to be migrated)",
        SubnetIds=list(state.public_subnets),
    )
    common: dict[str, Any] = {
        "DBInstanceClass": "db.t3.medium",
        "AllocatedStorage": 50,
        "MasterUsername": "northwind",
        "MasterUserPassword": "Demo-Passw0rd-not-real",
        "VpcSecurityGroupIds": [state.sg["db-sg"]],
        "Tags": [{"Key": "company", "Value": "northwind-notes"}],
    }
    rds.create_db_instance(
        DBInstanceIdentifier="orders-db",
        Engine="postgres",
        EngineVersion="16.3",
        DBSubnetGroupName="northwind-private",
        StorageEncrypted=True,
        KmsKeyId=state.data_key_arn,
        PubliclyAccessible=False,
        BackupRetentionPeriod=7,
        DeletionProtection=True,
        MultiAZ=True,
        **common,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="legacy-reporting-db",
        Engine="mysql",
        EngineVersion="5.7.44",
        DBSubnetGroupName="northwind-legacy-public",
        StorageEncrypted=False,
        PubliclyAccessible=True,
        BackupRetentionPeriod=1,
        DeletionProtection=False,
        MultiAZ=False,
        **common,
    )
    rds.create_db_snapshot(
        DBSnapshotIdentifier="legacy-reporting-db-manual",
        DBInstanceIdentifier="legacy-reporting-db",
    )
    rds.modify_db_snapshot_attribute(
        DBSnapshotIdentifier="legacy-reporting-db-manual",
        AttributeName="restore",
        ValuesToAdd=["all"],
    )
    state.add(5)


# --- Lambda --------------------------------------------------------------------------------


def _zip(filename: str, source: str) -> bytes:
    """A deployment package holding one source file, built in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(filename, source)
    return buffer.getvalue()


_PY_HANDLER = "def handler(event, context):\n    return {'statusCode': 200, 'body': 'ok'}\n"
_JS_HANDLER = "exports.handler = async () => ({ statusCode: 200, body: 'ok' });\n"


def _function(lam: Any, name: str, runtime: str, **extra: Any) -> None:
    """One function with a tiny handler, run by ``lambda-exec``."""
    python = runtime.startswith("python")
    code = _zip("handler.py", _PY_HANDLER) if python else _zip("index.js", _JS_HANDLER)
    lam.create_function(
        FunctionName=name,
        Runtime=runtime,
        Role=f"arn:aws:iam::{ACCOUNT_ID}:role/lambda-exec",
        Handler="handler.handler" if python else "index.handler",
        Code={"ZipFile": code},
        Timeout=30,
        MemorySize=256,
        Tags={"company": "northwind-notes"},
        **extra,
    )


def _seed_lambda(clients: _Clients, state: _State) -> None:
    """Three functions; the legacy one is on a dead runtime, public, and holds a secret."""
    lam = clients("lambda")
    _function(lam, "thumbnailer", "python3.12", Description="Makes note thumbnails")
    _function(
        lam,
        "legacy-report-export",
        "python3.7",
        Description="Nightly CSV export for the old reporting tool",
        Environment={
            "Variables": {"DB_HOST": "legacy-reporting-db", "DB_PASSWORD": FAKE_DB_PASSWORD}
        },
    )
    lam.create_function_url_config(FunctionName="legacy-report-export", AuthType="NONE")
    lam.add_permission(
        FunctionName="legacy-report-export",
        StatementId="FunctionURLAllowPublicAccess",
        Action="lambda:InvokeFunctionUrl",
        Principal="*",
        FunctionUrlAuthType="NONE",
    )
    _function(
        clients("lambda", EU_REGION),
        "eu-gdpr-export",
        "nodejs20.x",
        Description="Answers GDPR data export requests",
    )
    state.add(4)


# --- CloudTrail ----------------------------------------------------------------------------


def _seed_cloudtrail(trail: Any, state: _State) -> None:
    """One single-region trail without log file validation, logging to the log bucket."""
    trail.create_trail(
        Name="northwind-trail",
        S3BucketName=LOG_BUCKET,
        S3KeyPrefix="cloudtrail",
        IsMultiRegionTrail=False,
        EnableLogFileValidation=False,
        IncludeGlobalServiceEvents=True,
        TagsList=[{"Key": "company", "Value": "northwind-notes"}],
    )
    # AWS gives a new trail a default selector (all management events, read and write); moto
    # answers an empty list, so set AWS's default explicitly.
    trail.put_event_selectors(
        TrailName="northwind-trail",
        EventSelectors=[
            {"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": []}
        ],
    )
    trail.start_logging(Name="northwind-trail")
    state.add()
