"""Vulnerability scanning with Amazon Inspector."""

from __future__ import annotations

from ....snapshot import Resource
from ....snapshot.awslambda import LambdaFunction
from ....snapshot.ec2 import Ec2Instance
from ....snapshot.ecr import EcrRepository
from ....snapshot.inspector2 import Inspector2Region
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context

_WORKLOADS: tuple[tuple[str, type[Resource]], ...] = (
    ("ec2", Ec2Instance),
    ("ecr", EcrRepository),
    ("lambda", LambdaFunction),
)
"""Inspector scan type -> the resources it scans."""


@check(
    id="inspector2.enabled",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=Inspector2Region,
    requires=("inspector2:BatchGetAccountStatus",),
)
def enabled(region: Inspector2Region, ctx: Context) -> Outcome:
    """Amazon Inspector scans every kind of workload the region runs.

    Inspector finds known vulnerabilities (CVEs) in EC2 instances' packages, ECR images and
    Lambda functions' dependencies, continuously, as new CVEs are published. A scan type is
    needed where the region has that workload (instances, repositories or functions found
    by this scan); a region with none of them is not applicable.

    Remediation: `aws inspector2 enable --resource-types EC2 ECR LAMBDA` in each region (or
    from the delegated administrator for the organisation); Terraform
    `aws_inspector2_enabler`.
    """
    present = [
        kind
        for kind, model in _WORKLOADS
        if any(True for _ in ctx.resources(model, region.account_id, region.region))
    ]
    if not present:
        listing_gaps = [
            gap.action
            for _, model in _WORKLOADS
            for action in model.listed_by
            for gap in ctx.gaps(action)
            if gap.account_id == region.account_id and gap.region == region.region
        ]
        if listing_gaps:
            return unknown("workloads could not be listed", gaps=sorted(set(listing_gaps)))
        return not_applicable("no instances, repositories or functions to scan in this region")
    if region.scan_status is None:
        return unknown("Inspector returned no status for this account")
    missing = [kind for kind in present if region.scan_status.get(kind) != "ENABLED"]
    if missing:
        return failed(
            f"Inspector scanning off for {', '.join(missing)} in {region.region}",
            missing=missing,
            status={kind: region.scan_status.get(kind, "DISABLED") for kind in present},
        )
    return passed(f"Inspector scans {', '.join(present)}", enabled=list(region.enabled_scans))


@check(
    id="inspector2.no-critical-findings",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=Inspector2Region,
    requires=("inspector2:ListFindingAggregations",),
)
def no_critical_findings(region: Inspector2Region, ctx: Context) -> Outcome:
    """No critical vulnerability findings are open in Amazon Inspector.

    A critical Inspector finding is a known, usually remotely exploitable vulnerability in a
    package an instance, image or function runs. Scanning only helps when the findings are
    fixed; high findings are reported as evidence. Counts come from
    ``ListFindingAggregations`` (aggregation by account).

    Remediation: open Inspector's findings (`aws inspector2 list-findings --filter-criteria
    '{"severity":[{"comparison":"EQUALS","value":"CRITICAL"}]}'`), update the affected
    packages or rebuild the images and functions, and redeploy.
    """
    if region.open_critical is None or region.open_high is None:
        return unknown("finding counts were not read")
    if not region.enabled_scans and region.open_critical == 0:
        return not_applicable("Inspector is not scanning here (see inspector2.enabled)")
    counts = {"critical": region.open_critical, "high": region.open_high}
    if region.open_critical:
        return failed(
            f"{region.open_critical} critical and {region.open_high} high finding(s) open",
            **counts,
        )
    return passed(f"no critical findings open ({region.open_high} high)", **counts)
