"""Amazon Neptune audit logging (Security Hub Neptune.2)."""

from __future__ import annotations

from ....snapshot.neptune import NeptuneCluster
from .._databases import log_exports_check

cluster_audit_logs = log_exports_check(
    id="neptune.cluster-audit-logs",
    resource=NeptuneCluster,
    engine=lambda c: c.engine,
    exports=lambda c: c.log_exports,
    required={"neptune": frozenset({"audit"})},
    doc="""Neptune DB clusters publish their audit log to CloudWatch Logs.

    Neptune's audit log records each connection and query; kept only on the instances it is
    rotated away and lost with them, while CloudWatch Logs keeps it for review and alarms
    (Neptune User Guide, "Publishing Neptune logs to Amazon CloudWatch Logs"; Security Hub
    Neptune.2). The log is written only with `neptune_enable_audit_log` set to 1 in the
    cluster parameter group, which this check does not read.

    Remediation: `aws neptune modify-db-cluster --db-cluster-identifier ID
    --cloudwatch-logs-export-configuration '{"EnableLogTypes":["audit"]}'
    --apply-immediately` (and `neptune_enable_audit_log=1` in the cluster parameter group);
    Terraform `enable_cloudwatch_logs_exports = ["audit"]` on `aws_neptune_cluster`.
    """,
)
