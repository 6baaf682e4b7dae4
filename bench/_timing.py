"""How the in-memory benchmarks (network.py, escalation.py) time what they measure.

The timed run is plain: tracemalloc's bookkeeping slows every allocation several times over
(5.1 s against 1.2 s for the network analysis), so a time taken under it says more about
tracemalloc than about the code. ``--trace`` times the run under tracemalloc instead, to
report its peak traced memory; the process's peak resident size is always printed. CPU time
is printed beside the wall time: on a busy machine the wall time grows, the CPU time much less.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Timing:
    """One measured run: wall and CPU seconds, peak traced bytes (None untraced) and the
    process's peak resident size in MiB so far."""

    wall: float
    cpu: float
    traced_peak: int | None
    max_rss_mib: float

    def line(self, what: str) -> str:
        """``what: 1.23s wall, 1.20s CPU, ...``, as the benchmarks print it."""
        memory = (
            f"peak traced memory {self.traced_peak / 2**20:.0f} MiB (timed under tracemalloc)"
            if self.traced_peak is not None
            else f"peak RSS {self.max_rss_mib:.0f} MiB (untraced; --trace for traced memory)"
        )
        return f"{what}: {self.wall:.2f}s wall, {self.cpu:.2f}s CPU, {memory}"


def add_trace_option(parser: argparse.ArgumentParser) -> None:
    """``--trace``; ``--no-trace`` is still accepted (it is the default now)."""
    parser.add_argument(
        "--trace", action="store_true", help="time under tracemalloc and report its peak memory"
    )
    parser.add_argument("--no-trace", action="store_true", help=argparse.SUPPRESS)


def measure(run: Callable[[], T], *, trace: bool) -> tuple[T, Timing]:
    """``run()``'s result and how long it took (under tracemalloc when ``trace``)."""
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    result = run()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result, Timing(wall=wall, cpu=cpu, traced_peak=peak, max_rss_mib=rss)
