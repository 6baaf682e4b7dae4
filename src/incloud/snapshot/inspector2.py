"""Amazon Inspector (v2): per-region activation and open finding counts."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class Inspector2Region(Resource):
    """Inspector's state in one region of one account.

    ``scan_status`` maps each scan type (``ec2``, ``ecr``, ``lambda``, ``lambdaCode``) to its
    status (``ENABLED``, ``DISABLED``, ``SUSPENDED``...); it is None when the account status
    could not be read. The counts are open findings (``ListFindingAggregations`` by account);
    None when they were not read.
    """

    kind: Literal["inspector2.region"] = "inspector2.region"
    account_status: str | None = None
    scan_status: dict[str, str] | None = None
    open_critical: int | None = None
    open_high: int | None = None

    service: ClassVar[str] = "inspector2"

    @property
    def enabled_scans(self) -> tuple[str, ...]:
        """The scan types that are on."""
        return tuple(sorted(k for k, v in (self.scan_status or {}).items() if v == "ENABLED"))

    def in_use(self) -> bool:
        """Regional settings exist everywhere; a region with a scan type on shows use."""
        return bool(self.enabled_scans)
