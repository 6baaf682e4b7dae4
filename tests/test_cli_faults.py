"""The command line against a failing endpoint: a scan whose endpoint dies is not a pass,
and Ctrl-C on a hung collection stops at once and keeps what was collected.

The fault proxy (tests/collect/fault_proxy.py) stands between incloud and moto's server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from incloud.cli import EXIT_ERROR, EXIT_INCOMPLETE, EXIT_INTERRUPTED
from incloud.snapshot import load_snapshot
from incloud.snapshot.iam import IamUser
from tests.cli_helpers import assert_one_line_error, run
from tests.collect.fault_proxy import FaultProxy, Hang, ProxyRequest, Reset, garbage
from tests.live import live_account, seed_payroll

OPENING = frozenset({"GetCallerIdentity", "DescribeRegions"})
"""What a scan asks before collecting: answered, so the scan starts."""


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    with live_account(seed_payroll) as url:
        yield url


def test_a_scan_whose_endpoint_dies_is_incomplete_not_a_pass(
    capsys: pytest.CaptureFixture[str], moto_url: str
) -> None:
    with FaultProxy(moto_url) as proxy:
        proxy.add_rule(lambda request: request.operation not in OPENING, Reset())
        for gate in ((), ("--fail-on", "low")):
            code, out, err = run(
                capsys,
                "scan",
                "--endpoint-url",
                proxy.url,
                "--regions",
                "us-east-1",
                "--call-timeout",
                "20",  # a reset fails at once; the answered calls may be slow on a busy machine
                *gate,
            )
            assert code == EXIT_INCOMPLETE, err
            assert "most of the account was not read" in err
            assert "No failing checks." not in out
            assert "could not be assessed" in out


def _wait_for(condition: Callable[[], object], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def test_ctrl_c_on_a_hung_collection_stops_at_once_and_keeps_the_rest(
    moto_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "snap.json.gz"
    with FaultProxy(moto_url) as proxy:

        def ec2_after_opening(request: ProxyRequest) -> bool:
            return request.service == "ec2" and request.operation not in OPENING

        hung = proxy.add_rule(ec2_after_opening, Hang())
        command = [
            sys.executable,
            "-m",
            "incloud.cli",
            "collect",
            "-o",
            str(target),
            "--endpoint-url",
            proxy.url,
            "--regions",
            "us-east-1",
        ]
        child = subprocess.Popen(
            command, stderr=subprocess.PIPE, stdout=subprocess.PIPE, env=dict(os.environ)
        )
        try:
            # IAM's last read (after the credential report it waits for) has been answered
            _wait_for(lambda: hung.hits and "iam:ListVirtualMFADevices" in proxy.actions(), 60)
            time.sleep(1)  # the other units finish; EC2's stays hung
            interrupted = time.monotonic()
            child.send_signal(signal.SIGINT)
            _, err = child.communicate(timeout=10)
            stopped_in = time.monotonic() - interrupted
        finally:
            child.kill()
    assert child.returncode == EXIT_INTERRUPTED, err
    # within a tick and the save (seconds on a machine running the whole suite in parallel);
    # the hung call alone would hold it for its 30 s read timeout
    assert stopped_in < 8
    message = err.decode().strip().splitlines()
    assert len(message) == 1 and message[0].startswith("incloud: interrupted: kept "), err
    kept = tmp_path / "snap.partial.json.gz"
    assert not target.exists()
    snapshot = load_snapshot(kept)
    assert {u.name for u in snapshot.of_type(IamUser)} == {"dev", "payroll-bot"}
    interrupted_ec2 = {g.operation for g in snapshot.gaps if g.error_code == "Interrupted"}
    assert "DescribeInstances" in interrupted_ec2


def test_an_endpoint_that_is_not_aws_is_one_error_line(
    capsys: pytest.CaptureFixture[str], moto_url: str
) -> None:
    with FaultProxy(moto_url) as proxy:
        proxy.add_rule(lambda request: True, garbage("html"))
        url = proxy.url
        code, out, err = run(capsys, "scan", "--endpoint-url", url)
    assert code == EXIT_ERROR
    assert_one_line_error(err)
    assert f"{url} did not answer like AWS STS" in err
    assert out == ""
