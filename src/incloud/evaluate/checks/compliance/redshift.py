"""Redshift audit logging."""

from __future__ import annotations

from ....snapshot.redshift import RedshiftCluster
from ...check import Domain, Severity
from ..factories import setting_check

cluster_audit_logging = setting_check(
    id="redshift.cluster-audit-logging",
    domain=Domain.COMPLIANCE,
    severity=Severity.MEDIUM,
    resource=RedshiftCluster,
    requires=("redshift:DescribeLoggingStatus",),
    setting="audit_logging",
    value=lambda c: c.audit_logging,
    is_ok=bool,
    ok="audit logging on",
    bad="audit logging off: connections and user changes are not recorded",
    doc="""Redshift clusters have audit logging on.

    Audit logging records connection attempts, user and privilege changes and (with
    `enable_user_activity_logging`) every query, to S3 or CloudWatch Logs; without it there
    is no record of who read the warehouse (Redshift Management Guide, "Database audit
    logging"; Security Hub Redshift.4).

    Remediation: `aws redshift enable-logging --cluster-identifier ID
    --log-destination-type cloudwatch --log-exports connectionlog userlog
    useractivitylog` (or `--bucket-name BUCKET`); Terraform the `aws_redshift_logging`
    resource.
    """,
)
