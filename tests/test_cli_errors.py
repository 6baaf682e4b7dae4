"""Broken AWS configuration and credentials: one error line, exit 2, nothing collected."""

from __future__ import annotations

import gzip
import importlib
import json
import os
import resource
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest

from incloud.cli import EXIT_ERROR, EXIT_OUTPUT_CLOSED
from incloud.snapshot import save_snapshot
from tests.cli_helpers import assert_one_line_error, run
from tests.fixtures import build_snapshot


@pytest.fixture
def aws_files(no_credentials: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty AWS config directory the test writes its files into."""
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    (tmp_path / "credentials").write_text("")
    return tmp_path


@pytest.mark.parametrize(
    ("config", "argv", "says"),
    [
        ("[default\nregion = us-east-1\n", (), "AWS configuration or credentials"),
        (
            "[profile loop-a]\nsource_profile = loop-b\nrole_arn = "
            "arn:aws:iam::123456789012:role/a\n[profile loop-b]\nsource_profile = loop-a\n"
            "role_arn = arn:aws:iam::123456789012:role/b\n",
            ("--profile", "loop-a"),
            "loop",
        ),
        (
            f"[profile broken]\ncredential_process = {sys.executable} -c 'raise SystemExit(3)'\n",
            ("--profile", "broken"),
            "AWS configuration or credentials",
        ),
        (
            f"[profile garbage]\ncredential_process = {sys.executable} -c 'print(42)'\n",
            ("--profile", "garbage"),
            "AWS configuration or credentials",
        ),
    ],
    ids=["malformed-config", "profile-loop", "failing-process", "process-garbage"],
)
def test_broken_configuration_is_one_line(
    capsys: pytest.CaptureFixture[str],
    aws_files: Path,
    config: str,
    argv: tuple[str, ...],
    says: str,
) -> None:
    (aws_files / "config").write_text(config)
    code, out, err = run(capsys, "scan", "--regions", "us-east-1", *argv)
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert says in err.lower() or says in err
    assert out == ""


def test_partial_credentials_are_one_line(
    capsys: pytest.CaptureFixture[str], aws_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    code, _, err = run(capsys, "scan", "--regions", "us-east-1")
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert "incomplete AWS credentials" in err


def test_a_configured_endpoint_that_is_not_a_url_is_one_line(
    capsys: pytest.CaptureFixture[str], aws_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "not a url")
    code, _, err = run(capsys, "scan", "--regions", "us-east-1")
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert "AWS_ENDPOINT_URL" in err


def test_a_corrupt_gzip_snapshot_and_a_deep_simulation_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    corrupt = tmp_path / "snap.json.gz"
    corrupt.write_bytes(gzip.compress(b'{"schema_version": 1}')[:-12] + b"\x00" * 12)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    for argv in (("evaluate", str(corrupt)), ("iam", "simulate", str(deep))):
        code, _, err = run(capsys, *argv)
        assert code == EXIT_ERROR, argv
        assert_one_line_error(err)


def test_a_snapshot_or_simulation_that_is_not_text_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # "\ud800" is valid JSON that no encoding can write: before, `evaluate --format json`
    # and `compliance ... --format json` loaded it and ended in a PydanticSerializationError
    # traceback (exit 1), and iam simulate took it as a principal.
    snapshot = tmp_path / "snap.json"
    snapshot.write_text(
        '{"schema_version": 3, "incloud_version": "0", "collected_at": "2026-01-01T00:00:00Z",'
        ' "accounts": [{"account_id": "123456789012", "partition": "aws",'
        ' "regions": ["us-east-1"]}], "resources": [{"kind": "iam.account",'
        ' "arn": "arn:aws:iam::123456789012:root", "name": "\\ud800",'
        ' "account_id": "123456789012", "region": "global"}], "gaps": [], "api_calls": []}'
    )
    simulation = tmp_path / "sim.json"
    simulation.write_text(
        '{"request": {"principal": "arn:aws:iam::123456789012:user/\\udc00",'
        ' "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}'
    )
    for argv in (
        ("evaluate", str(snapshot), "--format", "json"),
        ("compliance", "cis-3.0", "--snapshot", str(snapshot), "--format", "json"),
        ("iam", "simulate", str(simulation)),
    ):
        code, out, err = run(capsys, *argv)
        assert code == EXIT_ERROR, argv
        assert_one_line_error(err)
        assert "surrogate" in err
        assert out == ""


LIMITS = {
    "simulation": ("incloud.cli.engines", "MAX_SIMULATION_BYTES"),
    "mutelist": ("incloud.yamldoc", "MAX_FILE_BYTES"),
    "attestations": ("incloud.yamldoc", "MAX_FILE_BYTES"),
    "report": ("incloud.export.securityhub", "MAX_REPORT_BYTES"),
}
"""Where each file's size limit is set: lowered to 1 MiB so a test streams little."""


@pytest.fixture
def endless(tmp_path: Path) -> Iterator[Path]:
    """A named pipe that yields 4 MiB of zeros, as ``/dev/zero`` yields endless ones:
    ``stat`` says it is 0 bytes long.
    """
    pipe = tmp_path / "endless"
    os.mkfifo(pipe)

    def feed() -> None:
        with suppress(OSError), pipe.open("wb") as writer:  # the reader may stop early
            for _ in range(4):
                writer.write(bytes(1024 * 1024))

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    yield pipe
    with suppress(OSError), os.fdopen(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK), "rb"):
        pass  # unblocks a feeder whose reader never came
    feeder.join(5)


@pytest.mark.parametrize(
    ("what", "argv"),
    [
        ("simulation", ("iam", "simulate", "{file}")),
        ("mutelist", ("evaluate", "{snapshot}", "--mutelist", "{file}")),
        (
            "attestations",
            ("evaluate", "{snapshot}", "--framework", "cis-5.0", "--attestations", "{file}"),
        ),
        ("report", ("export", "securityhub", "{file}", "--region", "us-east-1")),
    ],
    ids=["simulation", "mutelist", "attestations", "report"],
)
def test_an_endless_input_file_is_one_line_not_all_memory(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    endless: Path,
    what: str,
    argv: tuple[str, ...],
) -> None:
    # /dev/zero, a pipe or a /proc file says it is 0 bytes long: the size check by stat let
    # it through and the read never ended (`iam simulate /dev/zero` and --attestations
    # /dev/zero: a MemoryError traceback; --mutelist /dev/zero: a hang while memory filled).
    module, name = LIMITS[what]
    monkeypatch.setattr(importlib.import_module(module), name, 1024 * 1024)
    snapshot = tmp_path / "snap.json"
    save_snapshot(build_snapshot({"resources": [{"kind": "iam.account", "name": "a"}]}), snapshot)
    code, out, err = run(capsys, *(arg.format(snapshot=snapshot, file=endless) for arg in argv))
    assert (code, out) == (EXIT_ERROR, "")
    assert_one_line_error(err)
    assert f"{what} {endless} is larger than 1 MiB" in err


def test_a_report_that_cannot_be_written_whole_leaves_the_previous_one(tmp_path: Path) -> None:
    # A file size limit (as a full disk would) stops the first report part-way. Before: the
    # previous report.txt was truncated and left half-written, beside an exit 2; now every
    # earlier report is as it was and no temporary file is left.
    snapshot = tmp_path / "snap.json"
    save_snapshot(build_snapshot({"resources": [{"kind": "iam.account", "name": "a"}]}), snapshot)
    reports = tmp_path / "reports"
    reports.mkdir()
    previous = {name: f"previous {name}\n" for name in ("report.txt", "report.json")}
    for name, text in previous.items():
        (reports / name).write_text(text)

    def limit_file_size() -> None:  # Python ignores SIGXFSZ: the write fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, resource.RLIM_INFINITY))

    child = subprocess.run(
        [sys.executable, "-m", "incloud.cli", "evaluate", str(snapshot), "-o", str(reports)],
        capture_output=True,
        text=True,
        preexec_fn=limit_file_size,
        timeout=120,
        check=False,
    )
    assert child.returncode == EXIT_ERROR, child.stderr
    assert_one_line_error(child.stderr)
    assert "cannot write" in child.stderr
    assert {name: (reports / name).read_text() for name in previous} == previous
    assert sorted(p.name for p in reports.iterdir()) == sorted(previous)


def test_an_error_quoting_a_huge_value_is_clipped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Before: the whole value was repeated: a 5,000-digit number gave a 5,122-character line.
    huge = {"NumericLessThan": {"aws:MultiFactorAuthAge": "9" * 5000}}
    statement = {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": huge}
    request = {
        "principal": "arn:aws:iam::111122223333:user/u",
        "action": "s3:GetObject",
        "resource": "arn:aws:s3:::b/k",
    }
    policy = {"Version": "2012-10-17", "Statement": [statement]}
    simulation = tmp_path / "sim.json"
    simulation.write_text(json.dumps({"request": request, "identity_policies": [policy]}))
    code, _, err = run(capsys, "iam", "simulate", str(simulation))
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert len(err) < 1100
    assert err.rstrip().endswith("characters)")


@pytest.mark.parametrize("argv", [("checks",), ("evaluate", "{snapshot}", "--format", "json")])
def test_a_closed_standard_output_is_not_exit_1(tmp_path: Path, argv: tuple[str, ...]) -> None:
    # `incloud ... | head` whose reader has gone: click exits 1 on EPIPE, which a CI gate
    # reads as "findings at or above --fail-on". Now 141, as a program SIGPIPE ends.
    snapshot = tmp_path / "snap.json"
    save_snapshot(build_snapshot({"resources": [{"kind": "iam.account", "name": "a"}]}), snapshot)
    read, write = os.pipe()
    os.close(read)  # nobody will read: the first write fails with EPIPE
    with os.fdopen(write, "wb") as closed:
        child = subprocess.run(
            [sys.executable, "-m", "incloud.cli", *(a.format(snapshot=snapshot) for a in argv)],
            stdout=closed,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert child.returncode == EXIT_OUTPUT_CLOSED, child.stderr
    assert "Traceback" not in child.stderr
