"""The AWS account's own settings (the Account Management API): its alternate contacts."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class AccountContacts(Resource):
    """The account's alternate contacts, one settings resource per account.

    ``security_contact`` says whether a security contact is registered
    (``GetAlternateContact``, type ``SECURITY``); None when that was not read.
    """

    kind: Literal["account.contacts"] = "account.contacts"
    security_contact: bool | None = None

    service: ClassVar[str] = "account"

    def in_use(self) -> bool:
        """Every account has contacts to set."""
        return False
