"""Typed condition values: dates, numbers and IP addresses, read the way AWS documents them.

Each reader returns None for text that is not such a value; the condition operators treat
that as "cannot tell" and the simulator refuses it (see ``validation``).

IAM User Guide, "IAM JSON policy elements: Condition operators":

* "Date condition operators": values in "one of the W3C implementations of the ISO 8601 date
  formats" or "in epoch (UNIX) time". The W3C profile (W3C Note "Date and Time Formats") is
  ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, and a complete date with ``Thh:mm``, ``Thh:mm:ss`` or
  ``Thh:mm:ss.s`` and a time zone (``Z`` or ``+hh:mm``/``-hh:mm``); a time without a zone is
  read as UTC. Epoch time is a number of seconds since 1970-01-01T00:00:00Z. Text of digits
  alone is read as epoch seconds, as the engine always has, so a bare year ``YYYY`` is too.
* "Numeric condition operators": integers and decimals (an optional sign, digits, an optional
  fraction and exponent); not ``NaN`` or ``Infinity``.
* "IP address condition operators": a policy value is an IPv4 or IPv6 address or CIDR range
  (an address without a prefix is a /32 or /128); the request's ``aws:SourceIp`` is an
  address.
"""

from __future__ import annotations

import ipaddress
import math
import re
from datetime import UTC, datetime, timedelta

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_SECONDS = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_W3C_DATE = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-(?P<month>[0-9]{2})"
    r"(?:-(?P<day>[0-9]{2})"
    r"(?:T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]{1,9}))?)?"
    r"(?P<zone>Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?"
)
"""The W3C profile of ISO 8601. No unbounded repetition, so matching is linear."""
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""Digits are ASCII only (``float()`` would also take other scripts' digits and ``_``)."""


def parse_date(text: str) -> datetime | None:
    """A W3C ISO 8601 date or epoch seconds as an aware datetime; None for anything else."""
    if _EPOCH_SECONDS.fullmatch(text):
        try:
            return _EPOCH + timedelta(seconds=float(text))
        except (OverflowError, ValueError):  # beyond what a datetime can hold
            return None
    found = _W3C_DATE.fullmatch(text)
    if found is None:
        return None
    part = found.groupdict()
    fraction = (part["fraction"] or "").ljust(6, "0")[:6]
    try:
        parsed = datetime(
            int(part["year"]),
            int(part["month"] or 1),
            int(part["day"] or 1),
            int(part["hour"] or 0),
            int(part["minute"] or 0),
            int(part["second"] or 0),
            int(fraction),
            tzinfo=UTC,
        )
        zone = part["zone"]
        if zone and zone != "Z":
            sign = -1 if zone[0] == "-" else 1
            hours, minutes = int(zone[1:3]), int(zone[4:6])
            if hours > 23 or minutes > 59:
                return None
            parsed -= sign * timedelta(hours=hours, minutes=minutes)
    except (ValueError, OverflowError):  # day 31 of a 30-day month; beyond year 1..9999
        return None
    return parsed


def parse_number(text: str) -> float | None:
    """An integer or decimal; None for anything else (``NaN``, ``Infinity``, words)."""
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def parse_network(text: str) -> IpNetwork | None:
    """A policy's IP address or CIDR range (host bits allowed, as AWS allows them)."""
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


def parse_address(text: str) -> IpAddress | None:
    """A request's IP address (an address with a prefix length is read as the address)."""
    try:
        return ipaddress.ip_interface(text).ip
    except ValueError:
        return None
