"""The scan store: organisation scans, the accounts they entered and their shards.

SQLAlchemy over SQLite by default (one file in incloud's state directory, nothing to run) or
PostgreSQL when workers on several machines share a scan (``--store postgresql://...``).
Alembic migrates the schema when a store is opened.
"""

from .scans import AccountEntry, ScanRecord, ScanStore, default_store_url, open_store, state_dir

__all__ = [
    "AccountEntry",
    "ScanRecord",
    "ScanStore",
    "default_store_url",
    "open_store",
    "state_dir",
]
