"""IAM Access Analyzer collector: which analyzers run in each region."""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import Resource
from ...snapshot.accessanalyzer import AccessAnalyzerRegion, Analyzer
from ..registry import collector
from ..unit import Unit


@collector(service="accessanalyzer", scope="regional", operations=("accessanalyzer:ListAnalyzers",))
def collect_access_analyzer(unit: Unit) -> Iterator[Resource]:
    """The region's analyzers (a failed listing is a gap, and the check says unknown)."""
    analyzers = unit.pages("list_analyzers", "analyzers")
    yield AccessAnalyzerRegion(
        arn=unit.arn(f"analyzers/{unit.region}", service="access-analyzer"),
        name=unit.region,
        account_id=unit.account_id,
        region=unit.region,
        analyzers=tuple(
            Analyzer(name=a["name"], type=a.get("type", ""), status=a.get("status", "ACTIVE"))
            for a in analyzers
        ),
    )
