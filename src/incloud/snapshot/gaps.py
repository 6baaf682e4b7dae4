"""What the collector could not read, and how many calls it made."""

from __future__ import annotations

from .base import Frozen


class CollectionGap(Frozen):
    """One API call that failed, so whatever depends on it cannot be assessed.

    ``resource_arn`` is set when the call concerned one resource (a bucket's policy, say);
    otherwise the gap covers the whole operation in that account and region.
    """

    account_id: str
    region: str
    service: str
    operation: str
    error_code: str
    message: str
    resource_arn: str | None = None

    @property
    def action(self) -> str:
        """The gap's operation as ``service:Operation``, the form checks declare."""
        return f"{self.service}:{self.operation}"

    def describe(self) -> str:
        """A one-line human description."""
        where = self.resource_arn or f"{self.account_id}/{self.region}"
        return f"{self.action} failed on {where}: {self.error_code} ({self.message})"


class ApiCallCount(Frozen):
    """How many times one operation was invoked during collection (retries not counted)."""

    service: str
    operation: str
    count: int
