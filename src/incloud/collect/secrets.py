"""Secret detection in configuration values, in process, with Yelp's detect-secrets.

Collectors hand over what they read (Lambda environment variables, EC2 user data, launch
template user data, ECS container environments, resource tags) and keep only the
:class:`SecretFinding` list this module returns: the location, the detector's secret type
and a masked preview.
The raw value is never returned, logged or stored.

detect-secrets is built to scan files; here its plugins run over lines in memory
(``detect_secrets.core.scan`` with the default plugins and filters of
``detect_secrets.settings.default_settings``). Its settings are a process-wide singleton,
so every scan holds one lock. Network verification of secrets (some plugins can call the
issuer's API) is switched off: a read-only scanner must not send customers' secrets
anywhere.

Two shapes are scanned:

* a mapping of names to values (environment variables, resource tags), each scanned as the
  line ``NAME="value"`` (the keyword plugin then sees ``DB_PASSWORD="..."``, and the
  entropy plugins, which need quotes, judge the value) and the value again on its own
  (secrets embedded in a longer value);
* a text blob (user data), line by line, in the syntax of a configuration file, where the
  keyword plugin accepts unquoted assignments (``export DB_PASSWORD=...``).

Values that only point at a secret (an ARN, ``{{resolve:...}}``, ``${VAR}``) are not
secrets and are dropped.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import gzip
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from detect_secrets.core import scan
from detect_secrets.settings import default_settings

from ..snapshot.secrets import SecretFinding

_LOCK = threading.Lock()

_VALUE_FILE = "environment"
"""Pseudo file name for ``NAME="value"`` lines: no extension, so quotes are required."""

_TEXT_FILE = "user-data.cfg"
"""Pseudo file name for text: a config file, so unquoted ``key=value`` assignments count."""

_VERIFICATION_FILTER = "detect_secrets.filters.common.is_ignored_due_to_verification_policies"

_GENERIC_TYPES = ("Secret Keyword", "Base64 High Entropy String", "Hex High Entropy String")
"""Detector names that say less than a specific one (``AWS Access Key``): ranked last."""

_REFERENCE_MARKERS = ("{{", "}}", "${", "$(", "resolve:")
"""A match containing one of these is a template or reference, not a secret."""

_PREVIEW_MIN_LENGTH = 16
"""Values at least this long show two characters at each end; shorter ones show none."""


@dataclass(frozen=True)
class _Hit:
    location: str
    secret_type: str
    value: str


def mask(value: str) -> str:
    """A preview that cannot give the secret away: ``ab****yz``, or ``****`` when short."""
    if len(value) >= _PREVIEW_MIN_LENGTH:
        return f"{value[:2]}****{value[-2:]}"
    return "****"


def scan_mapping(values: Mapping[str, str], prefix: str = "") -> tuple[SecretFinding, ...]:
    """Findings in a name -> value mapping; ``location`` is ``prefix`` + the name."""
    lines: list[tuple[str, str, str]] = []
    for name, value in sorted(values.items()):
        if not value or _is_reference(value):
            continue
        quote = "'" if '"' in value and "'" not in value else '"'
        location = f"{prefix}{name}"
        lines.append((location, _VALUE_FILE, f"{name}={quote}{value}{quote}"))
        lines.append((location, _TEXT_FILE, value))
    return _findings(_scan(lines))


def scan_tags(tags: Mapping[str, str]) -> tuple[dict[str, str], tuple[SecretFinding, ...]]:
    """Tags fit to store: each value that looks like a secret replaced by its masked preview,
    and the findings (location ``tag KEY``). Tag values are readable by anyone who may list
    the resource, so a secret in one is exposed; the snapshot never keeps it.
    """
    findings = scan_mapping(tags, prefix=_TAG_PREFIX)
    leaked = {f.location.removeprefix(_TAG_PREFIX) for f in findings}
    return {k: mask(v) if k in leaked else v for k, v in tags.items()}, findings


_TAG_PREFIX = "tag "


def scan_text(text: str, prefix: str = "") -> tuple[SecretFinding, ...]:
    """Findings in a text blob, one location per line (``line N``, counted from 1)."""
    lines = [
        (f"{prefix}line {number}", _TEXT_FILE, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]
    return _findings(_scan(lines))


def decode_user_data(encoded: str) -> str:
    """User data as text: base64 decoded, gunzipped when compressed (cloud-init accepts
    gzip), undecodable bytes replaced. Text that is not base64 is returned as it is.
    """
    try:
        raw = base64.b64decode(encoded, validate=False)
    except (binascii.Error, ValueError):
        return encoded
    if raw[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError):
            raw = gzip.decompress(raw)
    return raw.decode("utf-8", errors="replace")


def _scan(lines: Iterable[tuple[str, str, str]]) -> Iterator[_Hit]:
    """Every detector hit on ``(location, pseudo file name, line)`` items."""
    items = list(lines)
    if not items:
        return
    hits: list[_Hit] = []
    with _LOCK, default_settings() as settings:
        settings.disable_filters(_VERIFICATION_FILTER)
        for location, filename, line in items:
            for secret in scan._process_line_based_plugins([(1, line)], filename=filename):
                value = str(secret.secret_value or "")
                if value and not _is_reference(value):
                    hits.append(_Hit(location, str(secret.type), value))
    yield from hits


def _is_reference(value: str) -> bool:
    """True for a value that names a secret kept elsewhere (an ARN, a template)."""
    stripped = value.strip()
    return stripped.lower().startswith("arn:") or any(m in stripped for m in _REFERENCE_MARKERS)


def _rank(secret_type: str) -> int:
    return _GENERIC_TYPES.index(secret_type) + 1 if secret_type in _GENERIC_TYPES else 0


def _findings(hits: Iterable[_Hit]) -> tuple[SecretFinding, ...]:
    """One finding per location: the most specific detector, the longest value masked."""
    by_location: dict[str, list[_Hit]] = {}
    for hit in hits:
        by_location.setdefault(hit.location, []).append(hit)
    findings = []
    for location, found in by_location.items():
        best = min(found, key=lambda h: (_rank(h.secret_type), h.secret_type))
        longest = max(found, key=lambda h: len(h.value))
        preview = mask(longest.value)
        findings.append(
            SecretFinding(location=location, secret_type=best.secret_type, preview=preview)
        )
    return tuple(findings)
