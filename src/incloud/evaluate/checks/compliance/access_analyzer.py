"""IAM Access Analyzer coverage."""

from __future__ import annotations

from ....snapshot.accessanalyzer import AccessAnalyzerRegion
from ...check import Domain, Outcome, Severity, check, failed, passed
from ...context import Context

EXTERNAL_ACCESS_TYPES = ("ACCOUNT", "ORGANIZATION")


@check(
    id="access-analyzer.enabled",
    domain=Domain.COMPLIANCE,
    severity=Severity.LOW,
    resource=AccessAnalyzerRegion,
    requires=("accessanalyzer:ListAnalyzers",),
)
def enabled(region: AccessAnalyzerRegion, ctx: Context) -> Outcome:
    """IAM Access Analyzer watches for external access in every region.

    Access Analyzer reports, as they appear, resources shared outside the account or
    organisation, including through services incloud does not read yet (CIS 3.0.0 1.20).

    Remediation: `aws accessanalyzer create-analyzer --analyzer-name account --type ACCOUNT` in
    each region (or an ORGANIZATION analyzer from the delegated administrator).
    """
    active = [
        a.name for a in region.analyzers if a.type in EXTERNAL_ACCESS_TYPES and a.status == "ACTIVE"
    ]
    if active:
        return passed("external-access analyzer active", analyzers=active)
    return failed("no active external-access analyzer in this region")
