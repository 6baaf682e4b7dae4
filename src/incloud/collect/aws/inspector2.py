"""Amazon Inspector collector: activation per scan type and open finding counts, per region.

``BatchGetAccountStatus`` (no account ids: the caller's own account) says which scan types
are on; ``ListFindingAggregations`` by account counts open findings by severity in one call.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.inspector2 import Inspector2Region
from ..registry import collector
from ..unit import Unit


@collector(
    service="inspector2",
    scope="regional",
    operations=("inspector2:BatchGetAccountStatus", "inspector2:ListFindingAggregations"),
)
def collect_inspector2(unit: Unit) -> Iterator[Resource]:
    """One settings resource per region."""
    status = unit.call("batch_get_account_status")
    mine = [a for a in (status or {}).get("accounts", []) if a.get("accountId") == unit.account_id]
    scan_status = None
    account_status = None
    if mine:
        state = mine[0].get("resourceState", {})
        scan_status = {kind: value.get("status", "") for kind, value in state.items()}
        account_status = mine[0].get("state", {}).get("status")
    critical = high = None
    aggregations = unit.call(
        "list_finding_aggregations",
        aggregationType="ACCOUNT",
        accountIds=[{"comparison": "EQUALS", "value": unit.account_id}],
    )
    if aggregations is not None:
        critical = high = 0
        for item in aggregations.get("responses", []):
            aggregation = item.get("accountAggregation", {})
            if aggregation.get("accountId", unit.account_id) == unit.account_id:
                counts = aggregation.get("severityCounts", {})
                critical += counts.get("critical", 0)
                high += counts.get("high", 0)
    yield Inspector2Region(
        arn=unit.arn(f"account/{unit.account_id}"),
        name=unit.region,
        account_id=unit.account_id,
        region=unit.region,
        account_status=account_status,
        scan_status=scan_status,
        open_critical=critical,
        open_high=high,
    )
