"""Security Hub collector: whether the hub is enabled, and its enabled standards, per region.

``DescribeHub`` answers ``InvalidAccessException`` ("not subscribed to AWS Security Hub")
for an account that has not enabled it in the region (Security Hub API Reference, common
errors); that is an absence, not a gap. A denied call is ``AccessDeniedException`` and
stays a gap. ``GetEnabledStandards`` is read only for an enabled hub.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.securityhub import SecurityHubRegion, StandardSubscription
from ..registry import collector
from ..unit import Unit

NOT_SUBSCRIBED = ("InvalidAccessException",)


@collector(
    service="securityhub",
    scope="regional",
    operations=("securityhub:DescribeHub", "securityhub:GetEnabledStandards"),
)
def collect_securityhub(unit: Unit) -> Iterator[Resource]:
    """One settings resource per region."""
    hub = unit.call("describe_hub", absent_on=NOT_SUBSCRIBED)
    standards: list[StandardSubscription] = []
    if hub is not None:
        standards = [
            StandardSubscription(
                standards_arn=s.get("StandardsArn", ""), status=s.get("StandardsStatus", "")
            )
            for s in unit.pages("get_enabled_standards", "StandardsSubscriptions")
        ]
    yield SecurityHubRegion(
        arn=(hub or {}).get("HubArn") or unit.arn("hub/default"),
        name=unit.region,
        account_id=unit.account_id,
        region=unit.region,
        enabled=hub is not None,
        standards=tuple(standards),
    )
