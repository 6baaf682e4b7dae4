"""Each collector against a moto account seeded with plain boto3: the models it builds."""

from __future__ import annotations

import re
from typing import TypeVar

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.snapshot import GLOBAL, Resource, Snapshot
from incloud.snapshot.awslambda import LambdaFunction
from incloud.snapshot.cloudtrail import Trail
from incloud.snapshot.ec2 import (
    Ami,
    EbsSnapshot,
    Ec2Instance,
    Ec2Region,
    IpPermission,
    LaunchTemplate,
    SecurityGroup,
)
from incloud.snapshot.iam import IamAccount, IamGroup, IamPolicy, IamRole, IamUser
from incloud.snapshot.kms import KmsKey
from incloud.snapshot.rds import DbCluster, DbInstance, DbSnapshot
from incloud.snapshot.s3 import EncryptionRule, Grant, PublicAccessBlock, S3Account, S3Bucket
from tests.collect.moto_account import (
    ACCOUNT,
    DENY_ALL,
    PUBLIC_READ_POLICY,
    READ_ONLY_S3,
    SECRET_VALUE,
    raw_client,
    seed_cloudtrail,
    seed_ec2,
    seed_everything,
    seed_iam,
    seed_kms,
    seed_lambda,
    seed_rds,
    seed_s3,
    trust_policy,
)
from tests.collect.test_detection import DETECTION_ARN_SHAPES
from tests.collect.test_front_doors import ARN_SHAPES as FRONT_DOOR_ARN_SHAPES
from tests.collect.test_migration_firewall_collect import MIGRATION_FIREWALL_ARN_SHAPES
from tests.collect.test_service_breadth import SERVICE_ARN_SHAPES
from tests.collect.test_stores import STORE_ARN_SHAPES

R = TypeVar("R", bound=Resource)

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def named(snapshot: Snapshot, kind: type[R]) -> dict[str, R]:
    """Resources of one model keyed by name (names are unique within each test account)."""
    found = list(snapshot.of_type(kind))
    by_name = {r.name: r for r in found}
    assert len(by_name) == len(found), f"duplicate {kind.__name__} names"
    return by_name


def by_id(snapshot: Snapshot, kind: type[R], attribute: str) -> dict[str, R]:
    """Resources of one model keyed by an id attribute (``instance_id``, ``group_id``...)."""
    return {getattr(r, attribute): r for r in snapshot.of_type(kind)}


def gap_actions(snapshot: Snapshot) -> set[str]:
    """Every ``service:Operation`` that failed."""
    return {gap.action for gap in snapshot.gaps}


# --- IAM ---------------------------------------------------------------------------------


def test_iam_users_groups_roles_policies_and_account(session: AwsSession) -> None:
    seeded = seed_iam()

    snapshot = collect(session, services=["iam"])

    assert snapshot.gaps == ()
    users = named(snapshot, IamUser)
    assert set(users) == {"alice", "bob"}
    alice, bob = users["alice"], users["bob"]
    assert alice.groups == ("admins",)
    assert alice.attached_policy_arns == (seeded["policy_arn"],)
    assert alice.inline_policies == {"deny": DENY_ALL}
    assert isinstance(alice.inline_policies["deny"], dict)
    # Credential-report fields.
    assert alice.password_enabled is True
    assert alice.mfa_active is True
    assert [(k.number, k.active) for k in alice.access_keys] == [(1, True)]
    assert alice.access_keys[0].last_rotated is not None
    assert alice.access_keys[0].last_used is None
    assert bob.path == "/ops/"
    assert bob.arn == f"arn:aws:iam::{ACCOUNT}:user/ops/bob"
    assert (bob.password_enabled, bob.mfa_active, bob.access_keys) == (False, False, ())
    assert bob.groups == () and bob.inline_policies == {}

    group = named(snapshot, IamGroup)["admins"]
    assert group.attached_policy_arns == (seeded["policy_arn"],)
    assert group.inline_policies == {"deny-all": DENY_ALL}

    role = named(snapshot, IamRole)["ec2-app"]
    assert role.path == "/app/"
    assert role.trust_policy == trust_policy("ec2.amazonaws.com")
    assert role.inline_policies == {"read": READ_ONLY_S3}
    assert role.attached_policy_arns == (seeded["policy_arn"],)
    assert role.instance_profile_arns == (
        f"arn:aws:iam::{ACCOUNT}:instance-profile/ec2-app-profile",
    )
    assert not role.is_service_linked

    policy = named(snapshot, IamPolicy)["read-s3"]
    assert policy.arn == seeded["policy_arn"]
    assert policy.document == READ_ONLY_S3
    assert not policy.aws_managed
    assert policy.attachment_count == 3  # alice, admins, ec2-app

    (account,) = snapshot.of_type(IamAccount)
    assert account.arn == f"arn:aws:iam::{ACCOUNT}:root"
    assert account.region == GLOBAL
    pp = account.password_policy
    assert pp is not None
    assert (pp.minimum_length, pp.max_age_days, pp.reuse_prevention) == (14, 90, 24)
    assert (pp.require_symbols, pp.require_numbers, pp.require_uppercase) == (True, True, True)
    assert pp.require_lowercase is False
    assert account.summary["Users"] == 2
    assert account.summary["MFADevicesInUse"] == 1
    # moto's credential report has no <root_account> row, so the root user is unknown.
    assert account.root is None


def test_iam_without_password_policy_is_none_not_a_gap(session: AwsSession) -> None:
    raw_client("iam").create_user(UserName="carol")

    snapshot = collect(session, services=["iam"])

    (account,) = snapshot.of_type(IamAccount)
    assert account.password_policy is None
    assert "iam:GetAccountPasswordPolicy" not in gap_actions(snapshot)
    assert named(snapshot, IamUser)["carol"].password_enabled is False


# --- S3 ----------------------------------------------------------------------------------


def test_s3_bucket_configuration(session: AwsSession) -> None:
    seeded = seed_s3()

    snapshot = collect(session, services=["s3"])

    assert snapshot.gaps == ()
    buckets = named(snapshot, S3Bucket)
    assert set(buckets) == {"access-logs", "bare-bucket", "public-data", "eu-archive"}
    data = buckets["public-data"]
    assert data.arn == "arn:aws:s3:::public-data"
    assert data.region == "us-east-1"
    assert data.policy == PUBLIC_READ_POLICY
    assert Grant(grantee_type="Group", grantee=ALL_USERS, permission="READ") in data.acl_grants
    assert data.public_access_block == PublicAccessBlock(
        block_public_acls=True,
        ignore_public_acls=False,
        block_public_policy=True,
        restrict_public_buckets=False,
    )
    assert data.encryption == (
        EncryptionRule(algorithm="aws:kms", kms_key_id=seeded["key_arn"], bucket_key_enabled=True),
    )
    assert data.versioning == "Enabled"
    assert data.mfa_delete is False
    assert data.logging_target == "access-logs"
    assert data.ownership == "BucketOwnerEnforced"
    assert data.created is not None

    # "No such configuration" answers are None, never gaps.
    bare = buckets["bare-bucket"]
    assert (bare.policy, bare.public_access_block, bare.encryption) == (None, None, None)
    assert (bare.logging_target, bare.ownership, bare.versioning) == (None, None, "Disabled")
    assert all(g.grantee_type == "CanonicalUser" for g in bare.acl_grants)

    eu = buckets["eu-archive"]
    assert eu.region == "eu-west-1"
    assert eu.arn == "arn:aws:s3:::eu-archive"


def test_s3_account_block_public_access(session: AwsSession) -> None:
    seed_s3()

    snapshot = collect(session, services=["s3"])

    (account,) = snapshot.of_type(S3Account)
    assert account.region == GLOBAL
    assert account.name == ACCOUNT
    assert account.public_access_block == PublicAccessBlock(
        block_public_acls=True,
        ignore_public_acls=True,
        block_public_policy=True,
        restrict_public_buckets=False,
    )


def test_s3_account_without_block_public_access(session: AwsSession) -> None:
    raw_client("s3").create_bucket(Bucket="lonely")

    snapshot = collect(session, services=["s3"])

    (account,) = snapshot.of_type(S3Account)
    assert account.public_access_block is None
    assert snapshot.gaps == ()


# --- EC2 ---------------------------------------------------------------------------------


def test_ec2_instances_and_metadata_options(session: AwsSession) -> None:
    seeded = seed_ec2()

    snapshot = collect(session, services=["ec2"])

    instances = by_id(snapshot, Ec2Instance, "instance_id")
    web = instances[seeded["instance_id"]]
    assert web.name == "web"
    assert web.tags == {"Name": "web"}
    assert web.metadata.http_tokens == "required"
    assert web.metadata.hop_limit == 2
    assert web.metadata.imdsv2_required
    assert web.arn == f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/{seeded['instance_id']}"
    assert web.state == "running"
    assert len(web.network_interface_ids) == 1
    legacy = instances[seeded["legacy_instance_id"]]
    assert legacy.metadata.http_tokens == "optional"
    assert not legacy.metadata.imdsv2_required
    assert legacy.name == seeded["legacy_instance_id"]  # no Name tag


def test_ec2_terminated_instances_are_not_collected(session: AwsSession) -> None:
    seeded = seed_ec2()
    raw_client("ec2").terminate_instances(InstanceIds=[seeded["legacy_instance_id"]])

    snapshot = collect(session, services=["ec2"])

    assert set(by_id(snapshot, Ec2Instance, "instance_id")) == {seeded["instance_id"]}


def test_ec2_security_group_rules_are_flattened(session: AwsSession) -> None:
    seeded = seed_ec2()

    snapshot = collect(session, services=["ec2"])

    groups = by_id(snapshot, SecurityGroup, "group_id")
    web = groups[seeded["web_group"]]
    assert web.name == "web" and web.description == "web tier"
    ssh = {"protocol": "tcp", "from_port": 22, "to_port": 22}
    assert sorted(web.ingress, key=repr) == sorted(
        [
            IpPermission(**ssh, cidr_ipv4="0.0.0.0/0"),
            IpPermission(**ssh, cidr_ipv4="10.0.0.0/8"),
            IpPermission(**ssh, cidr_ipv6="::/0"),
            IpPermission(
                protocol="tcp", from_port=8080, to_port=8080, group_id=seeded["app_group"]
            ),
        ],
        key=repr,
    )
    # moto adds the default allow-all egress rule to new groups.
    assert web.egress == (IpPermission(protocol="-1", cidr_ipv4="0.0.0.0/0"),)
    assert groups[seeded["app_group"]].ingress == ()
    eu = groups[seeded["eu_group"]]
    assert eu.region == "eu-west-1"
    assert eu.arn == f"arn:aws:ec2:eu-west-1:{ACCOUNT}:security-group/{seeded['eu_group']}"


def test_ec2_ebs_encryption_by_default_is_per_region(session: AwsSession) -> None:
    seed_ec2()

    snapshot = collect(session, services=["ec2"])

    regions = {r.region: r for r in snapshot.of_type(Ec2Region)}
    assert set(regions) == {"us-east-1", "eu-west-1"}
    assert regions["us-east-1"].ebs_encryption_by_default is True
    assert regions["eu-west-1"].ebs_encryption_by_default is False
    assert regions["eu-west-1"].arn == f"arn:aws:ec2:eu-west-1:{ACCOUNT}:account/{ACCOUNT}"
    # moto lacks GetEbsDefaultKmsKeyId: recorded as a gap per region, the key id left None.
    key_gaps = {g.region for g in snapshot.gaps if g.action == "ec2:GetEbsDefaultKmsKeyId"}
    assert key_gaps == {"us-east-1", "eu-west-1"}
    assert regions["us-east-1"].ebs_default_kms_key_id is None


def test_ec2_snapshots_images_and_launch_templates(session: AwsSession) -> None:
    seeded = seed_ec2()

    snapshot = collect(session, services=["ec2"])

    snapshots = by_id(snapshot, EbsSnapshot, "snapshot_id")
    public = snapshots[seeded["public_snapshot"]]
    assert public.public is True
    assert public.arn == f"arn:aws:ec2:us-east-1::snapshot/{seeded['public_snapshot']}"
    assert snapshots[seeded["private_snapshot"]].public is False
    assert public.volume_id is not None

    (image,) = snapshot.of_type(Ami)
    assert image.image_id == seeded["image_id"]
    assert image.name == "golden"
    assert image.public is False
    assert image.arn == f"arn:aws:ec2:us-east-1::image/{seeded['image_id']}"
    assert image.encrypted_snapshots is False

    templates = by_id(snapshot, LaunchTemplate, "template_id")
    imdsv2 = templates[seeded["imdsv2_template"]]
    assert imdsv2.name == "imdsv2"
    assert imdsv2.metadata is not None and imdsv2.metadata.http_tokens == "required"
    assert imdsv2.default_version == 1
    # A template that sets no metadata options leaves the account default in force.
    assert templates[seeded["plain_template"]].metadata is None


# --- KMS ---------------------------------------------------------------------------------


def test_kms_rotation_aliases_and_policy(session: AwsSession) -> None:
    seeded = seed_kms()

    snapshot = collect(session, services=["kms"])

    assert snapshot.gaps == ()
    keys = by_id(snapshot, KmsKey, "key_id")
    assert set(keys) == {seeded["rotated"], seeded["doomed"], seeded["eu"]}
    rotated = keys[seeded["rotated"]]
    assert rotated.rotation_enabled is True
    assert rotated.aliases == ("alias/billing", "alias/orders")
    assert rotated.name in rotated.aliases
    assert rotated.customer_managed
    assert rotated.policy is not None and rotated.policy["Statement"]
    assert rotated.arn == f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{seeded['rotated']}"
    doomed = keys[seeded["doomed"]]
    assert doomed.state == "PendingDeletion"
    assert doomed.rotation_enabled is None  # not read for a key pending deletion
    assert doomed.deletion_date is not None
    eu = keys[seeded["eu"]]
    assert (eu.region, eu.rotation_enabled, eu.aliases, eu.name) == (
        "eu-west-1",
        False,
        (),
        seeded["eu"],
    )


# --- CloudTrail --------------------------------------------------------------------------


def test_cloudtrail_trails_in_their_home_region(session: AwsSession) -> None:
    seed_cloudtrail()

    snapshot = collect(session, services=["cloudtrail"])

    assert snapshot.gaps == ()
    trails = named(snapshot, Trail)
    # The multi-region trail is collected once, in its home region, not as a shadow.
    assert set(trails) == {"org-trail", "eu-trail"}
    org = trails["org-trail"]
    assert (org.region, org.multi_region, org.is_logging) == ("us-east-1", True, True)
    assert org.log_file_validation is True
    assert org.s3_bucket == "trail-logs"
    assert org.arn == f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/org-trail"
    assert org.logs_management_writes
    eu = trails["eu-trail"]
    assert (eu.region, eu.multi_region, eu.is_logging) == ("eu-west-1", False, False)


# --- RDS ---------------------------------------------------------------------------------


def test_rds_instances_clusters_and_snapshot_sharing(session: AwsSession) -> None:
    seed_rds()

    snapshot = collect(session, services=["rds"])

    assert snapshot.gaps == ()
    instances = named(snapshot, DbInstance)
    orders = instances["orders-db"]
    assert (orders.engine, orders.storage_encrypted, orders.publicly_accessible) == (
        "postgres",
        True,
        True,
    )
    assert orders.arn == f"arn:aws:rds:us-east-1:{ACCOUNT}:db:orders-db"
    plain = instances["plain-db"]
    assert (plain.storage_encrypted, plain.publicly_accessible) == (False, False)

    (cluster,) = snapshot.of_type(DbCluster)
    assert (cluster.name, cluster.storage_encrypted) == ("aurora", True)

    snapshots = named(snapshot, DbSnapshot)
    public = snapshots["orders-public"]
    assert public.public is True
    assert public.shared_with == ()
    assert public.source_id == "orders-db"
    assert public.arn == f"arn:aws:rds:us-east-1:{ACCOUNT}:snapshot:orders-public"
    assert snapshots["orders-private"].public is False
    shared = snapshots["aurora-shared"]
    assert shared.cluster_snapshot is True
    assert (shared.public, shared.shared_with) == (False, ("111122223333",))
    assert shared.arn == f"arn:aws:rds:us-east-1:{ACCOUNT}:cluster-snapshot:aurora-shared"


# --- Lambda ------------------------------------------------------------------------------


def test_lambda_functions_keep_only_environment_variable_names(session: AwsSession) -> None:
    seeded = seed_lambda()

    snapshot = collect(session, services=["lambda"])

    functions = named(snapshot, LambdaFunction)
    api = functions["orders-api"]
    assert api.runtime == "python3.12"
    assert api.role_arn == seeded["role_arn"]
    assert api.environment_variable_names == ("DB_PASSWORD", "STAGE")
    assert api.policy is not None
    (statement,) = api.policy["Statement"]
    assert statement["Principal"] == {"Service": "s3.amazonaws.com"}
    assert api.arn == f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:orders-api"
    worker = functions["eu-worker"]
    assert (worker.region, worker.runtime, worker.policy) == ("eu-west-1", "nodejs20.x", None)
    assert worker.environment_variable_names == ()
    dumped = snapshot.model_dump_json()
    assert SECRET_VALUE not in dumped
    assert "prod" not in dumped.replace("DB_PASSWORD", "")  # STAGE's value is gone too
    # moto lacks ListFunctionUrlConfigs: a per-function gap, not a crash.
    url_gaps = {
        g.resource_arn for g in snapshot.gaps if g.action == "lambda:ListFunctionUrlConfigs"
    }
    assert url_gaps == {api.arn, worker.arn}


# --- Every resource ----------------------------------------------------------------------

ARN_SHAPES: dict[str, tuple[str, str]] = {
    # kind: (service in the ARN, resource pattern); region and account are checked apart.
    "iam.account": ("iam", r"root"),
    "iam.user": ("iam", r"user/.+"),
    "iam.group": ("iam", r"group/.+"),
    "iam.role": ("iam", r"role/.+"),
    "iam.policy": ("iam", r"policy/.+"),
    "s3.account": ("s3", rf"account/{ACCOUNT}"),
    "s3.bucket": ("s3", r"[a-z0-9.-]+"),
    "ec2.region": ("ec2", rf"account/{ACCOUNT}"),
    "ec2.instance": ("ec2", r"instance/i-[0-9a-f]+"),
    "ec2.launch-template": ("ec2", r"launch-template/lt-[0-9a-f]+"),
    "ec2.security-group": ("ec2", r"security-group/sg-[0-9a-f]+"),
    "ec2.network-acl": ("ec2", r"network-acl/acl-[0-9a-f]+"),
    "ec2.route-table": ("ec2", r"route-table/rtb-[0-9a-f]+"),
    "ec2.gateway": (
        "ec2",
        r"(internet-gateway/igw|egress-only-internet-gateway/eigw|natgateway/nat)-[0-9a-f]+",
    ),
    "ec2.subnet": ("ec2", r"subnet/subnet-[0-9a-f]+"),
    "ec2.vpc": ("ec2", r"vpc/vpc-[0-9a-f]+"),
    "ec2.network-interface": ("ec2", r"network-interface/eni-[0-9a-f]+"),
    "ec2.prefix-list": ("ec2", r"prefix-list/pl-[0-9a-f]+"),
    "ec2.elastic-ip": ("ec2", r"elastic-ip/eipalloc-[0-9a-f]+"),
    "ec2.volume": ("ec2", r"volume/vol-[0-9a-f]+"),
    "ec2.snapshot": ("ec2", r"snapshot/snap-[0-9a-f]+"),
    "ec2.image": ("ec2", r"image/ami-[0-9a-f]+"),
    "ec2.vpc-endpoint": ("ec2", r"vpc-endpoint/vpce-[0-9a-f]+"),
    "ec2.vpn-connection": ("ec2", r"vpn-connection/vpn-[0-9a-f]+"),
    "ec2.transit-gateway": ("ec2", r"transit-gateway/tgw-[0-9a-f]+"),
    "ec2.client-vpn-endpoint": ("ec2", r"client-vpn-endpoint/cvpn-endpoint-[0-9a-f]+"),
    "elb.load-balancer": ("elasticloadbalancing", r"loadbalancer/[\w-]+"),
    "kms.key": ("kms", r"key/[0-9a-f-]{36}"),
    "cloudtrail.trail": ("cloudtrail", r"trail/.+"),
    "rds.instance": ("rds", r"db:.+"),
    "rds.cluster": ("rds", r"cluster:.+"),
    "rds.snapshot": ("rds", r"(snapshot|cluster-snapshot):.+"),
    "rds.region": ("rds", r"es:\*"),  # the region's event subscriptions, judged together
    "dax.cluster": ("dax", r"cache/.+"),
    "lambda.function": ("lambda", r"function:.+"),
    "access-analyzer.region": ("access-analyzer", r"analyzers/[a-z0-9-]+"),
    "iam.server-certificate": ("iam", r"server-certificate/.+"),
    "inspector2.region": ("inspector2", rf"account/{ACCOUNT}"),
    "ecr.registry": ("ecr", rf"registry/{ACCOUNT}"),
    "ecr.repository": ("ecr", r"repository/.+"),
    "ecs.task-definition": ("ecs", r"task-definition/.+:\d+"),
    "ecs.cluster": ("ecs", r"cluster/.+"),
    "codebuild.project": ("codebuild", r"project/.+"),
    "autoscaling.group": ("autoscaling", r"autoScalingGroup:[0-9a-f-]+:autoScalingGroupName/.+"),
    "glue.job": ("glue", r"job/.+"),
    "glue.dev-endpoint": ("glue", r"devEndpoint/.+"),
    "sagemaker.notebook-instance": ("sagemaker", r"notebook-instance/.+"),
    "autoscaling.launch-configuration": (
        "autoscaling",
        r"launchConfiguration:[0-9a-f-]+:launchConfigurationName/.+",
    ),
    "codebuild.report-group": ("codebuild", r"report-group/.+"),
    "sagemaker.endpoint-config": ("sagemaker", r"endpoint-config/.+"),
    "sagemaker.model": ("sagemaker", r"model/.+"),
    "cloudformation.stack": ("cloudformation", r"stack/[^/]+/[0-9a-f-]+"),
    "cloudformation.stack-set": ("cloudformation", r"stackset/[\w-]+:[0-9a-f-]+"),
    "ecs.service": ("ecs", r"service/.+"),
    "ecs.task": ("ecs", r"task/[^/]+/[0-9a-f-]+"),
    "batch.compute-environment": ("batch", r"compute-environment/.+"),
    "batch.job-queue": ("batch", r"job-queue/.+"),
    "batch.job-definition": ("batch", r"job-definition/.+:\d+"),
    "codedeploy.deployment-group": ("codedeploy", r"deploymentgroup:[^/]+/.+"),
    "cognito-identity.identity-pool": ("cognito-identity", r"identitypool/[a-z0-9-]+:[0-9a-f-]+"),
    "eks.cluster": ("eks", r"cluster/.+"),
    "ssm.managed-instance": ("ssm", r"managed-instance/.+"),
    "ssm.document": ("ssm", r"document/.+"),
    "s3.access-point": ("s3", r"accesspoint/.+"),
    "backup.vault": ("backup", r"backup-vault:.+"),
    "account.contacts": ("account", r"account"),
    "logs.log-group": ("logs", r"log-group:[\w./#-]+"),
    "cloudwatch.alarm": ("cloudwatch", r"alarm:[\w-]+"),
    **STORE_ARN_SHAPES,
    **DETECTION_ARN_SHAPES,
    **SERVICE_ARN_SHAPES,
    **MIGRATION_FIREWALL_ARN_SHAPES,
}
"""How each kind's ARN looks (AWS Service Authorization Reference, "Resource types")."""

NO_ACCOUNT_IN_ARN = {"s3.bucket", "ec2.snapshot", "ec2.image", "route53.hosted-zone"}
"""Bucket and hosted zone ARNs carry neither region nor account; EBS snapshot and AMI ARNs no
account."""


def test_every_arn_has_the_right_shape_region_and_account(session: AwsSession) -> None:
    seed_everything()

    snapshot = collect(session)

    kinds = {r.kind for r in snapshot.resources}
    elsewhere = {"ec2.gateway", "ec2.flow-log", *FRONT_DOOR_ARN_SHAPES}
    assert kinds - elsewhere <= set(ARN_SHAPES)
    assert len(kinds) >= 20, kinds
    for resource in snapshot.resources:
        if resource.kind in FRONT_DOOR_ARN_SHAPES:
            assert re.fullmatch(FRONT_DOOR_ARN_SHAPES[resource.kind], resource.arn), resource.arn
            continue
        service, pattern = ARN_SHAPES[resource.kind]
        global_kind = resource.kind.startswith("iam.") or resource.kind in (
            "s3.account",
            "account.contacts",
            "route53.hosted-zone",
        )
        region = "" if resource.kind == "s3.bucket" or global_kind else resource.region
        account = "" if resource.kind in NO_ACCOUNT_IN_ARN else ACCOUNT
        if resource.kind == "ec2.prefix-list":  # AWS-managed lists are owned by "aws"
            account = f"({ACCOUNT}|aws|AWS)"
        expected = rf"arn:aws:{service}:{region}:{account}:{pattern}"
        assert re.fullmatch(expected, resource.arn), (resource.kind, resource.arn)
        assert resource.account_id == ACCOUNT
        if global_kind:
            assert resource.region == GLOBAL, resource.arn
        else:
            assert resource.region in ("us-east-1", "eu-west-1"), resource.arn
    arns = [r.arn for r in snapshot.resources]
    assert len(arns) == len(set(arns)), "two resources share an ARN"
