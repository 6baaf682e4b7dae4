"""Manual attestations: a person vouches for a requirement no check can decide.

The file (YAML, ``--attestations FILE``; see docs/compliance.md)::

    attestations:
      - framework: cis-5.0
        requirement: "1.1"
        by: Jane Doe (security lead)
        date: 2026-09-01
        expires: 2027-09-01
        link: https://wiki.example.com/security/aws-contacts
        note: contact details reviewed in the quarterly access review

An attestation counts while it has not expired on the day the snapshot was collected, so
re-assessing an old snapshot gives the same answer. Any problem with the file raises
:class:`InputError` with one line naming the file and the entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, StrictStr, ValidationError, model_validator

from ..errors import InputError
from ..snapshot import Frozen
from ..yamldoc import load_yaml


class Attestation(Frozen):
    """One person's statement that a requirement is met, valid until ``expires``."""

    framework: StrictStr = Field(min_length=1)
    """A framework id (``cis-5.0``)."""
    requirement: StrictStr = Field(min_length=1)
    """The requirement's id in that framework, as a string (quote it in YAML)."""
    by: StrictStr = Field(min_length=1)
    """Who attests (a name and role)."""
    date: dt.date
    """When the statement was made."""
    expires: dt.date
    """The last day the statement counts; after it, the requirement is manual again."""
    link: StrictStr | None = None
    """Where the evidence lives (a ticket, a document)."""
    note: StrictStr | None = None
    """What was checked, in a few words."""

    @model_validator(mode="after")
    def _expires_after_date(self) -> Attestation:
        if self.expires < self.date:
            raise ValueError(f"expires ({self.expires}) is before date ({self.date})")
        return self

    def expired(self, on: dt.date) -> bool:
        """True when the attestation no longer counts on day ``on``."""
        return self.expires < on

    def describe(self) -> str:
        """A one-line account: who, when, until when."""
        return f"attested by {self.by} on {self.date} (expires {self.expires})"


class AttestationFile(Frozen):
    """The file's layout: one ``attestations`` list."""

    attestations: tuple[Attestation, ...] = ()


def parse_attestations(document: Any, source: str) -> tuple[Attestation, ...]:
    """Validate a parsed YAML document; ``source`` names it in errors."""
    if document is None:
        return ()
    if not isinstance(document, Mapping):
        raise InputError(f"{source}: expected a mapping with an 'attestations' list")
    try:
        return AttestationFile.model_validate(document).attestations
    except ValidationError as error:
        raise InputError(f"{source}: {_first_error(error, document)}") from None


def load_attestations(path: Path) -> tuple[Attestation, ...]:
    """Read and validate an attestations file, one clear :class:`InputError` on any problem."""
    document = load_yaml(path, "attestations")
    return parse_attestations(document, str(path))


def latest(attestations: Iterable[Attestation]) -> dict[tuple[str, str], Attestation]:
    """The attestation that lasts longest for each (framework, requirement)."""
    found: dict[tuple[str, str], Attestation] = {}
    for item in attestations:
        key = (item.framework, item.requirement)
        if key not in found or item.expires > found[key].expires:
            found[key] = item
    return found


def _first_error(error: ValidationError, document: Mapping[str, Any]) -> str:
    """The first validation problem, located by entry number and requirement."""
    first = error.errors()[0]
    loc = list(first["loc"])
    message = first["msg"]
    if len(loc) >= 2 and loc[0] == "attestations" and isinstance(loc[1], int):
        index = loc[1]
        entries = document.get("attestations") or []
        label = f"entry {index + 1}"
        if isinstance(entries, list) and isinstance(entries[index], Mapping):
            entry = entries[index]
            label += f" ({entry.get('framework', '?')} {entry.get('requirement', '?')})"
        field = ".".join(str(part) for part in loc[2:])
        if field == "requirement" and first["type"] == "string_type":
            message += " (quote requirement ids: unquoted 1.10 is the number 1.1)"
        return f"{label}: {field + ': ' if field else ''}{message}"
    return f"{'.'.join(str(p) for p in loc) or 'file'}: {message}"
