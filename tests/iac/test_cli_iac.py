"""`incloud iac` on the command line: formats, SARIF valid against the OASIS schema, the
exit codes and --fail-on of `scan`, one error line for bad input, hostile names inert."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from incloud.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_OK

from ..cli_helpers import assert_one_line_error, run
from .helpers import ACCOUNT, PLAN, TEMPLATE, template

SCHEMA = json.loads((Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json").read_text())


def _sarif(
    capsys: pytest.CaptureFixture[str], *paths: Path, extra: tuple[str, ...] = ()
) -> dict[str, Any]:
    code, out, err = run(
        capsys, "iac", *map(str, paths), "--account-id", ACCOUNT, "--format", "sarif", *extra
    )
    assert code == EXIT_OK, err
    log: dict[str, Any] = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    return log


def test_sarif_is_valid_and_points_at_lines(capsys: pytest.CaptureFixture[str]) -> None:
    log = _sarif(capsys, TEMPLATE, PLAN)
    run_ = log["runs"][0]
    rules = {rule["id"]: rule for rule in run_["tool"]["driver"]["rules"]}
    escalation = rules["iam.privilege-escalation"]
    assert escalation["shortDescription"]["text"]
    assert escalation["help"]["text"]  # the check's Remediation paragraph
    results = run_["results"]
    for result in results:
        assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    bastion = [
        r
        for r in results
        if r["ruleId"] == "ec2.admin-port-internet-reachable"
        and r["locations"][0]["logicalLocations"][0]["name"] == "Bastion"
    ]
    assert len(bastion) == 1
    location = bastion[0]["locations"][0]["physicalLocation"]
    line = location["region"]["startLine"]
    assert TEMPLATE.read_text().splitlines()[line - 1].strip() == "Bastion:"
    assert location["artifactLocation"]["uri"].endswith("tests/iac/fixtures/northwind.yaml")
    assert bastion[0]["kind"] == "fail" and bastion[0]["level"] == "error"
    plan_results = [
        r
        for r in results
        if r["locations"][0]["logicalLocations"][0]["name"] == "aws_iam_role.deploy_automation"
    ]
    assert [r["ruleId"] for r in plan_results] == ["iam.privilege-escalation"]
    assert "region" not in plan_results[0]["locations"][0]["physicalLocation"]
    opened = [r for r in results if r["kind"] == "open"]
    assert opened and all(r["level"] == "none" for r in opened)


def test_formats_and_output_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "iac", str(TEMPLATE), "--format", "terminal", "-o", str(tmp_path))
    assert code == EXIT_OK, err
    assert "northwind.yaml:" in out
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["report.html", "report.json", "report.sarif", "report.txt"]
    report = json.loads((tmp_path / "report.json").read_text())
    names = {f["resource_name"] for f in report["findings"]}
    assert any(name.startswith("bastion (") and ":" in name for name in names)


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ((), EXIT_OK),
        (("--fail-on", "critical"), EXIT_FINDINGS),  # the public Lambda policy
        (("--fail-on", "medium", "--checks", "ssm.instance-managed"), EXIT_INCOMPLETE),
        (("--fail-on", "medium", "--checks", "ssm.instance-managed", "--allow-unknown"), EXIT_OK),
        (("--fail-on", "high", "--checks", "ssm.instance-managed"), EXIT_OK),
        (("--fail-on", "medium", "--checks", "ec2.vpc-flow-logs"), EXIT_FINDINGS),
    ],
)
def test_exit_codes_match_scan(
    capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], code: int
) -> None:
    assert run(capsys, "iac", str(TEMPLATE), "--format", "json", *extra)[0] == code


@pytest.mark.parametrize(
    ("body", "args"),
    [
        ("Resources: [\n", ()),
        ("Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: {X: !Bogus 1}\n", ()),
        ('{"format_version": "1.0", "values": {}}', ()),
        ("Resources:\n  A:\n    Type: AWS::S3::Bucket\n", ("--format", "xml")),
        ("Resources:\n  A:\n    Type: AWS::S3::Bucket\n", ("--parameter", "novalue")),
        ("Resources:\n  A:\n    Type: AWS::S3::Bucket\n", ("--account-id", "12")),
        ("Resources:\n  A:\n    Type: AWS::S3::Bucket\n", ("--fail-on", "severe")),
        ("Resources:\n  A:\n    Type: AWS::S3::Bucket\n", ("--region", "us-east-1\x1b[2J")),
        ("Resources:\n  A:\n    Type: AWS::S3::Bucket\n", ("--parameter", "Nope=1")),
        ('{"Resources": {"A\\u001b[2J<b>": {"Type": "AWS::S3::Bucket"}}}', ()),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, body: str, args: tuple[str, ...]
) -> None:
    path = template(tmp_path, body, "input.json" if body.startswith("{") else "input.yaml")
    code, _, err = run(capsys, "iac", str(path), *args)
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert "\x1b" not in err


def test_missing_file_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "iac", str(tmp_path / "absent.yaml"))
    assert code == EXIT_ERROR
    assert_one_line_error(err)


HOSTILE = "evil\x1b[2J\u202e<script>alert(1)</script>\r\nX"


def test_hostile_names_are_inert_in_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = json.dumps(
        {
            "Resources": {
                "Evil": {
                    "Type": "AWS::S3::Bucket",
                    "Properties": {
                        "BucketName": HOSTILE,
                        "AccessControl": "PublicRead",
                        "PublicAccessBlockConfiguration": {"BlockPublicAcls": False},
                    },
                },
                "Role": {
                    "Type": "AWS::IAM::Role",
                    "Properties": {
                        "RoleName": HOSTILE,
                        "Path": "/",
                        "AssumeRolePolicyDocument": {"Statement": []},
                        "Tags": [{"Key": "Name", "Value": HOSTILE}],
                    },
                },
            }
        }
    )
    path = template(tmp_path, body, "evil.json")
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "iac", str(path), "-o", str(out_dir), "--format", "sarif")
    assert code == EXIT_OK, err
    jsonschema.Draft4Validator(SCHEMA).validate(json.loads(out))
    for name in ("report.txt", "report.json", "report.sarif", "report.html"):
        text = (out_dir / name).read_text()
        assert "\x1b" not in text and "\u202e" not in text, name
    assert "<script>alert" not in (out_dir / "report.html").read_text()
    assert "alert(1)" in (out_dir / "report.html").read_text()  # there, but escaped
    assert "\\u001b" in (out_dir / "report.sarif").read_text()
    results = json.loads((out_dir / "report.sarif").read_text())["runs"][0]["results"]
    assert any(HOSTILE in r["message"]["text"] for r in results)  # decodes to the same text


def test_secrets_in_templates_reach_no_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secret = "Tr0ub4dor&3-northwind-fixture"  # the fixture's Lambda DB_PASSWORD
    key = "AKIAIOSFODNN7EXAMPLE"
    body = json.dumps(
        {
            "Resources": {
                "Box": {
                    "Type": "AWS::IAM::User",
                    "Properties": {
                        "UserName": "tagged",
                        "Tags": [{"Key": "aws_access_key_id", "Value": key}],
                    },
                }
            }
        }
    )
    tagged = template(tmp_path, body, "tagged.json")
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "iac", str(TEMPLATE), str(tagged), "-o", str(out_dir))
    assert code == EXIT_OK, err
    for path in out_dir.iterdir():
        text = path.read_text()
        assert secret not in text and key not in text, path.name
    report = json.loads((out_dir / "report.json").read_text())
    failing = {
        (f["check_id"], f["verdict"])
        for f in report["findings"]
        if f["resource_name"].startswith(("legacy-report-export", "tagged"))
    }
    assert ("lambda.no-secrets-in-environment", "fail") in failing
    assert ("iam.no-secrets-in-principal-tags", "fail") in failing


def test_hostile_plan_addresses_are_inert(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    address = 'aws_s3_bucket.x["\x1b[2J\u202e<i>"]'
    plan = {
        "format_version": "1.2",
        "resource_changes": [
            {
                "address": address,
                "type": "aws_s3_bucket",
                "change": {
                    "actions": ["create"],
                    "after": {"bucket": HOSTILE, "acl": "public-read"},
                    "after_unknown": {},
                },
            }
        ],
    }
    path = template(tmp_path, json.dumps(plan), "plan.json")
    for output_format in ("terminal", "json", "sarif"):
        code, out, err = run(capsys, "iac", str(path), "--format", output_format)
        assert code == EXIT_OK, err
        assert "\x1b" not in out and "\u202e" not in out, output_format


def test_the_context_snapshots_coverage_gates_not_the_files_gaps(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from incloud.snapshot import save_snapshot

    from ..fixtures import build_snapshot

    read_well = build_snapshot(
        {"api_calls": [{"service": "ec2", "operation": "DescribeVpcs", "count": 3}]}
    )
    path = tmp_path / "context.json"
    save_snapshot(read_well, path)
    # the fixture leaves many values to deploy: its gaps outnumber the context's reads
    code, _, err = run(capsys, "iac", str(TEMPLATE), "--snapshot", str(path), "--format", "json")
    assert code == EXIT_OK, err
    read_badly = build_snapshot(
        {"gaps": [{"service": "ec2", "operation": "DescribeVpcs", "error_code": "AccessDenied"}]}
    )
    save_snapshot(read_badly, path)
    code, _, err = run(capsys, "iac", str(TEMPLATE), "--snapshot", str(path), "--format", "json")
    assert code == EXIT_INCOMPLETE
    assert "incomplete" in err
