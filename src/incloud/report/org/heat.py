"""The organisation's responsibility matrix as a heat map: one row per duty (grouped by
domain, AWS's duties last), one column per service in use, each cell coloured by the share of
the accounts using the service that meet the duty.

A cell's colour never counts ``unknown`` as met: unknown accounts are in the share's
denominator, and a cell with any is marked as such. Duties AWS owns for a service are shown
as inherited, duties no check decides as manual.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ...evaluate.check import Domain
from ...responsibility.catalogue import duties as catalogue_duties
from ...responsibility.catalogue import services as catalogue_services
from ...responsibility.matrix import ACCOUNT_SERVICE
from ...rollup import OrgAssessment, OrgCell
from ..html import DOMAIN_LABELS

LISTED_ACCOUNTS = 20
"""Accounts a cell's title names per status before it says how many more there are."""

SHARE_BANDS = ((80, "most"), (50, "half"), (1, "few"))
"""A cell's colour class by the percentage of accounts meeting the duty (lower bound, name);
every account is ``all``, none is ``none``."""

AWS_GROUP = "AWS side"
"""The heading of the duties AWS carries for every service."""

OTHER_GROUP = "other"
"""The heading of duties the catalogue no longer has (a roll-up of an older scan)."""


@dataclass(frozen=True)
class HeatColumn:
    """One service in use: its prefix, its name, and how many accounts use it."""

    prefix: str
    label: str
    name: str
    accounts: int


@dataclass(frozen=True)
class HeatCell:
    """One (duty, service) cell: ``kind`` is its CSS class, ``label`` the share met (or what
    stands instead), ``counts`` the met/decided line, ``unknown`` the accounts unknown, and
    ``title`` the lines of what a reader hovering it needs, the accounts not meeting it
    included.
    """

    kind: str
    label: str
    counts: str
    unknown: int
    title: tuple[str, ...]


@dataclass(frozen=True)
class HeatRow:
    """One duty across the services in use (``None``: the duty does not apply there)."""

    duty: str
    title: str
    cells: tuple[HeatCell | None, ...]


@dataclass(frozen=True)
class HeatGroup:
    """The duties of one domain (or AWS's side)."""

    label: str
    rows: tuple[HeatRow, ...]


@dataclass(frozen=True)
class HeatMap:
    """The organisation's matrix: its columns, its groups of customer duty rows, and one row
    for what AWS carries (its duties' titles, and per service a cell naming them).
    """

    columns: tuple[HeatColumn, ...]
    groups: tuple[HeatGroup, ...]
    aws_duties: tuple[str, ...]
    aws: tuple[HeatCell | None, ...]


@dataclass(frozen=True)
class Shortfall:
    """A service duty some account does not meet (or could not be judged on)."""

    cell: OrgCell
    met: str
    not_met: tuple[str, ...]
    unknown: tuple[str, ...]
    more_not_met: int
    more_unknown: int


def heat_map(rollup: OrgAssessment) -> HeatMap:
    """The roll-up's matrix as rows of duties and columns of services."""
    names = {a.account_id: a.name for a in rollup.accounts}
    by_key = {(cell.duty, cell.service): cell for cell in rollup.matrix}
    columns = _columns(rollup.matrix)
    groups = []
    aws: dict[str, list[str]] = defaultdict(list)
    aws_duties: dict[str, str] = {}
    for label, duty_ids in _duty_groups(cell.duty for cell in rollup.matrix):
        if label == AWS_GROUP:
            for duty in duty_ids:
                for column in columns:
                    if (duty, column.prefix) in by_key:
                        aws_duties[duty] = by_key[duty, column.prefix].title
                        aws[column.prefix].append(aws_duties[duty])
            continue
        rows = []
        for duty in duty_ids:
            cells = [by_key.get((duty, column.prefix)) for column in columns]
            title = next(c.title for c in cells if c is not None)
            rows.append(
                HeatRow(
                    duty=duty,
                    title=title,
                    cells=tuple(None if c is None else heat_cell(c, names) for c in cells),
                )
            )
        groups.append(HeatGroup(label, tuple(rows)))
    inherited = tuple(
        HeatCell("hm-inherited", "AWS", plural(len(aws[c.prefix]), "duty", "duties"), 0,
                 (f"{c.prefix}: AWS carries, for every account", *aws[c.prefix]))
        if aws[c.prefix] else None
        for c in columns
    )  # fmt: skip
    return HeatMap(tuple(columns), tuple(groups), tuple(aws_duties.values()), inherited)


def heat_cell(cell: OrgCell, names: Mapping[str, str]) -> HeatCell:
    """One cell: its colour class by the share of accounts meeting the duty, and its title."""
    counts = cell.by_status
    met, unknown = counts.get("met", 0), counts.get("unknown", 0)
    decided = cell.accounts - counts.get("manual", 0) - counts.get("inherited", 0)
    title = _title(cell, names)
    if cell.owner == "aws" or counts.get("inherited", 0) == cell.accounts:
        return HeatCell("hm-inherited", "AWS", "inherited", 0, title)
    if decided <= 0:
        return HeatCell("hm-manual", "manual", "no check", 0, title)
    if unknown == decided:
        return HeatCell("st-unknown", "unknown", f"0/{decided}", 0, title)
    share = 100 * met / decided
    kind = f"share-{share_band(share)}" + (" has-unknown" if unknown else "")
    return HeatCell(kind, f"{share:.0f}%", f"{met}/{decided}", unknown, title)


def share_band(percent: float) -> str:
    """The colour class of a percentage met: all (100), most, half, few, none (under 1)."""
    if percent >= 100:
        return "all"
    return next((name for bound, name in SHARE_BANDS if percent >= bound), "none")


def shortfalls(rollup: OrgAssessment) -> list[Shortfall]:
    """The cells with accounts not meeting them or unknown, most accounts not meeting first."""
    names = {a.account_id: a.name for a in rollup.accounts}
    cells = [c for c in rollup.matrix if c.not_met_in or c.unknown_in]
    cells.sort(key=lambda c: (-len(c.not_met_in), -len(c.unknown_in), c.service, c.duty))
    return [
        Shortfall(
            cell=cell,
            met=f"{cell.by_status.get('met', 0)}/{cell.accounts}",
            not_met=tuple(named(a, names) for a in cell.not_met_in[:LISTED_ACCOUNTS]),
            unknown=tuple(named(a, names) for a in cell.unknown_in[:LISTED_ACCOUNTS]),
            more_not_met=max(0, len(cell.not_met_in) - LISTED_ACCOUNTS),
            more_unknown=max(0, len(cell.unknown_in) - LISTED_ACCOUNTS),
        )
        for cell in cells
    ]


def plural(count: int, one: str, many: str) -> str:
    """``1 duty``, ``7 duties``."""
    return f"{count} {one if count == 1 else many}"


def named(account_id: str, names: Mapping[str, str]) -> str:
    """``account_id (name)``, or the bare id for an account without a name."""
    name = names.get(account_id, "")
    return f"{account_id} ({name})" if name else account_id


def _columns(cells: Sequence[OrgCell]) -> list[HeatColumn]:
    using: dict[str, int] = defaultdict(int)
    for cell in cells:
        using[cell.service] = max(using[cell.service], cell.accounts)
    catalogue = catalogue_services()
    order = sorted(using, key=lambda s: (s != ACCOUNT_SERVICE, -using[s], s))
    return [
        HeatColumn(
            prefix=prefix,
            label="account-wide" if prefix == ACCOUNT_SERVICE else prefix,
            name=catalogue[prefix].name if prefix in catalogue else prefix,
            accounts=using[prefix],
        )
        for prefix in order
    ]


def _duty_groups(present: Iterable[str]) -> list[tuple[str, list[str]]]:
    """The duties present, in catalogue order, under their domain's heading."""
    found = set(present)
    catalogue = catalogue_duties()
    groups: dict[str, list[str]] = {DOMAIN_LABELS[d]: [] for d in Domain}
    groups[OTHER_GROUP] = sorted(found - set(catalogue))
    groups[AWS_GROUP] = []
    for duty in catalogue.values():
        if duty.id not in found:
            continue
        key = AWS_GROUP if duty.domain is None else DOMAIN_LABELS[duty.domain]
        groups[key].append(duty.id)
    return [(label, ids) for label, ids in groups.items() if ids]


def _title(cell: OrgCell, names: Mapping[str, str]) -> tuple[str, ...]:
    """What a cell's tooltip says: the duty, its owner, the counts, the accounts behind them."""
    counts = ", ".join(
        f"{n} {status.replace('_', ' ')}" for status, n in sorted(cell.by_status.items())
    )
    lines = [
        f"{cell.service}: {cell.title} ({cell.duty}), owner {cell.owner}",
        f"{plural(cell.accounts, 'account uses', 'accounts use')} it: {counts}",
    ]
    for label, accounts in (("not met in", cell.not_met_in), ("unknown in", cell.unknown_in)):
        if accounts:
            shown = ", ".join(named(a, names) for a in accounts[:LISTED_ACCOUNTS])
            more = len(accounts) - LISTED_ACCOUNTS
            lines.append(f"{label}: {shown}" + (f" and {more} more" if more > 0 else ""))
    return tuple(lines)
