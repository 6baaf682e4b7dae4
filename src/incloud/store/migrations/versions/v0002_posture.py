"""The posture history: recorded scans, their findings, gaps, matrix cells, services in use
and framework posture.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SCAN = ("scan_id", sa.String(64))


def upgrade() -> None:
    """Create the posture tables (written out here: a migration never follows later code)."""
    op.create_table(
        "incloud_posture_scans",
        sa.Column(*_SCAN, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False, unique=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("incloud_version", sa.String(32), nullable=False),
        sa.Column("settings_digest", sa.String(64), nullable=False),
        sa.Column("command", sa.String(32), nullable=False),
        sa.Column("counts", sa.Text, nullable=False),
        sa.Column("snapshot_path", sa.Text),
        sa.Column("org_scan_id", sa.String(64)),
    )
    op.create_table(
        "incloud_posture_accounts",
        sa.Column(*_SCAN, primary_key=True),
        sa.Column("account_id", sa.String(32), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("counts", sa.Text, nullable=False),
    )
    op.create_index(
        "ix_incloud_posture_accounts_account", "incloud_posture_accounts", ["account_id"]
    )
    op.create_table(
        "incloud_posture_findings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uid", sa.String(48), nullable=False, unique=True),
        sa.Column("check_id", sa.String(128), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("domain", sa.String(32), nullable=False),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("region", sa.String(32), nullable=False),
        sa.Column("resource", sa.Text, nullable=False),
        sa.Column("resource_name", sa.Text, nullable=False),
    )
    op.create_table(
        "incloud_posture_results",
        sa.Column("scan_seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("finding_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("muted", sa.Boolean, nullable=False),
        sa.Column("mute_reason", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_incloud_posture_results_finding", "incloud_posture_results", ["finding_id"])
    op.create_table(
        "incloud_posture_gaps",
        sa.Column(*_SCAN, primary_key=True),
        sa.Column("n", sa.Integer, primary_key=True),
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("region", sa.String(32), nullable=False),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("operation", sa.String(128), nullable=False),
        sa.Column("error_code", sa.String(128), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("resource_arn", sa.Text),
    )
    op.create_table(
        "incloud_posture_cells",
        sa.Column(*_SCAN, primary_key=True),
        sa.Column("account_id", sa.String(32), primary_key=True),
        sa.Column("service", sa.String(64), primary_key=True),
        sa.Column("duty", sa.String(128), primary_key=True),
        sa.Column("domain", sa.String(32)),
        sa.Column("owner", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_table(
        "incloud_posture_services",
        sa.Column(*_SCAN, primary_key=True),
        sa.Column("account_id", sa.String(32), primary_key=True),
        sa.Column("service", sa.String(64), primary_key=True),
        sa.Column("resources", sa.Integer, nullable=False),
        sa.Column("unlisted", sa.Boolean, nullable=False),
    )
    op.create_table(
        "incloud_posture_requirements",
        sa.Column(*_SCAN, primary_key=True),
        sa.Column("framework", sa.String(64), primary_key=True),
        sa.Column("requirement", sa.String(128), primary_key=True),
        sa.Column("owner", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_table(
        "incloud_posture_frameworks",
        sa.Column(*_SCAN, primary_key=True),
        sa.Column("framework", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("counts", sa.Text, nullable=False),
    )


def downgrade() -> None:
    """Drop them, children first."""
    for table in (
        "incloud_posture_frameworks",
        "incloud_posture_requirements",
        "incloud_posture_services",
        "incloud_posture_cells",
        "incloud_posture_gaps",
        "incloud_posture_results",
        "incloud_posture_findings",
        "incloud_posture_accounts",
        "incloud_posture_scans",
    ):
        op.drop_table(table)
