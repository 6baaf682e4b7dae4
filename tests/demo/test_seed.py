"""The demo account: seed a real moto server, then read the facts back with plain boto3."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

from incloud.demo.seed import ACCOUNT_ID, FAKE_DB_PASSWORD, SeedSummary, seed
from incloud.demo.server import DemoServer

Clients = Callable[..., Any]
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[DemoServer, SeedSummary]]:
    with DemoServer() as server:
        yield server, seed(server.endpoint_url)


@pytest.fixture(scope="module")
def aws(demo: tuple[DemoServer, SeedSummary]) -> Clients:
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
    url = demo[0].endpoint_url

    def client(service: str, region: str = "us-east-1") -> Any:
        return session.client(service, region_name=region, endpoint_url=url)

    return client


def _instances(ec2: Any) -> dict[str, dict[str, Any]]:
    found = {}
    for reservation in ec2.describe_instances()["Reservations"]:
        for instance in reservation["Instances"]:
            tags = {t["Key"]: t["Value"] for t in instance.get("Tags", [])}
            found[tags.get("Name", instance["InstanceId"])] = instance
    return found


def _named(items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    for item in items:
        if {"Key": "Name", "Value": name} in item.get("Tags", []):
            return item
    raise AssertionError(f"nothing tagged Name={name}")


# --- the server and the summary ------------------------------------------------------------


def test_server_lifecycle_gives_a_fresh_account_each_time() -> None:
    # Runs before the module's seeded server starts: only one server may run per process.
    server = DemoServer()
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.endpoint_url
    with server:
        assert server.endpoint_url.startswith("http://127.0.0.1:")
        s3 = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing").client(
            "s3", region_name="us-east-1", endpoint_url=server.endpoint_url
        )
        s3.create_bucket(Bucket="left-over")
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.endpoint_url
    server.stop()  # idempotent
    with DemoServer() as again:
        s3 = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing").client(
            "s3", region_name="us-east-1", endpoint_url=again.endpoint_url
        )
        assert s3.list_buckets()["Buckets"] == []


def test_a_second_server_is_refused_while_one_runs(demo: tuple[DemoServer, SeedSummary]) -> None:
    with pytest.raises(RuntimeError, match="already running"):
        DemoServer().start()
    assert demo[0].endpoint_url


def test_summary_names_both_regions_and_is_quick(demo: tuple[DemoServer, SeedSummary]) -> None:
    summary = demo[1]
    assert summary.regions == ("us-east-1", "eu-west-1")
    assert summary.resources >= 60
    # a guard against a seed that hangs or calls per resource, not a benchmark: the seed takes
    # about 20 s alone on this 2-core machine, more while the rest of the suite runs beside it
    assert summary.seconds < 60


# --- IAM -----------------------------------------------------------------------------------


def test_password_policy_is_weak(aws: Clients) -> None:
    policy = aws("iam").get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 8
    assert policy["RequireSymbols"] is False
    assert "PasswordReusePrevention" not in policy


def test_alice_has_mfa_and_bob_has_a_password_without_it(aws: Clients) -> None:
    iam = aws("iam")
    assert len(iam.list_mfa_devices(UserName="alice")["MFADevices"]) == 1
    assert iam.list_mfa_devices(UserName="bob")["MFADevices"] == []
    assert iam.get_login_profile(UserName="bob")["LoginProfile"]["UserName"] == "bob"
    iam.generate_credential_report()
    header, *lines = iam.get_credential_report()["Content"].decode().splitlines()
    rows = {line.split(",")[0]: line.split(",") for line in lines}
    columns = header.split(",")
    password, mfa = columns.index("password_enabled"), columns.index("mfa_active")
    assert rows["bob"][password] == "true"
    assert rows["bob"][mfa] == "false"
    assert rows["alice"][mfa] == "true"


def test_ci_deploy_has_policies_of_its_own_and_a_key(aws: Clients) -> None:
    iam = aws("iam")
    attached = iam.list_attached_user_policies(UserName="ci-deploy")["AttachedPolicies"]
    assert [p["PolicyName"] for p in attached] == ["northwind-deploy"]
    assert iam.list_user_policies(UserName="ci-deploy")["PolicyNames"] == ["ci-pass-role"]
    assert len(iam.list_access_keys(UserName="ci-deploy")["AccessKeyMetadata"]) == 1
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_login_profile(UserName="ci-deploy")


def test_admins_group_grants_everything(aws: Clients) -> None:
    iam = aws("iam")
    (attached,) = iam.list_attached_group_policies(GroupName="admins")["AttachedPolicies"]
    policy = iam.get_policy(PolicyArn=attached["PolicyArn"])["Policy"]
    version = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])[
        "PolicyVersion"
    ]
    document = version["Document"]
    if isinstance(document, str):
        document = json.loads(document)
    assert {"Effect": "Allow", "Action": "*", "Resource": "*"} in document["Statement"]


def test_roles_trust_the_expected_principals(aws: Clients) -> None:
    iam = aws("iam")
    auditor = iam.get_role(RoleName="cross-account-auditor")["Role"]["AssumeRolePolicyDocument"]
    (statement,) = auditor["Statement"]
    assert statement["Principal"] == {"AWS": "arn:aws:iam::210987654321:root"}
    assert statement["Condition"]["StringEquals"]["sts:ExternalId"]
    profile = iam.get_instance_profile(InstanceProfileName="app-instance-profile")
    assert [r["RoleName"] for r in profile["InstanceProfile"]["Roles"]] == ["app-instance-role"]


# --- KMS and S3 ----------------------------------------------------------------------------


def test_only_the_legacy_key_skips_rotation(aws: Clients) -> None:
    for region, alias, rotating in (
        ("us-east-1", "alias/northwind-data", True),
        ("us-east-1", "alias/northwind-legacy", False),
        ("eu-west-1", "alias/northwind-eu-data", True),
    ):
        kms = aws("kms", region)
        key = kms.describe_key(KeyId=alias)["KeyMetadata"]
        assert key["KeyManager"] == "CUSTOMER"
        assert kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"] is rotating


def test_public_assets_bucket_is_world_readable_and_unprotected(aws: Clients) -> None:
    s3 = aws("s3")
    grants = s3.get_bucket_acl(Bucket="northwind-public-assets")["Grants"]
    assert {"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"} in grants
    with pytest.raises(s3.exceptions.ClientError, match="NoSuchPublicAccessBlockConfiguration"):
        s3.get_public_access_block(Bucket="northwind-public-assets")
    assert "Status" not in s3.get_bucket_versioning(Bucket="northwind-public-assets")


def test_account_block_public_access_is_not_configured(aws: Clients) -> None:
    s3control = aws("s3control")

    def strip_account_prefix(request: Any, **_: Any) -> None:
        # s3control puts the account id in the host name, which does not resolve on loopback.
        request.url = request.url.replace(f"://{ACCOUNT_ID}.", "://", 1)

    s3control.meta.events.register("before-send.s3-control.*", strip_account_prefix)
    with pytest.raises(s3control.exceptions.NoSuchPublicAccessBlockConfiguration):
        s3control.get_public_access_block(AccountId=ACCOUNT_ID)


def test_customer_data_bucket_is_hardened(aws: Clients) -> None:
    s3, bucket = aws("s3"), "northwind-customer-data"
    (rule,) = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    data_key = aws("kms").describe_key(KeyId="alias/northwind-data")["KeyMetadata"]["Arn"]
    assert rule["ApplyServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "aws:kms",
        "KMSMasterKeyID": data_key,
    }
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values())
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    logging = s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"]
    assert logging["TargetBucket"] == "northwind-access-logs"
    ownership = s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]
    assert ownership["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    (deny,) = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"]
    assert deny["Effect"] == "Deny"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_eu_backups_bucket_lives_in_eu_west_1(aws: Clients) -> None:
    s3 = aws("s3", "eu-west-1")
    bucket = "northwind-eu-backups"
    assert s3.get_bucket_location(Bucket=bucket)["LocationConstraint"] == "eu-west-1"
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"


# --- Network -------------------------------------------------------------------------------


def test_security_groups_open_what_their_names_say(aws: Clients) -> None:
    groups = {g["GroupName"]: g for g in aws("ec2").describe_security_groups()["SecurityGroups"]}
    (ssh,) = groups["bastion-sg"]["IpPermissions"]
    assert (ssh["FromPort"], ssh["IpRanges"][0]["CidrIp"]) == (22, "0.0.0.0/0")
    (rdp,) = groups["legacy-admin-sg"]["IpPermissions"]
    assert (rdp["FromPort"], rdp["Ipv6Ranges"][0]["CidrIpv6"]) == (3389, "::/0")
    (db,) = groups["db-sg"]["IpPermissions"]
    assert db["FromPort"] == 5432
    assert db["IpRanges"] == []
    assert db["UserIdGroupPairs"][0]["GroupId"] == groups["app-sg"]["GroupId"]


def test_default_security_groups_allow_traffic_from_themselves(aws: Clients) -> None:
    for region in ("us-east-1", "eu-west-1"):
        found = aws("ec2", region).describe_security_groups(
            Filters=[{"Name": "group-name", "Values": ["default"]}]
        )["SecurityGroups"]
        assert found
        for group in found:
            (rule,) = group["IpPermissions"]
            assert rule["IpProtocol"] == "-1"
            assert rule["UserIdGroupPairs"][0]["GroupId"] == group["GroupId"]


def test_only_the_main_vpc_has_a_flow_log(aws: Clients) -> None:
    ec2 = aws("ec2")
    main = _named(ec2.describe_vpcs()["Vpcs"], "northwind-main")
    (flow_log,) = ec2.describe_flow_logs()["FlowLogs"]
    assert flow_log["ResourceId"] == main["VpcId"]
    assert flow_log["LogDestination"] == "arn:aws:s3:::northwind-access-logs"
    eu = aws("ec2", "eu-west-1")
    _named(eu.describe_vpcs()["Vpcs"], "northwind-eu")
    assert eu.describe_flow_logs()["FlowLogs"] == []


def test_private_subnets_route_out_through_the_nat(aws: Clients) -> None:
    ec2 = aws("ec2")
    subnets = ec2.describe_subnets()["Subnets"]
    assert _named(subnets, "public-a")["MapPublicIpOnLaunch"] is True
    private = _named(subnets, "private-a")
    assert private["MapPublicIpOnLaunch"] is False
    (table,) = ec2.describe_route_tables(
        Filters=[{"Name": "association.subnet-id", "Values": [private["SubnetId"]]}]
    )["RouteTables"]
    default = [r for r in table["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
    assert default[0]["NatGatewayId"].startswith("nat-")


# --- EC2 and EBS ---------------------------------------------------------------------------


def test_instances_metadata_options_and_profiles(aws: Clients) -> None:
    instances = _instances(aws("ec2"))
    assert instances["web-legacy"]["MetadataOptions"]["HttpTokens"] == "optional"
    assert instances["app-1"]["MetadataOptions"]["HttpTokens"] == "required"
    assert instances["bastion"]["MetadataOptions"]["HttpTokens"] == "required"
    assert instances["app-1"]["IamInstanceProfile"]["Arn"].endswith("/app-instance-profile")
    assert "PublicIpAddress" not in instances["app-1"]
    addresses = aws("ec2").describe_addresses()["Addresses"]
    assert _named(addresses, "web-eip")["InstanceId"] == instances["web-legacy"]["InstanceId"]


def test_launch_templates_metadata_options(aws: Clients) -> None:
    ec2 = aws("ec2")
    for name, tokens in (("web-lt", "optional"), ("app-lt", "required")):
        (version,) = ec2.describe_launch_template_versions(LaunchTemplateName=name)[
            "LaunchTemplateVersions"
        ]
        assert version["LaunchTemplateData"]["MetadataOptions"]["HttpTokens"] == tokens


def test_ebs_default_encryption_only_in_eu_west_1(aws: Clients) -> None:
    assert aws("ec2").get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is False
    eu = aws("ec2", "eu-west-1")
    assert eu.get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is True


def test_volumes_and_the_public_snapshot(aws: Clients) -> None:
    ec2 = aws("ec2")
    volumes = ec2.describe_volumes()["Volumes"]
    assert _named(volumes, "scratch-unencrypted")["Encrypted"] is False
    assert _named(volumes, "reports-encrypted")["Encrypted"] is True
    snapshot = _named(
        ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"], "scratch-unencrypted-snapshot"
    )
    permissions = ec2.describe_snapshot_attribute(
        SnapshotId=snapshot["SnapshotId"], Attribute="createVolumePermission"
    )["CreateVolumePermissions"]
    assert {"Group": "all"} in permissions


# --- RDS, Lambda, CloudTrail ---------------------------------------------------------------


def test_databases(aws: Clients) -> None:
    rds = aws("rds")
    dbs = {d["DBInstanceIdentifier"]: d for d in rds.describe_db_instances()["DBInstances"]}
    legacy, orders = dbs["legacy-reporting-db"], dbs["orders-db"]
    assert (legacy["StorageEncrypted"], legacy["PubliclyAccessible"]) == (False, True)
    assert legacy["BackupRetentionPeriod"] == 1
    assert (orders["StorageEncrypted"], orders["PubliclyAccessible"]) == (True, False)
    assert orders["DeletionProtection"] is True
    assert orders["BackupRetentionPeriod"] == 7


def test_legacy_db_snapshot_is_restorable_by_anyone(aws: Clients) -> None:
    result = aws("rds").describe_db_snapshot_attributes(
        DBSnapshotIdentifier="legacy-reporting-db-manual"
    )["DBSnapshotAttributesResult"]
    restore = [a for a in result["DBSnapshotAttributes"] if a["AttributeName"] == "restore"]
    assert restore[0]["AttributeValues"] == ["all"]


def test_lambda_functions(aws: Clients) -> None:
    lam = aws("lambda")
    runtimes = {f["FunctionName"]: f["Runtime"] for f in lam.list_functions()["Functions"]}
    assert runtimes == {"thumbnailer": "python3.12", "legacy-report-export": "python3.7"}
    eu = aws("lambda", "eu-west-1").list_functions()["Functions"]
    assert [(f["FunctionName"], f["Runtime"]) for f in eu] == [("eu-gdpr-export", "nodejs24.x")]
    url = lam.get_function_url_config(FunctionName="legacy-report-export")
    assert url["AuthType"] == "NONE"
    config = lam.get_function_configuration(FunctionName="legacy-report-export")
    # Compare out of the assert, so a failure cannot print the planted secret.
    planted = config["Environment"]["Variables"].get("DB_PASSWORD") == FAKE_DB_PASSWORD
    assert planted, "DB_PASSWORD is not the planted value"
    (statement,) = json.loads(lam.get_policy(FunctionName="legacy-report-export")["Policy"])[
        "Statement"
    ]
    assert statement["Principal"] == "*"


def test_trail_is_single_region_without_validation_and_logging(aws: Clients) -> None:
    cloudtrail = aws("cloudtrail")
    (trail,) = cloudtrail.describe_trails()["trailList"]
    assert trail["Name"] == "northwind-trail"
    assert trail["IsMultiRegionTrail"] is False
    assert trail["LogFileValidationEnabled"] is False
    assert trail["S3BucketName"] == "northwind-access-logs"
    assert cloudtrail.get_trail_status(Name="northwind-trail")["IsLogging"] is True
