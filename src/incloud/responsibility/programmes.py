"""AWS compliance programmes: which services in use AWS has in scope for a declared programme.

Data: ``catalog/programmes.json``, a dated snapshot of AWS's "Services in Scope by Compliance
Program" page (its source, dates and caveat travel with every answer).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from ..errors import InputError
from ..snapshot import Frozen


class ProgrammeScope(Frozen):
    """Services in use, sorted by whether AWS has them in scope for one programme."""

    programme: str
    in_scope: tuple[str, ...]
    out_of_scope: tuple[str, ...]
    """In use but not in scope: using them for the programme's workloads is an audit finding."""
    not_stated: tuple[str, ...]
    """The data says nothing about these services; check AWS's page."""
    as_of: str
    source: str
    caveat: str


@cache
def _data() -> dict[str, Any]:
    text = resources.files("incloud.catalog").joinpath("programmes.json").read_text()
    data: dict[str, Any] = json.loads(text)
    return data


def programme_names() -> list[str]:
    """The programmes ``--scope`` accepts."""
    return list(_data()["programmes"])


def programme_scope(programme: str, services_in_use: Iterable[str]) -> ProgrammeScope:
    """Sort ``services_in_use`` (IAM prefixes) by the programme's scope."""
    if programme not in _data()["programmes"]:
        raise InputError(f"unknown --scope {programme!r} (choose: {', '.join(programme_names())})")
    table = _data()["services"]
    groups: dict[bool | None, list[str]] = {True: [], False: [], None: []}
    for prefix in sorted(set(services_in_use)):
        groups[table.get(prefix, {}).get(programme)].append(prefix)
    return ProgrammeScope(
        programme=programme,
        in_scope=tuple(groups[True]),
        out_of_scope=tuple(groups[False]),
        not_stated=tuple(groups[None]),
        as_of=_data()["_as_of"],
        source=_data()["_source"],
        caveat=_data()["_caveat"],
    )
