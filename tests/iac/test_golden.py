"""`incloud iac`'s SARIF for the demo twin template, on a fixed set of checks, compared with
its golden file in tests/iac/golden/ (the SARIF format's golden-file test).

After an intended change, regenerate with ``INCLOUD_UPDATE_GOLDEN=1 pytest tests/iac`` and read
the diff before committing it.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import jsonschema
import pytest

from ..cli_helpers import run
from .helpers import ACCOUNT
from .test_cli_iac import SCHEMA

GOLDEN = Path(__file__).parent / "golden" / "northwind.sarif"
ROOT = Path(__file__).parents[2]
CHECKS = (
    "ec2.admin-port-internet-reachable",
    "ec2.instance-imdsv2",
    "iam.privilege-escalation",
    "rds.instance-not-public",
    "s3.bucket-acl-not-public",
    "ssm.instance-managed",
)


def test_sarif_matches_the_golden_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, rendered, err = run(
        capsys,
        "iac",
        "tests/iac/fixtures/northwind.yaml",
        "--account-id",
        ACCOUNT,
        "--format",
        "sarif",
        "--checks",
        ",".join(CHECKS),
    )
    assert code == 0, err
    jsonschema.Draft4Validator(SCHEMA).validate(json.loads(rendered))
    if os.environ.get("INCLOUD_UPDATE_GOLDEN"):
        GOLDEN.write_text(rendered)
    expected = GOLDEN.read_text()
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            rendered.splitlines(keepends=True),
            str(GOLDEN),
            "rendered",
        )
    )
    assert not diff, "regenerate with INCLOUD_UPDATE_GOLDEN=1 if intended:\n" + diff
