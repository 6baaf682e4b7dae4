"""DynamoDB tables, EFS file systems and ECR repositories, with their resource policies.

AWS Backup plans select resources at deploy (a gap on that read), and auto scaling of a
provisioned table is left unknown unless the files declare none is needed (on-demand).
"""

from __future__ import annotations

from ...snapshot.dynamodb import DynamoDbTable, TableCapacity
from ...snapshot.ecr import EcrRepository
from ...snapshot.efs import EfsFileSystem
from ..assembly import Assembly, Declared
from .registry import builds, flag, listed

_BACKUP = ("backup:ListBackupPlans", "AWS Backup plans select resources at deploy")


@builds("AWS::DynamoDB::Table")
def table(asm: Assembly, declared: Declared) -> None:
    """A table: point-in-time recovery, deletion protection, billing, its policy."""
    props = declared.properties
    draft = asm.add(DynamoDbTable, declared)
    recovery = asm.known(
        draft,
        props,
        "PointInTimeRecoverySpecification",
        {},
        action="dynamodb:DescribeContinuousBackups",
    )
    enabled = (
        flag(recovery.get("PointInTimeRecoveryEnabled")) if isinstance(recovery, dict) else False
    )
    draft.fields["pitr_enabled"] = enabled
    if enabled:
        days = recovery.get("RecoveryPeriodInDays", 35)
        draft.fields["pitr_recovery_days"] = int(days)
    draft.fields["deletion_protection"] = flag(
        asm.known(draft, props, "DeletionProtectionEnabled", False, action="dynamodb:DescribeTable")
    )
    billing = str(
        asm.known(draft, props, "BillingMode", "PROVISIONED", action="dynamodb:DescribeTable")
    )
    indexes = tuple(
        str(i.get("IndexName"))
        for i in listed(props.get("GlobalSecondaryIndexes"))
        if isinstance(i, dict)
    )
    draft.fields["capacity"] = TableCapacity(billing_mode=billing, indexes=indexes)
    if billing != "PAY_PER_REQUEST":
        asm.unknown(
            draft,
            "application-autoscaling:DescribeScalableTargets",
            "auto scaling is registered by other resources (not modelled)",
        )
    policy = props.get("ResourcePolicy")
    document = policy.get("PolicyDocument") if isinstance(policy, dict) else None
    draft.fields["policy"] = asm.known(
        draft,
        {"PolicyDocument": document},
        "PolicyDocument",
        None,
        action="dynamodb:GetResourcePolicy",
    )
    asm.unknown(draft, *_BACKUP)


@builds("AWS::EFS::FileSystem")
def file_system(asm: Assembly, declared: Declared) -> None:
    """A file system: encryption at rest, its policy."""
    props = declared.properties
    ident = asm.identity(declared).ident
    draft = asm.add(EfsFileSystem, declared, file_system_id=ident)
    draft.fields["encrypted"] = flag(asm.known(draft, props, "Encrypted", False))
    draft.fields["kms_key_id"] = asm.known(draft, props, "KmsKeyId", None)
    document = asm.known(
        draft, props, "FileSystemPolicy", None, action="efs:DescribeFileSystemPolicy"
    )
    draft.fields["policy"] = document if isinstance(document, dict) else None
    asm.unknown(draft, *_BACKUP)


@builds("AWS::ECR::Repository")
def repository(asm: Assembly, declared: Declared) -> None:
    """A repository: scan on push, tag mutability, encryption, policy, lifecycle policy.

    Registry-wide scanning is an account setting the files do not hold: a gap on it.
    """
    props = declared.properties
    draft = asm.add(EcrRepository, declared)
    name = draft.fields["name"]
    draft.fields["uri"] = f"{asm.account_id}.dkr.ecr.{asm.region}.amazonaws.com/{name}"
    draft.fields["created"] = asm.now
    scanning = props.get("ImageScanningConfiguration")
    draft.fields["scan_on_push"] = (
        flag(scanning.get("ScanOnPush")) if isinstance(scanning, dict) else False
    )
    draft.fields["tag_mutability"] = str(asm.known(draft, props, "ImageTagMutability", "MUTABLE"))
    encryption = props.get("EncryptionConfiguration")
    draft.fields["encryption_type"] = (
        str(encryption.get("EncryptionType", "AES256"))
        if (isinstance(encryption, dict))
        else "AES256"
    )
    document = asm.known(
        draft, props, "RepositoryPolicyText", None, action="ecr:GetRepositoryPolicy"
    )
    draft.fields["policy"] = document if isinstance(document, dict) else None
    lifecycle = asm.known(draft, props, "LifecyclePolicy", None, action="ecr:GetLifecyclePolicy")
    draft.fields["lifecycle_policy"] = isinstance(lifecycle, dict) and bool(
        lifecycle.get("LifecyclePolicyText")
    )
    asm.unknown(
        draft,
        "ecr:GetRegistryScanningConfiguration",
        "registry scanning is an account setting, not in the files",
    )


@builds("Terraform::EFS::FileSystemPolicy")
def file_system_policy(asm: Assembly, declared: Declared) -> None:
    """Terraform's ``aws_efs_file_system_policy``, set on its file system."""
    props = declared.properties

    def attach(asm: Assembly) -> None:
        target = asm.by_field(EfsFileSystem, "file_system_id", props.get("FileSystemId"))
        if target is not None:
            document = asm.known(
                target, props, "Policy", None, action="efs:DescribeFileSystemPolicy"
            )
            target.fields["policy"] = document if isinstance(document, dict) else None

    asm.deferred.append(attach)
