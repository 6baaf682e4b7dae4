"""Data stores of the demo account: DynamoDB, EFS, SNS, SQS, Secrets Manager, OpenSearch,
ElastiCache and Redshift.

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control it corresponds to.

DynamoDB
  - ``legacy-session-store``: no point-in-time recovery -> dynamodb.table-pitr; DynamoDB.2
  Fine: ``northwind-orders`` (point-in-time recovery on).
EFS
  - ``legacy-shared-files``: not encrypted at rest -> elasticfilesystem.file-system-encrypted;
    EFS.1
  Fine: ``northwind-home`` (encrypted with the data key).
SNS and SQS
  - ``legacy-notifications``: no server-side encryption -> sns.topic-encrypted; SNS.1
  Fine: ``orders-events`` topic (SSE-KMS), ``orders-jobs`` queue (SSE-KMS with the data
  key), ``email-outbox`` queue (SSE-SQS, the default for new queues).
Secrets Manager
  - ``legacy/reporting-db``: rotation never configured -> secretsmanager.rotation-enabled;
    SecretsManager.1 (created during seeding, so secretsmanager.rotated-recently still
    passes: moto cannot back-date a secret).
OpenSearch Service
  - ``legacy-logs``: no encryption at rest, none between nodes, HTTP allowed with the TLS 1.0
    policy -> es.domain-encryption-at-rest, es.domain-node-to-node-encryption,
    es.domain-https-enforced; Opensearch.1, Opensearch.3, Opensearch.8
ElastiCache
  - ``legacy-session-cache``: neither in-transit nor at-rest encryption ->
    elasticache.encryption-in-transit, elasticache.encryption-at-rest; ElastiCache.5,
    ElastiCache.4
  Fine: ``orders-cache`` (both, TLS required).
Redshift
  - ``analytics-dw``: encrypted, but on the default parameter group, whose require_ssl is
    false -> redshift.require-ssl; Redshift.2. (moto lacks ModifyClusterParameterGroup, so
    no group requiring SSL can be seeded.)

moto notes: every read the collectors make is implemented. ``RotateSecret`` would invoke a
Lambda function (Docker), so no secret is seeded with rotation on.
"""

from __future__ import annotations

import json

from ._common import ACCOUNT_ID, DEMO_PASSWORD, MAIN_REGION, PARTNER_ACCOUNT_ID, _Seeder

_COMPANY_TAG = [{"Key": "company", "Value": "northwind-notes"}]

STORED_SECRET = "demo-reporting-db-pass-not-real"
"""The value stored in ``legacy/reporting-db``; the scan reads metadata only, never this."""


def seed_stores(s: _Seeder) -> None:
    """Create one well-kept and one neglected instance of each data store."""
    _seed_dynamodb(s)
    _seed_efs(s)
    _seed_messaging(s)
    s("secretsmanager").create_secret(
        Name="legacy/reporting-db",
        Description="legacy-reporting-db master password",
        SecretString=STORED_SECRET,
        Tags=_COMPANY_TAG,
    )
    _seed_search_and_caches(s)
    s("redshift").create_cluster(
        ClusterIdentifier="analytics-dw",
        NodeType="ra3.xlplus",
        MasterUsername="northwind",
        MasterUserPassword=DEMO_PASSWORD,
        Encrypted=True,
        KmsKeyId=s.data_key,
        PubliclyAccessible=False,
        Tags=_COMPANY_TAG,
    )


def _seed_dynamodb(s: _Seeder) -> None:
    dynamodb = s("dynamodb")
    for name in ("northwind-orders", "legacy-session-store"):
        dynamodb.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            Tags=_COMPANY_TAG,
        )
    dynamodb.update_continuous_backups(
        TableName="northwind-orders",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )


def _seed_efs(s: _Seeder) -> None:
    efs = s("efs")
    efs.create_file_system(
        CreationToken="northwind-home",
        Encrypted=True,
        KmsKeyId=s.data_key,
        Tags=[{"Key": "Name", "Value": "northwind-home"}, *_COMPANY_TAG],
    )
    efs.create_file_system(
        CreationToken="legacy-shared-files",
        Encrypted=False,
        Tags=[{"Key": "Name", "Value": "legacy-shared-files"}, *_COMPANY_TAG],
    )


def _seed_messaging(s: _Seeder) -> None:
    sns = s("sns")
    sns.create_topic(Name="orders-events", Attributes={"KmsMasterKeyId": s.data_key})
    sns.create_topic(Name="legacy-notifications")
    sqs = s("sqs")
    sqs.create_queue(QueueName="orders-jobs", Attributes={"KmsMasterKeyId": s.data_key})
    sqs.create_queue(QueueName="email-outbox", Attributes={"SqsManagedSseEnabled": "true"})
    # a partner account nobody declared trusted may send to this queue
    partner = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PartnerSend",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{PARTNER_ACCOUNT_ID}:root"},
                "Action": "sqs:SendMessage",
                "Resource": f"arn:aws:sqs:{MAIN_REGION}:{ACCOUNT_ID}:partner-inbox",
            }
        ],
    }
    sqs.create_queue(
        QueueName="partner-inbox",
        Attributes={"SqsManagedSseEnabled": "true", "Policy": json.dumps(partner)},
    )


def _seed_search_and_caches(s: _Seeder) -> None:
    s("opensearch").create_domain(
        DomainName="legacy-logs",
        EngineVersion="OpenSearch_2.11",
        EncryptionAtRestOptions={"Enabled": False},
        NodeToNodeEncryptionOptions={"Enabled": False},
        DomainEndpointOptions={
            "EnforceHTTPS": False,
            "TLSSecurityPolicy": "Policy-Min-TLS-1-0-2019-07",
        },
        TagList=_COMPANY_TAG,
    )
    cache = s("elasticache")
    common = {"Engine": "redis", "CacheNodeType": "cache.t3.micro", "NumCacheClusters": 1}
    cache.create_replication_group(
        ReplicationGroupId="orders-cache",
        ReplicationGroupDescription="order lookups",
        AtRestEncryptionEnabled=True,
        KmsKeyId=s.data_key,
        TransitEncryptionEnabled=True,
        TransitEncryptionMode="required",
        **common,
    )
    cache.create_replication_group(
        ReplicationGroupId="legacy-session-cache",
        ReplicationGroupDescription="old web sessions",
        AtRestEncryptionEnabled=False,
        TransitEncryptionEnabled=False,
        **common,
    )
