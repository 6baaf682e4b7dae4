"""Listings botocore has no paginator for: pages followed by their ``NextToken``."""

from __future__ import annotations

from typing import Any

from ..unit import Unit


def token_pages(unit: Unit, method: str, key: str, **params: Any) -> list[Any]:
    """Every item under ``key`` across the pages of ``method``. A failed page records a gap
    (the inventory is then incomplete) and keeps what was read.
    """
    found: list[Any] = []
    token: dict[str, str] = {}
    while True:
        page = unit.call(method, **params, **token)
        if page is None:
            return found
        found.extend(page.get(key, []))
        if not page.get("NextToken"):
            return found
        token = {"NextToken": page["NextToken"]}
