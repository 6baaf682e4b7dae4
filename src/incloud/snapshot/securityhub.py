"""AWS Security Hub: whether it is enabled in each region, and its enabled standards."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class StandardSubscription(Frozen):
    """An enabled standard (``GetEnabledStandards``): its ARN and subscription status
    (``PENDING``, ``READY``, ``FAILED``, ``DELETING`` or ``INCOMPLETE``).
    """

    standards_arn: str
    status: str


class SecurityHubRegion(Resource):
    """Security Hub in one region of one account (a settings resource: present in every
    scanned region). ``enabled`` is False when ``DescribeHub`` said the account is not
    subscribed; a failed call is a gap instead. ``standards`` are read only when enabled.
    """

    kind: Literal["securityhub.region"] = "securityhub.region"
    enabled: bool = False
    standards: tuple[StandardSubscription, ...] = ()

    service: ClassVar[str] = "securityhub"

    def in_use(self) -> bool:
        """An enabled hub shows the customer uses Security Hub."""
        return self.enabled
