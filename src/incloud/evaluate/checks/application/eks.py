"""Kubernetes version support on Amazon EKS."""

from __future__ import annotations

from ....catalog import eks_versions
from ....snapshot.eks import EksCluster
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context


@check(
    id="eks.cluster-version-supported",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=EksCluster,
    requires=("eks:DescribeCluster",),
)
def cluster_version_supported(cluster: EksCluster, ctx: Context) -> Outcome:
    """EKS clusters run a Kubernetes version in standard support.

    A Kubernetes minor version gets 14 months of standard support on EKS, then 12 months of
    extended support at six times the cluster price, after which AWS upgrades the control
    plane itself, without notice, leaving nodes and add-ons behind. Upstream Kubernetes
    stops publishing fixes for a version long before; staying current is the customer's
    duty. Dates come from AWS's "Amazon EKS Kubernetes release calendar", shipped in
    ``catalog/eks_versions.json``; a version not listed there is unknown. A cluster fails
    from the first day of its version's extended support.

    Remediation: upgrade one minor version at a time
    (`aws eks update-cluster-version --name NAME --kubernetes-version 1.34`), then the
    add-ons and node groups; check deprecated APIs first (EKS upgrade insights).
    """
    if cluster.version is None:
        return unknown("the cluster's version was not read")
    support = eks_versions().get(cluster.version)
    if support is None:
        return unknown(f"Kubernetes {cluster.version} is not in the EKS release calendar")
    today = ctx.now.date()
    evidence = {
        "version": cluster.version,
        "end_of_standard_support": support.end_of_standard_support.isoformat(),
        "end_of_extended_support": support.end_of_extended_support.isoformat()
        if support.end_of_extended_support
        else None,
        "support_type": cluster.support_type,
    }
    extended_end = support.end_of_extended_support
    if extended_end is not None and extended_end <= today:
        return failed(
            f"Kubernetes {cluster.version} is past the end of extended support "
            f"({extended_end}): AWS upgrades it automatically",
            **evidence,
        )
    if support.end_of_standard_support <= today:
        return failed(
            f"Kubernetes {cluster.version} left standard support on "
            f"{support.end_of_standard_support} (extended support, extra cost)",
            **evidence,
        )
    return passed(
        f"Kubernetes {cluster.version} in standard support until {support.end_of_standard_support}",
        **evidence,
    )
