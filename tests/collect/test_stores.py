"""Data stores on moto: DynamoDB, EFS, SNS, SQS, Secrets Manager, OpenSearch, ElastiCache,
Redshift. Each collector's models, the operations they call, and failed reads as gaps.

moto facts met here (moto 5.2):

* every read these collectors use is implemented;
* ``ModifyClusterParameterGroup`` is not, and ``DescribeClusterParameters`` answers the
  engine defaults (``require_ssl`` false) for every group, so a ``require_ssl = true`` group
  is answered by a ``before-call`` hook below;
* ``RotateSecret`` invokes the rotation function, which needs Docker; against a function
  that does not exist it fails with ResourceNotFoundException *after* recording the
  rotation settings, which is how a rotating secret is seeded here;
* SQS reports ``SqsManagedSseEnabled`` true next to a KMS key (AWS reports one or the
  other), and on any queue not created with it set to false.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import botocore.exceptions
import pytest

from incloud.collect.registry import all_collectors
from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Resource, Snapshot
from incloud.snapshot.dynamodb import DynamoDbTable
from incloud.snapshot.efs import EfsFileSystem
from incloud.snapshot.elasticache import CacheCluster
from incloud.snapshot.opensearch import OpenSearchDomain
from incloud.snapshot.redshift import RedshiftCluster
from incloud.snapshot.secretsmanager import Secret
from incloud.snapshot.sns import SnsTopic
from incloud.snapshot.sqs import SqsQueue
from tests.collect.moto_account import ACCOUNT, raw_client

SERVICES = (
    "dynamodb",
    "efs",
    "sns",
    "sqs",
    "secretsmanager",
    "opensearch",
    "elasticache",
    "redshift",
)

SESSION_CALLS = {"sts:GetCallerIdentity", "ec2:DescribeRegions"}
"""Made by every scan outside the collectors."""

SECRET_STRING = "s3cr3t-store-value-never-collected"
"""The value of every seeded secret: it must appear nowhere in a snapshot."""

CHECK_PREFIXES = (
    "dynamodb",
    "elasticfilesystem",
    "sns",
    "sqs",
    "secretsmanager",
    "es",
    "elasticache",
    "redshift",
)
"""The IAM prefixes of the store checks (the collectors' boto3 names differ for EFS and
OpenSearch)."""

STORE_CHECKS = sorted(c for c in all_checks() if c.split(".")[0] in CHECK_PREFIXES)


# --- seeding ---------------------------------------------------------------------------------


def _table(client: Any, name: str) -> None:
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


def seed_stores() -> dict[str, str]:
    """One of each kind of store, well kept and not, mostly in us-east-1."""
    dynamodb = raw_client("dynamodb")
    _table(dynamodb, "orders")
    dynamodb.update_continuous_backups(
        TableName="orders",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )
    _table(dynamodb, "sessions")
    _table(raw_client("dynamodb", "eu-west-1"), "eu-carts")

    key_arn = raw_client("kms").create_key(Description="stores")["KeyMetadata"]["Arn"]
    efs = raw_client("efs")
    home = efs.create_file_system(
        CreationToken="home",
        Encrypted=True,
        KmsKeyId=key_arn,
        Tags=[{"Key": "Name", "Value": "home"}],
    )["FileSystemId"]
    scratch = efs.create_file_system(CreationToken="scratch")["FileSystemId"]
    efs.create_access_point(FileSystemId=home, RootDirectory={"Path": "/home"})

    sns = raw_client("sns")
    sns.create_topic(Name="orders-events", Attributes={"KmsMasterKeyId": "alias/aws/sns"})
    sns.create_topic(Name="plain-alerts")
    sns.create_topic(Name="payments.fifo", Attributes={"FifoTopic": "true"})

    sqs = raw_client("sqs")
    sqs.create_queue(QueueName="orders-kms", Attributes={"KmsMasterKeyId": key_arn})
    sqs.create_queue(QueueName="jobs-sse-sqs", Attributes={"SqsManagedSseEnabled": "true"})
    sqs.create_queue(QueueName="legacy-plain", Attributes={"SqsManagedSseEnabled": "false"})

    secrets = raw_client("secretsmanager")
    secrets.create_secret(Name="db/orders", SecretString=SECRET_STRING, KmsKeyId=key_arn)
    try:  # moto records the rotation settings, then fails to find the function to invoke
        secrets.rotate_secret(
            SecretId="db/orders",
            RotationLambdaARN=f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:rotate-orders",
            RotationRules={"AutomaticallyAfterDays": 30},
        )
    except botocore.exceptions.ClientError as error:
        if error.response["Error"]["Code"] != "ResourceNotFoundException":
            raise
    secrets.create_secret(Name="third-party/api-key", SecretString=SECRET_STRING)

    opensearch = raw_client("opensearch")
    opensearch.create_domain(
        DomainName="search-hardened",
        EncryptionAtRestOptions={"Enabled": True, "KmsKeyId": key_arn},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={
            "EnforceHTTPS": True,
            "TLSSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10",
        },
    )
    opensearch.create_domain(DomainName="logs-open")
    raw_client("es").create_elasticsearch_domain(
        DomainName="legacy-es", ElasticsearchVersion="7.10"
    )

    cache = raw_client("elasticache")
    common = {"CacheNodeType": "cache.t3.micro"}
    cache.create_replication_group(
        ReplicationGroupId="sessions",
        ReplicationGroupDescription="sessions",
        Engine="redis",
        NumCacheClusters=2,
        AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True,
        TransitEncryptionMode="required",
        **common,
    )
    cache.create_replication_group(
        ReplicationGroupId="plain-cache",
        ReplicationGroupDescription="plain",
        Engine="redis",
        NumCacheClusters=1,
        **common,
    )
    cache.create_cache_cluster(
        CacheClusterId="memcached-tls",
        Engine="memcached",
        NumCacheNodes=1,
        TransitEncryptionEnabled=True,
        **common,
    )

    redshift = raw_client("redshift")
    redshift.create_cluster_parameter_group(
        ParameterGroupName="tls-params", ParameterGroupFamily="redshift-1.0", Description="tls"
    )
    cluster = {
        "NodeType": "dc2.large",
        "MasterUsername": "admin",
        "MasterUserPassword": "Passw0rd-x",
    }
    redshift.create_cluster(
        ClusterIdentifier="warehouse",
        Encrypted=True,
        KmsKeyId=key_arn,
        ClusterParameterGroupName="tls-params",
        **cluster,
    )
    redshift.create_cluster(ClusterIdentifier="legacy-dw", **cluster)
    return {"key_arn": key_arn, "home": home, "scratch": scratch}


# --- helpers ---------------------------------------------------------------------------------


def named(snapshot: Snapshot, kind: type[Any]) -> dict[str, Any]:
    found: list[Resource] = list(snapshot.of_type(kind))
    by_name = {r.name: r for r in found}
    assert len(by_name) == len(found), f"duplicate {kind.__name__} names"
    return by_name


def kind_of(resource: Resource) -> str:
    """The resource's ``kind`` (the union's discriminator, not on ``Resource`` itself)."""
    return str(type(resource).model_fields["kind"].default)


def verdicts(snapshot: Snapshot, check_id: str) -> dict[str, Verdict]:
    assessment = evaluate(snapshot, [all_checks()[check_id]])
    return {f.resource_name: f.verdict for f in assessment.findings}


Answer = Callable[[dict[str, Any]], tuple[int, dict[str, Any]] | None]


class _Http:
    """Enough of an HTTP response for botocore's after-call handlers."""

    def __init__(self, status: int) -> None:
        self.status_code = status
        self.headers: dict[str, str] = {}
        self.content = b""


def answer_instead(session: AwsSession, event: str, answer: Answer) -> None:
    """Answer ``before-call.<event>`` on every client of ``session`` with ``answer(params)``:
    ``(status, parsed)`` replaces the call (an error when status >= 300); None lets it
    through to moto. ``params`` is the serialised request (``body``, ``url_path``...).
    """

    def handler(params: dict[str, Any], **_: Any) -> tuple[_Http, dict[str, Any]] | None:
        result = answer(params)
        if result is None:
            return None
        status, parsed = result
        parsed.setdefault("ResponseMetadata", {"HTTPStatusCode": status, "RequestId": "test"})
        return _Http(status), parsed

    session.boto.events.register(f"before-call.{event}", handler)


def denied(code: str) -> tuple[int, dict[str, Any]]:
    return 400, {"Error": {"Code": code, "Message": "not allowed"}}


def body(params: dict[str, Any]) -> str:
    raw = params.get("body", b"")
    return (
        raw.decode()
        if isinstance(raw, bytes)
        else json.dumps(raw)
        if isinstance(raw, dict)
        else str(raw)
    )


# --- the models ------------------------------------------------------------------------------


def test_dynamodb_tables_and_point_in_time_recovery(session: AwsSession) -> None:
    seed_stores()

    snapshot = collect(session, services=["dynamodb"])

    assert snapshot.gaps == ()
    tables = named(snapshot, DynamoDbTable)
    assert set(tables) == {"orders", "sessions", "eu-carts"}
    orders = tables["orders"]
    assert orders.arn == f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders"
    assert (orders.pitr_enabled, orders.pitr_recovery_days) == (True, 35)
    assert (tables["sessions"].pitr_enabled, tables["sessions"].pitr_recovery_days) == (False, None)
    assert tables["eu-carts"].region == "eu-west-1"
    assert verdicts(snapshot, "dynamodb.table-pitr") == {
        "orders": Verdict.PASS,
        "sessions": Verdict.FAIL,
        "eu-carts": Verdict.FAIL,
    }


def test_efs_file_systems(session: AwsSession) -> None:
    seeded = seed_stores()

    snapshot = collect(session, services=["efs"])

    assert snapshot.gaps == ()
    systems = {fs.file_system_id: fs for fs in snapshot.of_type(EfsFileSystem)}
    home, scratch = systems[seeded["home"]], systems[seeded["scratch"]]
    assert home.name == "home" and scratch.name == seeded["scratch"]
    assert home.arn == f"arn:aws:elasticfilesystem:us-east-1:{ACCOUNT}:file-system/{seeded['home']}"
    assert (home.encrypted, home.kms_key_id) == (True, seeded["key_arn"])
    assert (scratch.encrypted, scratch.kms_key_id) == (False, None)
    assert home.service == "elasticfilesystem"
    assert verdicts(snapshot, "elasticfilesystem.file-system-encrypted") == {
        "home": Verdict.PASS,
        seeded["scratch"]: Verdict.FAIL,
    }


def test_sns_topics_and_their_keys(session: AwsSession) -> None:
    seed_stores()

    snapshot = collect(session, services=["sns"])

    assert snapshot.gaps == ()
    topics = named(snapshot, SnsTopic)
    assert set(topics) == {"orders-events", "plain-alerts", "payments.fifo"}
    assert topics["orders-events"].kms_master_key_id == "alias/aws/sns"
    assert topics["orders-events"].arn == f"arn:aws:sns:us-east-1:{ACCOUNT}:orders-events"
    assert topics["plain-alerts"].kms_master_key_id is None
    assert topics["payments.fifo"].fifo and not topics["plain-alerts"].fifo
    assert verdicts(snapshot, "sns.topic-encrypted") == {
        "orders-events": Verdict.PASS,
        "plain-alerts": Verdict.FAIL,
        "payments.fifo": Verdict.FAIL,
    }


def test_sqs_queues_sse_kms_sse_sqs_and_none(session: AwsSession) -> None:
    seeded = seed_stores()

    snapshot = collect(session, services=["sqs"])

    assert snapshot.gaps == ()
    queues = named(snapshot, SqsQueue)
    assert set(queues) == {"orders-kms", "jobs-sse-sqs", "legacy-plain"}
    kms = queues["orders-kms"]
    assert kms.arn == f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders-kms"
    assert kms.url.endswith(f"/{ACCOUNT}/orders-kms")
    assert kms.kms_master_key_id == seeded["key_arn"]
    assert (
        queues["jobs-sse-sqs"].sqs_managed_sse and queues["jobs-sse-sqs"].kms_master_key_id is None
    )
    assert not queues["legacy-plain"].sqs_managed_sse
    assessment = evaluate(snapshot, [all_checks()["sqs.queue-encrypted"]])
    found = {f.resource_name: f for f in assessment.findings}
    assert found["orders-kms"].verdict is Verdict.PASS
    assert found["orders-kms"].evidence["encryption"] == "SSE-KMS"
    assert found["jobs-sse-sqs"].evidence["encryption"] == "SSE-SQS"
    assert found["legacy-plain"].verdict is Verdict.FAIL


def test_secrets_metadata_without_values(session: AwsSession) -> None:
    seeded = seed_stores()

    snapshot = collect(session, services=["secretsmanager"])

    assert snapshot.gaps == ()
    secrets = named(snapshot, Secret)
    assert set(secrets) == {"db/orders", "third-party/api-key"}
    orders, api_key = secrets["db/orders"], secrets["third-party/api-key"]
    assert orders.arn.startswith(f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db/orders-")
    assert (orders.rotation_enabled, orders.rotation_days) == (True, 30)
    assert orders.rotation_lambda_arn is not None and orders.rotation_lambda_arn.endswith(
        ":function:rotate-orders"
    )
    assert orders.kms_key_id == seeded["key_arn"]
    assert api_key.rotation_enabled is False and api_key.last_rotated is None
    assert api_key.created is not None
    assert SECRET_STRING not in snapshot.model_dump_json()
    called = {f"{c.service}:{c.operation}" for c in snapshot.api_calls} - SESSION_CALLS
    # one bulk listing, plus each secret's resource policy (never its value)
    assert called == {"secretsmanager:ListSecrets", "secretsmanager:GetResourcePolicy"}
    assert verdicts(snapshot, "secretsmanager.rotation-enabled") == {
        "db/orders": Verdict.PASS,
        "third-party/api-key": Verdict.FAIL,
    }
    # Created moments ago and never rotated: within 90 days.
    assert set(verdicts(snapshot, "secretsmanager.rotated-recently").values()) == {Verdict.PASS}


def test_opensearch_domains_of_both_engines(session: AwsSession) -> None:
    seeded = seed_stores()

    snapshot = collect(session, services=["opensearch"])

    assert snapshot.gaps == ()
    domains = named(snapshot, OpenSearchDomain)
    assert set(domains) == {"search-hardened", "logs-open", "legacy-es"}
    hardened, open_ = domains["search-hardened"], domains["logs-open"]
    assert hardened.arn == f"arn:aws:es:us-east-1:{ACCOUNT}:domain/search-hardened"
    assert hardened.service == "es"
    assert (hardened.encryption_at_rest, hardened.kms_key_id) == (True, seeded["key_arn"])
    assert hardened.node_to_node_encryption and hardened.enforce_https
    assert hardened.tls_policy == "Policy-Min-TLS-1-2-PFS-2023-10"
    assert not (open_.encryption_at_rest or open_.node_to_node_encryption or open_.enforce_https)
    assert open_.tls_policy == "Policy-Min-TLS-1-0-2019-07"
    for check_id in (
        "es.domain-encryption-at-rest",
        "es.domain-node-to-node-encryption",
        "es.domain-https-enforced",
    ):
        assert verdicts(snapshot, check_id) == {
            "search-hardened": Verdict.PASS,
            "logs-open": Verdict.FAIL,
            "legacy-es": Verdict.FAIL,
        }, check_id


def test_opensearch_describes_at_most_five_domains_a_call(session: AwsSession) -> None:
    client = raw_client("opensearch")
    for number in range(7):
        client.create_domain(DomainName=f"domain-{number}")

    snapshot = collect(session, services=["opensearch"])

    assert len(named(snapshot, OpenSearchDomain)) == 7
    calls = {f"{c.service}:{c.operation}": c.count for c in snapshot.api_calls}
    # Seven domains in us-east-1 take two calls; eu-west-1 has none and needs no call.
    assert calls["opensearch:DescribeDomains"] == 2


def test_elasticache_replication_groups_and_standalone_clusters(session: AwsSession) -> None:
    seed_stores()

    snapshot = collect(session, services=["elasticache"])

    assert snapshot.gaps == ()
    clusters = named(snapshot, CacheCluster)
    # Member clusters of the groups (sessions-001...) are not listed on their own.
    assert set(clusters) == {"sessions", "plain-cache", "memcached-tls"}
    sessions, plain, memcached = (
        clusters["sessions"],
        clusters["plain-cache"],
        clusters["memcached-tls"],
    )
    assert sessions.arn == f"arn:aws:elasticache:us-east-1:{ACCOUNT}:replicationgroup:sessions"
    assert sessions.replication_group and sessions.engine == "redis"
    assert (sessions.at_rest_encryption, sessions.transit_encryption) == (True, True)
    assert sessions.transit_encryption_mode == "required"
    assert (plain.at_rest_encryption, plain.transit_encryption) == (False, False)
    assert not memcached.replication_group and memcached.engine == "memcached"
    assert memcached.arn == f"arn:aws:elasticache:us-east-1:{ACCOUNT}:cluster:memcached-tls"
    assert memcached.transit_encryption is True
    assert verdicts(snapshot, "elasticache.encryption-at-rest") == {
        "sessions": Verdict.PASS,
        "plain-cache": Verdict.FAIL,
        "memcached-tls": Verdict.NOT_APPLICABLE,
    }
    assert verdicts(snapshot, "elasticache.encryption-in-transit") == {
        "sessions": Verdict.PASS,
        "plain-cache": Verdict.FAIL,
        "memcached-tls": Verdict.PASS,
    }


def test_redshift_clusters_and_require_ssl_from_moto_defaults(session: AwsSession) -> None:
    seed_stores()

    snapshot = collect(session, services=["redshift"])

    assert snapshot.gaps == ()
    clusters = named(snapshot, RedshiftCluster)
    warehouse, legacy = clusters["warehouse"], clusters["legacy-dw"]
    assert warehouse.arn == f"arn:aws:redshift:us-east-1:{ACCOUNT}:cluster:warehouse"
    assert (warehouse.encrypted, warehouse.parameter_group) == (True, "tls-params")
    assert (legacy.encrypted, legacy.parameter_group) == (False, "default.redshift-1.0")
    # moto answers every group with the engine defaults: require_ssl false.
    assert warehouse.require_ssl is False and legacy.require_ssl is False
    calls = {f"{c.service}:{c.operation}": c.count for c in snapshot.api_calls}
    assert calls["redshift:DescribeClusterParameters"] == 2  # once per distinct group
    assert verdicts(snapshot, "redshift.cluster-encrypted") == {
        "warehouse": Verdict.PASS,
        "legacy-dw": Verdict.FAIL,
    }
    assert verdicts(snapshot, "redshift.require-ssl") == {
        "warehouse": Verdict.FAIL,
        "legacy-dw": Verdict.FAIL,
    }


def test_redshift_require_ssl_found_on_a_later_page(session: AwsSession) -> None:
    seed_stores()
    pages: dict[str, dict[str, Any]] = {
        "": {
            "Parameters": [{"ParameterName": "auto_analyze", "ParameterValue": "true"}],
            "Marker": "page-2",
        },
        "page-2": {"Parameters": [{"ParameterName": "require_ssl", "ParameterValue": "TRUE"}]},
    }

    def answer(params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        request = params.get("body", {})
        if request.get("ParameterGroupName") != "tls-params":
            return None
        return 200, dict(pages[request.get("Marker", "")])

    answer_instead(session, "redshift.DescribeClusterParameters", answer)

    snapshot = collect(session, services=["redshift"])

    clusters = named(snapshot, RedshiftCluster)
    assert clusters["warehouse"].require_ssl is True
    assert clusters["legacy-dw"].require_ssl is False
    assert verdicts(snapshot, "redshift.require-ssl")["warehouse"] is Verdict.PASS


STORE_ARN_SHAPES = {
    "dynamodb.table": ("dynamodb", r"table/[\w.-]+"),
    "elasticfilesystem.file-system": ("elasticfilesystem", r"file-system/fs-[0-9a-f]+"),
    "elasticfilesystem.access-point": ("elasticfilesystem", r"access-point/fsap-[0-9a-f]+"),
    "sns.topic": ("sns", r"[\w.-]+"),
    "sqs.queue": ("sqs", r"[\w.-]+"),
    "secretsmanager.secret": ("secretsmanager", r"secret:[\w/+=.@-]+-[A-Za-z0-9]{6}"),
    "es.domain": ("es", r"domain/[a-z][a-z0-9-]+"),
    "elasticache.cluster": ("elasticache", r"(replicationgroup|cluster):[\w-]+"),
    "redshift.cluster": ("redshift", r"cluster:[\w-]+"),
}
"""ARN shapes of the store resources (AWS Service Authorization Reference, "Resource types")."""


def test_every_store_arn_has_the_right_shape_region_and_account(session: AwsSession) -> None:
    seed_stores()

    snapshot = collect(session, services=SERVICES)

    assert {kind_of(r) for r in snapshot.resources} == set(STORE_ARN_SHAPES)
    for resource in snapshot.resources:
        service, pattern = STORE_ARN_SHAPES[kind_of(resource)]
        expected = rf"arn:aws:{service}:{resource.region}:{ACCOUNT}:{pattern}"
        assert re.fullmatch(expected, resource.arn), (kind_of(resource), resource.arn)
        assert resource.account_id == ACCOUNT
        assert resource.region in ("us-east-1", "eu-west-1")
        assert resource.service == service
    arns = [r.arn for r in snapshot.resources]
    assert len(arns) == len(set(arns)), "two resources share an ARN"


# --- operations and gaps ---------------------------------------------------------------------


def test_store_collectors_call_exactly_what_they_declare(session: AwsSession) -> None:
    seed_stores()

    snapshot = collect(session, services=SERVICES)

    declared = {op for name in SERVICES for op in all_collectors()[name].operations}
    called = {f"{c.service}:{c.operation}" for c in snapshot.api_calls} - SESSION_CALLS
    assert called == declared
    assert snapshot.gaps == ()
    # Every store check found something to judge in the seeded account.
    assessment = evaluate(snapshot, [all_checks()[c] for c in STORE_CHECKS])
    assert {f.check_id for f in assessment.findings} == set(STORE_CHECKS)
    assert SECRET_STRING not in snapshot.model_dump_json()


def test_denied_continuous_backups_make_one_table_unknown(session: AwsSession) -> None:
    seed_stores()

    def answer(params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        if "sessions" in body(params):
            return denied("AccessDeniedException")
        return None

    answer_instead(session, "dynamodb.DescribeContinuousBackups", answer)

    snapshot = collect(session, services=["dynamodb"])

    (gap,) = snapshot.gaps
    assert gap.action == "dynamodb:DescribeContinuousBackups"
    assert gap.resource_arn == f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/sessions"
    assert named(snapshot, DynamoDbTable)["sessions"].pitr_enabled is None
    assert verdicts(snapshot, "dynamodb.table-pitr") == {
        "orders": Verdict.PASS,
        "sessions": Verdict.UNKNOWN,
        "eu-carts": Verdict.FAIL,
    }


@pytest.mark.parametrize(
    ("service", "event", "error", "check_id", "name"),
    [
        (
            "sns",
            "sns.GetTopicAttributes",
            "AuthorizationError",
            "sns.topic-encrypted",
            "plain-alerts",
        ),
        ("sqs", "sqs.GetQueueAttributes", "AccessDenied", "sqs.queue-encrypted", "legacy-plain"),
    ],
)
def test_denied_attributes_make_the_resource_unknown_not_unencrypted(
    session: AwsSession, service: str, event: str, error: str, check_id: str, name: str
) -> None:
    seed_stores()

    def answer(params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        return denied(error) if name in body(params) else None

    answer_instead(session, event, answer)

    snapshot = collect(session, services=[service])

    (gap,) = snapshot.gaps
    assert gap.error_code == error and gap.resource_arn is not None
    assert gap.resource_arn.endswith(f":{name}")
    judged = verdicts(snapshot, check_id)
    assert judged[name] is Verdict.UNKNOWN
    assert Verdict.PASS in judged.values()


def test_denied_domain_descriptions_leave_the_inventory_incomplete(session: AwsSession) -> None:
    seed_stores()
    answer_instead(session, "opensearch.DescribeDomains", lambda _: denied("AccessDeniedException"))

    snapshot = collect(session, services=["opensearch"])

    assert list(snapshot.of_type(OpenSearchDomain)) == []
    assert {g.action for g in snapshot.gaps} == {"opensearch:DescribeDomains"}
    assessment = evaluate(snapshot, [all_checks()["es.domain-encryption-at-rest"]])
    (finding,) = assessment.findings
    assert finding.verdict is Verdict.UNKNOWN
    assert finding.region == "us-east-1"
    assert "inventory incomplete" in finding.reason


def test_unread_parameter_group_makes_require_ssl_unknown(session: AwsSession) -> None:
    seed_stores()

    def answer(params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        if params.get("body", {}).get("ParameterGroupName") == "tls-params":
            return denied("AccessDenied")
        return None

    answer_instead(session, "redshift.DescribeClusterParameters", answer)

    snapshot = collect(session, services=["redshift"])

    (gap,) = snapshot.gaps
    assert gap.resource_arn == f"arn:aws:redshift:us-east-1:{ACCOUNT}:parametergroup:tls-params"
    assert named(snapshot, RedshiftCluster)["warehouse"].require_ssl is None
    assert verdicts(snapshot, "redshift.require-ssl") == {
        "warehouse": Verdict.UNKNOWN,
        "legacy-dw": Verdict.FAIL,
    }
    # Encryption at rest is read from DescribeClusters and is still judged.
    assert verdicts(snapshot, "redshift.cluster-encrypted")["warehouse"] is Verdict.PASS


def test_secret_values_are_refused_by_the_read_only_guard(session: AwsSession) -> None:
    from incloud.collect.readonly import WriteRefused

    raw_client("secretsmanager").create_secret(Name="x", SecretString=SECRET_STRING)
    client = session.client("secretsmanager", "us-east-1")
    with pytest.raises(WriteRefused):
        client.get_secret_value(SecretId="x")
