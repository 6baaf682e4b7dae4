"""Amazon Macie (IAM prefix ``macie2``): whether it is enabled in each region."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class MacieRegion(Resource):
    """Macie in one region of one account (a settings resource: present in every scanned
    region). ``status`` is ``ENABLED`` or ``PAUSED``, None when Macie is not enabled there
    (a failed read is a gap instead).
    """

    kind: Literal["macie2.region"] = "macie2.region"
    status: str | None = None

    service: ClassVar[str] = "macie2"
    listed_by: ClassVar[tuple[str, ...]] = ("macie2:GetMacieSession",)

    def in_use(self) -> bool:
        """Macie enabled shows the customer uses it."""
        return self.status == "ENABLED"
