"""Sending a saved report to another system: ``incloud export``.

Exporting writes, so it is kept apart from collection: it reads a report file (never an
account), and its AWS clients are its own, made from their own boto3 session. They never pass
through :mod:`incloud.collect`, whose clients refuse every operation that is not a read
(docs/architecture.md, "Read-only guard"); that guard stays on for collection.

``plan.py`` decides what to send (pure), ``securityhub.py`` talks to AWS Security Hub.
"""
