"""Amazon EKS control plane logging: the Kubernetes audit log."""

from __future__ import annotations

from ....snapshot.eks import EksCluster
from ...check import Domain, Outcome, Severity, check, failed, passed
from ...context import Context


@check(
    id="eks.audit-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=EksCluster,
    requires=("eks:DescribeCluster",),
)
def audit_logging(cluster: EksCluster, ctx: Context) -> Outcome:
    """EKS clusters send the Kubernetes audit log to CloudWatch Logs.

    The audit log records every request to the Kubernetes API: who read a secret, created a
    privileged pod or changed a role binding. EKS keeps control plane logs only when a log
    type is enabled, so without it an intrusion into the cluster leaves no record (Security
    Hub EKS.8; EKS User Guide, "Send control plane logs to CloudWatch Logs").

    Remediation: `aws eks update-cluster-config --name NAME --logging
    '{"clusterLogging":[{"types":["audit"],"enabled":true}]}'`; Terraform
    `enabled_cluster_log_types = ["audit"]` on `aws_eks_cluster`.
    """
    enabled = list(cluster.log_types)
    if "audit" in cluster.log_types:
        return passed("audit logs go to CloudWatch Logs", log_types=enabled)
    if enabled:
        return failed(f"audit logging off (enabled: {', '.join(enabled)})", log_types=enabled)
    return failed("control plane logging is off: no audit log", log_types=enabled)
