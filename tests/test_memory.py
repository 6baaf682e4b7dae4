"""The scan's malloc arena limit (glibc's mallopt)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from incloud.memory import limit_malloc_arenas

LINUX = sys.platform.startswith("linux")


@pytest.mark.skipif(not LINUX, reason="glibc's mallopt")
def test_glibc_takes_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas() is True


def test_a_users_own_setting_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    assert limit_malloc_arenas() is False


@pytest.mark.skipif(not LINUX, reason="glibc's malloc arenas")
def test_threads_share_the_limited_arenas() -> None:
    # Sixteen threads each allocating: glibc counts its arenas in malloc_info's <heap nr=...>.
    program = """
import ctypes, sys, threading
from incloud.memory import limit_malloc_arenas
if sys.argv[1] == "limit":
    assert limit_malloc_arenas()
libc = ctypes.CDLL(None)
barrier = threading.Barrier(16)
def work():
    barrier.wait()
    keep = [bytearray(4_000) for _ in range(200)]
    barrier.wait()
threads = [threading.Thread(target=work) for _ in range(16)]
for t in threads: t.start()
for t in threads: t.join()
libc.fdopen.restype = ctypes.c_void_p
libc.fdopen.argtypes = [ctypes.c_int, ctypes.c_char_p]
libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
libc.fflush.argtypes = [ctypes.c_void_p]
sys.stdout.flush()
stream = libc.fdopen(1, b"w")
libc.malloc_info(0, stream)
libc.fflush(stream)
"""
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}

    def heaps(mode: str) -> int:
        out = subprocess.run(
            [sys.executable, "-c", program, mode],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return out.count("<heap nr=")

    assert heaps("limit") <= 2 < heaps("default")
