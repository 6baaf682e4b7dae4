"""RDS and Aurora monitoring: Enhanced Monitoring, logs published to CloudWatch Logs, and
event notification subscriptions for critical events.
"""

from __future__ import annotations

from ....snapshot.rds import DbCluster, DbInstance, EventSubscription, RdsRegion
from ...check import (
    CheckFn,
    Domain,
    Outcome,
    Severity,
    check,
    failed,
    not_applicable,
    passed,
)
from ...context import Context
from .._databases import cluster_member, log_exports_check
from ..factories import setting_check

instance_enhanced_monitoring = setting_check(
    id="rds.instance-enhanced-monitoring",
    domain=Domain.COMPLIANCE,
    severity=Severity.LOW,
    resource=DbInstance,
    setting="monitoring_interval_seconds",
    value=lambda db: db.monitoring_interval,
    is_ok=lambda seconds: seconds > 0,
    ok="Enhanced Monitoring samples the host every {value} s",
    bad="Enhanced Monitoring off: no operating-system metrics for the instance",
    doc="""DB instances have Enhanced Monitoring on.

    Enhanced Monitoring reads operating-system metrics (processes, memory, file system,
    I/O) from an agent on the instance, down to one-second granularity, which CloudWatch's
    hypervisor metrics cannot show; it is how an unexpected process or resource exhaustion
    is noticed (RDS User Guide, "Monitoring OS metrics with Enhanced Monitoring"; Security
    Hub RDS.6). Aurora instances have their own setting and are judged too.

    Remediation: `aws rds modify-db-instance --db-instance-identifier ID
    --monitoring-interval 60 --monitoring-role-arn ROLE_ARN --apply-immediately` (the role
    trusts `monitoring.rds.amazonaws.com` and has `AmazonRDSEnhancedMonitoringRole`);
    Terraform `monitoring_interval` and `monitoring_role_arn` on `aws_db_instance`.
    """,
)


INSTANCE_LOGS = {
    "oracle": frozenset({"alert", "audit", "trace", "listener"}),
    "postgres": frozenset({"postgresql", "upgrade"}),
    "mysql": frozenset({"audit", "error", "general", "slowquery"}),
    "mariadb": frozenset({"audit", "error", "general", "slowquery"}),
    "sqlserver": frozenset({"error", "agent"}),
}
"""The logs each engine family's instances publish, as AWS Config's ``rds-logging-enabled``
(behind Security Hub RDS.9) expects them."""

instance_log_exports = log_exports_check(
    id="rds.instance-log-exports",
    resource=DbInstance,
    engine=lambda db: db.engine,
    exports=lambda db: db.log_exports,
    required=INSTANCE_LOGS,
    exempt=cluster_member,
    doc="""DB instances publish their engine's logs to CloudWatch Logs.

    Database logs (errors, audit, slow and general queries, PostgreSQL's log) stay on the
    instance, rotated away within days and lost with it, unless published to CloudWatch
    Logs, where they are kept, searched and alarmed on (RDS User Guide, "Publishing database
    logs to Amazon CloudWatch Logs"; Security Hub RDS.9). Expected per engine: Oracle alert,
    audit, trace, listener; PostgreSQL postgresql, upgrade; MySQL and MariaDB audit, error,
    general, slowquery; SQL Server error, agent. MySQL and MariaDB write the audit log only
    with the `MARIADB_AUDIT_PLUGIN` option. Aurora instances are judged on their cluster
    (rds.cluster-log-exports); Db2 and RDS Custom are outside the control.

    Remediation: `aws rds modify-db-instance --db-instance-identifier ID
    --cloudwatch-logs-export-configuration '{"EnableLogTypes":["error","general"]}'
    --apply-immediately`; Terraform `enabled_cloudwatch_logs_exports` on `aws_db_instance`.
    """,
)


CLUSTER_LOGS = {
    "aurora-mysql": frozenset({"audit"}),
    "aurora-postgresql": frozenset({"postgresql"}),
}
"""The logs Aurora clusters publish: Aurora MySQL's audit log (Security Hub RDS.34), Aurora
PostgreSQL's log (RDS.37)."""

cluster_log_exports = log_exports_check(
    id="rds.cluster-log-exports",
    resource=DbCluster,
    engine=lambda c: c.engine,
    exports=lambda c: c.log_exports,
    required=CLUSTER_LOGS,
    doc="""Aurora clusters publish their audit or database log to CloudWatch Logs.

    Aurora MySQL records who connected and what they ran in its audit log (with
    `server_audit_logging` on in the cluster parameter group), Aurora PostgreSQL in its
    PostgreSQL log; kept only on the instances, both are rotated away and lost with them
    (Aurora User Guide, "Publishing database logs to Amazon CloudWatch Logs"; Security Hub
    RDS.34, RDS.37). Multi-AZ DB clusters of RDS for MySQL and PostgreSQL are outside
    these controls.

    Remediation: `aws rds modify-db-cluster --db-cluster-identifier ID
    --cloudwatch-logs-export-configuration '{"EnableLogTypes":["audit"]}'` (`postgresql` for
    Aurora PostgreSQL) `--apply-immediately`; Terraform `enabled_cloudwatch_logs_exports` on
    `aws_rds_cluster`.
    """,
)


# --- event notification subscriptions ---------------------------------------------------

UNDELIVERABLE = frozenset({"no-permission", "topic-not-exist"})
"""Subscription states in which RDS cannot publish to the topic (``DescribeEventSubscriptions``
``Status``): such a subscription covers nothing."""


def _subscription_check(
    *, id: str, source_type: str, noun: str, categories: frozenset[str], doc: str
) -> CheckFn[RdsRegion]:
    """Register a check that a region with event subscriptions has an enabled one for
    ``source_type`` covering ``categories`` (a subscription listing no categories covers all).
    """
    wanted = sorted(categories)

    def covered(subscription: EventSubscription) -> set[str]:
        if not subscription.enabled or subscription.source_type != source_type:
            return set()
        if subscription.status in UNDELIVERABLE:
            return set()
        if not subscription.categories:
            return set(wanted)
        return set(categories & {*subscription.categories})

    def judge(region: RdsRegion, _: Context) -> Outcome:
        if not region.subscriptions:
            return not_applicable("no RDS event subscriptions in the region")
        for subscription in region.subscriptions:
            if covered(subscription) == set(wanted):
                return passed(
                    f"subscription {subscription.name} sends {noun} events "
                    f"({', '.join(wanted)}) to {subscription.topic_arn or 'its topic'}",
                    subscription=subscription.name,
                    source_ids=list(subscription.source_ids),
                )
        best = max(region.subscriptions, key=lambda s: len(covered(s)))
        return failed(
            f"no enabled subscription for {noun} events covers {', '.join(wanted)}",
            subscriptions=[s.name for s in region.subscriptions],
            closest=best.name,
            missing=sorted(set(wanted) - covered(best)),
        )

    return check(
        id=id,
        domain=Domain.COMPLIANCE,
        severity=Severity.LOW,
        resource=RdsRegion,
        requires=("rds:DescribeEventSubscriptions",),
        name=id.replace(".", "_").replace("-", "_"),
        doc=doc,
    )(judge)


_SUBSCRIPTION_ABOUT = (
    "Event subscriptions send RDS events to an SNS topic as they happen (RDS User Guide, "
    '"Working with Amazon RDS event notification"). Judged once per region: a region with '
    "no subscriptions at all is not applicable, as in Security Hub; otherwise one enabled "
    "subscription of this source type must cover the categories (listing none covers every "
    "category), and one whose topic is gone or refuses RDS (status `topic-not-exist`, "
    "`no-permission`) covers nothing. A subscription limited to some sources counts; the "
    "evidence names them."
)

cluster_event_subscription = _subscription_check(
    id="rds.cluster-event-subscription",
    source_type="db-cluster",
    noun="DB cluster",
    categories=frozenset({"maintenance", "failure"}),
    doc=f"""An RDS event subscription covers critical DB cluster events.

    Cluster failures and maintenance (including forced patching) reach the people who run
    the database only if someone subscribes to them (Security Hub RDS.19).
    {_SUBSCRIPTION_ABOUT}

    Remediation: `aws rds create-event-subscription --subscription-name clusters
    --sns-topic-arn TOPIC --source-type db-cluster --event-categories maintenance failure
    --enabled`; Terraform `aws_db_event_subscription` with `source_type = "db-cluster"`.
    """,
)

instance_event_subscription = _subscription_check(
    id="rds.instance-event-subscription",
    source_type="db-instance",
    noun="DB instance",
    categories=frozenset({"maintenance", "configuration change", "failure"}),
    doc=f"""An RDS event subscription covers critical DB instance events.

    Instance failures, maintenance and configuration changes (someone making it public,
    turning off backups) reach the people who run the database only if someone subscribes
    to them (Security Hub RDS.20). {_SUBSCRIPTION_ABOUT}

    Remediation: `aws rds create-event-subscription --subscription-name instances
    --sns-topic-arn TOPIC --source-type db-instance --event-categories maintenance
    "configuration change" failure --enabled`; Terraform `aws_db_event_subscription` with
    `source_type = "db-instance"`.
    """,
)

parameter_group_event_subscription = _subscription_check(
    id="rds.parameter-group-event-subscription",
    source_type="db-parameter-group",
    noun="DB parameter group",
    categories=frozenset({"configuration change"}),
    doc=f"""An RDS event subscription covers DB parameter group changes.

    A parameter group change can turn off TLS enforcement or audit logging for every
    database using the group (Security Hub RDS.21). {_SUBSCRIPTION_ABOUT}

    Remediation: `aws rds create-event-subscription --subscription-name parameter-groups
    --sns-topic-arn TOPIC --source-type db-parameter-group --event-categories
    "configuration change" --enabled`; Terraform `aws_db_event_subscription` with
    `source_type = "db-parameter-group"`.
    """,
)

security_group_event_subscription = _subscription_check(
    id="rds.security-group-event-subscription",
    source_type="db-security-group",
    noun="DB security group",
    categories=frozenset({"configuration change", "failure"}),
    doc=f"""An RDS event subscription covers DB security group changes and failures.

    DB security groups (of EC2-Classic databases) decide who may connect; their changes and
    failures deserve a notification (Security Hub RDS.22). {_SUBSCRIPTION_ABOUT}

    Remediation: `aws rds create-event-subscription --subscription-name security-groups
    --sns-topic-arn TOPIC --source-type db-security-group --event-categories
    "configuration change" failure --enabled`; Terraform `aws_db_event_subscription` with
    `source_type = "db-security-group"`.
    """,
)
