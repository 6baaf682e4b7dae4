"""API Gateway V2 collector: HTTP and WebSocket APIs with their routes, and their stages.

``GetApis`` lists the region's APIs; each API's routes (``GetRoutes``) and stages
(``GetStages``) are read per API, as the API offers no bulk read across APIs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.apigateway import ApiRoute, HttpApi, HttpApiStage
from ..registry import collector
from ..unit import Unit


@collector(
    service="apigatewayv2",
    scope="regional",
    operations=("apigatewayv2:GetApis", "apigatewayv2:GetRoutes", "apigatewayv2:GetStages"),
)
def collect_apigatewayv2(unit: Unit) -> Iterator[Resource]:
    """Every HTTP and WebSocket API in the region with its routes, and every stage of each."""
    apis = unit.pages("get_apis", "Items")
    for found in unit.fan_out(lambda raw: _api(unit, raw), apis):
        yield from found


def _api(unit: Unit, raw: dict[str, Any]) -> list[Resource]:
    # ApiId is optional in botocore's model but identifies the API: AWS omits it only in a
    # malformed answer, whose KeyError is a CollectorError gap (likewise a stage's name).
    api_id = raw["ApiId"]
    name, protocol = raw.get("Name") or api_id, raw.get("ProtocolType", "")
    arn = f"arn:{unit.partition}:apigateway:{unit.region}::/apis/{api_id}"
    routes = _paged(unit, "get_routes", arn, ApiId=api_id)
    api = HttpApi(
        arn=arn,
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        api_id=api_id,
        protocol_type=protocol,
        routes=tuple(
            # RouteKey is required; AuthorizationType is left out when it is NONE.
            ApiRoute(route_key=r["RouteKey"], authorization_type=r.get("AuthorizationType", "NONE"))
            for r in routes
        )
        if routes is not None
        else None,
    )
    # A failed GetStages leaves the region's stage inventory incomplete: recorded for the
    # operation (no resource ARN), so stage checks in the region say unknown.
    stages = _paged(unit, "get_stages", None, ApiId=api_id) or []
    return [
        api,
        *(
            HttpApiStage(
                arn=f"{arn}/stages/{stage['StageName']}",
                name=f"{name}/{stage['StageName']}",
                account_id=unit.account_id,
                region=unit.region,
                api_id=api_id,
                api_name=name,
                stage_name=stage["StageName"],
                protocol_type=protocol,
                access_log_destination=(stage.get("AccessLogSettings") or {}).get("DestinationArn")
                or None,
            )
            for stage in stages
        ),
    ]


def _paged(
    unit: Unit, method: str, resource_arn: str | None, **params: Any
) -> list[dict[str, Any]] | None:
    """Every item of one API's listing, paged by hand so that a failure concerns that API
    (``resource_arn``); None when a page could not be read.
    """
    found: list[dict[str, Any]] = []
    token: dict[str, str] = {}
    while True:
        page = unit.call(method, resource_arn=resource_arn, **params, **token)
        if page is None:
            return None
        found.extend(page.get("Items", []))
        if not page.get("NextToken") or not page.get("Items"):
            return found
        token = {"NextToken": page["NextToken"]}
