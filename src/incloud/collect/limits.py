"""How much collection does at once and how long it waits: the defaults, in one place
(light to import: the command line reads them for its help text).
"""

WORKERS = 16
"""Concurrent units. AWS throttles per API (per service and region), and every unit reads one
service in one region with at most ``unit.PER_RESOURCE_WORKERS`` requests in flight, so more
units at once add no pressure on any one API; they keep the pool busy while units wait on
round trips (``bench/scan.py --latency``)."""

CONNECT_SECONDS = 10.0
"""How long a call waits to connect."""

CALL_SECONDS = 30.0
"""How long a call waits for each answer (a read timeout, per attempt)."""

UNIT_SECONDS = 600.0
"""A unit's time budget: generous for the largest accounts (S3 reads ten settings for every
bucket), short enough that one hung endpoint cannot stall a scan for hours."""
