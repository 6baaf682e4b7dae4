"""Northwind's graph database, its database migration and its network firewalls (issue 18):
Amazon Neptune, AWS DMS and AWS Network Firewall, each with a well-kept resource beside a
neglected one.

Deliberate misconfigurations: the incloud check each should fail, then the Security Hub
control it corresponds to.

Neptune
  - ``legacy-recommendations``: unencrypted, one day of backups, no deletion protection, no
    audit log -> neptune.cluster-storage-encrypted, -backup-retention, -deletion-protection,
    -audit-logs; Neptune.1, .5, .4, .2
  - ``legacy-recommendations-final``: its manual snapshot, unencrypted and restorable by
    every account -> neptune.cluster-snapshot-encrypted, -snapshot-not-public; Neptune.6, .3
  Fine: ``northwind-graph`` (encrypted with the data key, 7 days, protected, audit log
  exported, tags copied to snapshots). moto refuses IAM database authentication on any
  cluster but Aurora and reports every Neptune cluster in one zone, so both also fail
  neptune.cluster-iam-auth and -multi-az (Neptune.7, .9).
DMS
  - ``legacy-migration``: publicly accessible, no automatic minor upgrades ->
    dms.replication-instance-not-public, -auto-minor-version-upgrade; DMS.1, DMS.6
  - ``orders-source`` endpoint without TLS -> dms.endpoint-ssl; DMS.9
  - ``legacy-copy`` task with logging off -> dms.replication-task-source-logging,
    -target-logging; DMS.8, DMS.7
  Fine: ``northwind-migration`` (private), ``orders-target`` (verify-full), ``orders-sync``
  (logging at the default severity).
Network Firewall
  - ``northwind-egress``: no deletion protection, no logging ->
    network-firewall.firewall-deletion-protection, -firewall-logging; NetworkFirewall.9, .2
  Fine: ``northwind-inspection`` (protected, alert logs to CloudWatch Logs).

moto notes: the RDS backend refuses the ``docdb`` engine, so DocumentDB is not seeded; moto's
Network Firewall has no firewall policies or rule groups (``ListFirewallPolicies`` and
``ListRuleGroups`` are gaps, the policy checks unknown).
"""

from __future__ import annotations

import json

from ._common import ACCOUNT_ID, FAKE_DB_PASSWORD, MAIN_REGION, _Seeder

_LOGGED_TASK = {
    "Logging": {
        "EnableLogging": True,
        "LogComponents": [
            {"Id": c, "Severity": "LOGGER_SEVERITY_DEFAULT"}
            for c in ("SOURCE_CAPTURE", "SOURCE_UNLOAD", "TARGET_APPLY", "TARGET_LOAD")
        ],
    }
}


def seed_migration(s: _Seeder) -> None:
    """Seed the graph database, the migration and the firewalls above (after seed_kms and
    seed_network).
    """
    _seed_graph(s)
    _seed_dms(s)
    _seed_firewalls(s)


def _seed_graph(s: _Seeder) -> None:
    rds = s("rds")
    common = {"Engine": "neptune", "MasterUsername": "graphadmin"}
    rds.create_db_cluster(
        DBClusterIdentifier="northwind-graph",
        StorageEncrypted=True,
        KmsKeyId=s.data_key,
        DeletionProtection=True,
        BackupRetentionPeriod=7,
        CopyTagsToSnapshot=True,
        EnableCloudwatchLogsExports=["audit"],
        MasterUserPassword=FAKE_DB_PASSWORD,
        **common,
    )
    rds.create_db_cluster(
        DBClusterIdentifier="legacy-recommendations",
        StorageEncrypted=False,
        BackupRetentionPeriod=1,
        MasterUserPassword=FAKE_DB_PASSWORD,
        **common,
    )
    rds.create_db_cluster_snapshot(
        DBClusterSnapshotIdentifier="legacy-recommendations-final",
        DBClusterIdentifier="legacy-recommendations",
    )
    rds.modify_db_cluster_snapshot_attribute(
        DBClusterSnapshotIdentifier="legacy-recommendations-final",
        AttributeName="restore",
        ValuesToAdd=["all"],
    )


def _seed_dms(s: _Seeder) -> None:
    dms = s("dms")
    instances = {}
    for name, public in (("northwind-migration", False), ("legacy-migration", True)):
        answer = dms.create_replication_instance(
            ReplicationInstanceIdentifier=name,
            ReplicationInstanceClass="dms.t3.medium",
            PubliclyAccessible=public,
            AutoMinorVersionUpgrade=not public,
        )
        instances[name] = answer["ReplicationInstance"]["ReplicationInstanceArn"]
    endpoints = {}
    for name, kind, engine, mode in (
        ("orders-source", "source", "mysql", "none"),
        ("orders-target", "target", "postgres", "verify-full"),
    ):
        answer = dms.create_endpoint(
            EndpointIdentifier=name,
            EndpointType=kind,
            EngineName=engine,
            ServerName=f"{name}.db.northwind.internal",
            Port=3306 if engine == "mysql" else 5432,
            Username="migrator",
            Password=FAKE_DB_PASSWORD,
            SslMode=mode,
        )
        endpoints[name] = answer["Endpoint"]["EndpointArn"]
    for name, settings in (
        ("orders-sync", _LOGGED_TASK),
        ("legacy-copy", {"Logging": {"EnableLogging": False}}),
    ):
        dms.create_replication_task(
            ReplicationTaskIdentifier=name,
            SourceEndpointArn=endpoints["orders-source"],
            TargetEndpointArn=endpoints["orders-target"],
            ReplicationInstanceArn=instances["northwind-migration"],
            MigrationType="full-load-and-cdc",
            TableMappings=json.dumps({"rules": []}),
            ReplicationTaskSettings=json.dumps(settings),
        )


def _seed_firewalls(s: _Seeder) -> None:
    firewall = s("network-firewall")
    vpc = s("ec2").describe_vpcs()["Vpcs"][0]["VpcId"]
    policy = f"arn:aws:network-firewall:{MAIN_REGION}:{ACCOUNT_ID}:firewall-policy/northwind"
    subnets = s.public_subnets or [f"subnet-{vpc}"]
    for name, protected in (("northwind-inspection", True), ("northwind-egress", False)):
        firewall.create_firewall(
            FirewallName=name,
            FirewallPolicyArn=policy,
            VpcId=vpc,
            SubnetMappings=[{"SubnetId": subnets[0]}],
            DeleteProtection=protected,
        )
    alerts = {"logGroup": "/northwind/firewall/alerts"}
    firewall.update_logging_configuration(
        FirewallName="northwind-inspection",
        LoggingConfiguration={
            "LogDestinationConfigs": [
                {
                    "LogType": "ALERT",
                    "LogDestinationType": "CloudWatchLogs",
                    "LogDestination": alerts,
                }
            ]
        },
    )
