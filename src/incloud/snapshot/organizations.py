"""AWS Organizations: the organisation the scanned account belongs to."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class OrganizationMembership(Resource):
    """The account's organisation (``DescribeOrganization``); absent when it belongs to none."""

    kind: Literal["organizations.membership"] = "organizations.membership"
    organization_id: str
    management_account_id: str = ""

    service: ClassVar[str] = "organizations"

    def in_use(self) -> bool:
        """Membership is account metadata, not a workload."""
        return False

    @property
    def is_management_account(self) -> bool:
        """True when the scanned account manages the organisation (SCPs do not apply to it)."""
        return self.account_id == self.management_account_id
