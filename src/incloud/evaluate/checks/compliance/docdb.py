"""Amazon DocumentDB audit logging (Security Hub DocumentDB.4)."""

from __future__ import annotations

from ....snapshot.docdb import DocDbCluster
from .._databases import log_exports_check

cluster_audit_logs = log_exports_check(
    id="docdb.cluster-audit-logs",
    resource=DocDbCluster,
    engine=lambda c: c.engine,
    exports=lambda c: c.log_exports,
    required={"docdb": frozenset({"audit"})},
    doc="""DocumentDB clusters publish their audit log to CloudWatch Logs.

    DocumentDB's audit log records authentication, authorisation failures and data
    definition (and, if asked, data manipulation) events; only exported to CloudWatch Logs
    is it kept and searchable (DocumentDB Developer Guide, "Auditing Amazon DocumentDB
    events"; Security Hub DocumentDB.4). Events are recorded only with `audit_logs` enabled
    in the cluster parameter group, which this check does not read.

    Remediation: `aws docdb modify-db-cluster --db-cluster-identifier ID
    --cloudwatch-logs-export-configuration '{"EnableLogTypes":["audit"]}'
    --apply-immediately` (and `audit_logs=enabled` in the cluster parameter group);
    Terraform `enabled_cloudwatch_logs_exports = ["audit"]` on `aws_docdb_cluster`.
    """,
)
