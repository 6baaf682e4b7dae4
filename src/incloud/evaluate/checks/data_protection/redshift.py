"""Redshift encryption at rest, TLS for client connections, and automated snapshots."""

from __future__ import annotations

from ....snapshot.redshift import RedshiftCluster
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ..factories import flag_check

cluster_encrypted = flag_check(
    id="redshift.cluster-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=RedshiftCluster,
    is_ok=lambda cluster: cluster.encrypted,
    ok="encrypted at rest",
    bad="not encrypted at rest (nor are its snapshots)",
    doc="""Redshift clusters are encrypted at rest.

    Encryption covers the data blocks, system metadata and snapshots of the cluster
    (Security Hub Redshift.10).

    Remediation: console, Redshift > Clusters > CLUSTER > Properties > Edit encryption;
    CLI `aws redshift modify-cluster --cluster-identifier ID --encrypted [--kms-key-id
    KEY]` (the cluster is migrated, and stays read-only while that runs); Terraform
    `encrypted = true` on `aws_redshift_cluster`.
    """,
)


@check(
    id="redshift.require-ssl",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=RedshiftCluster,
    requires=("redshift:DescribeClusterParameters",),
)
def require_ssl(cluster: RedshiftCluster, ctx: Context) -> Outcome:
    """Redshift clusters accept only SSL/TLS connections (`require_ssl` is true).

    By default a cluster database accepts connections with or without SSL; only
    `require_ssl = true` in the cluster's parameter group refuses plain-text clients
    (Redshift Management Guide, "Configuring security options for connections",
    https://docs.aws.amazon.com/redshift/latest/mgmt/connecting-ssl-support.html;
    Security Hub Redshift.2). The value judged is what `DescribeClusterParameters` reports
    for the cluster's group, default groups included.

    Remediation: default parameter groups cannot be changed, so create a group with
    `require_ssl = true` (`aws redshift create-cluster-parameter-group`, then `aws redshift
    modify-cluster-parameter-group --parameter-group-name NAME --parameters
    ParameterName=require_ssl,ParameterValue=true`), attach it (`aws redshift
    modify-cluster --cluster-parameter-group-name NAME`) and reboot. Terraform:
    `aws_redshift_parameter_group` with a `require_ssl` parameter.
    """
    group = cluster.parameter_group
    if cluster.require_ssl is None:
        return unknown(
            f"require_ssl of parameter group {group} was not read", parameter_group=group
        )
    if cluster.require_ssl:
        return passed(f"{group} sets require_ssl = true", parameter_group=group)
    return failed(
        f"{group} sets require_ssl = false: plain-text connections are accepted",
        parameter_group=group,
    )


@check(
    id="redshift.cluster-automated-snapshots",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=RedshiftCluster,
)
def cluster_automated_snapshots(cluster: RedshiftCluster, ctx: Context) -> Outcome:
    """Redshift clusters keep automated snapshots at least {redshift_snapshot_retention_days} days.

    Automated snapshots are how a cluster is restored after a bad load or a dropped table;
    at 0 days they are off, and a short retention leaves little time to notice the damage
    (Redshift Management Guide, "Amazon Redshift snapshots and backups"; Security Hub
    Redshift.3). The minimum is the setting `redshift_snapshot_retention_days`.

    Remediation: `aws redshift modify-cluster --cluster-identifier ID
    --automated-snapshot-retention-period {redshift_snapshot_retention_days}`; Terraform
    `automated_snapshot_retention_period` on `aws_redshift_cluster`.
    """
    days = cluster.snapshot_retention_days
    minimum = ctx.settings.redshift_snapshot_retention_days
    if days is None:
        return unknown("AutomatedSnapshotRetentionPeriod was not reported")
    evidence = {"retention_days": days, "minimum_days": minimum}
    if days == 0:
        return failed("automated snapshots are off (retention 0 days)", **evidence)
    if days < minimum:
        return failed(f"automated snapshots kept {days} day(s), fewer than {minimum}", **evidence)
    return passed(f"automated snapshots kept {days} days (at least {minimum})", **evidence)
