"""Running the CLI in tests: its exit code and output, and the one-line error rule."""

from __future__ import annotations

import pytest

from incloud.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``incloud ARGV`` in process: exit code, stdout, stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str) -> None:
    """Errors are one ``incloud: error:`` line, never a traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("incloud: error: ")
    assert "Traceback" not in err
