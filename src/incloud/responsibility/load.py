"""Responsibility load: how many customer duties the services in use impose.

The formula (also in docs/responsibility.md): every cell whose duty is on the customer's side
of the model counts 1 when the customer owns it and 0.5 when it is shared; cells AWS owns count
0. A service's share is the sum over its cells; the account's load is the sum over services
(account-wide duties such as protecting the root user count once, on the ``account`` row).
So EC2, where the customer runs the guest OS and up, carries more than RDS, where AWS runs the
OS and engine, and RDS more than DynamoDB.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..snapshot import Frozen

if TYPE_CHECKING:
    from .matrix import Cell

WEIGHTS = {"customer": 1.0, "shared": 0.5, "aws": 0.0}
"""How much of a duty falls on the customer, by owner."""


class ResponsibilityLoad(Frozen):
    """The account's load and each service's share of it."""

    total: float
    by_service: dict[str, float]


def responsibility_load(cells: Iterable[Cell]) -> ResponsibilityLoad:
    """The load of a set of matrix cells (customer-side duties only)."""
    shares: dict[str, float] = defaultdict(float)
    for cell in cells:
        if cell.side == "customer" and cell.scope == "service":  # account duties count once
            shares[cell.service] += WEIGHTS[cell.owner]
    ordered = dict(sorted(shares.items(), key=lambda item: (-item[1], item[0])))
    return ResponsibilityLoad(total=sum(ordered.values()), by_service=ordered)
