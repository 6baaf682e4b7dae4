"""AWS AppSync collector: GraphQL APIs with their log configuration (in the bulk listing)
and, one call per API, their cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.appsync import ApiCache, AppSyncApi
from ..registry import collector
from ..unit import Unit


@collector(
    service="appsync",
    scope="regional",
    operations=("appsync:ListGraphqlApis", "appsync:GetApiCache"),
)
def collect_appsync(unit: Unit) -> Iterator[Resource]:
    """Every GraphQL API in the region, with its cache."""
    apis = unit.pages("list_graphql_apis", "graphqlApis")
    yield from unit.fan_out(lambda raw: _api(unit, raw), apis)


def _api(unit: Unit, raw: dict[str, Any]) -> AppSyncApi:
    api_id = raw["apiId"]  # identifies the API (optional in botocore's model)
    arn = raw.get("arn") or unit.arn(f"apis/{api_id}")
    answer = unit.call(
        "get_api_cache", resource_arn=arn, absent_on=("NotFoundException",), apiId=api_id
    )
    cache = (answer or {}).get("apiCache")
    return AppSyncApi(
        arn=arn,
        name=raw.get("name") or api_id,
        account_id=unit.account_id,
        region=unit.region,
        api_id=api_id,
        field_log_level=(raw.get("logConfig") or {}).get("fieldLogLevel"),
        cache=None
        if cache is None
        else ApiCache(
            at_rest_encrypted=bool(cache.get("atRestEncryptionEnabled")),
            in_transit_encrypted=bool(cache.get("transitEncryptionEnabled")),
        ),
    )
