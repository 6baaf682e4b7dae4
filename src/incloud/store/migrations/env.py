"""Alembic's environment: migrate the connection :func:`incloud.store.open_store` passes in."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, version_table="incloud_alembic_version")
with context.begin_transaction():
    context.run_migrations()
