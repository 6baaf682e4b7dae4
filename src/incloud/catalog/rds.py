"""RDS and Aurora reference data: engine support dates and TLS parameter defaults.

``rds_engine_support.json`` holds AWS's end-of-standard-support date per engine major version;
``rds_tls_defaults.json`` which parameter enforces TLS per engine and its default value. Both
name their sources; versions or engines not listed are "not known", never "fine".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

POSTGRES_FAMILY = frozenset({"postgres", "aurora-postgresql"})


def engine_family(engine: str) -> str:
    """The engine name the catalogue uses: SQL Server editions are ``sqlserver``, the legacy
    ``aurora`` engine (MySQL 5.6-compatible) is ``aurora-mysql``.
    """
    if engine.startswith(("sqlserver", "custom-sqlserver")):
        return "sqlserver"
    if engine == "aurora":
        return "aurora-mysql"
    return engine


def major_version(engine: str, version: str) -> str | None:
    """The major version AWS's calendars use for ``version`` of ``engine``; None if unknown.

    PostgreSQL: ``16.3`` -> ``16``, ``9.6.24`` -> ``9.6``. MySQL and MariaDB: ``8.0.35`` ->
    ``8.0``. Aurora MySQL: ``8.0.mysql_aurora.3.05.2`` -> ``3`` (the Aurora major), ``8.4.7``
    -> ``8.4``.
    """
    family = engine_family(engine)
    if family in POSTGRES_FAMILY:
        match = re.match(r"(\d+)(?:\.(\d+))?", version)
        if match is None:
            return None
        first = int(match.group(1))
        return f"{first}.{match.group(2)}" if first < 10 and match.group(2) else str(first)
    if family == "aurora-mysql":
        aurora = re.search(r"mysql_aurora\.(\d+)", version)
        if aurora:
            return aurora.group(1)
    if family in ("mysql", "mariadb", "aurora-mysql"):
        match = re.match(r"(\d+)\.(\d+)", version)
        return f"{match.group(1)}.{match.group(2)}" if match else None
    return None


def _version_key(major: str) -> tuple[int, ...]:
    return tuple(int(part) for part in major.split("."))


def _load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(resources.files(__package__).joinpath(name).read_text())
    return document


# --- engine support ----------------------------------------------------------------------


@dataclass(frozen=True)
class EngineSupport:
    """AWS's end of standard support for one engine major version, with where it came from."""

    engine: str
    major_version: str
    end_of_standard_support: date
    source: str
    as_of: date


@cache
def rds_engine_support() -> dict[tuple[str, str], EngineSupport]:
    """Support dates keyed by (engine family, major version)."""
    return {
        (row["engine"], row["major_version"]): EngineSupport(
            engine=row["engine"],
            major_version=row["major_version"],
            end_of_standard_support=date.fromisoformat(row["end_of_standard_support"]),
            source=row["source"],
            as_of=date.fromisoformat(row["as_of"]),
        )
        for row in _load("rds_engine_support.json")["engines"]
    }


def engine_support(engine: str, version: str) -> EngineSupport | None:
    """The support entry for ``version`` of ``engine``; None when the catalogue lacks it."""
    major = major_version(engine, version)
    if major is None:
        return None
    return rds_engine_support().get((engine_family(engine), major))


# --- TLS -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TlsDefault:
    """The value a TLS parameter has when the customer has not set it, and the source."""

    parameter: str
    value: str
    source: str
    evidence: str


def tls_parameter(engine: str) -> str | None:
    """The parameter that makes ``engine`` refuse connections without TLS; None if unknown."""
    parameters: dict[str, str] = _load("rds_tls_defaults.json")["parameters"]
    return parameters.get(engine_family(engine))


@cache
def _tls_defaults() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = _load("rds_tls_defaults.json")["defaults"]
    return rows


def tls_default(engine: str, version: str) -> TlsDefault | None:
    """The engine default of ``engine``'s TLS parameter at ``version``; None if unknown."""
    family, parameter = engine_family(engine), tls_parameter(engine)
    if parameter is None:
        return None
    major = major_version(engine, version)
    for row in _tls_defaults():
        if row["engine"] != family:
            continue
        bounded = "from_major" in row or "until_major" in row
        if bounded and major is None:
            return None
        if "from_major" in row and _version_key(major or "0") < _version_key(row["from_major"]):
            continue
        if "until_major" in row and _version_key(major or "0") > _version_key(row["until_major"]):
            continue
        return TlsDefault(parameter, row["value"], row["source"], row["evidence"])
    return None


def tls_value_on(value: str) -> bool | None:
    """Whether a TLS parameter value requires TLS (``1``/``ON``/``true``); None if unreadable."""
    normalised = value.strip().lower()
    if normalised in ("1", "on", "true"):
        return True
    if normalised in ("0", "off", "false"):
        return False
    return None
