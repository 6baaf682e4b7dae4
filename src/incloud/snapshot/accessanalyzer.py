"""IAM Access Analyzer: the analyzers active in each region."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, Resource


class Analyzer(Frozen):
    """One analyzer: its type (``ACCOUNT``, ``ORGANIZATION``, unused-access variants) and status."""

    name: str
    type: str
    status: str = "ACTIVE"


class AccessAnalyzerRegion(Resource):
    """The analyzers of one region (a settings resource: present in every scanned region)."""

    kind: Literal["access-analyzer.region"] = "access-analyzer.region"
    analyzers: tuple[Analyzer, ...] = ()

    service: ClassVar[str] = "access-analyzer"

    def in_use(self) -> bool:
        """Regional settings exist in every account."""
        return False
