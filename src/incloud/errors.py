"""Errors that reach the user as one line and exit code 2, and the bounded reading of the
files users give, whose problems are such errors.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input the user can fix: a corrupt file, an unknown option value, no credentials."""


def read_input_file(path: Path, what: str, limit: int) -> bytes:
    """The bytes of ``path`` (a file the user names: ``what`` says which, in errors), at most
    ``limit`` of them; :class:`InputError` for an unreadable or larger file.

    The bound holds for what the file *yields*, not what ``stat`` says: ``/dev/zero``, a
    pipe or ``/proc`` files report a size of 0 and would otherwise be read until memory
    runs out.
    """
    try:
        with path.open("rb") as file:
            content = file.read(limit + 1)
    except OSError as error:
        raise InputError(f"cannot read {what} {path}: {error.strerror}") from None
    if len(content) > limit:
        raise InputError(f"{what} {path} is larger than {_size(limit)}")
    return content


def _size(limit: int) -> str:
    mib = 1024 * 1024
    return f"{limit // mib} MiB" if limit % mib == 0 else f"{limit} bytes"
