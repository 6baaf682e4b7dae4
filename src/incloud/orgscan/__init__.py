"""Organisation scans: every selected account of an AWS Organization, collected in shards by
an executor (threads here, or Celery workers anywhere), stored as they complete, evaluated
one account at a time, and rolled up (see docs/organizations.md).
"""
