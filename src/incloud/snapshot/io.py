"""Saving and loading snapshots as JSON, optionally gzip-compressed."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError
from .model import SCHEMA_VERSION, Snapshot

_GZIP_MAGIC = b"\x1f\x8b"


def save_snapshot(snapshot: Snapshot, path: Path) -> None:
    """Write ``snapshot`` to ``path``; a name ending in ``.gz`` is gzip-compressed."""
    data = snapshot.model_dump_json(exclude_defaults=False).encode()
    if path.suffix == ".gz":
        data = gzip.compress(data, compresslevel=6, mtime=0)
    path.write_bytes(data)


def load_snapshot(path: Path) -> Snapshot:
    """Read a snapshot, raising :class:`InputError` with one clear line on any problem."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read snapshot {path}: {error.strerror}") from None
    try:
        if raw[:2] == _GZIP_MAGIC:
            raw = gzip.decompress(raw)
        document = json.loads(raw)
    except (OSError, EOFError, ValueError) as error:
        raise InputError(f"{path} is not a snapshot (corrupt JSON or gzip: {error})") from None
    if not isinstance(document, dict) or "schema_version" not in document:
        raise InputError(f"{path} is not an incloud snapshot (no schema_version)")
    version = document["schema_version"]
    if version != SCHEMA_VERSION:
        age = "newer" if isinstance(version, int) and version > SCHEMA_VERSION else "older"
        raise InputError(
            f"{path} has snapshot schema {version!r}, {age} than this incloud reads "
            f"({SCHEMA_VERSION}); collect again with this version"
        )
    try:
        return Snapshot.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"{path} is not a valid snapshot: {where}: {first['msg']}") from None
