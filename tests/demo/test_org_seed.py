"""The simulated organisation (``incloud.demo.org``): seed six accounts on one moto server, then
read every designed fact back with plain boto3, through the management account and each member
account's role, as the collector will.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from incloud.demo.org import DEFAULT_REGIONS, MemberAccount, OrgSeed, Subject, org_demo
from incloud.demo.org.controls import ESCALATION_ACTIONS
from incloud.demo.org.plan import OUS, placements, plan_accounts, role_missing_positions
from incloud.errors import InputError

ACCOUNTS = 6
NAMES = ("prod-01", "payments-01", "dev-01", "sandbox-01", "security-01", "staging-01")
Client = Callable[..., Any]


@pytest.fixture(scope="module")
def org() -> Iterator[tuple[str, OrgSeed]]:
    with org_demo(accounts=ACCOUNTS) as demo:
        yield demo


@pytest.fixture(scope="module")
def seed(org: tuple[str, OrgSeed]) -> OrgSeed:
    return org[1]


@pytest.fixture(scope="module")
def session() -> Any:
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")


@pytest.fixture(scope="module")
def management(org: tuple[str, OrgSeed], session: Any) -> Client:
    def client(service: str, region: str = "us-east-1") -> Any:
        return session.client(service, region_name=region, endpoint_url=org[0])

    return client


@pytest.fixture(scope="module")
def member(org: tuple[str, OrgSeed], session: Any, management: Client) -> Callable[..., Client]:
    """``member(account)`` -> that account's client factory, through its role."""

    def enter(account: MemberAccount) -> Client:
        arn = f"arn:aws:iam::{account.account_id}:role/{org[1].role_name}"
        issued = management("sts").assume_role(RoleArn=arn, RoleSessionName="test")
        credentials = issued["Credentials"]

        def client(service: str, region: str = "us-east-1") -> Any:
            return session.client(
                service,
                region_name=region,
                endpoint_url=org[0],
                aws_access_key_id=credentials["AccessKeyId"],
                aws_secret_access_key=credentials["SecretAccessKey"],
                aws_session_token=credentials["SessionToken"],
            )

        return client

    return enter


# --- the organisation ----------------------------------------------------------------------


def test_organisation_managed_by_moto_default_account(seed: OrgSeed, management: Client) -> None:
    described = management("organizations").describe_organization()["Organization"]
    assert described["Id"] == seed.organization_id
    assert described["FeatureSet"] == "ALL"
    assert described["MasterAccountId"] == seed.management_account_id == "123456789012"
    accounts = management("organizations").list_accounts()["Accounts"]
    assert {a["Id"] for a in accounts} == {
        seed.management_account_id,
        *(a.account_id for a in seed.accounts),
    }
    assert [a.name for a in seed.accounts] == list(NAMES)
    assert seed.management_account_id not in {a.account_id for a in seed.accounts}


def test_both_policy_types_enabled_on_root(seed: OrgSeed, management: Client) -> None:
    (root,) = management("organizations").list_roots()["Roots"]
    assert root["Id"] == seed.root_id
    enabled = {t["Type"] for t in root["PolicyTypes"] if t["Status"] == "ENABLED"}
    assert enabled == {"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"}


def test_ous_with_nested_payments(seed: OrgSeed, management: Client) -> None:
    org = management("organizations")

    def children(parent: str) -> dict[str, str]:
        found = org.list_organizational_units_for_parent(ParentId=parent)
        return {ou["Name"]: ou["Id"] for ou in found["OrganizationalUnits"]}

    top = children(seed.root_id)
    assert set(top) == {"Production", "Staging", "Development", "Sandbox", "Security"}
    assert children(top["Production"]) == {"Payments": seed.ou_ids["Production/Payments"]}
    for name, ou_id in top.items():
        assert seed.ou_ids[name] == ou_id
    assert children(seed.ou_ids["Production/Payments"]) == {}


def test_accounts_in_their_ous(seed: OrgSeed, management: Client) -> None:
    org = management("organizations")
    for path, ou_id in seed.ou_ids.items():
        listed = org.list_accounts_for_parent(ParentId=ou_id)["Accounts"]
        expected = {a.account_id for a in seed.accounts if a.ou == path}
        assert {a["Id"] for a in listed} == expected, path
    placed = {a.name: a.ou for a in seed.accounts}
    assert placed == {
        "prod-01": "Production",
        "payments-01": "Production/Payments",
        "dev-01": "Development",
        "sandbox-01": "Sandbox",
        "security-01": "Security",
        "staging-01": "Staging",
    }
    at_root = org.list_accounts_for_parent(ParentId=seed.root_id)["Accounts"]
    assert [a["Id"] for a in at_root] == [seed.management_account_id]


def test_account_tags(seed: OrgSeed, management: Client) -> None:
    org = management("organizations")
    for account in seed.accounts:
        tags = org.list_tags_for_resource(ResourceId=account.account_id)["Tags"]
        assert {t["Key"]: t["Value"] for t in tags} == dict(account.tags), account.name
        described = org.describe_account(AccountId=account.account_id)["Account"]
        assert (described["Name"], described["Email"]) == (account.name, account.email)
    assert dict(seed.account("payments-01").tags) == {
        "env": "prod",
        "team": "payments",
        "compliance": "pci-dss",
    }
    assert seed.account("dev-01").tags["env"] == "dev"
    assert {a.name for a in seed.accounts if a.tags["env"] == "prod"} == {
        "prod-01",
        "payments-01",
        "security-01",
    }


# --- the controls --------------------------------------------------------------------------


def _attached(org: Any, target: str, policy_type: str) -> set[str]:
    found = org.list_policies_for_target(TargetId=target, Filter=policy_type)["Policies"]
    return {p["Name"] for p in found}


def test_scp_on_production_only(seed: OrgSeed, management: Client) -> None:
    org = management("organizations")
    scp = seed.scp
    assert scp.policy_type == "SERVICE_CONTROL_POLICY"
    assert scp.target_ous == ("Production",)
    assert scp.target_ids == (seed.ou_ids["Production"],)
    targets = org.list_targets_for_policy(PolicyId=scp.policy_id)["Targets"]
    assert [t["TargetId"] for t in targets] == [seed.ou_ids["Production"]]
    described = org.describe_policy(PolicyId=scp.policy_id)["Policy"]
    assert described["Content"] == scp.content
    assert described["PolicySummary"]["Name"] == "DenyPrivilegeEscalation"
    (statement,) = json.loads(described["Content"])["Statement"]
    assert statement["Effect"] == "Deny"
    assert statement["Resource"] == "*"
    assert set(statement["Action"]) == set(ESCALATION_ACTIONS)
    assert "iam:CreatePolicyVersion" in statement["Action"]
    production = _attached(org, seed.ou_ids["Production"], "SERVICE_CONTROL_POLICY")
    assert production == {"FullAWSAccess", "DenyPrivilegeEscalation"}
    for path in ("Production/Payments", "Development", "Sandbox"):
        assert _attached(org, seed.ou_ids[path], "SERVICE_CONTROL_POLICY") == {"FullAWSAccess"}


def test_rcp_on_payments_only(seed: OrgSeed, management: Client) -> None:
    org = management("organizations")
    rcp = seed.rcp
    assert rcp.policy_type == "RESOURCE_CONTROL_POLICY"
    assert rcp.target_ids == (seed.ou_ids["Production/Payments"],)
    targets = org.list_targets_for_policy(PolicyId=rcp.policy_id)["Targets"]
    assert [t["TargetId"] for t in targets] == [seed.ou_ids["Production/Payments"]]
    described = org.describe_policy(PolicyId=rcp.policy_id)["Policy"]
    assert described["Content"] == rcp.content
    (statement,) = rcp.document["Statement"]
    assert statement == {
        "Sid": "EnforceOrgIdentities",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": "*",
        "Condition": {
            "StringNotEqualsIfExists": {"aws:PrincipalOrgID": seed.organization_id},
            "BoolIfExists": {"aws:PrincipalIsAWSService": "false"},
        },
    }
    payments = _attached(org, seed.ou_ids["Production/Payments"], "RESOURCE_CONTROL_POLICY")
    assert payments == {"RCPFullAWSAccess", "EnforceOrgIdentitiesOnS3"}
    for path in ("Production", "Sandbox"):
        assert _attached(org, seed.ou_ids[path], "RESOURCE_CONTROL_POLICY") == {"RCPFullAWSAccess"}


def test_designed_subjects(seed: OrgSeed) -> None:
    def user(name: str) -> str:
        return f"arn:aws:iam::{seed.account(name).account_id}:user/ci-runner"

    assert seed.scp.check_id == "iam.privilege-escalation"

    def bucket(name: str) -> str:
        return f"arn:aws:s3:::northwind-{name}-shared-reports"

    def arns(subjects: tuple[Subject, ...]) -> list[str]:
        return [s.arn for s in subjects]

    assert arns(seed.scp.protected) == [user("prod-01"), user("payments-01")]
    assert arns(seed.scp.unprotected) == [user("dev-01")]
    assert seed.rcp.check_id == "s3.bucket-policy-not-public"
    assert arns(seed.rcp.protected) == [bucket("payments-01")]
    assert arns(seed.rcp.unprotected) == [bucket("prod-01"), bucket("sandbox-01")]
    for control in (seed.scp, seed.rcp):
        for subject in (*control.protected, *control.unprotected):
            owner = next(a for a in seed.accounts if a.account_id == subject.account_id)
            assert owner.name in subject.arn or owner.account_id in subject.arn


# --- the member accounts -------------------------------------------------------------------


def test_role_missing_only_where_planned(
    seed: OrgSeed, member: Callable[[MemberAccount], Client]
) -> None:
    assert seed.role_missing == (seed.account("security-01").account_id,)
    for account in seed.accounts:
        iam = member(account)("iam")
        identity = member(account)("sts").get_caller_identity()
        assert identity["Account"] == account.account_id
        if account.role_missing:
            with pytest.raises(ClientError) as caught:
                iam.get_role(RoleName=seed.role_name)
            assert caught.value.response["Error"]["Code"] == "NoSuchEntity"
        else:
            role = iam.get_role(RoleName=seed.role_name)["Role"]
            assert role["Arn"] == f"arn:aws:iam::{account.account_id}:role/{seed.role_name}"


def test_workload_in_every_region(seed: OrgSeed, member: Callable[[MemberAccount], Client]) -> None:
    assert seed.regions == DEFAULT_REGIONS
    for account in seed.accounts:
        client = member(account)
        for region in seed.regions:
            groups = client("ec2", region).describe_security_groups(
                Filters=[{"Name": "group-name", "Values": ["app-sg"]}]
            )["SecurityGroups"]
            assert [g["OwnerId"] for g in groups] == [account.account_id], (account.name, region)
            url = client("sqs", region).get_queue_url(QueueName=f"{account.name}-events")
            assert account.account_id in url["QueueUrl"]
        buckets = {b["Name"] for b in client("s3").list_buckets()["Buckets"]}
        assert f"northwind-{account.name}-data" in buckets
        location = client("s3").get_bucket_location(Bucket=f"northwind-{account.name}-data")
        assert (location["LocationConstraint"] or "us-east-1") == account.home_region
        assert client("iam").get_role(RoleName="app-runtime")["Role"]["RoleName"]


def test_misconfigurations_exist(seed: OrgSeed, member: Callable[[MemberAccount], Client]) -> None:
    kinds: Counter[str] = Counter()
    for account in seed.accounts:
        client = member(account)
        for item in account.misconfigurations:
            kinds[item.check_id] += 1
            assert f":{account.account_id}:" in item.resource_arn
            _assert_misconfigured(client, item.check_id, item.resource_arn)
    assert set(kinds) == {
        "ec2.security-group-admin-ports",
        "sqs.queue-encrypted",
        "sqs.queue-policy-not-public",
        "iam.policy-no-star-star",
    }
    assert seed.account("prod-01").misconfigurations == ()


def _assert_misconfigured(client: Client, check_id: str, arn: str) -> None:
    parts = arn.split(":")
    region, resource = parts[3], parts[5]
    if check_id == "ec2.security-group-admin-ports":
        group_id = resource.split("/", 1)[1]
        (group,) = client("ec2", region).describe_security_groups(GroupIds=[group_id])[
            "SecurityGroups"
        ]
        assert group["GroupName"] == "bastion-sg"
        (rule,) = group["IpPermissions"]
        assert (rule["FromPort"], rule["IpRanges"]) == (22, [{"CidrIp": "0.0.0.0/0"}])
    elif check_id.startswith("sqs."):
        sqs = client("sqs", region)
        url = sqs.get_queue_url(QueueName=resource)["QueueUrl"]
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        if check_id == "sqs.queue-encrypted":
            assert attributes["SqsManagedSseEnabled"] == "false"
        else:
            (statement,) = json.loads(attributes["Policy"])["Statement"]
            assert statement["Principal"] == "*"
    else:
        assert check_id == "iam.policy-no-star-star"
        policy = client("iam").get_policy(PolicyArn=arn)["Policy"]
        version = client("iam").get_policy_version(
            PolicyArn=arn, VersionId=policy["DefaultVersionId"]
        )["PolicyVersion"]
        document = version["Document"]
        if isinstance(document, str):
            document = json.loads(document)
        assert document["Statement"] == [{"Effect": "Allow", "Action": "*", "Resource": "*"}]


def test_escalation_user_where_described(
    seed: OrgSeed, member: Callable[[MemberAccount], Client]
) -> None:
    holders = {s.account_id for s in (*seed.scp.protected, *seed.scp.unprotected)}
    for account in seed.accounts:
        iam = member(account)("iam")
        if account.account_id not in holders:
            with pytest.raises(ClientError):
                iam.get_user(UserName="ci-runner")
            continue
        iam.get_user(UserName="ci-runner")
        (attached,) = iam.list_attached_user_policies(UserName="ci-runner")["AttachedPolicies"]
        arn = f"arn:aws:iam::{account.account_id}:policy/ci-runner-deploy"
        assert attached["PolicyArn"] == arn
        version = iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]
        document = version["Document"]
        if isinstance(document, str):
            document = json.loads(document)
        rewrites = [s for s in document["Statement"] if s["Resource"] == arn]
        assert rewrites
        assert "iam:CreatePolicyVersion" in rewrites[0]["Action"]


def test_public_buckets_where_described(
    seed: OrgSeed, member: Callable[[MemberAccount], Client]
) -> None:
    subjects = (*seed.rcp.protected, *seed.rcp.unprotected)
    expected = {(s.account_id, s.arn.removeprefix("arn:aws:s3:::")) for s in subjects}
    for account in seed.accounts:
        s3 = member(account)("s3")
        bucket = f"northwind-{account.name}-shared-reports"
        owned = {b["Name"] for b in s3.list_buckets()["Buckets"]}
        assert (bucket in owned) == ((account.account_id, bucket) in expected), account.name
        if bucket not in owned:
            continue
        (statement,) = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"]
        assert (statement["Effect"], statement["Principal"]) == ("Allow", "*")
        assert statement["Action"] == "s3:GetObject"
        with pytest.raises(ClientError):
            s3.get_public_access_block(Bucket=bucket)


DESIGNED_CHECKS = (
    "iam.privilege-escalation",
    "s3.bucket-policy-not-public",
    "ec2.security-group-admin-ports",
    "sqs.queue-encrypted",
    "sqs.queue-policy-not-public",
    "iam.policy-no-star-star",
)


def test_collector_sees_the_designed_failures(org: tuple[str, OrgSeed]) -> None:
    """Through the live collection path (each member's role), every deliberate defect and
    every subject outside its control's reach fails its check, and nothing else fails those
    checks. The protected subjects are left to the evaluation of organisation controls.
    """
    from incloud.collect.runner import collect
    from incloud.collect.session import SessionOptions, open_session
    from incloud.evaluate import Verdict, all_checks, evaluate

    endpoint_url, seed = org
    checks = [all_checks()[c] for c in DESIGNED_CHECKS]
    protected = {s.arn for s in (*seed.scp.protected, *seed.rcp.protected)}
    for account in seed.accounts:
        if account.role_missing:
            continue
        role = f"arn:aws:iam::{account.account_id}:role/{seed.role_name}"
        options = SessionOptions(endpoint_url=endpoint_url, regions=seed.regions, role_arn=role)
        snapshot = collect(open_session(options), services=("iam", "s3", "s3control", "ec2", "sqs"))
        findings = evaluate(snapshot, checks).findings
        failed = {
            (f.check_id, f.resource)
            for f in findings
            if f.verdict is Verdict.FAIL and f.resource not in protected
        }
        designed = {(m.check_id, m.resource_arn) for m in account.misconfigurations}
        for control in (seed.scp, seed.rcp):
            designed |= {
                (control.check_id, s.arn)
                for s in control.unprotected
                if s.account_id == account.account_id
            }
        assert failed == designed, account.name
        judged = {(f.check_id, f.resource) for f in findings}
        for control in (seed.scp, seed.rcp):
            for s in control.protected:
                if s.account_id == account.account_id:
                    assert (control.check_id, s.arn) in judged, account.name


def test_seeding_reports_its_cost(seed: OrgSeed) -> None:
    assert 10 * ACCOUNTS < seed.calls < 25 * ACCOUNTS
    assert seed.seconds > 0


# --- the plan (pure) -----------------------------------------------------------------------


def test_fifty_accounts_fill_the_ous_by_weight() -> None:
    counts = Counter(placements(50))
    assert counts == {ou.path: ou.weight for ou in OUS}
    plans = plan_accounts(50, DEFAULT_REGIONS)
    assert len({p.name for p in plans}) == 50
    assert [p.name for p in plans if p.role_missing] == ["security-01", "dev-06", "payments-06"]


def test_small_organisations_are_prefixes() -> None:
    large = plan_accounts(50, DEFAULT_REGIONS)
    for count in (1, 3, 5, 10):
        small = plan_accounts(count, DEFAULT_REGIONS)
        assert [p.name for p in small] == [p.name for p in large[:count]]
        assert [p.tags for p in small] == [p.tags for p in large[:count]]


@pytest.mark.parametrize(
    ("count", "missing"),
    [
        (1, set()),
        (2, set()),
        (3, {2}),
        (4, {3}),
        (5, {4}),
        (10, {4}),
        (25, {4, 24}),
        (50, {4, 24, 44}),
    ],
)
def test_role_missing_positions(count: int, missing: set[int]) -> None:
    assert role_missing_positions(count) == missing


@pytest.mark.parametrize("count", [5, 6, 10, 50])
def test_every_designed_difference_from_five_accounts(count: int) -> None:
    plans = plan_accounts(count, DEFAULT_REGIONS)
    users = {p.ou for p in plans if p.escalation_user}
    buckets = {p.ou for p in plans if p.public_bucket}
    assert users == {"Production", "Production/Payments", "Development"}
    assert buckets == {"Production", "Production/Payments", "Sandbox"}
    assert not any(p.role_missing and (p.escalation_user or p.public_bucket) for p in plans)
    assert sum(p.role_missing for p in plans) >= 1


def test_invalid_sizes_refused() -> None:
    with pytest.raises(InputError):
        plan_accounts(0, DEFAULT_REGIONS)
    with pytest.raises(InputError):
        plan_accounts(5, ())
