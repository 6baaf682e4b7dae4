"""RDS instances, clusters, subnet groups and parameter groups, with RDS's defaults where the
template is silent (CloudFormation ``AWS::RDS::DBInstance``: backups 1 day, no encryption,
private, minor upgrades on). An engine's default port is the engine's; the password never
enters the snapshot.
"""

from __future__ import annotations

from typing import Any

from ...snapshot.ec2 import NetworkInterface
from ...snapshot.rds import DbCluster, DbInstance
from ..assembly import Assembly, Declared, Draft, slug
from .registry import builds, flag, listed

_PORTS = {
    "mysql": 3306,
    "mariadb": 3306,
    "aurora": 3306,
    "aurora-mysql": 3306,
    "postgres": 5432,
    "aurora-postgresql": 5432,
    "oracle-ee": 1521,
    "oracle-se2": 1521,
    "sqlserver-ex": 1433,
    "sqlserver-se": 1433,
    "sqlserver-ee": 1433,
    "sqlserver-web": 1433,
}
"""Each engine's default port (RDS User Guide)."""


def _common(asm: Assembly, draft: Draft, props: dict[str, Any]) -> None:
    engine = str(asm.known(draft, props, "Engine", ""))
    draft.fields["engine"] = engine
    draft.fields["engine_version"] = str(props.get("EngineVersion", ""))
    draft.fields["storage_encrypted"] = flag(asm.known(draft, props, "StorageEncrypted", False))
    draft.fields["kms_key_id"] = asm.known(draft, props, "KmsKeyId", None)
    draft.fields["backup_retention_days"] = int(asm.known(draft, props, "BackupRetentionPeriod", 1))
    draft.fields["deletion_protection"] = flag(asm.known(draft, props, "DeletionProtection"))
    draft.fields["iam_auth"] = flag(asm.known(draft, props, "EnableIAMDatabaseAuthentication"))
    draft.fields["copy_tags_to_snapshot"] = flag(asm.known(draft, props, "CopyTagsToSnapshot"))
    draft.fields["log_exports"] = tuple(
        str(x) for x in listed(asm.known(draft, props, "EnableCloudwatchLogsExports", []))
    )
    port = asm.known(draft, props, "Port", None)
    draft.fields["port"] = int(port) if port is not None else _PORTS.get(engine)
    draft.fields["master_username"] = asm.known(draft, props, "MasterUsername", None)
    draft.fields["parameter_overrides"] = {}
    asm.unknown(draft, "backup:ListBackupPlans", "AWS Backup plans select resources at deploy")


@builds("AWS::RDS::DBInstance")
def db_instance(asm: Assembly, declared: Declared) -> None:
    """A DB instance in its subnet group."""
    props = declared.properties
    draft = asm.add(DbInstance, declared)
    _common(asm, draft, props)
    if props.get("DBClusterIdentifier") is not None:
        draft.fields["cluster_id"] = asm.known(draft, props, "DBClusterIdentifier", None)
    draft.fields["instance_class"] = str(props.get("DBInstanceClass", ""))
    draft.fields["publicly_accessible"] = flag(asm.known(draft, props, "PubliclyAccessible"))
    draft.fields["multi_az"] = flag(asm.known(draft, props, "MultiAZ"))
    draft.fields["auto_minor_version_upgrade"] = flag(
        asm.known(draft, props, "AutoMinorVersionUpgrade", True), True
    )
    draft.fields["monitoring_interval"] = int(asm.known(draft, props, "MonitoringInterval", 0))
    draft.fields["security_group_ids"] = tuple(
        str(g)
        for g in listed(
            asm.known(
                draft, props, "VPCSecurityGroups", [], everywhere="ec2:DescribeSecurityGroups"
            )
        )
    )
    group = asm.known(draft, props, "DBSubnetGroupName", None, everywhere="ec2:DescribeRouteTables")
    _in_subnet_group(asm, draft, group)


@builds("AWS::RDS::DBCluster")
def db_cluster(asm: Assembly, declared: Declared) -> None:
    """An Aurora or Multi-AZ DB cluster."""
    props = declared.properties
    draft = asm.add(DbCluster, declared)
    _common(asm, draft, props)
    draft.fields["backtrack_window"] = int(asm.known(draft, props, "BacktrackWindow", 0))
    name = asm.identity(declared).name

    def members(asm: Assembly) -> None:
        draft.fields["member_ids"] = tuple(
            d.fields["name"]
            for d in asm.drafts.values()
            if d.model is DbInstance and d.fields.get("cluster_id") == name
        )

    asm.deferred.append(members)


@builds("AWS::RDS::DBSubnetGroup")
def subnet_group(asm: Assembly, declared: Declared) -> None:
    """A DB subnet group: the subnets its instances use."""
    subnets = [str(s) for s in listed(declared.properties.get("SubnetIds"))]
    asm.groupings.setdefault("db-subnet-group", {})[asm.identity(declared).name] = subnets


def _in_subnet_group(asm: Assembly, draft: Draft, group: Any) -> None:
    def place(asm: Assembly) -> None:
        known = asm.groupings.get("db-subnet-group", {})
        subnets = list(known.get(str(group), [])) if group else []
        draft.fields["subnet_ids"] = tuple(subnets)
        for subnet_id in subnets:
            home = asm.subnet(subnet_id)
            if home is not None:
                draft.fields["vpc_id"] = home[0]
        if subnets and draft.fields.get("vpc_id"):
            _interface(asm, draft, subnets[0])
        else:
            draft.fields["vpc_id"] = "vpc-default"
            asm.unknown(
                draft,
                None,
                "its DB subnet group is not in the files (none given: the "
                "default VPC's), so its network is not known",
            )

    asm.deferred.append(place)


def _interface(asm: Assembly, db: Draft, subnet_id: str) -> None:
    """The interface RDS places in the first subnet of the group, with the instance's
    groups, and a public address when the instance is publicly accessible (RDS User Guide:
    the endpoint resolves to a public address from outside the VPC). Which subnet RDS
    picks is its choice: the subnets of one group are judged alike in practice.
    """
    ident = "eni-rds-" + slug(db.fields["name"])
    arn = f"arn:{asm.partition}:ec2:{asm.region}:{asm.account_id}:network-interface/{ident}"
    public = (asm.public_address(),) if db.fields.get("publicly_accessible") else ()
    asm.drafts[arn] = Draft(
        NetworkInterface,
        {
            "arn": arn,
            "name": ident,
            "account_id": asm.account_id,
            "region": asm.region,
            "interface_id": ident,
            "subnet_id": subnet_id,
            "vpc_id": db.fields.get("vpc_id"),
            "security_group_ids": db.fields["security_group_ids"],
            "public_ips": public,
            "interface_type": "interface",
            "description": "RDSNetworkInterface",
            "requester_id": "amazon-rds",
        },
        db.source,
    )
