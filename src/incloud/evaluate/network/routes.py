"""Route tables: which table a subnet uses, and where one destination address goes.

AWS VPC User Guide, "Route tables": a subnet uses the route table explicitly associated with
it, else the VPC's main route table ("Subnet route tables"). "Route priority": the most
specific route that matches the traffic decides (longest prefix match); among routes of the
same prefix, a static route wins over a propagated one (virtual private gateway route
propagation, ``Origin`` ``EnableVgwRoutePropagation``) and over a route to a prefix list, and a
prefix-list route wins over a propagated one ("Route priority for prefix lists"); a route
whose target was deleted is a blackhole route and drops the traffic. A
prefix-list route stands for one route per entry of the list. "Gateway route tables": a table
with an edge association to an internet gateway routes the traffic *entering* the VPC through
it (ingress routing, for example to a firewall appliance or a Gateway Load Balancer endpoint).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ...snapshot.ec2 import RouteEntry, RouteTable
from .intervals import Range, address_int, cidr_range, prefix_length
from .prefix_lists import PrefixLists


@dataclass(frozen=True)
class Route:
    """One CIDR route of a table, reduced to what the engine reads."""

    table_id: str
    destination: str
    version: int
    span: Range
    prefix: int
    target: str
    active: bool
    prefix_list: str | None = None
    """The prefix list the route was expanded from (it loses ties to static routes)."""
    propagated: bool = False
    """Propagated from a virtual private gateway (it loses ties to every other route)."""

    @property
    def rank(self) -> int:
        """Priority among routes of the same prefix: static 0, prefix list 1, propagated 2."""
        return 2 if self.propagated else 1 if self.prefix_list else 0

    @property
    def to_internet_gateway(self) -> bool:
        """An active route whose next hop is an internet gateway (not egress-only)."""
        return self.active and self.target.startswith("igw-")

    def describe(self) -> str:
        """``rtb-1: 0.0.0.0/0 -> igw-1`` (with ``(blackhole)`` for an inactive route)."""
        return self.description

    @cached_property
    def description(self) -> str:
        """:meth:`describe`'s text, built once."""
        state = "" if self.active else " (blackhole)"
        where = f" (prefix list {self.prefix_list})" if self.prefix_list else ""
        return f"{self.table_id}: {self.destination}{where} -> {self.target}{state}"


def parse_routes(
    table: RouteTable, lists: PrefixLists | None = None
) -> tuple[list[Route], list[str]]:
    """The table's routes (prefix-list routes expanded, one per entry), and the prefix lists
    it could not expand (not in the snapshot: those routes are left out).
    """
    routes: list[Route] = []
    skipped: list[str] = []
    for entry in table.routes:
        list_id = entry.prefix_list_id
        if list_id is None:
            cidrs: tuple[str, ...] = (entry.destination,)
        else:
            entries = lists.cidrs(list_id) if lists is not None else None
            if entries is None:
                skipped.append(list_id)
                continue
            cidrs = entries
        routes.extend(_route(table.route_table_id, entry, cidr) for cidr in cidrs)
    return routes, skipped


def _route(table_id: str, entry: RouteEntry, cidr: str) -> Route:
    """The engine's route for one destination ``cidr`` of ``entry``."""
    version, span = cidr_range(cidr)
    return Route(
        table_id=table_id,
        destination=cidr,
        version=version,
        span=span,
        prefix=prefix_length(cidr),
        target=entry.target_id or "unknown",
        active=entry.state == "active",
        prefix_list=entry.prefix_list_id,
        propagated=entry.propagated,
    )


class TableIndex:
    """Route tables by explicit subnet association and by VPC (main table)."""

    def __init__(self, tables: Iterable[RouteTable]) -> None:
        self.explicit: dict[tuple[str, str], RouteTable] = {}
        self.main: dict[str, RouteTable] = {}
        self.edge: dict[tuple[str, str], RouteTable] = {}
        for table in tables:
            for subnet_id in table.subnet_ids:
                self.explicit[(table.vpc_id, subnet_id)] = table
            for gateway_id in table.gateway_ids:
                self.edge[(table.vpc_id, gateway_id)] = table
            if table.is_main:
                self.main[table.vpc_id] = table

    def for_subnet(self, vpc_id: str, subnet_id: str) -> RouteTable | None:
        """The explicitly associated table, else the VPC's main table ("Subnet route tables")."""
        return self.explicit.get((vpc_id, subnet_id)) or self.main.get(vpc_id)

    def for_gateway(self, vpc_id: str, gateway_id: str) -> RouteTable | None:
        """The gateway route table with an edge association to ``gateway_id``, if any."""
        return self.edge.get((vpc_id, gateway_id))


def lookup(routes: list[Route], address: str) -> Route | None:
    """The longest-prefix route for ``address`` ("Route priority"), or None (dropped)."""
    version, value = address_int(address)
    return lookup_value(routes, version, value)


def lookup_value(routes: list[Route], version: int, value: int) -> Route | None:
    """:func:`lookup` for an address given as (IP version, integer)."""
    best: Route | None = None
    for route in routes:
        if route.version != version or not route.span[0] <= value <= route.span[1]:
            continue
        if (
            best is None
            or route.prefix > best.prefix
            or (route.prefix == best.prefix and route.rank < best.rank)
        ):
            best = route
    return best
