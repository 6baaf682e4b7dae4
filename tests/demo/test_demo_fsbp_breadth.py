"""The demo's FSBP breadth misconfigurations (``incloud.demo.seed.fsbp_breadth``) on moto's
server, scanned through the live collection path: each fails the check its docstring names,
beside a twin that passes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from incloud.collect.runner import collect
from incloud.collect.session import SessionOptions, open_session
from incloud.demo.run import demo_environment
from incloud.demo.seed import REGIONS
from incloud.demo.seed._common import _Seeder
from incloud.demo.seed.fsbp_breadth import seed_fsbp_breadth
from incloud.demo.seed.storage import seed_s3
from incloud.demo.seed.stores import seed_stores
from incloud.demo.server import DemoServer
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import Snapshot

SERVICES = ("s3", "s3control", "efs", "ssm", "iam")


@pytest.fixture(scope="module")
def scanned() -> Iterator[Snapshot]:
    with DemoServer() as server, demo_environment():
        s = _Seeder(server.endpoint_url)
        s.data_key = s("kms").create_key(Description="data")["KeyMetadata"]["Arn"]
        seed_s3(s)
        seed_stores(s)
        seed_fsbp_breadth(s)
        session = open_session(SessionOptions(endpoint_url=server.endpoint_url, regions=REGIONS))
        yield collect(session, services=SERVICES)


def _verdict(snapshot: Snapshot, check_id: str, name: str) -> Verdict:
    findings = evaluate(snapshot, [all_checks()[check_id]]).findings
    (found,) = [f for f in findings if f.resource_name == name]
    return found.verdict


@pytest.mark.parametrize(
    ("check_id", "failing", "passing"),
    [
        ("s3.access-point-public-access-block", "northwind-analytics", "northwind-reports"),
        (
            "elasticfilesystem.access-point-root-directory",
            "legacy-shared-files-root",
            "northwind-notes-app",
        ),
        (
            "elasticfilesystem.access-point-user-identity",
            "legacy-shared-files-root",
            "northwind-notes-app",
        ),
        ("ssm.document-not-public", "northwind-restart-app", "northwind-rotate-logs"),
        (
            "s3.bucket-policy-cross-account-actions",
            "northwind-partner-drop",
            "northwind-customer-data",
        ),
    ],
)
def test_each_misconfiguration_fails_beside_a_twin_that_passes(
    scanned: Snapshot, check_id: str, failing: str, passing: str
) -> None:
    assert _verdict(scanned, check_id, failing) is Verdict.FAIL
    assert _verdict(scanned, check_id, passing) is Verdict.PASS


def test_the_wildcard_policy_fails_both_iam_checks(scanned: Snapshot) -> None:
    for check_id in ("iam.policy-no-service-wildcard", "iam.policy-kms-decrypt-all-keys"):
        assert _verdict(scanned, check_id, "northwind-ops-wildcards") is Verdict.FAIL


def test_the_new_reads_work_on_the_demo_server(scanned: Snapshot) -> None:
    new = {
        "s3control:ListAccessPoints",
        "s3control:GetAccessPoint",
        "efs:DescribeAccessPoints",
        "ssm:ListDocuments",
        "ssm:DescribeDocumentPermission",
        "s3:GetBucketNotificationConfiguration",
    }
    assert [g for g in scanned.gaps if g.action in new] == []
