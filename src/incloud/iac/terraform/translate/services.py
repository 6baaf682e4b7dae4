"""Terraform translators: Lambda functions, KMS keys, SQS queues, SNS topics, EKS clusters
and CloudTrail trails.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...assembly import Declared
from ._registry import each, first, policy, translates


@translates("aws_lambda_function")
def _function(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    environment = first(v.get("environment"))
    vpc = first(v.get("vpc_config"))
    yield make(
        "AWS::Lambda::Function",
        {
            "FunctionName": v.get("function_name"),
            "Runtime": v.get("runtime"),
            "Role": v.get("role"),
            "PackageType": v.get("package_type"),
            "Environment": {"Variables": environment.get("variables")}
            if isinstance(environment, dict)
            else None,
            "VpcConfig": {"SubnetIds": vpc.get("subnet_ids")} if isinstance(vpc, dict) else None,
        },
    )


@translates("aws_lambda_permission")
def _permission(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::Lambda::Permission",
        {
            "FunctionName": v.get("function_name"),
            "Action": v.get("action"),
            "Principal": v.get("principal"),
            "SourceArn": v.get("source_arn") or None,
            "SourceAccount": v.get("source_account") or None,
            "FunctionUrlAuthType": v.get("function_url_auth_type") or None,
            "PrincipalOrgID": v.get("principal_org_id") or None,
        },
    )


@translates("aws_lambda_function_url")
def _url(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::Lambda::Url",
        {"TargetFunctionArn": v.get("function_name"), "AuthType": v.get("authorization_type")},
    )


@translates("aws_kms_key")
def _key(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::KMS::Key",
        {
            "EnableKeyRotation": v.get("enable_key_rotation"),
            "KeyPolicy": policy(v.get("policy")) or None,
            "KeySpec": v.get("customer_master_key_spec"),
            "KeyUsage": v.get("key_usage"),
            "Enabled": v.get("is_enabled"),
        },
    )


@translates("aws_kms_alias")
def _alias(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::KMS::Alias", {"AliasName": v.get("name"), "TargetKeyId": v.get("target_key_id")}
    )


@translates("aws_sqs_queue")
def _queue(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::SQS::Queue",
        {
            "QueueName": v.get("name"),
            "KmsMasterKeyId": v.get("kms_master_key_id") or None,
            "SqsManagedSseEnabled": v.get("sqs_managed_sse_enabled"),
            "FifoQueue": v.get("fifo_queue"),
        },
    )


@translates("aws_sqs_queue_policy")
def _queue_policy(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::SQS::QueuePolicy",
        {"Queues": [v.get("queue_url")], "PolicyDocument": policy(v.get("policy"))},
    )


@translates("aws_sns_topic")
def _topic(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::SNS::Topic",
        {
            "TopicName": v.get("name"),
            "KmsMasterKeyId": v.get("kms_master_key_id") or None,
            "FifoTopic": v.get("fifo_topic"),
        },
    )


@translates("aws_sns_topic_policy")
def _topic_policy(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::SNS::TopicPolicy",
        {"Topics": [v.get("arn")], "PolicyDocument": policy(v.get("policy"))},
    )


@translates("aws_eks_cluster")
def _eks(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    vpc = first(v.get("vpc_config"))
    encryption = [
        {
            "Resources": e.get("resources"),
            "Provider": {"KeyArn": (first(e.get("provider")) or {}).get("key_arn")},
        }
        for e in each(v.get("encryption_config"))
        if isinstance(e, dict)
    ]
    yield make(
        "AWS::EKS::Cluster",
        {
            "Name": v.get("name"),
            "Version": v.get("version"),
            "ResourcesVpcConfig": {
                "EndpointPublicAccess": vpc.get("endpoint_public_access"),
                "EndpointPrivateAccess": vpc.get("endpoint_private_access"),
                "PublicAccessCidrs": vpc.get("public_access_cidrs"),
            }
            if isinstance(vpc, dict)
            else None,
            "EncryptionConfig": encryption,
            "Logging": {
                "ClusterLogging": {
                    "EnabledTypes": [{"Type": t} for t in each(v.get("enabled_cluster_log_types"))]
                }
            },
        },
    )


@translates("aws_cloudtrail")
def _trail(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::CloudTrail::Trail",
        {
            "TrailName": v.get("name"),
            "IsMultiRegionTrail": v.get("is_multi_region_trail"),
            "IsOrganizationTrail": v.get("is_organization_trail"),
            "IsLogging": v.get("enable_logging"),
            "EnableLogFileValidation": v.get("enable_log_file_validation"),
            "KMSKeyId": v.get("kms_key_id") or None,
            "S3BucketName": v.get("s3_bucket_name"),
            "CloudWatchLogsLogGroupArn": v.get("cloud_watch_logs_group_arn") or None,
            "IncludeGlobalServiceEvents": v.get("include_global_service_events"),
        },
    )
