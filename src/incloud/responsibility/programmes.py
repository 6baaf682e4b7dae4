"""AWS compliance programmes: which services in use AWS has in scope for a declared programme.

Data: ``catalog/programmes.json``, a dated snapshot of AWS's "Services in Scope by Compliance
Program" page (its source, dates and caveat travel with every answer).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any, Final

from ..errors import InputError
from ..snapshot import Frozen

STALE_AFTER_DAYS: Final = 365
"""Scope data older than this (at the scan's time) is stale: every answer warns with its age.
AWS adds services to programmes several times a year."""


class ProgrammeScope(Frozen):
    """Services in use, sorted by whether AWS listed them in scope for one programme, with how
    old that list was when the account was scanned.
    """

    programme: str
    in_scope: tuple[str, ...]
    out_of_scope: tuple[str, ...]
    """In use but not listed for the programme as of ``as_of``: AWS may have added them since,
    so each is to be confirmed on AWS's page before relying on it for the programme."""
    not_stated: tuple[str, ...]
    """The data has the service but no value for this programme; check AWS's page."""
    not_known: tuple[str, ...] = ()
    """The data does not know the service at all (it predates it, such as Amazon Bedrock)."""
    as_of: str
    """The date the programme's list was read (``YYYY-MM-DD``)."""
    age_days: int | None = None
    """How old the list was at the scan (None when no scan time was given)."""
    stale: bool = False
    """Older than :data:`STALE_AFTER_DAYS` at the scan."""
    source: str
    caveat: str

    def age_line(self) -> str:
        """The data's date and age, and a warning when it is stale: one line for every view."""
        name = self.programme.upper()
        line = f"{name} scope data as of {self.as_of}"
        if self.age_days is not None:
            line += f" ({_age(self.age_days)} old at the scan)"
        if self.stale:
            line += (
                f": older than a year, so a service AWS added to {name} since is reported as "
                "not listed"
            )
        return f"{line}. {self.caveat}"

    def not_listed_line(self) -> str:
        """The services in use the list did not include, dated (never "must not use")."""
        name = self.programme.upper()
        return (
            f"Not listed for {name} as of {self.as_of}: {', '.join(self.out_of_scope)} (in use; "
            f"confirm each on AWS's page before relying on it for {name} workloads)"
        )


def _age(days: int) -> str:
    """``4 years 5 months``, ``3 months``, ``12 days``."""
    years, rest = divmod(days, 365)
    months = rest // 30
    if years:
        return f"{years} year{'s' * (years != 1)}" + (
            f" {months} month{'s' * (months != 1)}" if months else ""
        )
    if months:
        return f"{months} month{'s' * (months != 1)}"
    return f"{days} day{'s' * (days != 1)}"


@cache
def _data() -> dict[str, Any]:
    text = resources.files("incloud.catalog").joinpath("programmes.json").read_text()
    data: dict[str, Any] = json.loads(text)
    return data


def programme_names() -> list[str]:
    """The programmes ``--scope`` accepts."""
    return list(_data()["programmes"])


def programme_scope(
    programme: str, services_in_use: Iterable[str], at: datetime | None = None
) -> ProgrammeScope:
    """Sort ``services_in_use`` (IAM prefixes) by the programme's scope; ``at`` (the scan's
    time) dates the answer: how old the list was then, and whether it is stale.
    """
    if programme not in _data()["programmes"]:
        raise InputError(f"unknown --scope {programme!r} (choose: {', '.join(programme_names())})")
    table = _data()["services"]
    groups: dict[bool | None, list[str]] = {True: [], False: [], None: []}
    unknown: list[str] = []
    for prefix in sorted(set(services_in_use)):
        if prefix not in table:
            unknown.append(prefix)
        else:
            groups[table[prefix].get(programme)].append(prefix)
    as_of = _data()["_as_of_by_programme"][programme]
    age = None if at is None else (at.date() - date.fromisoformat(as_of)).days
    return ProgrammeScope(
        programme=programme,
        in_scope=tuple(groups[True]),
        out_of_scope=tuple(groups[False]),
        not_stated=tuple(groups[None]),
        not_known=tuple(unknown),
        as_of=as_of,
        age_days=age,
        stale=age is not None and age > STALE_AFTER_DAYS,
        source=_data()["_source"],
        caveat=_data()["_caveat"],
    )
