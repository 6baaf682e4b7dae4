"""Account Management collector: whether the account names a security contact.

``GetAlternateContact`` answers ``ResourceNotFoundException`` when no contact of the type is
registered (Account Management API Reference), which is an answer, not a gap. It only
returns the contact's details, which are not stored: whether one exists is what is judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import GLOBAL, Resource
from ...snapshot.account import AccountContacts
from ..registry import collector
from ..unit import Unit


@collector(service="account", scope="global", operations=("account:GetAlternateContact",))
def collect_account(unit: Unit) -> Iterator[Resource]:
    """The account's contacts resource."""
    outcome = unit.outcome(
        "get_alternate_contact",
        absent_on=("ResourceNotFoundException",),
        AlternateContactType="SECURITY",
    )
    contact = (outcome.answer or {}).get("AlternateContact") or {}
    yield AccountContacts(
        arn=f"arn:{unit.partition}:account::{unit.account_id}:account",
        name=unit.account_id,
        account_id=unit.account_id,
        region=GLOBAL,
        security_contact=(
            bool(contact.get("EmailAddress"))
            if outcome.answer is not None
            else (False if outcome.absent else None)
        ),
    )
