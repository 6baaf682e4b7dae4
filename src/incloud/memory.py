"""How the process allocates memory: few malloc arenas for a scan's many threads.

glibc gives threads their own malloc arenas, up to eight per core, so that they do not wait
on one another for memory; a scan runs dozens of threads whose freed memory then stays spread
over many arenas, none of it returned. Python allocates under its interpreter lock anyway, so
the extra arenas buy little: :func:`limit_malloc_arenas` asks glibc for two (``mallopt(3)``,
``M_ARENA_MAX``, the setting the ``MALLOC_ARENA_MAX`` environment variable also gives). An
organisation scan's coordinator peaks about 35 MB lower with it (``bench/org_scan.py``).
"""

from __future__ import annotations

import ctypes
import os
import sys

M_ARENA_MAX = -8
"""glibc's ``mallopt`` parameter for the most arenas (``<malloc.h>``)."""

ARENAS = 2
"""The arenas a scan keeps."""


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Ask glibc to use at most ``arenas`` malloc arenas from now on; whether it did.

    Nothing is done where the user chose (``MALLOC_ARENA_MAX`` is set), off Linux, or with a
    C library without ``mallopt`` (musl).
    """
    if "MALLOC_ARENA_MAX" in os.environ or not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_ARENA_MAX, arenas))
