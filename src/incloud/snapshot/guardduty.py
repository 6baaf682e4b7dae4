"""Amazon GuardDuty: the detector of each region."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class Detector(Frozen):
    """A GuardDuty detector. ``status`` (``ENABLED`` or ``DISABLED``) is None when
    ``GetDetector`` was not read (a gap names the detector).
    """

    detector_id: str
    arn: str
    status: str | None = None
    features: dict[str, str] = {}
    """Protection plans by ``Features`` name (``S3_DATA_EVENTS``, ``RDS_LOGIN_EVENTS``,
    ``EKS_AUDIT_LOGS`` ...) and their status (``ENABLED`` or ``DISABLED``), as ``GetDetector``
    reports them; a plan it does not name is not in the map."""


class GuardDutyRegion(Resource):
    """GuardDuty in one region of one account (a settings resource: present in every scanned
    region; a region has at most one detector, none when GuardDuty was never turned on).
    """

    kind: Literal["guardduty.region"] = "guardduty.region"
    detectors: tuple[Detector, ...] = ()

    service: ClassVar[str] = "guardduty"

    def in_use(self) -> bool:
        """An enabled detector shows the customer uses GuardDuty."""
        return any(d.status == "ENABLED" for d in self.detectors)
