"""Scans, the accounts they entered, and their shards.

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the three tables."""
    op.create_table(
        "incloud_scans",
        sa.Column("scan_id", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("spec", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "incloud_scan_accounts",
        sa.Column("scan_id", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(32), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("regions", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("api_calls", sa.Text, nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "incloud_scan_shards",
        sa.Column("scan_id", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(32), primary_key=True),
        sa.Column("region", sa.String(32), primary_key=True),
        sa.Column("service", sa.String(64), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
        sa.Column("worker", sa.String(255), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop them."""
    op.drop_table("incloud_scan_shards")
    op.drop_table("incloud_scan_accounts")
    op.drop_table("incloud_scans")
