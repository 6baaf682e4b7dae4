"""A small simulated organisation on one moto server per test module, and the CLI run on it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from incloud.cli import main
from incloud.demo.org import OrgSeed, org_demo

REGIONS = ("us-east-1", "eu-west-1")


def run_cli(*argv: str) -> tuple[int, str, str]:
    """``incloud ARGV`` in process, outside any pytest capture: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """incloud's state directory (the embedded store, scan files) for the module."""
    path = tmp_path_factory.mktemp("incloud-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INCLOUD_HOME", str(path))
        yield path


@pytest.fixture(scope="module")
def org(home: Path) -> Iterator[tuple[str, OrgSeed]]:
    """Six accounts in two regions: every designed difference of the 50-account org."""
    with org_demo(accounts=6, regions=REGIONS) as demo:
        yield demo
