"""The database services' settings behind Security Hub's RDS, DynamoDB, ElastiCache and
Redshift controls, collected from moto (one moto account per module, reset per test).

moto facts met here (the fields are fixture-tested in tests/evaluate/fixtures instead):
ElastiCache lists a replication group's member clusters nowhere (so a group's engine version
and subnet group are unknown) and reports no ``AutoMinorVersionUpgrade`` on groups; Redshift
ignores ``AutomatedSnapshotRetentionPeriod=0`` (answers 1); RDS instances have no
``DBSubnetGroup`` (so no VPC) unless one is named. What moto cannot answer (a group's member
clusters, answers without optional members) is queued with botocore's Stubber at the end.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse

from incloud.collect.registry import all_collectors
from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.collect.unit import Unit
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Resource, Snapshot
from incloud.snapshot.dynamodb import DaxCluster, DynamoDbTable
from incloud.snapshot.elasticache import CacheCluster
from incloud.snapshot.rds import DbCluster, DbInstance, RdsRegion
from incloud.snapshot.redshift import RedshiftCluster
from tests.collect.moto_account import ACCOUNT, raw_client
from tests.collect.stubs import OperationStubber

PASSWORD = "not-a-real-password-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/monitoring"


def seed_database_settings() -> None:
    """RDS, DynamoDB (tables, auto scaling, DAX), ElastiCache and Redshift resources, one
    well configured and one left at the defaults per kind."""
    rds = raw_client("rds")
    instance = {"DBInstanceClass": "db.t3.micro", "AllocatedStorage": 20}
    rds.create_db_instance(
        DBInstanceIdentifier="kept-pg",
        Engine="postgres",
        MasterUsername="orders_owner",
        MasterUserPassword=PASSWORD,
        MonitoringInterval=60,
        MonitoringRoleArn=ROLE,
        EnableCloudwatchLogsExports=["postgresql", "upgrade"],
        CopyTagsToSnapshot=True,
        Port=5433,
        MultiAZ=True,
        EnableIAMDatabaseAuthentication=True,
        **instance,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="default-mysql",
        Engine="mysql",
        MasterUsername="admin",
        MasterUserPassword=PASSWORD,
        **instance,
    )
    rds.create_db_cluster(
        DBClusterIdentifier="kept-aurora",
        Engine="aurora-mysql",
        MasterUsername="dba_orders",
        MasterUserPassword=PASSWORD,
        BacktrackWindow=86400,
        EnableCloudwatchLogsExports=["audit", "error"],
        CopyTagsToSnapshot=True,
        Port=13306,
    )
    rds.create_event_subscription(
        SubscriptionName="instances",
        SnsTopicArn=f"arn:aws:sns:us-east-1:{ACCOUNT}:ops",
        SourceType="db-instance",
        EventCategories=["maintenance", "configuration change", "failure"],
        Enabled=True,
    )

    dynamodb = raw_client("dynamodb")
    dynamodb.create_table(
        TableName="metrics",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "day", "AttributeType": "S"},
        ],
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-day",
                "KeySchema": [{"AttributeName": "day", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
                "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
            }
        ],
        DeletionProtectionEnabled=True,
    )
    scaling = raw_client("application-autoscaling")
    for units in ("ReadCapacityUnits", "WriteCapacityUnits"):
        scaling.register_scalable_target(
            ServiceNamespace="dynamodb",
            ResourceId="table/metrics",
            ScalableDimension=f"dynamodb:table:{units}",
            MinCapacity=5,
            MaxCapacity=100,
        )
    dynamodb.create_table(
        TableName="events",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    dax = raw_client("dax")
    node = {"NodeType": "dax.t3.small", "ReplicationFactor": 1, "IamRoleArn": ROLE}
    dax.create_cluster(
        ClusterName="sealed",
        SSESpecification={"Enabled": True},
        ClusterEndpointEncryptionType="TLS",
        **node,
    )
    dax.create_cluster(ClusterName="plain", **node)

    cache = raw_client("elasticache")
    cache.create_replication_group(
        ReplicationGroupId="kept-cache",
        ReplicationGroupDescription="kept",
        Engine="redis",
        CacheNodeType="cache.t3.micro",
        NumCacheClusters=2,
        AutomaticFailoverEnabled=True,
        SnapshotRetentionLimit=5,
    )
    cache.create_cache_cluster(
        CacheClusterId="old-redis",
        Engine="redis",
        EngineVersion="5.0.6",
        CacheNodeType="cache.t3.micro",
        NumCacheNodes=1,
        AutoMinorVersionUpgrade=False,
        CacheSubnetGroupName="default",
    )

    redshift = raw_client("redshift")
    redshift.create_cluster(
        ClusterIdentifier="kept-dw",
        NodeType="dc2.large",
        MasterUsername="warehouse_admin",
        MasterUserPassword="Passw0rd-x",
        DBName="sales",
        EnhancedVpcRouting=True,
        AutomatedSnapshotRetentionPeriod=14,
    )
    raw_client("s3").create_bucket(Bucket="dw-audit-logs")
    redshift.enable_logging(ClusterIdentifier="kept-dw", BucketName="dw-audit-logs")
    redshift.create_cluster(
        ClusterIdentifier="default-dw",
        NodeType="dc2.large",
        MasterUsername="awsuser",
        MasterUserPassword="Passw0rd-x",
        AllowVersionUpgrade=False,
    )


SERVICES = ["rds", "dynamodb", "elasticache", "redshift"]


def verdicts(snapshot: Snapshot, check_id: str) -> dict[str, Verdict]:
    assessment = evaluate(snapshot, [all_checks()[check_id]])
    return {f.resource_name: f.verdict for f in assessment.findings}


def named(snapshot: Snapshot, kind: type[Any]) -> dict[str, Any]:
    return {r.name: r for r in snapshot.of_type(kind) if r.region == "us-east-1"}


def deny(session: AwsSession, service: str, operation: str) -> None:
    """Make ``operation`` answer AccessDenied on the session's us-east-1 client."""

    def answer(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        body = {"Error": {"Code": "AccessDenied", "Message": "denied by test"}}
        http = AWSResponse("https://denied", 403, {}, MockRawResponse(json.dumps(body)))
        return http, {**body, "ResponseMetadata": {"HTTPStatusCode": 403}}

    session.client(service, "us-east-1").meta.events.register(
        f"before-call.{service}.{operation}", answer
    )


def test_rds_settings_and_event_subscriptions(reset_session: AwsSession) -> None:
    seed_database_settings()

    snapshot = collect(reset_session, services=["rds"])

    assert snapshot.gaps == ()
    instances = named(snapshot, DbInstance)
    kept, default = instances["kept-pg"], instances["default-mysql"]
    assert (kept.monitoring_interval, kept.log_exports) == (60, ("postgresql", "upgrade"))
    assert (kept.copy_tags_to_snapshot, kept.port, kept.master_username) == (
        True,
        5433,
        "orders_owner",
    )
    assert (default.monitoring_interval, default.log_exports, default.port) == (0, (), 3306)
    assert default.vpc_id is None  # moto: no DBSubnetGroup unless one is named
    aurora = named(snapshot, DbCluster)["kept-aurora"]
    assert (aurora.backtrack_window, aurora.log_exports) == (86400, ("audit", "error"))
    assert (aurora.copy_tags_to_snapshot, aurora.port, aurora.multi_az) == (True, 13306, False)
    (region,) = named(snapshot, RdsRegion).values()
    assert region.arn == f"arn:aws:rds:us-east-1:{ACCOUNT}:es:*"
    (subscription,) = region.subscriptions
    assert (subscription.name, subscription.source_type, subscription.enabled) == (
        "instances",
        "db-instance",
        True,
    )
    assert verdicts(snapshot, "rds.instance-default-port") == {
        "kept-pg": Verdict.PASS,
        "default-mysql": Verdict.FAIL,
    }
    assert verdicts(snapshot, "rds.instance-custom-admin-username") == {
        "kept-pg": Verdict.PASS,
        "default-mysql": Verdict.FAIL,
    }
    assert verdicts(snapshot, "rds.cluster-backtracking") == {"kept-aurora": Verdict.PASS}
    assert verdicts(snapshot, "rds.instance-event-subscription") == {
        "us-east-1": Verdict.PASS,
        "eu-west-1": Verdict.NOT_APPLICABLE,
    }
    assert verdicts(snapshot, "rds.cluster-event-subscription")["us-east-1"] is Verdict.FAIL


def test_denied_event_subscriptions_make_the_region_unknown(reset_session: AwsSession) -> None:
    seed_database_settings()
    deny(reset_session, "rds", "DescribeEventSubscriptions")

    snapshot = collect(reset_session, services=["rds"])

    (gap,) = snapshot.gaps
    assert (gap.action, gap.region, gap.resource_arn) == (
        "rds:DescribeEventSubscriptions",
        "us-east-1",
        None,
    )
    assert verdicts(snapshot, "rds.instance-event-subscription")["us-east-1"] is Verdict.UNKNOWN
    # The databases themselves are still judged.
    assert verdicts(snapshot, "rds.instance-multi-az")["kept-pg"] is Verdict.PASS


def test_dynamodb_capacity_deletion_protection_and_dax(reset_session: AwsSession) -> None:
    seed_database_settings()

    snapshot = collect(reset_session, services=["dynamodb"])

    assert snapshot.gaps == ()
    tables = named(snapshot, DynamoDbTable)
    metrics = tables["metrics"]
    assert metrics.deletion_protection is True
    assert metrics.capacity is not None
    assert metrics.capacity.indexes == ("by-day",)
    assert metrics.capacity.scaled == ("table:ReadCapacityUnits", "table:WriteCapacityUnits")
    assert verdicts(snapshot, "dynamodb.table-autoscaling") == {
        "metrics": Verdict.FAIL,  # its index's capacity is fixed
        "events": Verdict.PASS,
    }
    assert verdicts(snapshot, "dynamodb.table-deletion-protection") == {
        "metrics": Verdict.PASS,
        "events": Verdict.FAIL,
    }
    dax = named(snapshot, DaxCluster)
    assert dax["sealed"].arn == f"arn:aws:dax:us-east-1:{ACCOUNT}:cache/sealed"
    assert verdicts(snapshot, "dax.cluster-encrypted-at-rest") == {
        "sealed": Verdict.PASS,
        "plain": Verdict.FAIL,
    }
    assert verdicts(snapshot, "dax.cluster-encrypted-in-transit") == {
        "sealed": Verdict.PASS,
        "plain": Verdict.FAIL,
    }
    # One DescribeTable per table; the scaling targets and DAX clusters in one read a region.
    calls = {f"{c.service}:{c.operation}": c.count for c in snapshot.api_calls}
    assert calls["dynamodb:DescribeTable"] == 2
    assert calls["application-autoscaling:DescribeScalableTargets"] == 1  # tables in one region
    assert calls["dax:DescribeClusters"] == 2


def test_denied_scaling_targets_make_provisioned_tables_unknown(
    reset_session: AwsSession,
) -> None:
    seed_database_settings()
    deny(reset_session, "application-autoscaling", "DescribeScalableTargets")

    snapshot = collect(reset_session, services=["dynamodb"])

    (gap,) = snapshot.gaps
    assert gap.action == "application-autoscaling:DescribeScalableTargets"
    assert verdicts(snapshot, "dynamodb.table-autoscaling") == {
        "metrics": Verdict.UNKNOWN,
        "events": Verdict.UNKNOWN,
    }
    assert verdicts(snapshot, "dynamodb.table-deletion-protection")["metrics"] is Verdict.PASS


def test_elasticache_backups_failover_upgrades_and_subnet_groups(
    reset_session: AwsSession,
) -> None:
    seed_database_settings()

    snapshot = collect(reset_session, services=["elasticache"])

    assert snapshot.gaps == ()
    caches = named(snapshot, CacheCluster)
    group, solo = caches["kept-cache"], caches["old-redis"]
    assert (group.snapshot_retention_days, group.automatic_failover) == (5, "enabled")
    assert (solo.engine_version, solo.subnet_groups) == ("5.0.6", ("default",))
    assert (solo.auto_minor_version_upgrade, solo.automatic_failover) == (False, None)
    assert verdicts(snapshot, "elasticache.automatic-backups") == {
        "kept-cache": Verdict.PASS,
        "old-redis": Verdict.FAIL,
    }
    assert verdicts(snapshot, "elasticache.automatic-failover") == {
        "kept-cache": Verdict.PASS,
        "old-redis": Verdict.NOT_APPLICABLE,
    }
    assert verdicts(snapshot, "elasticache.custom-subnet-group")["old-redis"] is Verdict.FAIL
    assert verdicts(snapshot, "elasticache.auto-minor-version-upgrade")["old-redis"] is (
        Verdict.FAIL
    )


def test_redshift_snapshots_logging_and_defaults(reset_session: AwsSession) -> None:
    seed_database_settings()

    snapshot = collect(reset_session, services=["redshift"])

    assert snapshot.gaps == ()
    clusters = named(snapshot, RedshiftCluster)
    kept, default = clusters["kept-dw"], clusters["default-dw"]
    assert (kept.snapshot_retention_days, kept.enhanced_vpc_routing) == (14, True)
    assert (kept.master_username, kept.database_name, kept.audit_logging) == (
        "warehouse_admin",
        "sales",
        True,
    )
    assert (default.allow_version_upgrade, default.audit_logging) == (False, False)
    expected = {
        "redshift.cluster-automated-snapshots": Verdict.FAIL,  # moto's default: 1 day
        "redshift.cluster-audit-logging": Verdict.FAIL,
        "redshift.cluster-version-upgrade": Verdict.FAIL,
        "redshift.cluster-enhanced-vpc-routing": Verdict.FAIL,
        "redshift.cluster-custom-admin-username": Verdict.FAIL,
        "redshift.cluster-custom-database-name": Verdict.FAIL,
    }
    for check_id, verdict in expected.items():
        assert verdicts(snapshot, check_id) == {"kept-dw": Verdict.PASS, "default-dw": verdict}
    calls = {f"{c.service}:{c.operation}": c.count for c in snapshot.api_calls}
    assert calls["redshift:DescribeLoggingStatus"] == 2  # no bulk read: one per cluster


def test_denied_logging_status_makes_one_cluster_unknown(reset_session: AwsSession) -> None:
    seed_database_settings()
    deny(reset_session, "redshift", "DescribeLoggingStatus")

    snapshot = collect(reset_session, services=["redshift"])

    assert {g.resource_arn for g in snapshot.gaps} == {
        f"arn:aws:redshift:us-east-1:{ACCOUNT}:cluster:kept-dw",
        f"arn:aws:redshift:us-east-1:{ACCOUNT}:cluster:default-dw",
    }
    assert verdicts(snapshot, "redshift.cluster-audit-logging") == {
        "kept-dw": Verdict.UNKNOWN,
        "default-dw": Verdict.UNKNOWN,
    }
    assert verdicts(snapshot, "redshift.cluster-version-upgrade")["default-dw"] is Verdict.FAIL


# --- answers moto cannot give (botocore's Stubber, answers validated against the model) ------


def bare(**members: Any) -> dict[str, Any]:
    return {**members, "ResponseMetadata": {"RequestId": "req-0001", "HTTPStatusCode": 200}}


def run(session: AwsSession, service: str) -> tuple[list[Resource], Unit]:
    unit = Unit(
        session=session, region="us-east-1", service=service, scanned_regions=("us-east-1",)
    )
    return list(all_collectors()[service].collect(unit)), unit


def member(
    cluster_id: str, group: str, version: str, subnet_group: str, upgrade: bool
) -> dict[str, Any]:
    return {
        "CacheClusterId": cluster_id,
        "ReplicationGroupId": group,
        "Engine": "redis",
        "EngineVersion": version,
        "CacheSubnetGroupName": subnet_group,
        "AutoMinorVersionUpgrade": upgrade,
    }


def test_a_replication_group_takes_what_only_its_members_report(
    reset_session: AwsSession,
) -> None:
    groups = [
        # No AutoMinorVersionUpgrade on the group (older answers): the members decide.
        {"ReplicationGroupId": "legacy", "Engine": "redis", "AutomaticFailover": "disabled"},
        # The group's own flag wins over its members'.
        {"ReplicationGroupId": "current", "Engine": "redis", "AutoMinorVersionUpgrade": True},
    ]
    clusters = [
        member("legacy-001", "legacy", "5.0.6", "cache-private", True),
        member("legacy-002", "legacy", "4.0.10", "default", False),
        member("current-001", "current", "7.1.0", "cache-private", False),
    ]
    with OperationStubber(reset_session.client("elasticache", "us-east-1")) as stubber:
        stubber.add_response("describe_replication_groups", bare(ReplicationGroups=groups))
        stubber.add_response("describe_cache_clusters", bare(CacheClusters=clusters))

        resources, unit = run(reset_session, "elasticache")

        stubber.assert_no_pending_responses()
    assert unit.gaps == []
    caches = {r.name: r for r in resources if isinstance(r, CacheCluster)}
    assert set(caches) == {"legacy", "current"}  # members are not listed on their own
    legacy, current = caches["legacy"], caches["current"]
    assert (legacy.engine_version, legacy.subnet_groups) == ("4.0.10", ("cache-private", "default"))
    assert (legacy.auto_minor_version_upgrade, current.auto_minor_version_upgrade) == (False, True)
    assert legacy.snapshot_retention_days is None  # not reported: unknown, never "off"


def test_dax_and_table_answers_without_optional_members(reset_session: AwsSession) -> None:
    table = {"TableName": "old", "TableStatus": "ACTIVE"}  # no BillingModeSummary: provisioned
    dax_cluster = {
        "ClusterName": "bare",
        "ClusterArn": f"arn:aws:dax:us-east-1:{ACCOUNT}:cache/bare",
    }
    arn = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/old"
    with (
        OperationStubber(reset_session.client("dynamodb", "us-east-1")) as dynamodb,
        OperationStubber(reset_session.client("application-autoscaling", "us-east-1")) as scaling,
        OperationStubber(reset_session.client("dax", "us-east-1")) as dax,
    ):
        dynamodb.add_response("list_tables", bare(TableNames=["old"]))
        dynamodb.add_response("describe_table", bare(Table=table))
        dynamodb.add_response("describe_continuous_backups", bare())
        dynamodb.add_client_error(
            "get_resource_policy", "PolicyNotFoundException", expected_params={"ResourceArn": arn}
        )
        scaling.add_response("describe_scalable_targets", bare(ScalableTargets=[]))
        dax.add_response("describe_clusters", bare(Clusters=[dax_cluster]))

        resources, unit = run(reset_session, "dynamodb")

        for stubber in (dynamodb, scaling, dax):
            stubber.assert_no_pending_responses()
    assert unit.gaps == []
    (old,) = [r for r in resources if isinstance(r, DynamoDbTable)]
    assert old.capacity is not None and old.capacity.billing_mode == "PROVISIONED"
    (bare_cluster,) = [r for r in resources if isinstance(r, DaxCluster)]
    # Absent encryption members read as off: a verdict that can only fail.
    assert (bare_cluster.encrypted_at_rest, bare_cluster.endpoint_encryption) == (False, "NONE")
