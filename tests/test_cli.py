"""The command line: outputs, exit codes, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from moto import mock_aws

from incloud.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from incloud.evaluate import all_checks
from incloud.snapshot import save_snapshot
from tests.cli_helpers import assert_one_line_error, run
from tests.fixtures import build_snapshot

SNAPSHOT = {
    "resources": [
        {
            "kind": "s3.bucket",
            "name": "assets",
            "acl_grants": [
                {
                    "grantee_type": "Group",
                    "permission": "READ",
                    "grantee": "http://acs.amazonaws.com/groups/global/AllUsers",
                }
            ],
        },
        {
            "kind": "kms.key",
            "name": "legacy",
            "key_id": "k1",
            "rotation_enabled": False,
            # every key has a policy (without one the policy checks say unknown)
            "policy": {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                        "Action": "kms:*",
                        "Resource": "*",
                    }
                ]
            },
        },
        {"kind": "ec2.volume", "name": "data", "volume_id": "vol-1", "encrypted": True},
    ],
}


@pytest.fixture
def snapshot_file(tmp_path: Path) -> Path:
    path = tmp_path / "snap.json.gz"
    save_snapshot(build_snapshot(SNAPSHOT), path)
    return path


def test_evaluate_json_report_schema(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path
) -> None:
    code, out, _ = run(capsys, "evaluate", str(snapshot_file), "--format", "json")
    assert code == EXIT_OK
    report = json.loads(out)
    assert {"schema_version", "accounts", "findings", "gaps", "api_calls"} <= set(report)
    finding = next(f for f in report["findings"] if f["check_id"] == "s3.bucket-acl-not-public")
    assert finding["verdict"] == "fail"
    for field in (
        "check_id",
        "verdict",
        "severity",
        "domain",
        "account",
        "region",
        "resource",
        "resource_name",
        "reason",
        "evidence",
    ):
        assert field in finding
    assert finding["resource"].startswith("arn:")
    assert finding["evidence"]["grants"] == ["READ to everyone"]


def test_terminal_report_groups_failures(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path
) -> None:
    code, out, _ = run(capsys, "evaluate", str(snapshot_file))
    assert code == EXIT_OK
    assert "s3.bucket-acl-not-public" in out
    assert "kms.key-rotation-enabled" in out
    assert "Coverage" in out
    assert "ec2.volume-encrypted" not in out.split("Failing checks")[1].split("Coverage")[0]


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [("high", EXIT_FINDINGS), ("medium", EXIT_FINDINGS), ("critical", EXIT_OK)],
)
def test_fail_on(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, threshold: str, expected: int
) -> None:
    code, _, _ = run(capsys, "evaluate", str(snapshot_file), "--fail-on", threshold)
    assert code == expected


def test_filters_limit_checks(capsys: pytest.CaptureFixture[str], snapshot_file: Path) -> None:
    code, out, _ = run(
        capsys,
        "evaluate",
        str(snapshot_file),
        "--format",
        "json",
        "--domains",
        "data_protection",
        "--severity",
        "high",
    )
    assert code == EXIT_OK
    report = json.loads(out)
    assert report["checks_run"]
    for check_id in report["checks_run"]:
        item = all_checks()[check_id]
        assert item.domain.value == "data_protection"
        assert item.severity.value in ("high", "critical")


def test_output_dir_gets_both_reports(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "reports"
    code, _, err = run(capsys, "evaluate", str(snapshot_file), "-o", str(out_dir))
    assert code == EXIT_OK
    assert json.loads((out_dir / "report.json").read_text())["findings"]
    assert "Failing checks" in (out_dir / "report.txt").read_text()
    assert str(out_dir) in err


@pytest.mark.parametrize(
    "argv",
    [
        ["evaluate", "{snapshot}", "--format", "xml"],
        ["evaluate", "{snapshot}", "--fail-on", "severe"],
        ["evaluate", "{snapshot}", "--checks", "s3.no-such-check"],
        ["evaluate", "{snapshot}", "--domains", "physical"],
        ["evaluate", "{snapshot}", "--no-such-option"],
        ["evaluate", "{missing}"],
        ["evaluate", "{corrupt}"],
        ["checks", "show", "nope.nothing"],
        ["frobnicate"],
    ],
)
def test_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, tmp_path: Path, argv: list[str]
) -> None:
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"schema_version": 1, "accounts": [')
    paths = {"snapshot": snapshot_file, "missing": tmp_path / "absent.json", "corrupt": corrupt}
    code, _, err = run(capsys, *(a.format(**paths) for a in argv))
    assert code == EXIT_ERROR
    assert_one_line_error(err)


@pytest.mark.usefixtures("no_credentials")
def test_scan_without_credentials(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "scan", "--regions", "us-east-1")
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert "no AWS credentials" in err


@pytest.mark.usefixtures("no_credentials")
def test_scan_with_unknown_profile(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "scan", "--profile", "nobody")
    assert code == EXIT_ERROR
    assert_one_line_error(err)


def test_scan_with_bad_region(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        code, _, err = run(capsys, "scan", "--regions", "us-east-1,xx-fake-1")
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert "xx-fake-1" in err


def test_checks_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "checks", "--domain", "network")
    assert code == EXIT_OK
    listed = [line.split()[0] for line in out.splitlines()]
    expected = sorted(i for i, c in all_checks().items() if c.domain.value == "network")
    assert listed == expected
    code, out, _ = run(capsys, "checks", "show", "ec2.instance-imdsv2")
    assert code == EXIT_OK
    assert "Remediation:" in out
    assert "severity: high" in out


def test_trusted_accounts_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    document = {
        "resources": [
            {
                "kind": "lambda.function",
                "name": "fn",
                "policy": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"AWS": "999988887777"},
                            "Action": "lambda:InvokeFunction",
                            "Resource": "*",
                        }
                    ],
                },
            }
        ]
    }
    path = tmp_path / "snap.json"
    save_snapshot(build_snapshot(document), path)
    check = ["--checks", "lambda.function-policy-trusted-accounts", "--format", "json"]

    def verdict(*extra: str) -> str:
        code, out, _ = run(capsys, "evaluate", str(path), *check, *extra)
        assert code == EXIT_OK
        findings = json.loads(out)["findings"]
        return str(findings[0]["verdict"])

    assert verdict() == "fail"
    assert verdict("--trusted-accounts", "999988887777") == "pass"
    code, _, err = run(capsys, "evaluate", str(path), "--trusted-accounts", "12345")
    assert code == EXIT_ERROR
    assert_one_line_error(err)


def test_break_glass_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    admin = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
    document = {
        "resources": [
            {
                "kind": "iam.user",
                "name": "emergency",
                "region": "global",
                "inline_policies": {"all": admin},
            }
        ]
    }
    path = tmp_path / "snap.json"
    save_snapshot(build_snapshot(document), path)
    args = ["evaluate", str(path), "--checks", "iam.user-not-full-admin", "--format", "json"]

    def verdict(*extra: str) -> str:
        code, out, _ = run(capsys, *args, *extra)
        assert code == EXIT_OK
        return str(json.loads(out)["findings"][0]["verdict"])

    assert verdict() == "fail"
    assert verdict("--break-glass", "emergency") == "pass"


def test_iam_paths_from_a_snapshot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "iam:AttachUserPolicy",
                "Resource": "arn:aws:iam::123456789012:user/builder",
            }
        ],
    }
    document = {
        "resources": [
            {
                "kind": "iam.user",
                "name": "builder",
                "region": "global",
                "arn": "arn:aws:iam::123456789012:user/builder",
                "inline_policies": {"p": policy},
            },
            {
                "kind": "iam.user",
                "name": "reader",
                "region": "global",
                "arn": "arn:aws:iam::123456789012:user/reader",
            },
        ]
    }
    path = tmp_path / "snap.json"
    save_snapshot(build_snapshot(document), path)
    code, out, _ = run(capsys, "iam", "paths", "--snapshot", str(path), "--format", "json")
    assert code == EXIT_OK
    answer = json.loads(out)
    assert answer["complete"] is True
    paths = answer["paths"]
    assert list(paths) == ["arn:aws:iam::123456789012:user/builder"]
    assert paths["arn:aws:iam::123456789012:user/builder"]["steps"][0]["actions"] == [
        "iam:AttachUserPolicy"
    ]
    code, out, _ = run(capsys, "iam", "paths", "reader", "--snapshot", str(path))
    assert code == EXIT_OK
    assert "No path from arn:aws:iam::123456789012:user/reader to administrator found." in out


def test_thresholds_can_be_changed_and_bad_ones_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # a key rotated 30 days before collection: fine at 90 days, too old at 20
    user = {
        "kind": "iam.user",
        "name": "ci",
        "arn": "arn:aws:iam::123456789012:user/ci",
        "region": "global",
        "access_keys": [{"number": 1, "active": True, "last_rotated": "2026-10-02T00:00:00Z"}],
    }
    path = tmp_path / "snap.json.gz"
    save_snapshot(build_snapshot({"resources": [user]}), path)
    base = ["evaluate", str(path), "--checks", "iam.access-key-rotated", "--format", "json"]
    results = []
    for extra in ([], ["--setting", "access_key_max_age_days=20"]):
        code, out, _ = run(capsys, *base, *extra)
        results += [(f["verdict"], f["title"]) for f in json.loads(out)["findings"]]
    # the title states the threshold in force
    assert results == [
        ("pass", "Active access keys are younger than 90 days."),
        ("fail", "Active access keys are younger than 20 days."),
    ]
    for bad in (
        "access_key_max_age_days",
        "nonsense=3",
        "access_key_max_age_days=-1",
        "access_key_max_age_days=1000000000",  # was an OverflowError traceback, exit 1
    ):
        code, _, err = run(capsys, *base, "--setting", bad)
        assert code == 2
        assert_one_line_error(err)
