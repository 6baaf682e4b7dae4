"""Choosing the accounts of an organisation scan: ``--accounts``, ``--exclude-accounts``,
``--ous`` (each with every OU below it) and ``--account-tags KEY=VALUE``.

Filters narrow in turn: the listed accounts (or all), within the OUs, carrying every tag,
minus the excluded ones. A filter naming an account or OU the organisation does not have is
an error (a typo would otherwise silently scan less). Only ACTIVE accounts can be entered;
the others are reported as skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..snapshot.org import Organization


@dataclass(frozen=True)
class AccountFilter:
    """The account filters of an organisation scan (empty: every active account)."""

    accounts: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    ous: tuple[str, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()

    @property
    def needs_tags(self) -> bool:
        """True when account tags must be read."""
        return bool(self.tags)


@dataclass(frozen=True)
class Selection:
    """The accounts chosen, and the matching ones that cannot be scanned (not ACTIVE)."""

    accounts: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    """(account id, status) of matching accounts that are suspended or closing."""


def parse_tags(values: list[str] | tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``KEY=VALUE`` options as pairs (InputError for one without ``=``)."""
    pairs = []
    for value in values:
        key, sep, tag_value = value.partition("=")
        if not sep or not key:
            raise InputError(f"--account-tags {value[:100]!r} is not KEY=VALUE")
        pairs.append((key, tag_value))
    return tuple(pairs)


def select_accounts(organization: Organization, wanted: AccountFilter) -> Selection:
    """The accounts ``wanted`` picks out of ``organization``, in the organisation's order."""
    known = {a.account_id for a in organization.accounts}
    for account_id in (*wanted.accounts, *wanted.exclude):
        if account_id not in known:
            raise InputError(
                f"account {account_id[:40]!r} is not in organisation {organization.organization_id}"
            )
    units: set[str] = set()
    for value in wanted.ous:
        unit = organization.unit_by_name_or_id(value)
        if unit is None and value != organization.root_id:
            raise InputError(
                f"--ous {value[:100]!r} names no OU of {organization.organization_id} "
                "(give its id, or a name no other OU has)"
            )
        units |= organization.descendants(unit.ou_id if unit else value)
    chosen, skipped = [], []
    for account in organization.accounts:
        if wanted.accounts and account.account_id not in wanted.accounts:
            continue
        if units and not (units & set(organization.path(account.account_id))):
            continue
        if any(account.tags.get(key) != value for key, value in wanted.tags):
            continue
        if account.account_id in wanted.exclude:
            continue
        if account.status != "ACTIVE":
            skipped.append((account.account_id, account.status))
            continue
        chosen.append(account.account_id)
    if not chosen:
        raise InputError("the account filters leave no active account to scan")
    return Selection(tuple(chosen), tuple(skipped))
