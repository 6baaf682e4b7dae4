"""The demo's data-protection story, end to end: what :mod:`incloud.demo.seed.data_protection`
plants is found, and the hardened bucket passes every baseline S3 check.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incloud.cli import main


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("demo-data-protection")
    main(["demo", "-o", str(out), "--format", "json"])
    report: dict[str, Any] = json.loads((Path(out) / "report.json").read_text())
    found: list[dict[str, Any]] = report["findings"]
    return found


def verdict(findings: list[dict[str, Any]], check_id: str, name: str) -> str:
    (match,) = [f for f in findings if f["check_id"] == check_id and f["resource_name"] == name]
    return str(match["verdict"])


def test_the_hardened_bucket_passes_every_baseline_s3_check(
    findings: list[dict[str, Any]],
) -> None:
    mine = [
        f
        for f in findings
        if f["resource_name"] == "northwind-customer-data" and f["check_id"].startswith("s3.")
    ]
    checks = {f["check_id"] for f in mine}
    assert {"s3.bucket-tls-only", "s3.bucket-policy-not-public", "s3.bucket-acls-disabled"} <= (
        checks
    )
    assert {f["check_id"]: f["verdict"] for f in mine if f["verdict"] != "pass"} == {}


def test_planted_data_protection_findings(findings: list[dict[str, Any]]) -> None:
    for check_id, name in [
        ("s3.bucket-policy-not-public", "northwind-press-kit"),
        ("s3.bucket-tls-only", "northwind-press-kit"),
        ("kms.key-not-pending-deletion", "alias/northwind-scratch-2023"),
        ("kms.key-policy-not-public", "alias/northwind-partner-share"),
        ("ec2.ami-not-public", "northwind-export-image"),
        ("ec2.snapshot-encrypted", "scratch-unencrypted-snapshot"),
        ("rds.snapshot-not-public", "legacy-reporting-db-manual"),
        ("rds.instance-tls-required", "legacy-reporting-db"),
        ("rds.instance-engine-supported", "legacy-reporting-db"),
        ("rds.instance-backup-retention", "legacy-reporting-db"),
    ]:
        assert verdict(findings, check_id, name) == "fail", (check_id, name)
    assert verdict(findings, "s3.bucket-acls-disabled", "northwind-press-kit") == "pass"
    assert verdict(findings, "rds.instance-tls-required", "orders-db") == "pass"
    assert verdict(findings, "kms.key-policy-not-public", "alias/northwind-data") == "pass"


def test_the_doomed_key_names_the_volume_that_still_uses_it(
    findings: list[dict[str, Any]],
) -> None:
    (doomed,) = [
        f
        for f in findings
        if f["check_id"] == "kms.key-not-pending-deletion"
        and f["resource_name"] == "alias/northwind-scratch-2023"
    ]
    assert any("scratch-2023-archive" in user for user in doomed["evidence"]["used_by"])
    assert doomed["evidence"]["deletion_date"]
