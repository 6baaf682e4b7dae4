"""Amazon SimpleDB domains (a legacy service; its presence matters for programme scope)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class SimpleDbDomain(Resource):
    """A SimpleDB domain."""

    kind: Literal["sdb.domain"] = "sdb.domain"

    service: ClassVar[str] = "sdb"
    listed_by: ClassVar[tuple[str, ...]] = ("sdb:ListDomains",)
