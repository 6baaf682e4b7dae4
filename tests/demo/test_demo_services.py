"""The demo's managed services (``incloud.demo.seed.services``) on moto's server, scanned
through the live collection path: each deliberate misconfiguration fails the check its
docstring names, and each well-kept resource passes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from incloud.collect.runner import collect
from incloud.collect.session import SessionOptions, open_session
from incloud.demo.run import demo_environment
from incloud.demo.seed import REGIONS
from incloud.demo.seed._common import _Seeder
from incloud.demo.seed.services import seed_services
from incloud.demo.server import DemoServer
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Snapshot

SERVICES = ("kinesis", "stepfunctions", "route53", "macie2", "emr")
"""The collectors (boto3 client names)."""
PREFIXES = ("kinesis", "states", "route53", "macie2", "elasticmapreduce")
"""The same services by IAM prefix, as check ids start."""


@pytest.fixture(scope="module")
def scanned() -> Iterator[Snapshot]:
    with DemoServer() as server, demo_environment():
        s = _Seeder(server.endpoint_url)
        s.data_key = s("kms").create_key(Description="data")["KeyMetadata"]["Arn"]
        seed_services(s)
        session = open_session(SessionOptions(endpoint_url=server.endpoint_url, regions=REGIONS))
        yield collect(session, services=SERVICES)


def _verdicts(snapshot: Snapshot) -> set[tuple[str, str, Verdict]]:
    checks = [c for i, c in all_checks().items() if i.split(".")[0] in PREFIXES]
    return {(f.check_id, f.resource_name, f.verdict) for f in evaluate(snapshot, checks).findings}


def test_service_reads_work_on_the_demo_server(scanned: Snapshot) -> None:
    assert scanned.gaps == ()


def test_each_seeded_misconfiguration_fails_its_check(scanned: Snapshot) -> None:
    found = _verdicts(scanned)
    for check_id, name in [
        ("kinesis.stream-encrypted", "legacy-clickstream"),
        ("states.state-machine-logging", "legacy-nightly-export"),
        ("route53.hosted-zone-query-logging", "legacy-promo.example."),
        ("macie2.enabled", "eu-west-1"),
    ]:
        assert (check_id, name, Verdict.FAIL) in found


def test_well_kept_services_pass(scanned: Snapshot) -> None:
    found = _verdicts(scanned)
    for check_id, name in [
        ("kinesis.stream-encrypted", "orders-stream"),
        ("states.state-machine-logging", "order-fulfilment"),
        ("route53.hosted-zone-query-logging", "northwind-notes.example."),
        ("macie2.enabled", "us-east-1"),
        ("elasticmapreduce.block-public-access", "us-east-1"),
        ("elasticmapreduce.block-public-access", "eu-west-1"),
    ]:
        assert (check_id, name, Verdict.PASS) in found
    assert ("route53.hosted-zone-query-logging", "internal.northwind.", Verdict.NOT_APPLICABLE) in (
        found
    )
