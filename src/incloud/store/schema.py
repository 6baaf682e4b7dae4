"""The store's tables (SQLAlchemy Core), one row per scan, per account entered, per shard.

Shards are keyed by (scan, account, region, service): a shard is stored once, by whichever
worker finishes it first, so a task re-run after its worker died adds nothing (see
:meth:`incloud.store.ScanStore.put_shard`). The migrations in ``migrations/versions`` create
exactly these tables; a test compares them.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

scans = Table(
    "incloud_scans",
    metadata,
    Column("scan_id", String(64), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("spec", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
)
"""One organisation scan: what was asked (the spec, JSON) and where it stands."""

accounts = Table(
    "incloud_scan_accounts",
    metadata,
    Column("scan_id", String(64), primary_key=True),
    Column("account_id", String(32), primary_key=True),
    Column("state", String(16), nullable=False),
    Column("regions", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("api_calls", Text, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
)
"""Entering one account of a scan: entered (with its regions) or unreachable (and why)."""

shards = Table(
    "incloud_scan_shards",
    metadata,
    Column("scan_id", String(64), primary_key=True),
    Column("account_id", String(32), primary_key=True),
    Column("region", String(32), primary_key=True),
    Column("service", String(64), primary_key=True),
    Column("state", String(16), nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("seconds", Float, nullable=False),
    Column("worker", String(255), nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
)
"""One collected shard: its result (gzip-compressed JSON) and who stored it, when."""
