"""GuardDuty collector: the region's detector and its status.

``ListDetectors`` gives the detector id (a region has at most one), ``GetDetector`` its
``Status`` (GuardDuty API Reference).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.guardduty import Detector, GuardDutyRegion
from ..registry import collector
from ..unit import Unit


@collector(
    service="guardduty",
    scope="regional",
    operations=("guardduty:ListDetectors", "guardduty:GetDetector"),
)
def collect_guardduty(unit: Unit) -> Iterator[Resource]:
    """One settings resource per region, with its detector(s)."""
    detectors = [_detector(unit, i) for i in unit.pages("list_detectors", "DetectorIds")]
    yield GuardDutyRegion(
        arn=unit.arn(f"account/{unit.account_id}"),
        name=unit.region,
        account_id=unit.account_id,
        region=unit.region,
        detectors=tuple(detectors),
    )


def _detector(unit: Unit, detector_id: str) -> Detector:
    arn = unit.arn(f"detector/{detector_id}")
    answer = unit.call("get_detector", resource_arn=arn, DetectorId=detector_id)
    return Detector(
        detector_id=detector_id, arn=arn, status=answer.get("Status") if answer else None
    )
