"""The posture history's tables (SQLAlchemy Core): what each recorded scan found.

They sit in the same database and the same Alembic history as the organisation scans' shards
(``schema.py``; revision 0002 adds them), so one ``--store`` URL holds both. A finding's
identity (check, account, region, resource) is stored once per uid in
``incloud_posture_findings``; each scan adds one small ``incloud_posture_results`` row per
finding (verdict, severity, muted, reason), which keeps a year of daily scans compact.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Float, Index, Integer, String, Table, Text

from .schema import metadata

posture_scans = Table(
    "incloud_posture_scans",
    metadata,
    Column("scan_id", String(64), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("collected_at", DateTime(timezone=True), nullable=False),
    Column("incloud_version", String(32), nullable=False),
    Column("settings_digest", String(64), nullable=False),
    Column("command", String(32), nullable=False),
    Column("counts", Text, nullable=False),
    Column("snapshot_path", Text),
    Column("org_scan_id", String(64)),
)
"""One recorded scan: when, by which incloud, judged under which settings (a digest), its
counts per domain and verdict (JSON), and the snapshot file it came from (None once the
retention setting removed it). ``seq`` orders scans as they were recorded."""

posture_accounts = Table(
    "incloud_posture_accounts",
    metadata,
    Column("scan_id", String(64), primary_key=True),
    Column("account_id", String(32), primary_key=True),
    Column("state", String(16), nullable=False),
    Column("counts", Text, nullable=False),
    Index("ix_incloud_posture_accounts_account", "account_id"),
)
"""An account a scan covered: ``read``, ``incomplete`` (interrupted, or most reads failed) or
``not_read`` (nothing read, or not entered): the diff never calls a finding of an account not
read resolved; and its own counts per domain and verdict (JSON)."""

posture_findings = Table(
    "incloud_posture_findings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String(48), nullable=False, unique=True),
    Column("check_id", String(128), nullable=False),
    Column("title", Text, nullable=False),
    Column("domain", String(32), nullable=False),
    Column("service", String(64), nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("region", String(32), nullable=False),
    Column("resource", Text, nullable=False),
    Column("resource_name", Text, nullable=False),
)
"""A finding's identity, once per stable uid (its first recording's title and name stay);
``id`` is the short key its results use."""

posture_results = Table(
    "incloud_posture_results",
    metadata,
    Column("scan_seq", Integer, primary_key=True, autoincrement=False),
    Column("finding_id", Integer, primary_key=True, autoincrement=False),
    Column("verdict", String(16), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("muted", Boolean, nullable=False),
    Column("mute_reason", Text),
    Column("reason", Text, nullable=False),
    Index("ix_incloud_posture_results_finding", "finding_id"),
    sqlite_with_rowid=False,
)
"""One finding's result in one scan, keyed by the scan's ``seq`` and the finding's ``id``
(integers: a year of daily scans of 1,000 findings is 365,000 of these rows; on SQLite the
table is its primary key's tree, WITHOUT ROWID)."""

posture_gaps = Table(
    "incloud_posture_gaps",
    metadata,
    Column("scan_id", String(64), primary_key=True),
    Column("n", Integer, primary_key=True),
    Column("account_id", String(32), nullable=False),
    Column("region", String(32), nullable=False),
    Column("service", String(64), nullable=False),
    Column("operation", String(128), nullable=False),
    Column("error_code", String(128), nullable=False),
    Column("message", Text, nullable=False),
    Column("resource_arn", Text),
)
"""A read that failed in one scan (the n-th of its gaps)."""

posture_cells = Table(
    "incloud_posture_cells",
    metadata,
    Column("scan_id", String(64), primary_key=True),
    Column("account_id", String(32), primary_key=True),
    Column("service", String(64), primary_key=True),
    Column("duty", String(128), primary_key=True),
    Column("domain", String(32)),
    Column("owner", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=False),
)
"""One responsibility-matrix cell (service, duty) of one account in one scan."""

posture_services = Table(
    "incloud_posture_services",
    metadata,
    Column("scan_id", String(64), primary_key=True),
    Column("account_id", String(32), primary_key=True),
    Column("service", String(64), primary_key=True),
    Column("resources", Integer, nullable=False),
    Column("unlisted", Boolean, nullable=False),
)
"""A service in use in one account in one scan (``unlisted``: its inventory failed)."""

posture_requirements = Table(
    "incloud_posture_requirements",
    metadata,
    Column("scan_id", String(64), primary_key=True),
    Column("framework", String(64), primary_key=True),
    Column("requirement", String(128), primary_key=True),
    Column("owner", String(16), nullable=False),
    Column("status", String(16), nullable=False),
)
"""One framework requirement's status in one scan."""

posture_frameworks = Table(
    "incloud_posture_frameworks",
    metadata,
    Column("scan_id", String(64), primary_key=True),
    Column("framework", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("score", Float),
    Column("counts", Text, nullable=False),
)
"""A framework's score and status counts (JSON) in one scan: the trend charts read these."""

POSTURE_TABLES = (
    posture_scans,
    posture_accounts,
    posture_findings,
    posture_results,
    posture_gaps,
    posture_cells,
    posture_services,
    posture_requirements,
    posture_frameworks,
)
"""Every posture table, parents first."""
