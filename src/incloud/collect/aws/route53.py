"""Amazon Route 53 collector: hosted zones and the account's DNS query logging
configurations, two bulk listings joined by zone id (global).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.route53 import HostedZone
from ..registry import collector
from ..unit import Unit


@collector(
    service="route53",
    scope="global",
    operations=("route53:ListHostedZones", "route53:ListQueryLoggingConfigs"),
)
def collect_route53(unit: Unit) -> Iterator[Resource]:
    """Every hosted zone, with the log groups its queries are logged to."""
    zones, configs = unit.both(
        lambda: unit.pages("list_hosted_zones", "HostedZones"),
        lambda: unit.pages("list_query_logging_configs", "QueryLoggingConfigs"),
    )
    logged: dict[str, list[str]] = defaultdict(list)
    for config in configs:  # every member of a QueryLoggingConfig is required
        logged[config["HostedZoneId"]].append(config["CloudWatchLogsLogGroupArn"])
    for raw in zones:
        yield _zone(unit, raw, logged)


def _zone(unit: Unit, raw: dict[str, Any], logged: dict[str, list[str]]) -> HostedZone:
    zone_id = raw["Id"].rpartition("/")[2]  # Id and Name are required; Id is /hostedzone/ID
    return HostedZone(
        # A hosted zone's ARN names neither a region nor an account.
        arn=f"arn:{unit.partition}:route53:::hostedzone/{zone_id}",
        name=raw["Name"],
        account_id=unit.account_id,
        region=unit.region,
        zone_id=zone_id,
        private=bool(raw.get("Config", {}).get("PrivateZone")),
        query_log_groups=tuple(sorted(logged.get(zone_id, ()))),
    )
