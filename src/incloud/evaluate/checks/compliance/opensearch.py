"""OpenSearch Service logs: error (application) logs and audit logs published to CloudWatch
Logs, one factory for the two (they differ only in the log type read).
"""

from __future__ import annotations

from ....snapshot.opensearch import OpenSearchDomain
from ...check import CheckFn, Domain, Outcome, Severity, check, failed, passed
from ...context import Context


def _published_log_check(check_id: str, log_type: str, doc: str) -> CheckFn[OpenSearchDomain]:
    """A check that passes when the domain publishes ``log_type`` to CloudWatch Logs."""

    def judge(domain: OpenSearchDomain, ctx: Context) -> Outcome:
        published = list(domain.log_types)
        if log_type in domain.log_types:
            return passed(f"{log_type} published to CloudWatch Logs", log_types=published)
        return failed(f"{log_type} not published to CloudWatch Logs", log_types=published)

    return check(
        id=check_id,
        domain=Domain.COMPLIANCE,
        severity=Severity.MEDIUM,
        resource=OpenSearchDomain,
        requires=("opensearch:DescribeDomains",),
        name=check_id.replace(".", "_").replace("-", "_"),
        doc=doc,
    )(judge)


domain_error_logging = _published_log_check(
    "es.domain-error-logging",
    "ES_APPLICATION_LOGS",
    """OpenSearch Service domains publish their error logs to CloudWatch Logs.

    Error (application) logs record the engine's errors and warnings: failed shard
    allocations, rejected requests, plugin failures. Without them an outage or an attack on
    the cluster leaves no trace outside the nodes (Security Hub Opensearch.4 and ES.4; "Monitoring
    OpenSearch logs with Amazon CloudWatch Logs" in the OpenSearch Service Developer Guide).

    Remediation: create a log group and a resource policy letting `es.amazonaws.com` write to
    it, then `aws opensearch update-domain-config --domain-name NAME --log-publishing-options
    'ES_APPLICATION_LOGS={CloudWatchLogsLogGroupArn=ARN,Enabled=true}'`; Terraform
    `log_publishing_options { log_type = "ES_APPLICATION_LOGS" cloudwatch_log_group_arn = ARN }`
    on `aws_opensearch_domain`.
    """,
)

domain_audit_logging = _published_log_check(
    "es.domain-audit-logging",
    "AUDIT_LOGS",
    """OpenSearch Service domains publish audit logs to CloudWatch Logs.

    Audit logs record who authenticated, which indices they read or changed, and failed
    logins, the evidence an investigation of a leak needs (Security Hub Opensearch.5 and ES.5).
    They need fine-grained access control on the domain.

    Remediation: enable fine-grained access control, then `aws opensearch update-domain-config
    --domain-name NAME --log-publishing-options
    'AUDIT_LOGS={CloudWatchLogsLogGroupArn=ARN,Enabled=true}'` and turn audit logging on in
    OpenSearch Dashboards (Security > Audit logs); Terraform `log_publishing_options {
    log_type = "AUDIT_LOGS" cloudwatch_log_group_arn = ARN }` on `aws_opensearch_domain`.
    """,
)
