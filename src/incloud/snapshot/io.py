"""Saving and loading snapshots as JSON, optionally gzip-compressed.

A snapshot file is untrusted input: whatever it holds, loading ends in a :class:`Snapshot` or
in one :class:`InputError` of one line. Files are read, and gzip bodies expanded, in chunks
up to a size cap, so a small file that decompresses to gigabytes is refused early. Saving
writes a temporary file beside the destination and renames it into place, so the path holds
either the previous file or the complete new one.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import secrets
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..errors import InputError
from ..jsondoc import MAX_DEPTH, JsonDocumentError, parse_document
from .base import brief
from .model import SCHEMA_VERSION, Snapshot

LIMIT_VARIABLE = "INCLOUD_MAX_SNAPSHOT_MB"
"""The environment variable that sets the size cap, in MiB."""

DEFAULT_LIMIT_MB = 512
"""The default cap: a snapshot of a large account is tens to a few hundred MB of JSON."""

MAX_FILE_DEPTH = MAX_DEPTH + 16
"""The deepest nesting a snapshot file may have: JSON documents (``MAX_DEPTH``) inside the
snapshot's own structure (snapshot, resource list, resource, field, ...)."""

_MIB = 1024 * 1024
_READ_SIZE = 64 * 1024
_OUTPUT_SIZE = _MIB
_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_MESSAGE_LENGTH = 240
_CREATE_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


class _TooLargeError(Exception):
    """The file, or what it decompresses to, is larger than the cap."""

    def __init__(self, *, uncompressed: bool) -> None:
        super().__init__()
        self.uncompressed = uncompressed


def snapshot_size_limit() -> int:
    """The size cap in bytes: ``INCLOUD_MAX_SNAPSHOT_MB`` MiB, else 512 MiB."""
    raw = os.environ.get(LIMIT_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_LIMIT_MB * _MIB
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) == 0:
        raise InputError(
            f"{LIMIT_VARIABLE} must be a whole number of MiB (at least 1), not {brief(raw)}"
        )
    return int(raw) * _MIB


def save_snapshot(snapshot: Snapshot, path: Path) -> None:
    """Write ``snapshot`` to ``path`` atomically (:func:`write_atomically`); a name ending in
    ``.gz`` is gzip-compressed. A write that fails raises :class:`InputError`.
    """
    data = snapshot.model_dump_json(exclude_defaults=False).encode()
    if path.suffix == ".gz":
        data = gzip.compress(data, compresslevel=6, mtime=0)
    try:
        write_atomically(path, data)
    except OSError as error:
        raise InputError(f"cannot write snapshot {path}: {_reason(error)}") from None


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all.

    The data goes to a temporary file in the same directory, is flushed to disk, then
    replaces ``path``: an interrupted or failed write (a full disk, a file size limit) leaves
    the previous file as it was and no temporary file behind, and raises the ``OSError``.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    replaced = False
    try:
        descriptor = os.open(temporary, _CREATE_NEW, 0o666)  # the umask applies, as usual
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(path)
        replaced = True
    finally:
        if not replaced:
            with contextlib.suppress(OSError):
                temporary.unlink()
    _sync_directory(path.parent)


def load_snapshot(path: Path) -> Snapshot:
    """Read a snapshot, raising :class:`InputError` with one clear line on any problem."""
    limit = snapshot_size_limit()
    try:
        with path.open("rb") as file:
            raw = _read_capped(file, limit)
    except OSError as error:
        raise InputError(f"cannot read snapshot {path}: {_reason(error)}") from None
    except zlib.error as error:
        raise InputError(f"{path} is not a snapshot (corrupt gzip: {_clip(error)})") from None
    except _TooLargeError as error:
        size = f"{limit // _MIB} MiB" + (" uncompressed" if error.uncompressed else "")
        raise InputError(
            f"{path} is larger than {size}; if it is a genuine snapshot, "
            f"set {LIMIT_VARIABLE} to a larger number of MiB"
        ) from None
    try:
        document = parse_document(raw, max_depth=MAX_FILE_DEPTH)
    except JsonDocumentError as error:
        raise InputError(f"{path} is not a snapshot ({_clip(error)})") from None
    del raw
    _check_version(path, document)
    try:
        return Snapshot.model_validate(document)
    except ValidationError as error:
        problem = _describe(error.errors(include_url=False, include_input=False)[0])
        raise InputError(f"{path} is not a valid snapshot: {problem}") from None


def _read_capped(file: BinaryIO, limit: int) -> bytes:
    """The file's content, gunzipped if it starts with the gzip magic, at most ``limit`` bytes.

    Raises :class:`_TooLargeError` as soon as more is read or decompressed, ``zlib.error``
    for a corrupt gzip body.
    """
    head = file.read(len(_GZIP_MAGIC))
    chunks = _chunks(file, head, limit)
    gzipped = head == _GZIP_MAGIC
    content = bytearray()
    for piece in _gunzip(chunks) if gzipped else chunks:
        if len(content) + len(piece) > limit:
            raise _TooLargeError(uncompressed=gzipped)
        content += piece
    return bytes(content)  # no more memory at once than parsing takes next


def _chunks(file: BinaryIO, head: bytes, limit: int) -> Iterator[bytes]:
    """``head`` then the rest of ``file`` in chunks, stopping past ``limit`` bytes read."""
    total = len(head)
    yield head
    while chunk := file.read(_READ_SIZE):
        total += len(chunk)
        if total > limit:
            raise _TooLargeError(uncompressed=False)
        yield chunk


def _gunzip(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The decompressed content of a gzip stream (one or more members), a little at a time.

    Each call to the decompressor yields at most ``_OUTPUT_SIZE`` bytes, so the caller's cap
    stops a decompression bomb before it expands.
    """
    decompressor = zlib.decompressobj(_GZIP_WBITS)
    for chunk in chunks:
        pending = chunk
        while pending:
            if decompressor.eof:  # another member follows, as `cat a.gz b.gz` makes
                decompressor = zlib.decompressobj(_GZIP_WBITS)
            yield decompressor.decompress(pending, _OUTPUT_SIZE)
            pending = decompressor.unconsumed_tail or decompressor.unused_data
    while not decompressor.eof:
        piece = decompressor.flush(_OUTPUT_SIZE)
        if not piece:
            raise zlib.error("the compressed data ends early")
        yield piece


def _check_version(path: Path, document: Any) -> None:
    """Refuse a document that is not a snapshot of the schema this incloud reads."""
    if not isinstance(document, dict) or "schema_version" not in document:
        raise InputError(f"{path} is not an incloud snapshot (no schema_version)")
    version = document["schema_version"]
    if type(version) is not int:  # not isinstance: True == 1 and bool is an int
        raise InputError(
            f"{path} is not a valid snapshot: schema_version must be the integer "
            f"{SCHEMA_VERSION}, not {brief(version)}"
        )
    if version != SCHEMA_VERSION:
        age = "newer" if version > SCHEMA_VERSION else "older"
        raise InputError(
            f"{path} has snapshot schema {brief(version)}, {age} than this incloud reads "
            f"({SCHEMA_VERSION}); collect again with this version"
        )


def _describe(problem: ErrorDetails) -> str:
    """One validation problem as ``where: what``, with nothing from the file echoed at length."""
    where = _clip(".".join(_clip(part, 40) for part in problem["loc"]), 120)
    context = problem.get("ctx", {})
    if problem["type"] == "union_tag_invalid":
        what = f"unknown resource kind {brief(context.get('tag'))}"
    elif problem["type"] == "value_error" and "error" in context:
        what = _clip(context["error"])
    else:
        what = _clip(problem["msg"])
    return f"{where}: {what}" if where else what


def _clip(text: object, limit: int = _MESSAGE_LENGTH) -> str:
    """``str(text)`` on one printable line of at most ``limit`` characters."""
    line = str(text)
    if not line.isprintable():
        line = "".join(c if c.isprintable() else repr(c)[1:-1] for c in line)
    return line if len(line) <= limit else f"{line[: limit - 3]}..."


def _reason(error: OSError) -> str:
    """An OS error's reason, without the path the caller names itself."""
    return _clip(error.strerror or error)


def _sync_directory(directory: Path) -> None:
    """Flush the rename to disk where the platform allows opening a directory."""
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
