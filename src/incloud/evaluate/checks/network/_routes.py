"""Publicly accessible databases judged by their routes, not by the flag alone.

RDS and Redshift give a ``PubliclyAccessible`` database a public address, but an internet
client reaches it only when a subnet of its subnet group sends replies to an internet gateway
(RDS User Guide, "Hiding a DB instance in a VPC from the internet"; Amazon Redshift Management
Guide, "Managing clusters in a VPC": a publicly accessible cluster needs an internet gateway
and a route to it). The route question is answered by ``evaluate.network``; this module turns
it into one check per service (:func:`route_check`), so both read missing data the same way: a
route found fails, a pass needs every subnet and its route table in the snapshot, anything else
is ``unknown``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ....snapshot import Resource
from ...check import CheckFn, Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ...network.core import Network
from ...network.reachability import subnets_route
from ..analyses import topology

R = TypeVar("R", bound=Resource)

ROUTE_READS = ("ec2:DescribeSubnets", "ec2:DescribeRouteTables")
"""What a pass rests on: without subnets or route tables no route is found."""


def _unrouted(network: Network, subnet_ids: tuple[str, ...]) -> list[str]:
    """Subnets whose route table is not in the snapshot (or which are missing themselves)."""
    missing = []
    for subnet_id in subnet_ids:
        subnet = network.subnets.get(subnet_id)
        if subnet is None or network.tables.for_subnet(subnet.vpc_id, subnet_id) is None:
            missing.append(subnet_id)
    return missing


def route_check(
    *,
    id: str,
    resource: type[R],
    public: Callable[[R], bool],
    subnets: Callable[[R], tuple[str, ...]],
    reads: tuple[str, ...],
    doc: str,
) -> CheckFn[R]:
    """Register a check that fails a publicly accessible database whose subnets route to an
    internet gateway.

    ``public`` reads the flag, ``subnets`` the subnet group's subnets (the internet-gateway
    route among them is found by ``subnets_route`` on the evaluation's shared topology);
    ``reads`` are the operations a pass depends on (consulted only
    for publicly accessible resources, so a denied ``DescribeRouteTables`` does not make
    private databases unknown).
    """

    def judge(item: R, ctx: Context) -> Outcome:
        if not public(item):
            return passed("not publicly accessible")
        found = subnets_route(ctx.analysis(topology), subnets(item))
        if found is not None:
            return failed(
                "publicly accessible, and its subnets route internet clients to "
                f"{found.describe()}",
                route=found.describe(),
            )
        blocking = ctx.blocking_gaps(item, reads)
        if blocking:
            return unknown(
                "publicly accessible; its routes could not be read: "
                + "; ".join(g.describe() for g in blocking),
                gaps=[g.action for g in blocking],
            )
        ids = subnets(item)
        if not ids:
            return unknown("publicly accessible; its subnets are not recorded, so no route")
        missing = _unrouted(ctx.analysis(topology), ids)
        if missing:
            return unknown(
                "publicly accessible; subnets or their route tables not in the snapshot: "
                + ", ".join(missing)
            )
        return passed(
            "publicly accessible, but no subnet of its subnet group routes to an internet "
            "gateway: the public address cannot be reached",
            subnets=list(ids),
        )

    return check(
        id=id,
        domain=Domain.NETWORK,
        severity=Severity.HIGH,
        resource=resource,
        name=id.replace(".", "_").replace("-", "_"),
        doc=doc,
    )(judge)
