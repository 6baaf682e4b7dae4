"""Amazon Macie collector: whether Macie is enabled, per region.

``GetMacieSession`` answers ``AccessDeniedException`` with the message "Macie is not
enabled" for an account that has not enabled it in the region (and moto answers
``ResourceNotFoundException``): both are an absence, not a gap. Any other refusal stays a gap.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.macie2 import MacieRegion
from ..registry import collector
from ..unit import Unit

NOT_ENABLED = ("AccessDeniedException: Macie is not enabled", "ResourceNotFoundException")


@collector(service="macie2", scope="regional", operations=("macie2:GetMacieSession",))
def collect_macie2(unit: Unit) -> Iterator[Resource]:
    """One settings resource per region."""
    session = unit.call("get_macie_session", absent_on=NOT_ENABLED)
    yield MacieRegion(
        arn=unit.arn("session"),
        name=unit.region,
        account_id=unit.account_id,
        region=unit.region,
        status=(session or {}).get("status"),
    )
