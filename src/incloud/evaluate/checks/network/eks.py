"""EKS control-plane exposure: who can reach the Kubernetes API endpoint."""

from __future__ import annotations

from ....snapshot.eks import EksCluster
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ...network.intervals import IntervalSet, cidr_range, internet_space


def _open_to_everyone(cidrs: tuple[str, ...]) -> bool:
    """True when the ranges together admit every internet address of an IP version
    (``0.0.0.0/0``, or pieces such as ``0.0.0.0/1`` + ``128.0.0.0/1`` that add up to it).
    """
    for version in (4, 6):
        spans = [span for v, span in map(cidr_range, cidrs) if v == version]
        if spans and not internet_space(version) - IntervalSet.of(spans):
            return True
    return False


@check(
    id="eks.endpoint-not-public",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=EksCluster,
    requires=("eks:DescribeCluster",),
)
def endpoint_not_public(cluster: EksCluster, ctx: Context) -> Outcome:
    """EKS cluster API endpoints are not open to the whole internet.

    The Kubernetes API server is the cluster's control plane. With public access on and
    ``publicAccessCidrs`` at their default, 0.0.0.0/0, anyone can probe it, try stolen
    credentials and tokens, and exploit API-server vulnerabilities (Security Hub EKS.1; EKS
    User Guide, "Cluster API server endpoint"). Public access limited to listed ranges passes
    (the ranges are the evidence); a private-only endpoint passes.

    Remediation: `aws eks update-cluster-config --name NAME --resources-vpc-config
    endpointPublicAccess=false,endpointPrivateAccess=true`, or keep public access and set
    `publicAccessCidrs=203.0.113.0/24` to your offices' and CI's ranges; Terraform
    `vpc_config { endpoint_public_access = false, endpoint_private_access = true }` or
    `public_access_cidrs` on `aws_eks_cluster`.
    """
    if cluster.endpoint_public_access is None:
        return unknown("the cluster's endpoint configuration was not read")
    if not cluster.endpoint_public_access:
        return passed("private endpoint only", private_access=cluster.endpoint_private_access)
    cidrs = cluster.public_access_cidrs
    if _open_to_everyone(cidrs):
        return failed(
            f"public endpoint open to the whole internet ({', '.join(cidrs)})",
            public_access_cidrs=list(cidrs),
        )
    return passed(
        f"public endpoint restricted to {', '.join(cidrs) or 'no addresses'}",
        public_access_cidrs=list(cidrs),
    )
