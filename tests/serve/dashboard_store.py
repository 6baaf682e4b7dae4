"""A store for the dashboard's tests: one account scanned three times (a finding fixed, one
new with a hostile resource name, one muted), another scanned once and not read."""

from __future__ import annotations

from pathlib import Path

from incloud.store import open_posture_store
from incloud.store.posture import CellRow, FrameworkRow, GapRow, RequirementRow, ServiceRow
from tests.posture_helpers import ACCOUNT, HOSTILE, OTHER, finding, scan

HOSTILE_NAME = HOSTILE
"""``<img src=x onerror=alert(1)>``, an ANSI colour escape and a bidi override."""


def build(path: Path) -> Path:
    """Record the scans into a SQLite file at ``path``."""
    store = open_posture_store(str(path))
    cells = [
        CellRow(
            ACCOUNT, "s3", "encryption-at-rest", "data_protection", "shared", "met", "all encrypted"
        ),
        CellRow(ACCOUNT, "s3", "public-access", "data_protection", "customer", "not_met", HOSTILE),
        CellRow(ACCOUNT, "ec2", "patching", "application", "customer", "unknown", "not read"),
        CellRow(ACCOUNT, "ec2", "physical-security", None, "aws", "inherited", "AWS"),
    ]
    services = [ServiceRow(ACCOUNT, "s3", 3, False), ServiceRow(ACCOUNT, "ec2", 1, False)]
    for day, score in ((1, 40.0), (2, 55.0), (3, 70.0)):
        findings = [
            finding("logs", "pass" if day > 1 else "fail"),
            finding("archive", muted=True, severity="medium"),
            finding("web", "fail", service="ec2", region="us-east-1", check="ec2.instance-imdsv2"),
        ]
        if day >= 2:
            findings.append(finding(HOSTILE, severity="critical"))
        store.record(
            scan(
                day,
                findings,
                cells=cells,
                services=services,
                requirements=[
                    RequirementRow("cis-5.0", "2.1.1", "customer", "met" if day > 1 else "not_met"),
                    RequirementRow("cis-5.0", "1.4", "shared", "unknown"),
                ],
                frameworks=[
                    FrameworkRow("cis-5.0", "CIS AWS Foundations 5.0", score, {"met": day})
                ],
                gaps=[
                    GapRow(
                        ACCOUNT, "us-east-1", "ec2", "DescribeInstances", "AccessDenied", HOSTILE
                    )
                ],
            )
        )
    store.record(scan(2, [finding("other-bucket", account=OTHER)], accounts={OTHER: "not_read"}))
    store.engine.dispose()
    return path
