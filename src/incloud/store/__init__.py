"""The scan store: organisation scans, the accounts they entered and their shards; and the
posture history (``posture``: every recorded scan's findings, gaps, matrix and framework
posture), in the same database and the same Alembic history.

SQLAlchemy over SQLite by default (one file in incloud's state directory, nothing to run) or
PostgreSQL when workers on several machines share a scan (``--store postgresql://...``).
Alembic migrates the schema when a store is opened.
"""

from . import posture_schema
from .location import data_dir, default_history_path, snapshot_dir, store_url
from .posture import PostureStore, Recording, ScanInfo
from .scans import AccountEntry, ScanRecord, ScanStore, default_store_url, open_store, state_dir

__all__ = [
    "AccountEntry",
    "PostureStore",
    "Recording",
    "ScanInfo",
    "ScanRecord",
    "ScanStore",
    "data_dir",
    "default_history_path",
    "default_store_url",
    "open_posture_store",
    "open_store",
    "posture_schema",
    "snapshot_dir",
    "state_dir",
    "store_url",
]


def open_posture_store(value: str | None = None) -> PostureStore:
    """The posture history at ``--store VALUE`` (a path or URL; default: the default file),
    created and migrated as needed.
    """
    return PostureStore(open_store(store_url(value)))
