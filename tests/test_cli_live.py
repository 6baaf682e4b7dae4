"""Commands against a live (moto server) account: --sensitive end to end, the endpoint
from the AWS configuration, and checks made before anything is collected.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from incloud.cli import EXIT_ERROR, EXIT_OK
from tests.cli_helpers import assert_one_line_error, run
from tests.live import IAM, PAYROLL, live_account, seed_payroll

ONE_REGION = ("--regions", "us-east-1")


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with live_account(seed_payroll) as url:
        yield url


def _escalation(report: dict[str, Any], user: str) -> dict[str, Any]:
    return next(
        f
        for f in report["findings"]
        if f["check_id"] == "iam.privilege-escalation" and f["resource"] == f"{IAM}:user/{user}"
    )


def test_sensitive_goal_on_a_live_scan_and_offline_on_its_snapshot(
    capsys: pytest.CaptureFixture[str], endpoint: str, tmp_path: Path
) -> None:
    args = ("--sensitive", PAYROLL, "--checks", "iam.privilege-escalation", "--format", "json")
    code, out, err = run(
        capsys, "scan", "--endpoint-url", endpoint, *ONE_REGION, "-o", str(tmp_path), *args
    )
    assert code == EXIT_OK, err
    live = _escalation(json.loads(out), "dev")
    assert live["verdict"] == "fail"
    assert "s3:GetObject on arn:aws:s3:::payroll/*" in live["reason"]
    assert _escalation(json.loads(out), "payroll-bot")["verdict"] == "pass"

    code, out, err = run(capsys, "evaluate", str(tmp_path / "snapshot.json.gz"), *args)
    assert code == EXIT_OK, err
    assert _escalation(json.loads(out), "dev")["reason"] == live["reason"]


def test_sensitive_goal_in_iam_paths_live(
    capsys: pytest.CaptureFixture[str], endpoint: str
) -> None:
    code, out, err = run(
        capsys,
        "iam",
        "paths",
        "dev",
        "--sensitive",
        PAYROLL,
        "--endpoint-url",
        endpoint,
        *ONE_REGION,
        "--format",
        "json",
    )
    assert code == EXIT_OK, err
    answer = json.loads(out)
    assert answer["complete"] is True
    path = answer["paths"][f"{IAM}:user/dev"]
    assert path["goal"] == "s3:GetObject on arn:aws:s3:::payroll/*"
    assert path["steps"][0]["actions"] == ["iam:CreateAccessKey"]


def test_the_endpoint_from_the_environment_is_handled_like_the_option(
    capsys: pytest.CaptureFixture[str], endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same emulator handling (one attempt, the s3control host fix) either way, so the same
    reads succeed and the same gaps are recorded.
    """

    def gaps(*extra: str) -> set[tuple[str, str]]:
        code, out, err = run(capsys, "scan", *ONE_REGION, "--format", "json", *extra)
        assert code == EXIT_OK, err
        return {(g["service"], g["operation"]) for g in json.loads(out)["gaps"]}

    by_option = gaps("--endpoint-url", endpoint)
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    by_environment = gaps()
    assert by_environment == by_option
    assert ("s3control", "GetPublicAccessBlock") not in by_environment


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("--role-arn", "notanarn"), "--role-arn 'notanarn' is not an IAM role ARN"),
        (("--endpoint-url", "notaurl"), "--endpoint-url 'notaurl' is not an http(s) URL"),
        (("--endpoint-url", "ftp://host"), "is not an http(s) URL"),
        (("--external-id", "x"), "--external-id needs --role-arn"),
        (("--format", "yaml"), "unknown --format 'yaml'"),
        (("--fail-on", "severe"), "unknown --fail-on 'severe'"),
    ],
)
def test_bad_options_are_refused_before_any_call(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], says: str
) -> None:
    # nothing listens on port 9: a command that tried to collect would fail differently
    code, _, err = run(capsys, "scan", "--endpoint-url", "http://127.0.0.1:9", *argv)
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert says in err


@pytest.mark.parametrize("command", [("scan",), ("matrix",), ("network", "exposure")])
def test_an_output_path_that_is_a_file_is_refused_before_collection(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: tuple[str, ...]
) -> None:
    taken = tmp_path / "taken"
    taken.write_text("keep me")
    code, _, err = run(capsys, *command, "--endpoint-url", "http://127.0.0.1:9", "-o", str(taken))
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert "exists and is not a directory" in err
    assert taken.read_text() == "keep me"


def test_an_unwritable_output_directory_is_refused_before_collection(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    if os.geteuid() == 0:
        blocked = tmp_path / "file" / "sub"  # a directory under a file: root cannot either
        (tmp_path / "file").write_text("")
    else:
        blocked = tmp_path / "ro"
        blocked.mkdir(mode=0o500)
    code, _, err = run(capsys, "scan", "--endpoint-url", "http://127.0.0.1:9", "-o", str(blocked))
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert str(blocked) in err


def test_collect_to_a_directory_or_a_missing_folder_is_refused_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for target, says in (
        (tmp_path, "is a directory"),
        (tmp_path / "missing" / "snap.json", "does not exist"),
    ):
        code, _, err = run(
            capsys, "collect", "--endpoint-url", "http://127.0.0.1:9", "-o", str(target)
        )
        assert code == EXIT_ERROR
        assert_one_line_error(err)
        assert says in err
