"""How much collection does at once and how long it waits: the defaults, in one place
(light to import: the command line reads them for its help text).
"""

WORKERS = 8
"""Concurrent units; AWS throttles per account and API, so more rarely helps."""

CONNECT_SECONDS = 10.0
"""How long a call waits to connect."""

CALL_SECONDS = 30.0
"""How long a call waits for each answer (a read timeout, per attempt)."""

UNIT_SECONDS = 600.0
"""A unit's time budget: generous for the largest accounts (S3 reads each bucket's settings
one call at a time), short enough that one hung endpoint cannot stall a scan for hours."""
