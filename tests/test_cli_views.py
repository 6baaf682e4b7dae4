"""The views (iam paths, network exposure, matrix) apply the gap rules the checks apply: they
say what could not be read and answer unknown for it, never "nothing found".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incloud.cli import EXIT_ERROR, EXIT_INCOMPLETE, EXIT_OK
from incloud.snapshot import save_snapshot
from tests.cli_helpers import assert_one_line_error, run
from tests.fixtures import build_snapshot

IAM = "arn:aws:iam::123456789012"
ADMIN = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def _file(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "snap.json"
    save_snapshot(build_snapshot(document), path)
    return path


def _user(name: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "iam.user", "name": name, "region": "global", "arn": f"{IAM}:user/{name}"} | (
        extra
    )


def _gap(action: str, region: str = "us-east-1") -> dict[str, str]:
    service, operation = action.split(":")
    return {
        "service": service,
        "operation": operation,
        "error_code": "AccessDenied",
        "region": region,
    }


def test_iam_paths_is_unknown_when_iam_could_not_be_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _file(tmp_path, {"gaps": [_gap("iam:GetAccountAuthorizationDetails", "global")]})
    code, out, _ = run(capsys, "iam", "paths", "--snapshot", str(path))
    assert code == EXIT_INCOMPLETE
    assert "No principal can escalate" not in out
    assert "Unknown: escalation to administrator could not be decided." in out
    assert "grant iam:GetAccountAuthorizationDetails" in out
    code, out, _ = run(capsys, "iam", "paths", "--snapshot", str(path), "--format", "json")
    assert code == EXIT_INCOMPLETE
    answer = json.loads(out)
    assert answer["complete"] is False
    assert answer["unread"][0]["operation"] == "GetAccountAuthorizationDetails"
    # a principal that may exist in what could not be read is unknown, not "no such user"
    code, out, _ = run(capsys, "iam", "paths", "someone", "--snapshot", str(path))
    assert code == EXIT_INCOMPLETE
    assert "could not be decided" in out


def test_iam_paths_tells_no_such_principal_from_no_path_and_administrator(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        {"resources": [_user("reader"), _user("root-ish", inline_policies={"all": ADMIN})]},
    )
    code, _, err = run(capsys, "iam", "paths", "nobody", "--snapshot", str(path))
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert "no user or role 'nobody'" in err
    code, out, _ = run(capsys, "iam", "paths", "root-ish", "--snapshot", str(path))
    assert (code, out.strip()) == (
        EXIT_OK,
        f"{IAM}:user/root-ish is an administrator already (no path to look for).",
    )
    code, out, _ = run(capsys, "iam", "paths", "reader", "--snapshot", str(path))
    assert code == EXIT_OK
    assert f"No path from {IAM}:user/reader to administrator found." in out


def test_iam_paths_warns_that_paths_through_unread_targets_may_be_missing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _file(tmp_path, {"resources": [_user("reader")], "gaps": [_gap("lambda:ListFunctions")]})
    code, out, _ = run(capsys, "iam", "paths", "--snapshot", str(path))
    assert code == EXIT_INCOMPLETE
    assert "No principal can escalate to administrator in what could be read." in out
    assert "paths through these targets may be missing" in out


READ_IAM = {
    "api_calls": [{"service": "iam", "operation": "GetAccountAuthorizationDetails", "count": 1}]
}
"""IAM was read (one call), and held no user or role."""
READ_EC2 = {"api_calls": [{"service": "ec2", "operation": "DescribeNetworkInterfaces", "count": 1}]}
"""EC2 was read (one call), and held no interface."""


def test_iam_paths_on_a_snapshot_without_principals(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "iam", "paths", "--snapshot", str(_file(tmp_path, READ_IAM)))
    assert (code, out.strip()) == (EXIT_OK, "The snapshot holds no IAM users or roles.")


def test_network_exposure_is_unknown_where_its_reads_failed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _file(tmp_path, {"gaps": [_gap("ec2:DescribeSecurityGroups", "eu-west-1")]})
    code, out, _ = run(capsys, "network", "exposure", "--snapshot", str(path))
    assert code == EXIT_INCOMPLETE
    assert "Nothing is reachable" not in out
    assert "Unknown: nothing found reachable in what could be read." in out
    assert "ec2:DescribeSecurityGroups failed on 123456789012/eu-west-1" in out
    code, out, _ = run(capsys, "network", "exposure", "--snapshot", str(path), "--format", "json")
    assert code == EXIT_INCOMPLETE
    assert json.loads(out)["complete"] is False


def test_network_exposure_on_an_empty_snapshot_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "network", "exposure", "--snapshot", str(_file(tmp_path, READ_EC2)))
    assert code == EXIT_OK
    assert out.strip() == "The snapshot holds no network interfaces or load balancers."


@pytest.mark.parametrize("view", [("iam", "paths"), ("network", "exposure")])
def test_a_view_of_a_snapshot_that_read_nothing_is_incomplete(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, view: tuple[str, str]
) -> None:
    # Before: "holds no IAM users or roles" / "no network interfaces", exit 0, for a
    # snapshot that records no call, gap or resource at all.
    code, _, err = run(capsys, *view, "--snapshot", str(_file(tmp_path, {})))
    assert code == EXIT_INCOMPLETE
    assert err.startswith("incloud: incomplete: nothing was read")


def test_matrix_keeps_a_service_whose_inventory_could_not_be_listed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    reads = {"api_calls": [{"service": "s3", "operation": "ListBuckets", "count": 3}]}
    path = _file(tmp_path, {"gaps": [_gap("s3:ListBuckets", "global")], **reads})
    code, out, _ = run(capsys, "matrix", "s3", "--snapshot", str(path), "--format", "json")
    assert code == EXIT_OK
    (account,) = json.loads(out)["accounts"]
    assert [u["prefix"] for u in account["services"]] == ["s3"]
    assert account["services"][0]["unlisted"] == ["s3:ListBuckets"]
    assert {c["service"] for c in account["cells"]} == {"s3"}
    statuses = {c["status"] for c in account["cells"] if c["owner"] != "aws"}
    assert "unknown" in statuses
    assert "met" not in statuses
    code, out, _ = run(capsys, "matrix", "--snapshot", str(path))
    assert code == EXIT_OK
    assert "s3:ListBuckets" in out


HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u202eevil\nNo principal can escalate"


def _assert_inert(out: str) -> None:
    assert not [c for c in out if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0], out
    assert "\u202e" not in out
    assert not any(line.startswith("No principal can escalate") for line in out.splitlines())


def test_views_render_hostile_names_inert(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    name = f"builder{HOSTILE}"
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": HOSTILE.replace("\n", ""),
                "Effect": "Allow",
                "Action": "iam:AttachUserPolicy",
                "Resource": f"{IAM}:user/{name}",
            }
        ],
    }
    gap = {**_gap("ec2:DescribeSecurityGroups"), "message": HOSTILE}
    path = _file(
        tmp_path, {"resources": [_user(name, inline_policies={"p": policy})], "gaps": [gap]}
    )
    for argv in (("iam", "paths"), ("network", "exposure")):
        _, out, _ = run(capsys, *argv, "--snapshot", str(path))
        _assert_inert(out)
        assert "\\x1b]0;pwned\\x07" in out
        _, out, _ = run(capsys, *argv, "--snapshot", str(path), "--format", "json")
        _assert_inert(out)
        json.loads(out)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("s3:GetObjekt", "names no s3 action"),
        ("iam:PassRoel=arn:aws:iam::123456789012:role/x", "names no iam action"),
        ("s3:Get\x1b[2J", "is not service:Action"),
        ("s3 :GetObject", "not an IAM action"),
    ],
)
def test_a_sensitive_permission_that_names_no_action_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str, says: str
) -> None:
    # Before: accepted; nobody can obtain an action that does not exist, so a typo read as
    # "no path found" for the permission the user meant.
    path = _file(tmp_path, {"resources": [_user("reader")], **READ_IAM})
    for argv in (("iam", "paths", "--snapshot", str(path)), ("evaluate", str(path))):
        code, out, err = run(capsys, *argv, "--sensitive", value)
        assert (code, out) == (EXIT_ERROR, "")
        assert_one_line_error(err)
        assert says in err


@pytest.mark.parametrize("value", ["s3:GetObject", "S3:getobject", "s3:*Object", "iam:*"])
def test_a_sensitive_permission_naming_actions_is_taken(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str
) -> None:
    path = _file(tmp_path, {"resources": [_user("reader")], **READ_IAM})
    code, _, err = run(capsys, "iam", "paths", "--snapshot", str(path), "--sensitive", value)
    assert code == EXIT_OK, err
