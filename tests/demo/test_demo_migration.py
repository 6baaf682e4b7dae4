"""The demo's graph database, migration and firewalls (``incloud.demo.seed.migration``) on
moto's server, scanned through the live collection path: each deliberate misconfiguration
fails the check its docstring names, and each well-kept resource passes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from incloud.collect.runner import collect
from incloud.collect.session import SessionOptions, open_session
from incloud.demo.run import demo_environment
from incloud.demo.seed import REGIONS
from incloud.demo.seed._common import _Seeder
from incloud.demo.seed.migration import seed_migration
from incloud.demo.server import DemoServer
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Snapshot

SERVICES = ("rds", "dms", "network-firewall")
PREFIXES = ("neptune", "dms", "network-firewall")


@pytest.fixture(scope="module")
def scanned() -> Iterator[Snapshot]:
    with DemoServer() as server, demo_environment():
        s = _Seeder(server.endpoint_url)
        s.data_key = s("kms").create_key(Description="data")["KeyMetadata"]["Arn"]
        s("ec2").create_vpc(CidrBlock="10.0.0.0/16")
        seed_migration(s)
        session = open_session(SessionOptions(endpoint_url=server.endpoint_url, regions=REGIONS))
        yield collect(session, services=SERVICES)


def _verdicts(snapshot: Snapshot) -> set[tuple[str, str, Verdict]]:
    checks = [c for i, c in all_checks().items() if i.split(".")[0] in PREFIXES]
    return {(f.check_id, f.resource_name, f.verdict) for f in evaluate(snapshot, checks).findings}


def test_only_the_firewall_policy_reads_moto_lacks_are_gaps(scanned: Snapshot) -> None:
    # moto implements no firewall policies or rule groups; when a collector test in the same
    # worker has installed their emulation (tests/collect/network_firewall_policies.py) in
    # moto's handler, they are answered instead: either way nothing else is a gap
    lacking = {
        ("network-firewall:ListFirewallPolicies", "NotImplemented"),
        ("network-firewall:ListRuleGroups", "NotImplemented"),
    }
    found = {(g.action, g.error_code) for g in scanned.gaps}
    assert found in (lacking, set())


def test_each_seeded_misconfiguration_fails_its_check(scanned: Snapshot) -> None:
    found = _verdicts(scanned)
    for check_id, name in [
        ("neptune.cluster-storage-encrypted", "legacy-recommendations"),
        ("neptune.cluster-backup-retention", "legacy-recommendations"),
        ("neptune.cluster-deletion-protection", "legacy-recommendations"),
        ("neptune.cluster-audit-logs", "legacy-recommendations"),
        ("neptune.cluster-snapshot-encrypted", "legacy-recommendations-final"),
        ("neptune.cluster-snapshot-not-public", "legacy-recommendations-final"),
        ("dms.replication-instance-not-public", "legacy-migration"),
        ("dms.replication-instance-auto-minor-version-upgrade", "legacy-migration"),
        ("dms.endpoint-ssl", "orders-source"),
        ("dms.replication-task-source-logging", "legacy-copy"),
        ("dms.replication-task-target-logging", "legacy-copy"),
        ("network-firewall.firewall-deletion-protection", "northwind-egress"),
        ("network-firewall.firewall-logging", "northwind-egress"),
    ]:
        assert (check_id, name, Verdict.FAIL) in found, (check_id, name)


def test_well_kept_resources_pass(scanned: Snapshot) -> None:
    found = _verdicts(scanned)
    for check_id, name in [
        ("neptune.cluster-storage-encrypted", "northwind-graph"),
        ("neptune.cluster-backup-retention", "northwind-graph"),
        ("neptune.cluster-deletion-protection", "northwind-graph"),
        ("neptune.cluster-audit-logs", "northwind-graph"),
        ("neptune.cluster-copy-tags-to-snapshot", "northwind-graph"),
        ("dms.replication-instance-not-public", "northwind-migration"),
        ("dms.replication-instance-auto-minor-version-upgrade", "northwind-migration"),
        ("dms.endpoint-ssl", "orders-target"),
        ("dms.replication-task-source-logging", "orders-sync"),
        ("dms.replication-task-target-logging", "orders-sync"),
        ("network-firewall.firewall-deletion-protection", "northwind-inspection"),
        ("network-firewall.firewall-logging", "northwind-inspection"),
    ]:
        assert (check_id, name, Verdict.PASS) in found, (check_id, name)
