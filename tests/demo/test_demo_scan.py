"""`incloud demo` end to end: moto server, seeding, the live collection path, reports."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from incloud.cli import EXIT_FINDINGS, main
from incloud.demo.seed import FAKE_DB_PASSWORD
from incloud.evaluate import Domain


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, float, Path]:
    out = tmp_path_factory.mktemp("demo")
    started = time.perf_counter()
    code = main(["demo", "-o", str(out), "--format", "json", "--fail-on", "critical"])
    return code, time.perf_counter() - started, out


def _report(out: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((out / "report.json").read_text())
    return report


def test_demo_is_fast_and_fails_on_critical(demo_run: tuple[int, float, Path]) -> None:
    code, seconds, _ = demo_run
    assert code == EXIT_FINDINGS  # the public EBS snapshot is critical
    assert seconds < 60


def test_demo_findings_cover_all_five_domains(demo_run: tuple[int, float, Path]) -> None:
    findings = _report(demo_run[2])["findings"]
    assert isinstance(findings, list)
    failing = {f["domain"] for f in findings if f["verdict"] == "fail"}
    assert failing == {d.value for d in Domain}


def test_demo_shows_known_misconfigurations(demo_run: tuple[int, float, Path]) -> None:
    findings = _report(demo_run[2])["findings"]
    assert isinstance(findings, list)
    failed = {(f["check_id"], f["resource_name"]) for f in findings if f["verdict"] == "fail"}
    for expected in [
        ("iam.console-user-mfa", "bob"),
        ("s3.bucket-acl-not-public", "northwind-public-assets"),
        ("ec2.instance-imdsv2", "web-legacy"),
        ("rds.instance-storage-encrypted", "legacy-reporting-db"),
        ("lambda.runtime-supported", "legacy-report-export"),
        ("kms.key-rotation-enabled", "alias/northwind-legacy"),
        ("iam.privilege-escalation", "ci-deploy"),
        ("iam.user-not-full-admin", "alice"),
        ("ec2.admin-port-internet-reachable", "bastion"),
        ("sqs.queue-policy-trusted-accounts", "partner-inbox"),
        ("lambda.function-policy-not-public", "legacy-report-export"),
    ]:
        assert expected in failed
    passed = {(f["check_id"], f["resource_name"]) for f in findings if f["verdict"] == "pass"}
    assert ("iam.console-user-mfa", "alice") in passed
    assert ("s3.bucket-acl-not-public", "northwind-customer-data") in passed


def test_unimplemented_apis_are_gaps_and_unknowns(demo_run: tuple[int, float, Path]) -> None:
    report = _report(demo_run[2])
    gaps = report["gaps"]
    assert isinstance(gaps, list)
    assert gaps and all(g["error_code"] for g in gaps)
    unknown = [f for f in report["findings"] if f["verdict"] == "unknown"]
    assert unknown
    assert all(f["reason"] for f in unknown)
    text = (demo_run[2] / "report.txt").read_text()
    assert "Coverage" in text
    assert "unknown, never a pass" in text


def test_demo_never_writes_the_planted_secret(demo_run: tuple[int, float, Path]) -> None:
    for path in demo_run[2].iterdir():
        data = path.read_bytes()
        if path.suffix == ".gz":
            import gzip

            data = gzip.decompress(data)
        if FAKE_DB_PASSWORD.encode() in data:
            pytest.fail(f"{path.name} contains the planted secret")


def test_demo_report_carries_the_matrix_and_flags_the_out_of_scope_service(
    demo_run: tuple[int, float, Path],
) -> None:
    matrix = _report(demo_run[2])["matrix"]
    assert matrix["scope"]["programme"] == "hipaa"
    assert matrix["scope"]["out_of_scope"] == ["sdb"]
    account = matrix["accounts"][0]
    in_use = {s["prefix"] for s in account["services"]}
    assert {"ec2", "s3", "iam", "rds", "lambda", "kms", "cloudtrail", "sdb"} <= in_use
    cells = {(c["service"], c["duty"]): c for c in account["cells"]}
    assert cells[("ec2", "application.patch-os")]["owner"] == "customer"
    assert cells[("rds", "application.patch-os")]["status"] == "inherited"
    assert cells[("s3", "data.control-access")]["status"] in ("not_met", "partly_met")
    load = account["load"]["by_service"]
    assert load["ec2"] > load["rds"] > load["s3"]


def test_matrix_command_on_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["matrix", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "Shared responsibility matrix" in out
    assert "Not listed for HIPAA as of 2022-07-15: sdb" in out
    assert "HIPAA scope data as of 2022-07-15 (" in out  # --scope says the data's age
    assert "old at the scan): older than a year" in out
    assert main(["matrix", "--demo", "rds"]) == 0
    drill = capsys.readouterr().out
    assert "Patch the guest operating system" in drill
    assert "inherited" in drill or "AWS:" in drill


def test_demo_json_on_stdout_is_pure_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(["demo", "--format", "json", "-o", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    report = json.loads(out)  # nothing else (no emulator notice) may reach stdout
    assert report["findings"]


def test_the_demo_writes_every_format_each_readable(demo_run: tuple[int, float, Path]) -> None:
    import csv
    from xml.etree import ElementTree

    from incloud.report import EXTENSIONS

    out = demo_run[2]
    assert sorted(p.name for p in out.iterdir() if p.name.startswith("report.")) == sorted(
        f"report.{extension}" for extension in EXTENSIONS.values()
    )
    uids = {f["uid"] for f in _report(out)["findings"]}
    assert {
        e["finding_info"]["uid"] for e in json.loads((out / "report.ocsf.json").read_text())
    } == uids
    asff = json.loads((out / "report.asff.json").read_text())
    assert {f["Id"] for f in asff} <= uids and asff
    rows = list(csv.DictReader((out / "report.csv").read_text().splitlines()))
    assert {r["uid"] for r in rows} == uids
    suites = ElementTree.fromstring((out / "report.junit.xml").read_text())
    assert int(suites.get("failures", "0")) > 0
    html = (out / "report.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in html


def test_demo_snapshot_exports_valid_oscal(demo_run: tuple[int, float, Path]) -> None:
    from trestle.core.duplicates_validator import DuplicatesValidator

    from incloud.compliance.oscal import export
    from incloud.snapshot import load_snapshot
    from tests.export.test_oscal import ROOTS, _load

    snapshot = load_snapshot(demo_run[2] / "snapshot.json.gz")
    files = export(snapshot, "fedramp-moderate").files()
    for name, text in files.items():
        model = _load(name, text)  # trestle's models: a wrong field or value fails here
        assert DuplicatesValidator().model_is_valid(model, True, None)
        assert model.oscal_dict() == json.loads(text), name  # round trip
    plan = json.loads(files["system-security-plan.json"])[ROOTS["system-security-plan.json"]]
    titles = {c["title"] for c in plan["system-implementation"]["components"]}
    assert {"Amazon S3", "AWS Lambda", "Amazon SimpleDB"} <= titles


def test_demo_scans_with_a_change_between_them_give_the_expected_diff(
    demo_run: tuple[int, float, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's snapshot recorded, then the same account with one bucket's public access
    blocked and its SQS queues unreadable (AccessDenied on ListQueues), then as it was:
    the bucket is resolved, then regressed; the queues' failures are unknown, never resolved.
    """
    from incloud.snapshot import Snapshot, load_snapshot, save_snapshot

    original = demo_run[2] / "snapshot.json.gz"
    document = load_snapshot(original).model_dump(mode="json")
    report = _report(demo_run[2])
    bucket = next(
        f["resource_name"]
        for f in report["findings"]
        if f["check_id"] == "s3.bucket-public-access-block" and f["verdict"] == "fail"
    )
    queue_regions = set()
    for resource in document["resources"]:
        if resource["kind"] == "s3.bucket" and resource["name"] == bucket:
            resource["public_access_block"] = dict.fromkeys(
                (
                    "block_public_acls",
                    "ignore_public_acls",
                    "block_public_policy",
                    "restrict_public_buckets",
                ),
                True,
            )
        if resource["kind"].startswith("sqs."):
            queue_regions.add(resource["region"])
    document["resources"] = [r for r in document["resources"] if not r["kind"].startswith("sqs.")]
    document["gaps"] += [
        {
            "account_id": "123456789012",
            "region": region,
            "service": "sqs",
            "operation": "ListQueues",
            "error_code": "AccessDenied",
            "message": "denied",
        }
        for region in sorted(queue_regions)
    ]
    changed = tmp_path / "changed.json.gz"
    save_snapshot(Snapshot.model_validate(document), changed)
    store = str(tmp_path / "history.db")
    for snapshot in (original, changed):
        assert main(["evaluate", str(snapshot), "--store", store]) in (0, 1)
    capsys.readouterr()
    assert main(["diff", "--store", store, "--format", "json", "--fail-on-new", "low"]) == 0
    changes = json.loads(capsys.readouterr().out)
    resolved = {(f["check_id"], f["resource_name"]) for f in changes["resolved"]}
    assert ("s3.bucket-public-access-block", bucket) in resolved
    assert not [f for f in changes["resolved"] if f["check_id"].startswith("sqs.")]
    unknown = {f["check_id"] for f in changes["unknown_now"]}
    assert "sqs.queue-policy-trusted-accounts" in unknown
    assert changes["new"] == changes["regressed"] == []
    assert {(g["service"], g["operation"]) for g in changes["new_gaps"]} == {("sqs", "ListQueues")}
    assert main(["evaluate", str(original), "--store", store]) in (0, 1)  # as it was
    capsys.readouterr()
    assert main(["diff", "--store", store, "--format", "json", "--fail-on-new", "low"]) == 1
    again = json.loads(capsys.readouterr().out)
    regressed = {(f["check_id"], f["resource_name"]) for f in again["regressed"]}
    assert ("s3.bucket-public-access-block", bucket) in regressed
    assert not [f for f in again["regressed"] if f["check_id"].startswith("sqs.")]
    assert "sqs.queue-policy-trusted-accounts" in {f["check_id"] for f in again["still_failing"]}
