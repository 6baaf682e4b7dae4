"""GuardDuty collector: the region's detector and its status.

``ListDetectors`` gives the detector id (a region has at most one), ``GetDetector`` its
``Status`` and its protection plans (GuardDuty API Reference).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
        detector_id=detector_id,
        arn=arn,
        status=answer.get("Status") if answer else None,
        features=_features(answer or {}),
    )


def _features(answer: dict[str, Any]) -> dict[str, str]:
    """Each protection plan's status: ``Features`` (GuardDuty API Reference,
    ``DetectorFeatureConfigurationResult``), else S3 Protection from the older
    ``DataSources.S3Logs`` (which AWS still fills in).
    """
    found = {
        str(f["Name"]): str(f.get("Status", ""))
        for f in answer.get("Features") or ()
        if f.get("Name")
    }
    s3_logs = ((answer.get("DataSources") or {}).get("S3Logs") or {}).get("Status")
    if s3_logs and "S3_DATA_EVENTS" not in found:
        found["S3_DATA_EVENTS"] = str(s3_logs)
    return found
