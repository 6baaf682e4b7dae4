"""Seed a moto server with "Northwind Notes", a fictional small SaaS company.

Account 123456789012 (moto's default); main region us-east-1, a smaller footprint in eu-west-1.
Names hint at the verdict: ``legacy``/``public``/``scratch`` are the bad ones, ``app``/``orders``/
``customer-data`` the well-kept ones. Plain boto3, one function per service; no CloudFormation
(moto drops resource properties from templates).

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control(s) it corresponds to; "(no check yet)" marks findings no incloud check covers today.

IAM
  - Password policy: length 8, no symbols, no reuse prevention, no expiry
    -> iam.password-policy-strong; IAM.7, IAM.13, IAM.15, IAM.16, IAM.17
  - ``bob``: console password, no MFA -> iam.console-user-mfa; IAM.5, IAM.19
  - ``ci-deploy``: a managed policy attached to the user and an inline user policy
    -> iam.user-policies-via-groups; IAM.2 (its one access key is new: rotation passes)
  - ``admins`` group: ``*`` on ``*`` -> (no check yet); IAM.1. AWS's AdministratorAccess when
    moto loads AWS managed policies, else a local twin ``NorthwindAdministratorAccess``.
  - Root user: moto's credential report has no ``<root_account>`` row, so
    iam.root-mfa-enabled and iam.root-access-keys-absent should say unknown.
  Fine: ``alice`` (admin through the group, virtual MFA), ``audit-readonly`` (group only, no
  credentials), roles with narrow trust (``cross-account-auditor`` needs an external id).
KMS
  - ``alias/northwind-legacy`` (us-east-1): rotation off -> kms.key-rotation-enabled; KMS.4
  Fine: ``alias/northwind-data`` (us-east-1), ``alias/northwind-eu-data`` (eu-west-1).
S3
  - Account-level Block Public Access not configured -> s3.account-public-access-block; S3.1
  - ``northwind-public-assets``: public-read ACL -> s3.bucket-acl-not-public (S3.2, S3.12);
    no versioning -> s3.bucket-versioning (S3.14); no access logging ->
    s3.bucket-access-logging (S3.9); also no bucket BPA (S3.8) and no TLS-only policy (S3.5),
    (no check yet). It has no explicit default encryption: AWS encrypts with SSE-S3 anyway,
    but moto's GetBucketEncryption answers ServerSideEncryptionConfigurationNotFoundError.
  - ``northwind-access-logs`` is neither versioned nor logged itself (usual for a log bucket)
    -> s3.bucket-versioning, s3.bucket-access-logging
  Fine: ``northwind-customer-data`` (SSE-KMS with the rotating key, BPA, versioning, access
  logging, BucketOwnerEnforced, TLS-only policy), ``northwind-eu-backups`` (SSE-S3, BPA,
  versioning, eu-west-1).
Network
  - ``bastion-sg`` 22 from 0.0.0.0/0, ``legacy-admin-sg`` 3389 from ::/0
    -> ec2.security-group-admin-ports; EC2.13, EC2.14, EC2.53, EC2.54
  - Default security groups as AWS creates them (all traffic from itself in, all out)
    -> ec2.default-security-group-closed; EC2.2
  - ``northwind-eu`` VPC (eu-west-1), and moto's default VPCs, have no flow log
    -> ec2.vpc-flow-logs; EC2.6
  - Public subnets assign public IPs on launch -> (no check yet); EC2.15
  Fine: ``web-sg`` (80/443 from anywhere), ``app-sg`` and ``db-sg`` (from a group only),
  ``eu-ssh-sg`` (22 from 10.0.0.0/8), the ``northwind-main`` VPC's flow log to S3.
EC2 and EBS
  - ``web-legacy``: IMDSv1 allowed -> ec2.instance-imdsv2; EC2.8. Elastic IP (EC2.9).
  - ``web-lt`` launch template: IMDSv1 allowed -> ec2.launch-template-imdsv2; EC2.170
  - EBS encryption by default off in us-east-1 (on in eu-west-1) -> ec2.ebs-encryption-by-default;
    EC2.7
  - ``scratch-unencrypted`` and the three instances' root volumes -> ec2.volume-encrypted; EC2.3
  - ``scratch-unencrypted-snapshot``: restorable by anyone -> ec2.snapshot-not-public; EC2.1
  Fine: ``app-1`` (private subnet, IMDSv2, instance profile), ``bastion`` (IMDSv2, but a public
  IP), ``app-lt``, ``reports-encrypted``.
RDS
  - ``legacy-reporting-db``: publicly accessible, in public subnets -> rds.instance-not-public
    (RDS.2, RDS.46); unencrypted -> rds.instance-storage-encrypted (RDS.3); 1-day backups and
    no deletion protection (RDS.8), (no check yet)
  - ``legacy-reporting-db-manual`` snapshot: restorable by anyone, unencrypted -> (no check
    yet); RDS.1, RDS.4
  Fine: ``orders-db`` (encrypted with the data key, private, 7-day backups, deletion
  protection, Multi-AZ).
Lambda
  - ``legacy-report-export``: runtime python3.7 -> lambda.runtime-supported; Lambda.2.
    Function URL with AuthType NONE and a public resource policy -> lambda.function-url-auth;
    Lambda.1. ``DB_PASSWORD`` in its environment -> (no check yet). Never print the value.
  Fine: ``thumbnailer`` (python3.12), ``eu-gdpr-export`` (nodejs24.x, eu-west-1; not 20.x,
  which AWS deprecated on 2026-04-30).
CloudTrail
  - ``northwind-trail``: single-region -> cloudtrail.multi-region-logging (CloudTrail.1); no
    log file validation -> cloudtrail.log-file-validation (CloudTrail.4); no KMS, no CloudWatch
    Logs (CloudTrail.2, CloudTrail.5), (no check yet)
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

DEMO_PASSWORD = "Demo-Passw0rd-not-real"
"""Console and database master password of the fictional company."""

_CREATING = ("Create", "Run", "Register", "Allocate")
"""Operation name prefixes counted as creating a resource."""


@dataclass(frozen=True)
class SeedSummary:
    """What :func:`seed` built.

    ``regions`` are the regions holding seeded resources (scan these). ``resources`` counts the
    successful create-style calls (``Create*``, ``RunInstances``, ``RegisterImage``,
    ``AllocateAddress``); configuration calls (put, enable, attach, modify) are not counted.
    ``seconds`` is the wall-clock seeding time.
    """

    regions: tuple[str, ...]
    resources: int
    seconds: float


@dataclass
class _Seeder:
    """boto3 clients against the moto endpoint, and what the services hand each other."""

    endpoint_url: str
    created: int = 0
    data_key: str = ""
    public_subnets: list[str] = field(default_factory=list)
    private_subnets: list[str] = field(default_factory=list)
    sg: dict[str, str] = field(default_factory=dict)
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._session: Any = boto3.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=MAIN_REGION
        )
        self._session.events.register("after-call.*.*", self._count)
        self._config: Any = botocore.config.Config(retries={"mode": "standard", "max_attempts": 1})

    def __call__(self, service: str, region: str = MAIN_REGION) -> Any:
        """Return the (cached) client for ``service`` in ``region``."""
        key = (service, region)
        if key not in self._clients:
            self._clients[key] = self._session.client(
                service, region_name=region, endpoint_url=self.endpoint_url, config=self._config
            )
        return self._clients[key]

    def _count(self, http_response: Any, model: Any, **_: Any) -> None:
        if http_response.status_code < 300 and model.name.startswith(_CREATING):
            self.created += 1


def seed(endpoint_url: str) -> SeedSummary:
    """Create the Northwind Notes account on the moto server at ``endpoint_url``.

    Run it once against a fresh server: names are fixed, so a second run fails on duplicates.
    """
    started = time.perf_counter()
    s = _Seeder(endpoint_url)
    for step in (
        _seed_kms,  # first: IAM, S3, EBS and RDS use the data key
        _seed_iam,  # before EC2 (instance profile) and Lambda (execution role)
        _seed_s3,  # before the flow log and the trail, which deliver to the log bucket
        _seed_network,
        _seed_eu_network,
        _seed_ec2,
        _seed_ebs,
        _seed_rds,
        _seed_lambda,
        _seed_cloudtrail,
    ):
        step(s)
    return SeedSummary(REGIONS, s.created, round(time.perf_counter() - started, 3))


# --- helpers -------------------------------------------------------------------------------


def _doc(*statements: dict[str, Any]) -> str:
    """Return a JSON policy document made of ``statements``."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _allow(actions: str | list[str], resource: str | list[str] = "*") -> dict[str, Any]:
    """Return an identity-policy Allow statement."""
    return {"Effect": "Allow", "Action": actions, "Resource": resource}


def _trust(principal: dict[str, str], **condition: Any) -> str:
    """Return a role trust policy for ``principal``, with an optional condition."""
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    return _doc({**statement, "Condition": condition} if condition else statement)


def _spec(resource_type: str, name: str) -> list[dict[str, Any]]:
    """Return EC2 ``TagSpecifications``: a ``Name`` and the company tag."""
    tags = [{"Key": "Name", "Value": name}, {"Key": "company", "Value": "northwind-notes"}]
    return [{"ResourceType": resource_type, "Tags": tags}]


# --- IAM -----------------------------------------------------------------------------------


def _seed_iam(s: _Seeder) -> None:
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


def _seed_kms(s: _Seeder) -> None:
    """Create two keys in us-east-1 (one without rotation) and one in eu-west-1."""
    s.data_key = _key(s("kms"), "alias/northwind-data", "Customer data", rotate=True)
    _key(s("kms"), "alias/northwind-legacy", "Legacy reporting exports", rotate=False)
    _key(s("kms", EU_REGION), "alias/northwind-eu-data", "EU customer data", rotate=True)


# --- S3 ------------------------------------------------------------------------------------

_ALL_BLOCKED = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def _bucket(s3: Any, name: str, ownership: str, kms_key: str | None = None, **create: Any) -> None:
    """Create a bucket with default encryption: SSE-KMS with a bucket key, else SSE-S3."""
    s3.create_bucket(Bucket=name, ObjectOwnership=ownership, **create)
    default: dict[str, str] = {"SSEAlgorithm": "AES256"}
    if kms_key:
        default = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": kms_key}
    rule = {"ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": bool(kms_key)}
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [rule]})


def _seed_s3(s: _Seeder) -> None:
    """Create four buckets; the account-level Block Public Access stays unset."""
    s3 = s("s3")
    _seed_log_bucket(s3)

    public = "northwind-public-assets"
    s3.create_bucket(Bucket=public, ObjectOwnership="ObjectWriter")
    s3.put_bucket_acl(Bucket=public, ACL="public-read")
    s3.put_object(Bucket=public, Key="index.html", Body=b"<h1>Northwind Notes</h1>")

    data = "northwind-customer-data"
    _bucket(s3, data, "BucketOwnerEnforced", s.data_key)
    s3.put_public_access_block(Bucket=data, PublicAccessBlockConfiguration=_ALL_BLOCKED)
    s3.put_bucket_versioning(Bucket=data, VersioningConfiguration={"Status": "Enabled"})
    logging = {"LoggingEnabled": {"TargetBucket": LOG_BUCKET, "TargetPrefix": f"{data}/"}}
    s3.put_bucket_logging(Bucket=data, BucketLoggingStatus=logging)
    deny_plain_http = {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{data}", f"arn:aws:s3:::{data}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    s3.put_bucket_policy(Bucket=data, Policy=_doc(deny_plain_http))

    eu, backups = s("s3", EU_REGION), "northwind-eu-backups"
    location = {"LocationConstraint": EU_REGION}
    _bucket(eu, backups, "BucketOwnerEnforced", CreateBucketConfiguration=location)
    eu.put_public_access_block(Bucket=backups, PublicAccessBlockConfiguration=_ALL_BLOCKED)
    eu.put_bucket_versioning(Bucket=backups, VersioningConfiguration={"Status": "Enabled"})


def _seed_log_bucket(s3: Any) -> None:
    """Create the bucket that receives S3 access logs, the VPC flow log and CloudTrail."""
    _bucket(s3, LOG_BUCKET, "BucketOwnerEnforced")
    s3.put_public_access_block(Bucket=LOG_BUCKET, PublicAccessBlockConfiguration=_ALL_BLOCKED)
    arn, own = f"arn:aws:s3:::{LOG_BUCKET}", {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}}

    def write(sid: str, service: str, resource: str) -> dict[str, Any]:
        # One service per statement: moto's PutBucketLogging only recognises a policy whose
        # Principal.Service is exactly the string "logging.s3.amazonaws.com".
        principal = {"Service": service}
        return {"Sid": sid, **_allow("s3:PutObject", resource), "Principal": principal}

    statements = [
        {**write("S3ServerAccessLogs", "logging.s3.amazonaws.com", f"{arn}/*"), "Condition": own},
        write("VpcFlowLogs", "delivery.logs.amazonaws.com", f"{arn}/AWSLogs/{ACCOUNT_ID}/*"),
        write("CloudTrail", "cloudtrail.amazonaws.com", f"{arn}/cloudtrail/AWSLogs/{ACCOUNT_ID}/*"),
        {
            **write("CloudTrailAclCheck", "cloudtrail.amazonaws.com", arn),
            "Action": "s3:GetBucketAcl",
        },
    ]
    s3.put_bucket_policy(Bucket=LOG_BUCKET, Policy=_doc(*statements))


# --- Network -------------------------------------------------------------------------------


def _group(ec2: Any, vpc: str, name: str, description: str, *rules: dict[str, Any]) -> str:
    """Create a security group with TCP ingress ``rules``; return its id."""
    group = ec2.create_security_group(
        GroupName=name,
        Description=description,
        VpcId=vpc,
        TagSpecifications=_spec("security-group", name),
    )["GroupId"]
    if rules:
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=list(rules))
    return str(group)


def _tcp(port: int, *, cidr: str = "", cidr6: str = "", group: str = "") -> dict[str, Any]:
    """Return an ingress permission for TCP ``port`` from a range or a security group."""
    rule: dict[str, Any] = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
    if cidr:
        rule["IpRanges"] = [{"CidrIp": cidr}]
    if cidr6:
        rule["Ipv6Ranges"] = [{"CidrIpv6": cidr6}]
    if group:
        rule["UserIdGroupPairs"] = [{"GroupId": group}]
    return rule


def _vpc(ec2: Any, cidr: str, name: str) -> str:
    """Create a VPC; return its id."""
    return str(ec2.create_vpc(CidrBlock=cidr, TagSpecifications=_spec("vpc", name))["Vpc"]["VpcId"])


def _subnet(ec2: Any, vpc: str, cidr: str, az: str, name: str) -> str:
    """Create a subnet; return its id."""
    subnet = ec2.create_subnet(
        VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az, TagSpecifications=_spec("subnet", name)
    )
    return str(subnet["Subnet"]["SubnetId"])


def _route_table(ec2: Any, vpc: str, name: str, subnets: list[str], **target: str) -> None:
    """Create a route table sending 0.0.0.0/0 to ``target``, associated with ``subnets``."""
    table = ec2.create_route_table(VpcId=vpc, TagSpecifications=_spec("route-table", name))
    table_id = table["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table_id, DestinationCidrBlock="0.0.0.0/0", **target)
    for subnet in subnets:
        ec2.associate_route_table(RouteTableId=table_id, SubnetId=subnet)


def _seed_network(s: _Seeder) -> None:
    """Create the main VPC: public and private subnets, IGW, NAT, flow log, five groups."""
    ec2 = s("ec2")
    vpc = _vpc(ec2, "10.0.0.0/16", "northwind-main")
    for n, az in ((1, "a"), (2, "b")):
        s.public_subnets.append(
            _subnet(ec2, vpc, f"10.0.{n}.0/24", MAIN_REGION + az, f"public-{az}")
        )
        s.private_subnets.append(
            _subnet(ec2, vpc, f"10.0.{10 + n}.0/24", MAIN_REGION + az, f"private-{az}")
        )
    for subnet in s.public_subnets:
        ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})

    igw = ec2.create_internet_gateway(TagSpecifications=_spec("internet-gateway", "main-igw"))
    igw_id = igw["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc)
    _route_table(ec2, vpc, "public", s.public_subnets, GatewayId=igw_id)
    eip = ec2.allocate_address(Domain="vpc", TagSpecifications=_spec("elastic-ip", "nat-eip"))
    nat = ec2.create_nat_gateway(
        SubnetId=s.public_subnets[0],
        AllocationId=eip["AllocationId"],
        TagSpecifications=_spec("natgateway", "main-nat"),
    )
    _route_table(
        ec2, vpc, "private", s.private_subnets, NatGatewayId=nat["NatGateway"]["NatGatewayId"]
    )

    # A bare bucket ARN: moto reads everything after "arn:aws:s3:::" as the bucket name, so a
    # key prefix makes it answer "Unsuccessful" (with HTTP 200) instead of creating the log.
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

    web = _group(
        ec2,
        vpc,
        "web-sg",
        "Public web tier",
        _tcp(80, cidr="0.0.0.0/0", cidr6="::/0"),
        _tcp(443, cidr="0.0.0.0/0", cidr6="::/0"),
    )
    app = _group(ec2, vpc, "app-sg", "App tier, from the web tier only", _tcp(8080, group=web))
    s.sg = {
        "web-sg": web,
        "app-sg": app,
        "db-sg": _group(
            ec2, vpc, "db-sg", "Databases, from the app tier only", _tcp(5432, group=app)
        ),
        "bastion-sg": _group(ec2, vpc, "bastion-sg", "SSH bastion", _tcp(22, cidr="0.0.0.0/0")),
        "legacy-admin-sg": _group(
            ec2, vpc, "legacy-admin-sg", "Old RDP access", _tcp(3389, cidr6="::/0")
        ),
    }
    _default_group_ingress(ec2)


def _seed_eu_network(s: _Seeder) -> None:
    """Create the EU VPC: one subnet, an internal-only SSH group, and no flow log."""
    ec2 = s("ec2", EU_REGION)
    vpc = _vpc(ec2, "10.20.0.0/16", "northwind-eu")
    _subnet(ec2, vpc, "10.20.1.0/24", f"{EU_REGION}a", "eu-private-a")
    _group(ec2, vpc, "eu-ssh-sg", "SSH from the corporate network", _tcp(22, cidr="10.0.0.0/8"))
    _default_group_ingress(ec2)


def _default_group_ingress(ec2: Any) -> None:
    """Give the region's default security groups AWS's default inbound rule: all from itself.

    moto creates them with AWS's all-traffic egress rule but no ingress rule at all.
    """
    found = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])
    for group in found["SecurityGroups"]:
        if not group["IpPermissions"]:
            itself = {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": group["GroupId"]}]}
            ec2.authorize_security_group_ingress(GroupId=group["GroupId"], IpPermissions=[itself])


# --- EC2 and EBS ---------------------------------------------------------------------------


def _instance(ec2: Any, image: str, name: str, subnet: str, group: str, **options: Any) -> str:
    """Run one t3.micro; return its id."""
    reservation = ec2.run_instances(
        ImageId=image,
        InstanceType="t3.micro",
        MinCount=1,
        MaxCount=1,
        SubnetId=subnet,
        SecurityGroupIds=[group],
        TagSpecifications=_spec("instance", name),
        **options,
    )
    return str(reservation["Instances"][0]["InstanceId"])


def _imds(tokens: str) -> dict[str, str]:
    """Return ``MetadataOptions``; ``optional`` tokens means IMDSv1 is still allowed."""
    return {"HttpTokens": tokens, "HttpEndpoint": "enabled"}


def _seed_ec2(s: _Seeder) -> None:
    """Register an AMI; run three instances; attach an Elastic IP; create two launch templates."""
    ec2 = s("ec2")
    # moto's RegisterImage keeps only Name and Description (root device /dev/sda1, a 15 GiB
    # snapshot); with MOTO_EC2_LOAD_DEFAULT_AMIS=false there is no other image to run.
    image = ec2.register_image(
        Name="northwind-base-al2023",
        Description="Northwind base image (Amazon Linux 2023)",
        Architecture="x86_64",
        RootDeviceName="/dev/xvda",
        VirtualizationType="hvm",
    )["ImageId"]
    public, private = s.public_subnets, s.private_subnets
    web = _instance(
        ec2, image, "web-legacy", public[0], s.sg["web-sg"], MetadataOptions=_imds("optional")
    )
    _instance(
        ec2,
        image,
        "app-1",
        private[0],
        s.sg["app-sg"],
        MetadataOptions=_imds("required"),
        IamInstanceProfile={"Name": "app-instance-profile"},
    )
    _instance(
        ec2, image, "bastion", public[1], s.sg["bastion-sg"], MetadataOptions=_imds("required")
    )
    eip = ec2.allocate_address(Domain="vpc", TagSpecifications=_spec("elastic-ip", "web-eip"))
    ec2.associate_address(InstanceId=web, AllocationId=eip["AllocationId"])

    for name, tokens in (("web-lt", "optional"), ("app-lt", "required")):
        ec2.create_launch_template(
            LaunchTemplateName=name,
            LaunchTemplateData={
                "ImageId": image,
                "InstanceType": "t3.micro",
                "MetadataOptions": _imds(tokens),
            },
            TagSpecifications=_spec("launch-template", name),
        )


def _seed_ebs(s: _Seeder) -> None:
    """Turn on default encryption in eu-west-1 only; create two volumes and a public snapshot."""
    s("ec2", EU_REGION).enable_ebs_encryption_by_default()
    ec2, az = s("ec2"), f"{MAIN_REGION}a"
    scratch = ec2.create_volume(
        AvailabilityZone=az,
        Size=100,
        VolumeType="gp3",
        Encrypted=False,
        TagSpecifications=_spec("volume", "scratch-unencrypted"),
    )["VolumeId"]
    ec2.create_volume(
        AvailabilityZone=az,
        Size=50,
        VolumeType="gp3",
        Encrypted=True,
        KmsKeyId=s.data_key,
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


# --- RDS -----------------------------------------------------------------------------------


def _seed_rds(s: _Seeder) -> None:
    """Create a hardened Postgres, a public unencrypted MySQL, and a public manual snapshot."""
    rds = s("rds")
    for name, subnets in (
        ("northwind-private", s.private_subnets),
        ("northwind-legacy-public", s.public_subnets),
    ):
        rds.create_db_subnet_group(
            DBSubnetGroupName=name, DBSubnetGroupDescription=f"{name} subnets", SubnetIds=subnets
        )
    common: dict[str, Any] = {
        "DBInstanceClass": "db.t3.medium",
        "AllocatedStorage": 50,
        "MasterUsername": "northwind",
        "MasterUserPassword": DEMO_PASSWORD,
        "VpcSecurityGroupIds": [s.sg["db-sg"]],
        "Tags": [{"Key": "company", "Value": "northwind-notes"}],
    }
    rds.create_db_instance(
        DBInstanceIdentifier="orders-db",
        Engine="postgres",
        EngineVersion="16.3",
        DBSubnetGroupName="northwind-private",
        StorageEncrypted=True,
        KmsKeyId=s.data_key,
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
    snapshot = "legacy-reporting-db-manual"
    rds.create_db_snapshot(
        DBSnapshotIdentifier=snapshot, DBInstanceIdentifier="legacy-reporting-db"
    )
    rds.modify_db_snapshot_attribute(
        DBSnapshotIdentifier=snapshot, AttributeName="restore", ValuesToAdd=["all"]
    )


# --- Lambda --------------------------------------------------------------------------------

_HANDLERS = {
    "python": ("handler.py", "handler.handler", "def handler(event, context):\n    return 'ok'\n"),
    "nodejs": ("index.js", "index.handler", "exports.handler = async () => 'ok';\n"),
}


def _function(lam: Any, name: str, runtime: str, description: str, **extra: Any) -> None:
    """Create a function with a tiny handler, zipped in memory, run by ``lambda-exec``."""
    filename, handler, source = _HANDLERS["python" if runtime.startswith("python") else "nodejs"]
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(filename, source)
    lam.create_function(
        FunctionName=name,
        Runtime=runtime,
        Role=f"arn:aws:iam::{ACCOUNT_ID}:role/lambda-exec",
        Handler=handler,
        Code={"ZipFile": package.getvalue()},
        Description=description,
        Timeout=30,
        Tags={"company": "northwind-notes"},
        **extra,
    )


def _seed_lambda(s: _Seeder) -> None:
    """Create three functions; the legacy one is on a dead runtime, public, and holds a secret."""
    lam, legacy = s("lambda"), "legacy-report-export"
    _function(lam, "thumbnailer", "python3.12", "Makes note thumbnails")
    variables = {"DB_HOST": "legacy-reporting-db", "DB_PASSWORD": FAKE_DB_PASSWORD}
    _function(lam, legacy, "python3.7", "Nightly CSV export", Environment={"Variables": variables})
    lam.create_function_url_config(FunctionName=legacy, AuthType="NONE")
    lam.add_permission(  # what the console adds for an AuthType NONE URL
        FunctionName=legacy,
        StatementId="FunctionURLAllowPublicAccess",
        Action="lambda:InvokeFunctionUrl",
        Principal="*",
        FunctionUrlAuthType="NONE",
    )
    _function(
        s("lambda", EU_REGION), "eu-gdpr-export", "nodejs24.x", "Answers GDPR export requests"
    )


# --- CloudTrail ----------------------------------------------------------------------------


def _seed_cloudtrail(s: _Seeder) -> None:
    """Create one single-region trail without log file validation, logging to the log bucket."""
    trail, name = s("cloudtrail"), "northwind-trail"
    trail.create_trail(
        Name=name,
        S3BucketName=LOG_BUCKET,
        S3KeyPrefix="cloudtrail",
        IsMultiRegionTrail=False,
        EnableLogFileValidation=False,
        IncludeGlobalServiceEvents=True,
        TagsList=[{"Key": "company", "Value": "northwind-notes"}],
    )
    # AWS gives a new trail a default selector (all management events, read and write); moto
    # answers an empty list, so set AWS's default explicitly.
    default = {"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": []}
    trail.put_event_selectors(TrailName=name, EventSelectors=[default])
    trail.start_logging(Name=name)
