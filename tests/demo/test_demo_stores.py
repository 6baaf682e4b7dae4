"""The demo's data stores (``incloud.demo.seed.stores``) on moto's server, scanned through the
live collection path: each deliberate misconfiguration fails the check its docstring names.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from incloud.collect.runner import collect
from incloud.collect.session import SessionOptions, open_session
from incloud.demo.run import demo_environment
from incloud.demo.seed import REGIONS
from incloud.demo.seed._common import _Seeder
from incloud.demo.seed.stores import STORED_SECRET, seed_stores
from incloud.demo.server import DemoServer
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Snapshot

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
"""The collectors (boto3 client names)."""
PREFIXES = tuple({"efs": "elasticfilesystem", "opensearch": "es"}.get(s, s) for s in SERVICES)
"""The same services by IAM prefix, as check ids start."""


@pytest.fixture(scope="module")
def scanned() -> Iterator[Snapshot]:
    with DemoServer() as server, demo_environment():
        s = _Seeder(server.endpoint_url)
        s.data_key = s("kms").create_key(Description="data")["KeyMetadata"]["Arn"]
        seed_stores(s)
        session = open_session(SessionOptions(endpoint_url=server.endpoint_url, regions=REGIONS))
        yield collect(session, services=SERVICES)


def _verdicts(snapshot: Snapshot) -> set[tuple[str, str, Verdict]]:
    checks = [c for i, c in all_checks().items() if i.split(".")[0] in PREFIXES]
    return {(f.check_id, f.resource_name, f.verdict) for f in evaluate(snapshot, checks).findings}


def test_store_reads_work_on_the_demo_server(scanned: Snapshot) -> None:
    assert scanned.gaps == ()


def test_each_seeded_misconfiguration_fails_its_check(scanned: Snapshot) -> None:
    found = _verdicts(scanned)
    for check_id, name in [
        ("dynamodb.table-pitr", "legacy-session-store"),
        ("elasticfilesystem.file-system-encrypted", "legacy-shared-files"),
        ("sns.topic-encrypted", "legacy-notifications"),
        ("secretsmanager.rotation-enabled", "legacy/reporting-db"),
        ("es.domain-encryption-at-rest", "legacy-logs"),
        ("es.domain-node-to-node-encryption", "legacy-logs"),
        ("es.domain-https-enforced", "legacy-logs"),
        ("elasticache.encryption-at-rest", "legacy-session-cache"),
        ("elasticache.encryption-in-transit", "legacy-session-cache"),
        ("redshift.require-ssl", "analytics-dw"),
    ]:
        assert (check_id, name, Verdict.FAIL) in found


def test_well_kept_stores_pass(scanned: Snapshot) -> None:
    found = _verdicts(scanned)
    for check_id, name in [
        ("dynamodb.table-pitr", "northwind-orders"),
        ("elasticfilesystem.file-system-encrypted", "northwind-home"),
        ("sns.topic-encrypted", "orders-events"),
        ("sqs.queue-encrypted", "orders-jobs"),
        ("sqs.queue-encrypted", "email-outbox"),
        ("elasticache.encryption-at-rest", "orders-cache"),
        ("elasticache.encryption-in-transit", "orders-cache"),
        ("redshift.cluster-encrypted", "analytics-dw"),
    ]:
        assert (check_id, name, Verdict.PASS) in found


def test_the_stored_secret_value_is_never_collected(scanned: Snapshot) -> None:
    assert STORED_SECRET not in scanned.model_dump_json()
