"""Amazon MSK: enhanced monitoring of brokers."""

from __future__ import annotations

from ....snapshot.kafka import MskCluster
from ...check import Domain, Severity
from ..factories import flag_check

cluster_enhanced_monitoring = flag_check(
    id="kafka.cluster-enhanced-monitoring",
    domain=Domain.COMPLIANCE,
    severity=Severity.LOW,
    resource=MskCluster,
    exempt=lambda c: "a serverless cluster: AWS runs its brokers" if c.serverless else None,
    is_ok=lambda cluster: (
        None if cluster.enhanced_monitoring is None else cluster.enhanced_monitoring != "DEFAULT"
    ),
    ok="enhanced monitoring is on",
    bad="only the default cluster-level metrics are sent to CloudWatch",
    doc="""MSK clusters send enhanced (per-broker or finer) metrics to CloudWatch.

    At the `DEFAULT` level MSK publishes cluster-wide metrics only; per-broker metrics (CPU,
    disk, network, under-replicated partitions) are what shows a broker failing, a disk
    filling or traffic out of the ordinary before the cluster stops (Security Hub MSK.2;
    Amazon MSK Developer Guide, "Amazon MSK metrics for monitoring Standard brokers with
    CloudWatch"). Any level above `DEFAULT` passes; serverless clusters are not judged.

    Remediation: `aws kafka update-monitoring --cluster-arn ARN --current-version VERSION
    --enhanced-monitoring PER_BROKER`; Terraform `enhanced_monitoring = "PER_BROKER"` on
    `aws_msk_cluster`.
    """,
)
