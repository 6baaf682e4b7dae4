"""Every benchmark runs as its docstring says (``python bench/NAME.py``).

A script's directory comes first on ``sys.path``, so a bench file named like a module the
standard library tries to import (``pickle`` tries ``org.python.core``) is imported in its
place: ``python bench/network.py`` died in ``import tracemalloc`` while ``bench/org.py``
existed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[1] / "bench"


@pytest.mark.parametrize(
    "script", sorted(p.name for p in BENCH.glob("*.py") if not p.name.startswith("_"))
)
def test_the_benchmark_starts(script: str) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout
