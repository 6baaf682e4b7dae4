"""Alembic migrations of the scan store (run by :func:`incloud.store.open_store`)."""
