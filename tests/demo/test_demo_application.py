"""The demo's application-security misconfigurations (``incloud.demo.seed.application`` and the
planted Lambda password of :mod:`incloud.demo.seed.compute`) on moto's server, scanned through
the live collection path: each fails its check, and no planted secret is ever written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from incloud.assessment import assess
from incloud.collect.runner import collect
from incloud.collect.session import SessionOptions, open_session
from incloud.demo.run import demo_environment
from incloud.demo.seed import FAKE_DB_PASSWORD, REGIONS
from incloud.demo.seed._common import _Seeder, _trust
from incloud.demo.seed.application import PLANTED_SECRETS, seed_application
from incloud.demo.seed.compute import seed_lambda
from incloud.demo.server import DemoServer
from incloud.evaluate import Verdict, evaluate, select_checks
from incloud.report import reporter
from incloud.snapshot import Snapshot

SERVICES = ("ec2", "lambda", "ecr", "ecs", "eks", "ssm", "inspector2")


@pytest.fixture(scope="module")
def scanned() -> Iterator[Snapshot]:
    with DemoServer() as server, demo_environment():
        s = _Seeder(server.endpoint_url)
        s("iam").create_role(
            RoleName="lambda-exec",
            AssumeRolePolicyDocument=_trust({"Service": "lambda.amazonaws.com"}),
        )
        seed_lambda(s)
        seed_application(s)
        session = open_session(SessionOptions(endpoint_url=server.endpoint_url, regions=REGIONS))
        yield collect(session, services=SERVICES)


def _verdicts(snapshot: Snapshot) -> dict[tuple[str, str], Verdict]:
    prefixes = ("ec2.", "lambda.", "ecr.", "ecs.", "eks.", "ssm.", "inspector2.")
    checks = [c for c in select_checks(include_strict=True) if c.id.startswith(prefixes)]
    return {(f.check_id, f.resource_name): f.verdict for f in evaluate(snapshot, checks).findings}


def test_each_seeded_misconfiguration_fails_its_check(scanned: Snapshot) -> None:
    found = _verdicts(scanned)
    for check_id, name in [
        ("lambda.no-secrets-in-environment", "legacy-report-export"),
        ("ec2.no-secrets-in-user-data", "batch-legacy"),
        ("ec2.instance-metadata-hop-limit", "batch-legacy"),
        ("ec2.no-secrets-in-launch-template", "batch-lt"),
        ("ecr.scan-on-push", "legacy/report-builder"),
        ("ecr.tag-immutability", "legacy/report-builder"),
        ("ecs.no-secrets-in-task-definition", "report-builder:1"),
        ("eks.cluster-version-supported", "legacy-k8s"),
    ]:
        assert found[(check_id, name)] is Verdict.FAIL, (check_id, name)
    for check_id, name in [
        ("lambda.no-secrets-in-environment", "thumbnailer"),
        ("ecr.scan-on-push", "northwind/web"),
        ("ecr.tag-immutability", "northwind/web"),
        ("ecs.no-secrets-in-task-definition", "orders-api:1"),
    ]:
        assert found[(check_id, name)] is Verdict.PASS, (check_id, name)


def test_the_secret_detectors_name_what_they_found(scanned: Snapshot) -> None:
    findings = evaluate(scanned, select_checks(ids=["ecs.no-secrets-in-task-definition"])).findings
    (leak,) = [f for f in findings if f.verdict is Verdict.FAIL]
    assert leak.evidence["secrets"] == ["container builder: GITHUB_TOKEN: GitHub Token (gh****4w)"]


def test_what_moto_lacks_is_unknown_never_a_pass(scanned: Snapshot) -> None:
    found = _verdicts(scanned)
    for check_id in ("ssm.instance-managed", "ssm.patch-compliance", "inspector2.enabled"):
        judged = {v for (c, _), v in found.items() if c == check_id}
        assert Verdict.PASS not in judged, check_id
        assert Verdict.UNKNOWN in judged, check_id
    assert found[("inspector2.no-critical-findings", "us-east-1")] is Verdict.UNKNOWN


def test_no_planted_secret_reaches_the_snapshot_or_the_reports(scanned: Snapshot) -> None:
    assessment = assess(scanned, select_checks(include_strict=True))
    texts = {
        "snapshot": scanned.model_dump_json(),
        "json": reporter("json")(assessment, color=False),
        "terminal": reporter("terminal")(assessment, color=False),
    }
    assert json.loads(texts["json"])["findings"]
    for where, text in texts.items():
        for secret in (*PLANTED_SECRETS, FAKE_DB_PASSWORD):
            assert secret not in text, f"a planted secret reached the {where}"
