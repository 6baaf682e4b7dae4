"""Terraform translators: RDS instances, clusters and subnet groups; DynamoDB tables, EFS
file systems and ECR repositories.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...assembly import Declared
from ._registry import each, first, policy, translates


def _database(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "Engine": v.get("engine"),
        "EngineVersion": v.get("engine_version") or None,
        "StorageEncrypted": v.get("storage_encrypted"),
        "KmsKeyId": v.get("kms_key_id") or None,
        "BackupRetentionPeriod": v.get("backup_retention_period"),
        "DeletionProtection": v.get("deletion_protection"),
        "EnableIAMDatabaseAuthentication": v.get("iam_database_authentication_enabled"),
        "CopyTagsToSnapshot": v.get("copy_tags_to_snapshot"),
        "EnableCloudwatchLogsExports": v.get("enabled_cloudwatch_logs_exports"),
        "Port": v.get("port"),
        "MasterUsername": v.get("username", v.get("master_username")),
        "VPCSecurityGroups": v.get("vpc_security_group_ids"),
        "DBSubnetGroupName": v.get("db_subnet_group_name"),
    }


@translates("aws_db_instance")
def _db(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::RDS::DBInstance",
        {
            **_database(v),
            "DBInstanceIdentifier": v.get("identifier"),
            "DBInstanceClass": v.get("instance_class"),
            "PubliclyAccessible": v.get("publicly_accessible"),
            "MultiAZ": v.get("multi_az"),
            "AutoMinorVersionUpgrade": v.get("auto_minor_version_upgrade"),
            "MonitoringInterval": v.get("monitoring_interval"),
            "DBClusterIdentifier": v.get("cluster_identifier") or None,
        },
    )


@translates("aws_rds_cluster")
def _cluster(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::RDS::DBCluster",
        {
            **_database(v),
            "DBClusterIdentifier": v.get("cluster_identifier"),
            "BacktrackWindow": v.get("backtrack_window"),
        },
    )


@translates("aws_db_subnet_group")
def _subnet_group(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::RDS::DBSubnetGroup",
        {"DBSubnetGroupName": v.get("name"), "SubnetIds": v.get("subnet_ids")},
    )


@translates("aws_dynamodb_table")
def _table(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    recovery = first(v.get("point_in_time_recovery"))
    yield make(
        "AWS::DynamoDB::Table",
        {
            "TableName": v.get("name"),
            "BillingMode": v.get("billing_mode"),
            "DeletionProtectionEnabled": v.get("deletion_protection_enabled"),
            "PointInTimeRecoverySpecification": {
                "PointInTimeRecoveryEnabled": recovery.get("enabled")
            }
            if isinstance(recovery, dict)
            else None,
            "GlobalSecondaryIndexes": [
                {"IndexName": i.get("name")}
                for i in each(v.get("global_secondary_index"))
                if isinstance(i, dict)
            ],
        },
    )


@translates("aws_efs_file_system")
def _efs(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "AWS::EFS::FileSystem",
        {"Encrypted": v.get("encrypted"), "KmsKeyId": v.get("kms_key_id") or None},
    )


@translates("aws_efs_file_system_policy")
def _efs_policy(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    yield make(
        "Terraform::EFS::FileSystemPolicy",
        {"FileSystemId": v.get("file_system_id"), "Policy": policy(v.get("policy"))},
    )


@translates("aws_ecr_repository")
def _ecr(v: dict[str, Any], make: Any) -> Iterator[Declared]:
    scanning = first(v.get("image_scanning_configuration"))
    encryption = first(v.get("encryption_configuration"))
    yield make(
        "AWS::ECR::Repository",
        {
            "RepositoryName": v.get("name"),
            "ImageTagMutability": v.get("image_tag_mutability"),
            "ImageScanningConfiguration": {"ScanOnPush": scanning.get("scan_on_push")}
            if isinstance(scanning, dict)
            else None,
            "EncryptionConfiguration": {"EncryptionType": encryption.get("encryption_type")}
            if isinstance(encryption, dict)
            else None,
        },
    )
