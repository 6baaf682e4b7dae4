"""Where the posture history lives: ``--store PATH`` or URL, else the default SQLite file.

The default is ``$XDG_DATA_HOME/incloud/history.db`` (``~/.local/share/incloud/history.db``):
a year of scans is data a team keeps, unlike the organisation scans' working state (shards,
in the state directory). Snapshots the history keeps go beside it, in ``snapshots/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import ArgumentError

from ..errors import InputError

DATA_ENV = "XDG_DATA_HOME"


def data_dir() -> Path:
    """``$XDG_DATA_HOME/incloud``, else ``~/.local/share/incloud``."""
    base = os.environ.get(DATA_ENV) or str(Path.home() / ".local" / "share")
    return Path(base) / "incloud"


def default_history_path() -> Path:
    """The default posture store's SQLite file."""
    return data_dir() / "history.db"


def store_url(value: str | None) -> str:
    """The database URL of ``--store VALUE``: a URL as given, a path as a SQLite file, none as
    the default file.
    """
    if value is None:
        return f"sqlite:///{default_history_path()}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().absolute()}"


def snapshot_dir(url: str) -> Path:
    """Where a store keeps snapshot files: beside a SQLite file (``NAME-snapshots``), else in
    the data directory.
    """
    try:
        parsed = sa.engine.make_url(url)
    except ArgumentError:
        raise InputError(f"--store {url[:200]!r} is not a database URL") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(str(parsed.database))
        return path.with_name(f"{path.stem}-snapshots")
    return data_dir() / "snapshots"
