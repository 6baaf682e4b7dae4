"""Neptune and DocumentDB (split out of the RDS listing by engine), DMS and Network Firewall
collected from moto, and the checks that read them (issue 18).

moto facts met here (moto 5.2): the RDS backend refuses the ``docdb`` engine, so the
DocumentDB cluster is created as a Neptune one and its engine set to ``docdb`` on moto's
backend (the RDS answer is the same shape); moto's Network Firewall has firewalls and their
logging but no policies or rule groups, which :mod:`tests.collect.network_firewall_policies`
adds to its handler; its ``DescribeFirewall`` reports no endpoints (``SyncStates``). A failed
per-firewall read, a failed rule group read and unreadable DMS task settings are Stubber
cases.
"""

from __future__ import annotations

import json
from typing import Any

from incloud.collect.registry import all_collectors
from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.collect.unit import Unit
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Resource, Snapshot
from incloud.snapshot.dms import ReplicationTask
from incloud.snapshot.docdb import DocDbCluster, DocDbClusterSnapshot
from incloud.snapshot.neptune import NeptuneCluster, NeptuneClusterSnapshot
from incloud.snapshot.networkfirewall import Firewall, StatelessRuleGroup
from incloud.snapshot.rds import DbCluster, DbSnapshot
from tests.collect.moto_account import ACCOUNT, raw_client
from tests.collect.network_firewall_policies import seed_policy, seed_stateless_rule_group
from tests.collect.stubs import OperationStubber

MIGRATION_FIREWALL_ARN_SHAPES: dict[str, tuple[str, str]] = {
    "neptune.cluster": ("rds", r"cluster:[\w-]+"),
    "neptune.cluster-snapshot": ("rds", r"cluster-snapshot:[\w-]+"),
    "docdb.cluster": ("rds", r"cluster:[\w-]+"),
    "docdb.cluster-snapshot": ("rds", r"cluster-snapshot:[\w-]+"),
    "dms.replication-instance": ("dms", r"rep:[\w-]+"),
    "dms.replication-task": ("dms", r"task:[\w-]+"),
    "dms.endpoint": ("dms", r"endpoint:[\w-]+"),
    "network-firewall.firewall": ("network-firewall", r"firewall/[\w-]+"),
    "network-firewall.firewall-policy": ("network-firewall", r"firewall-policy/[\w-]+"),
    "network-firewall.stateless-rule-group": (
        "network-firewall",
        r"stateless-rulegroup/[\w-]+",
    ),
}
"""The ARN each new kind is collected under (``test_collectors`` checks region and account)."""

SERVICES = ["rds", "dms", "network-firewall"]

LOGGED = {
    "Logging": {
        "EnableLogging": True,
        "LogComponents": [
            {"Id": c, "Severity": "LOGGER_SEVERITY_DEFAULT"}
            for c in ("SOURCE_CAPTURE", "SOURCE_UNLOAD", "TARGET_APPLY", "TARGET_LOAD")
        ],
    }
}
PASS_RULE = {
    "Priority": 10,
    "RuleDefinition": {
        "MatchAttributes": {
            "Destinations": [{"AddressDefinition": "10.0.1.0/24"}],
            "DestinationPorts": [{"FromPort": 443, "ToPort": 443}],
            "Protocols": [6],
        },
        "Actions": ["aws:pass"],
    },
}


def seed_migration_and_firewalls() -> None:
    """Neptune ``graph`` (hardened) and ``graph-legacy`` (every setting off, a public
    unencrypted snapshot), DocumentDB ``docs`` (unencrypted, one day of backups, no audit
    log); DMS ``ri-public`` (public, no minor upgrades) and ``ri-private``, endpoints ``src``
    (no TLS), ``tgt`` (verify-full) and ``lake`` (S3), tasks ``logged`` and ``quiet``;
    Network Firewall ``edge`` (deletion protection off, no logging) and ``core`` (protected,
    alert logs), policies ``strict`` and ``loose``, rule groups ``web`` and ``empty``.
    """
    rds = raw_client("rds")
    common = {"Engine": "neptune", "MasterUsername": "admin", "MasterUserPassword": "secret123"}
    rds.create_db_cluster(
        DBClusterIdentifier="graph",
        StorageEncrypted=True,
        DeletionProtection=True,
        CopyTagsToSnapshot=True,
        BackupRetentionPeriod=7,
        EnableCloudwatchLogsExports=["audit"],
        **common,
    )
    rds.create_db_cluster(
        DBClusterIdentifier="graph-legacy",
        StorageEncrypted=False,
        BackupRetentionPeriod=1,
        **common,
    )
    rds.create_db_cluster_snapshot(
        DBClusterSnapshotIdentifier="graph-legacy-copy", DBClusterIdentifier="graph-legacy"
    )
    rds.modify_db_cluster_snapshot_attribute(
        DBClusterSnapshotIdentifier="graph-legacy-copy",
        AttributeName="restore",
        ValuesToAdd=["all"],
    )
    rds.create_db_cluster(
        DBClusterIdentifier="docs", StorageEncrypted=False, BackupRetentionPeriod=1, **common
    )
    rds.create_db_cluster_snapshot(
        DBClusterSnapshotIdentifier="docs-copy", DBClusterIdentifier="docs"
    )
    _set_engine("docs", "docs-copy", "docdb")
    # moto takes every non-Aurora cluster for a Multi-AZ DB cluster and refuses IAM
    # authentication on it; Neptune accepts it.
    _backend().clusters["graph"].iam_auth = True

    dms = raw_client("dms")
    instances = {}
    for name, public in (("ri-public", True), ("ri-private", False)):
        answer = dms.create_replication_instance(
            ReplicationInstanceIdentifier=name,
            ReplicationInstanceClass="dms.t3.micro",
            PubliclyAccessible=public,
            AutoMinorVersionUpgrade=not public,
        )
        instances[name] = answer["ReplicationInstance"]["ReplicationInstanceArn"]
    endpoints = {}
    for name, kind, engine, mode in (
        ("src", "source", "mysql", "none"),
        ("tgt", "target", "postgres", "verify-full"),
        ("lake", "target", "s3", "none"),
    ):
        answer = dms.create_endpoint(
            EndpointIdentifier=name,
            EndpointType=kind,
            EngineName=engine,
            ServerName="db.internal",
            Port=5432,
            Username="migrator",
            Password="secret123",
            SslMode=mode,
        )
        endpoints[name] = answer["Endpoint"]["EndpointArn"]
    for name, settings in (("logged", LOGGED), ("quiet", {"Logging": {"EnableLogging": False}})):
        dms.create_replication_task(
            ReplicationTaskIdentifier=name,
            SourceEndpointArn=endpoints["src"],
            TargetEndpointArn=endpoints["tgt"],
            ReplicationInstanceArn=instances["ri-private"],
            MigrationType="full-load-and-cdc",
            TableMappings=json.dumps({"rules": []}),
            ReplicationTaskSettings=json.dumps(settings),
        )

    web = seed_stateless_rule_group("web", [PASS_RULE])
    seed_stateless_rule_group("empty", [])
    strict = seed_policy(
        "strict",
        {
            "StatelessDefaultActions": ["aws:drop"],
            "StatelessFragmentDefaultActions": ["aws:drop"],
            "StatelessRuleGroupReferences": [{"ResourceArn": web, "Priority": 1}],
        },
    )
    seed_policy(
        "loose",
        {"StatelessDefaultActions": ["aws:pass"], "StatelessFragmentDefaultActions": ["aws:pass"]},
    )
    firewall = raw_client("network-firewall")
    vpc = raw_client("ec2").create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    for name, protected in (("edge", False), ("core", True)):
        firewall.create_firewall(
            FirewallName=name,
            FirewallPolicyArn=strict,
            VpcId=vpc,
            SubnetMappings=[{"SubnetId": f"subnet-{name}"}],
            DeleteProtection=protected,
        )
    alert = {"logGroup": "/firewall/core/alert"}
    firewall.update_logging_configuration(
        FirewallName="core",
        LoggingConfiguration={
            "LogDestinationConfigs": [
                {
                    "LogType": "ALERT",
                    "LogDestinationType": "CloudWatchLogs",
                    "LogDestination": alert,
                }
            ]
        },
    )


def _backend(region: str = "us-east-1") -> Any:
    from moto.rds.models import rds_backends

    return rds_backends[ACCOUNT][region]


def _set_engine(cluster: str, snapshot: str, engine: str, region: str = "us-east-1") -> None:
    """moto refuses ``docdb``: relabel a cluster and its snapshot on moto's backend."""
    backend = _backend(region)
    backend.clusters[cluster].engine = engine
    backend.cluster_snapshots[snapshot].engine = engine


def verdicts(snapshot: Snapshot, check_id: str) -> dict[str, Verdict]:
    assessment = evaluate(snapshot, [all_checks()[check_id]])
    return {f.resource_name: f.verdict for f in assessment.findings if f.region == "us-east-1"}


def named(snapshot: Snapshot, kind: type[Resource]) -> dict[str, Any]:
    return {r.name: r for r in snapshot.resources if type(r) is kind}


def test_engines_split_out_of_rds_and_their_checks(reset_session: AwsSession) -> None:
    seed_migration_and_firewalls()
    snapshot = collect(reset_session, services=SERVICES)

    assert not snapshot.gaps
    # One DescribeDBClusters answer: no Neptune or DocumentDB cluster is an RDS cluster.
    assert not named(snapshot, DbCluster) and not named(snapshot, DbSnapshot)
    assert set(named(snapshot, NeptuneCluster)) == {"graph", "graph-legacy"}
    assert set(named(snapshot, DocDbCluster)) == {"docs"}
    assert named(snapshot, NeptuneClusterSnapshot)["graph-legacy-copy"].public is True
    assert named(snapshot, DocDbClusterSnapshot)["docs-copy"].public is False
    graph = {"graph": Verdict.PASS, "graph-legacy": Verdict.FAIL}
    for check_id in (
        "neptune.cluster-storage-encrypted",
        "neptune.cluster-backup-retention",
        "neptune.cluster-deletion-protection",
        "neptune.cluster-iam-auth",
        "neptune.cluster-copy-tags-to-snapshot",
        "neptune.cluster-audit-logs",
    ):
        assert verdicts(snapshot, check_id) == graph, check_id
    assert verdicts(snapshot, "neptune.cluster-snapshot-not-public") == {
        "graph-legacy-copy": Verdict.FAIL
    }
    assert verdicts(snapshot, "neptune.cluster-snapshot-encrypted") == {
        "graph-legacy-copy": Verdict.FAIL
    }
    for check_id in (
        "docdb.cluster-storage-encrypted",
        "docdb.cluster-backup-retention",
        "docdb.cluster-deletion-protection",
        "docdb.cluster-audit-logs",
    ):
        assert verdicts(snapshot, check_id) == {"docs": Verdict.FAIL}, check_id
    assert verdicts(snapshot, "docdb.cluster-snapshot-not-public") == {"docs-copy": Verdict.PASS}
    # The RDS cluster checks judge none of them.
    assert verdicts(snapshot, "rds.cluster-storage-encrypted") == {}


def test_dms_and_network_firewall_and_their_checks(reset_session: AwsSession) -> None:
    seed_migration_and_firewalls()
    snapshot = collect(reset_session, services=SERVICES)

    assert not snapshot.gaps
    instances = {"ri-public": Verdict.FAIL, "ri-private": Verdict.PASS}
    assert verdicts(snapshot, "dms.replication-instance-not-public") == instances
    assert verdicts(snapshot, "dms.replication-instance-auto-minor-version-upgrade") == instances
    assert verdicts(snapshot, "dms.endpoint-ssl") == {
        "src": Verdict.FAIL,
        "tgt": Verdict.PASS,
        "lake": Verdict.NOT_APPLICABLE,
    }
    tasks = {"logged": Verdict.PASS, "quiet": Verdict.FAIL}
    assert verdicts(snapshot, "dms.replication-task-source-logging") == tasks
    assert verdicts(snapshot, "dms.replication-task-target-logging") == tasks

    firewalls = named(snapshot, Firewall)
    assert firewalls["core"].log_types == ("ALERT",)
    assert firewalls["edge"].policy_arn.endswith("firewall-policy/strict")
    assert verdicts(snapshot, "network-firewall.firewall-logging") == {
        "edge": Verdict.FAIL,
        "core": Verdict.PASS,
    }
    assert verdicts(snapshot, "network-firewall.firewall-deletion-protection") == {
        "edge": Verdict.FAIL,
        "core": Verdict.PASS,
    }
    policies = {"strict": Verdict.PASS, "loose": Verdict.FAIL}
    for check_id in (
        "network-firewall.policy-default-action-full-packets",
        "network-firewall.policy-default-action-fragments",
        "network-firewall.policy-rule-groups",
    ):
        assert verdicts(snapshot, check_id) == policies, check_id
    (rule,) = named(snapshot, StatelessRuleGroup)["web"].rules
    assert (rule.actions, rule.protocols, rule.destinations) == (
        ("aws:pass",),
        (6,),
        ("10.0.1.0/24",),
    )
    assert verdicts(snapshot, "network-firewall.stateless-rule-group-not-empty") == {
        "web": Verdict.PASS,
        "empty": Verdict.FAIL,
    }


def _run(session: AwsSession, service: str) -> tuple[list[Resource], Unit]:
    unit = Unit(
        session=session, region="us-east-1", service=service, scanned_regions=("us-east-1",)
    )
    return list(all_collectors()[service].collect(unit)), unit


def test_a_failed_firewall_or_rule_group_read_is_a_gap_and_unknown(session: AwsSession) -> None:
    arn = f"arn:aws:network-firewall:us-east-1:{ACCOUNT}:firewall/edge"
    group = f"arn:aws:network-firewall:us-east-1:{ACCOUNT}:stateless-rulegroup/web"
    with OperationStubber(session.client("network-firewall", "us-east-1")) as stubber:
        stubber.add_response(
            "list_firewalls", {"Firewalls": [{"FirewallName": "edge", "FirewallArn": arn}]}
        )
        stubber.add_client_error(
            "describe_firewall", "AccessDeniedException", expected_params={"FirewallArn": arn}
        )
        stubber.add_client_error(
            "describe_logging_configuration",
            "AccessDeniedException",
            expected_params={"FirewallArn": arn},
        )
        stubber.add_response("list_firewall_policies", {"FirewallPolicies": []})
        stubber.add_response(
            "list_rule_groups",
            {"RuleGroups": [{"Name": "web", "Arn": group}]},
            {"Type": "STATELESS"},
        )
        stubber.add_client_error(
            "describe_rule_group",
            "ThrottlingException",
            expected_params={"RuleGroupArn": group, "Type": "STATELESS"},
        )
        resources, unit = _run(session, "network-firewall")
        stubber.assert_no_pending_responses()

    by_name: dict[str, Any] = {r.name: r for r in resources}
    assert by_name["edge"].delete_protection is None and by_name["edge"].log_types is None
    assert by_name["web"].rules is None
    assert sorted((g.action, g.resource_arn) for g in unit.gaps) == [
        ("network-firewall:DescribeFirewall", arn),
        ("network-firewall:DescribeLoggingConfiguration", arn),
        ("network-firewall:DescribeRuleGroup", group),
    ]
    snapshot = _snapshot(resources, unit)
    for check_id in (
        "network-firewall.firewall-logging",
        "network-firewall.firewall-deletion-protection",
    ):
        assert verdicts(snapshot, check_id) == {"edge": Verdict.UNKNOWN}
    assert verdicts(snapshot, "network-firewall.stateless-rule-group-not-empty") == {
        "web": Verdict.UNKNOWN
    }


def test_unreadable_task_settings_are_a_gap_and_unknown(session: AwsSession) -> None:
    task = {
        "ReplicationTaskIdentifier": "odd",
        "ReplicationTaskArn": f"arn:aws:dms:us-east-1:{ACCOUNT}:task:odd",
        "ReplicationTaskSettings": "{not json",
    }
    with OperationStubber(session.client("dms", "us-east-1")) as stubber:
        stubber.add_response("describe_replication_instances", {"ReplicationInstances": []})
        stubber.add_response("describe_replication_tasks", {"ReplicationTasks": [task]})
        stubber.add_response("describe_endpoints", {"Endpoints": []})
        resources, unit = _run(session, "dms")

    (odd,) = [r for r in resources if isinstance(r, ReplicationTask)]
    assert odd.logging_enabled is None
    (gap,) = unit.gaps
    assert (gap.action, gap.error_code, gap.resource_arn) == (
        "dms:DescribeReplicationTasks",
        "BadResponse",
        odd.arn,
    )
    snapshot = _snapshot(resources, unit)
    assert verdicts(snapshot, "dms.replication-task-source-logging") == {"odd": Verdict.UNKNOWN}


def _snapshot(resources: list[Resource], unit: Unit) -> Snapshot:
    return Snapshot.model_validate(
        {
            "collected_at": "2026-12-01T00:00:00Z",
            "accounts": [{"account_id": ACCOUNT, "regions": ["us-east-1"]}],
            "resources": [r.model_dump() for r in resources],
            "gaps": [g.model_dump() for g in unit.gaps],
        }
    )


def test_firewall_endpoints_come_from_its_sync_states(session: AwsSession) -> None:
    """moto reports no ``SyncStates``; AWS names each zone's subnet and endpoint there, which
    the reachability engine follows from ingress routes (evaluate/network/firewall.py)."""
    arn = f"arn:aws:network-firewall:us-east-1:{ACCOUNT}:firewall/edge"
    policy = f"arn:aws:network-firewall:us-east-1:{ACCOUNT}:firewall-policy/strict"
    body = {
        "FirewallName": "edge",
        "FirewallArn": arn,
        "FirewallPolicyArn": policy,
        "VpcId": "vpc-1",
        "SubnetMappings": [{"SubnetId": "subnet-a"}, {"SubnetId": "subnet-b"}],
        "FirewallId": "11111111-2222-3333-4444-555555555555",
        "DeleteProtection": True,
    }
    status = {
        "Status": "READY",
        "ConfigurationSyncStateSummary": "IN_SYNC",
        "SyncStates": {
            "us-east-1a": {"Attachment": {"SubnetId": "subnet-a", "EndpointId": "vpce-a"}},
            "us-east-1b": {"Attachment": {"SubnetId": "subnet-b", "EndpointId": "vpce-b"}},
            "us-east-1c": {"Attachment": {"SubnetId": "subnet-c", "Status": "CREATING"}},
        },
    }
    with OperationStubber(session.client("network-firewall", "us-east-1")) as stubber:
        stubber.add_response(
            "list_firewalls", {"Firewalls": [{"FirewallName": "edge", "FirewallArn": arn}]}
        )
        stubber.add_response(
            "describe_firewall", {"Firewall": body, "FirewallStatus": status}, {"FirewallArn": arn}
        )
        stubber.add_response(
            "describe_logging_configuration",
            {"FirewallArn": arn, "LoggingConfiguration": {"LogDestinationConfigs": []}},
            {"FirewallArn": arn},
        )
        stubber.add_response("list_firewall_policies", {"FirewallPolicies": []})
        stubber.add_response("list_rule_groups", {"RuleGroups": []}, {"Type": "STATELESS"})
        resources, unit = _run(session, "network-firewall")
        stubber.assert_no_pending_responses()

    assert unit.gaps == []
    (firewall,) = resources
    assert isinstance(firewall, Firewall)
    # An endpoint still being created has no id yet: no route can name it.
    assert firewall.endpoints == {"subnet-a": "vpce-a", "subnet-b": "vpce-b"}
    assert (firewall.subnet_ids, firewall.policy_arn) == (("subnet-a", "subnet-b"), policy)
    assert (firewall.delete_protection, firewall.log_types) == (True, ())
