"""The mutelist: accepted risks, silenced with a reason, an owner and an end date.

A YAML file (``--mutelist FILE``; docs/mutelist.example.yaml)::

    mutelist:
      - checks: ["s3.*"]                       # check id globs
        accounts: ["111122223333"]             # optional, "*" globs
        regions: ["*"]                         # optional
        resources: ["arn:aws:s3:::legacy-*"]   # optional: ARN or resource-name globs
        tags: {env: sandbox}                   # optional: every tag must match (value globs)
        reason: legacy bucket, migration planned
        owner: security@example.com
        ticket: SEC-123                        # optional
        expires: 2027-01-31

An entry mutes a finding when every field it sets matches (globs use IAM's ``*`` and ``?``,
matched in linear time by :mod:`incloud.wildcards`). A muted finding keeps its verdict and
carries the entry that muted it; it does not count toward ``--fail-on``. The rules fail
closed: an entry whose ``expires`` date has passed (judged on the snapshot's collection day)
mutes nothing and is reported as ``expired``; an entry that matched nothing is reported as
``stale``. Unknown keys, a missing reason, owner or expiry, a bad date or glob: one
:class:`~incloud.errors.InputError` line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, StrictStr, ValidationError, field_validator

from .errors import InputError
from .evaluate.finding import Finding, Mute
from .snapshot import Frozen, Resource, Snapshot
from .wildcards import wildcard_match
from .yamldoc import load_yaml

MAX_GLOB = 1024
"""The longest glob accepted (a longer one is a mistake, not a pattern)."""


class Entry(Frozen):
    """One accepted risk."""

    checks: tuple[StrictStr, ...] = Field(min_length=1)
    accounts: tuple[StrictStr, ...] = ("*",)
    regions: tuple[StrictStr, ...] = ("*",)
    resources: tuple[StrictStr, ...] = ("*",)
    tags: dict[StrictStr, StrictStr] = {}
    reason: StrictStr = Field(min_length=1)
    owner: StrictStr = Field(min_length=1)
    ticket: StrictStr | None = None
    expires: dt.date

    @field_validator("checks", "accounts", "regions", "resources")
    @classmethod
    def _globs(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not value or len(value) > MAX_GLOB or not value.isprintable():
                raise ValueError(
                    f"{value[:40]!r} is not a glob (1 to {MAX_GLOB} printable characters)"
                )
        return values

    def matches(self, finding: Finding, resource: Resource | None) -> bool:
        """Every field this entry sets matches ``finding`` (on ``resource``, when known)."""
        names = (finding.resource, finding.resource_name)
        tags: Mapping[str, str] = getattr(resource, "tags", None) or {}
        return (
            _any(self.checks, finding.check_id)
            and _any(self.accounts, finding.account)
            and _any(self.regions, finding.region)
            and any(_any(self.resources, name) for name in names)
            and all(
                key in tags and wildcard_match(value, tags[key]) for key, value in self.tags.items()
            )
        )

    def mute(self, index: int) -> Mute:
        """The mark this entry (the ``index``-th of its file, from 1) leaves on a finding."""
        return Mute(
            entry=index,
            reason=self.reason,
            owner=self.owner,
            ticket=self.ticket,
            expires=self.expires,
        )


def _any(globs: Sequence[str], text: str) -> bool:
    return any(wildcard_match(glob, text) for glob in globs)


class Mutelist(Frozen):
    """A mutelist file's entries, in order."""

    mutelist: tuple[Entry, ...] = ()


EntryState = Literal["active", "expired", "stale"]


class EntryReport(Frozen):
    """How one entry fared on one assessment: what it is, its state, what it muted."""

    entry: int
    reason: str
    owner: str
    ticket: str | None = None
    expires: dt.date
    state: EntryState
    """``active``: it muted findings; ``expired``: its date has passed, it muted nothing
    (fail closed); ``stale``: in force, but it matched no finding."""
    muted: int = 0


class MutelistReport(Frozen):
    """Every entry's state, for every report (the JSON report's ``mutelist``)."""

    entries: tuple[EntryReport, ...] = ()

    @property
    def expired(self) -> tuple[EntryReport, ...]:
        """Entries past their date: they mute nothing."""
        return tuple(e for e in self.entries if e.state == "expired")

    @property
    def stale(self) -> tuple[EntryReport, ...]:
        """Entries in force that matched nothing."""
        return tuple(e for e in self.entries if e.state == "stale")


def load_mutelist(path: Path) -> Mutelist:
    """Read and validate a mutelist file; one :class:`InputError` line on any problem."""
    return parse_mutelist(load_yaml(path, "mutelist"), str(path))


def parse_mutelist(document: Any, where: str) -> Mutelist:
    """A mutelist from its parsed YAML; one :class:`InputError` line naming the entry."""
    if document is None:
        return Mutelist()
    if not isinstance(document, dict) or set(document) != {"mutelist"}:
        raise InputError(
            f"{where}: expected a mapping with one key, 'mutelist' (a list of entries)"
        )
    entries = document["mutelist"]
    if not isinstance(entries, list):
        raise InputError(f"{where}: 'mutelist' must be a list of entries")
    parsed = []
    for number, raw in enumerate(entries, start=1):
        try:
            parsed.append(Entry.model_validate(raw))
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "entry"
            raise InputError(f"{where}: entry {number}: {field}: {first['msg']}") from None
    return Mutelist(mutelist=tuple(parsed))


def apply(
    mutelist: Mutelist, findings: Iterable[Finding], snapshot: Snapshot
) -> tuple[tuple[Finding, ...], MutelistReport]:
    """``findings`` with those an entry in force matches marked muted (by the first such
    entry), and every entry's state. An entry past its date (on the collection day) mutes
    nothing: a finding it matches (and no entry in force does) carries it as
    ``mute_expired``, so every report says the acceptance lapsed.
    """
    today = snapshot.collected_at.date()
    numbered = list(enumerate(mutelist.mutelist, start=1))
    in_force = [(i, e) for i, e in numbered if e.expires >= today]
    lapsed = [(i, e) for i, e in numbered if e.expires < today]
    counts = dict.fromkeys(range(1, len(mutelist.mutelist) + 1), 0)
    marked = []
    for finding in findings:
        resource = snapshot.by_arn.get(finding.resource)
        entry = next(((i, e) for i, e in in_force if e.matches(finding, resource)), None)
        if entry is None:
            old = next(((i, e) for i, e in lapsed if e.matches(finding, resource)), None)
            update = {"mute_expired": old[1].mute(old[0])} if old is not None else {}
            marked.append(finding.model_copy(update=update) if update else finding)
            continue
        counts[entry[0]] += 1
        marked.append(finding.model_copy(update={"muted": entry[1].mute(entry[0])}))
    report = MutelistReport(
        entries=tuple(
            EntryReport(
                entry=i,
                reason=e.reason,
                owner=e.owner,
                ticket=e.ticket,
                expires=e.expires,
                state="expired" if e.expires < today else "active" if counts[i] else "stale",
                muted=counts[i],
            )
            for i, e in enumerate(mutelist.mutelist, start=1)
        )
    )
    return tuple(marked), report
