"""ElastiCache encryption at rest and in transit, backups, failover and AUTH."""

from __future__ import annotations

from ....snapshot.elasticache import CacheCluster
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from ..factories import setting_check


@check(
    id="elasticache.encryption-at-rest",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=CacheCluster,
)
def encryption_at_rest(cluster: CacheCluster, ctx: Context) -> Outcome:
    """ElastiCache Valkey and Redis OSS clusters are encrypted at rest.

    At-rest encryption covers data on disk during syncs and swaps and the backups in S3.
    It can be chosen only when a replication group is created, so a standalone Redis OSS
    cluster (made without a group) can never have it; Memcached keeps data only in memory
    and has no at-rest option (ElastiCache User Guide, "At-Rest Encryption in
    ElastiCache"; Security Hub ElastiCache.4).

    Remediation: create a new replication group with encryption at rest (console:
    ElastiCache > Valkey or Redis OSS caches > Create, Encryption at rest; CLI
    `aws elasticache create-replication-group --at-rest-encryption-enabled ...`), restore
    a backup into it, and move clients over. Terraform: `at_rest_encryption_enabled =
    true` on `aws_elasticache_replication_group`.
    """
    if cluster.engine == "memcached":
        return not_applicable("Memcached has no at-rest encryption (data lives in memory)")
    if cluster.at_rest_encryption:
        return passed("encrypted at rest", kms_key=cluster.kms_key_id or "AWS owned key")
    if not cluster.replication_group:
        return failed(
            "standalone cluster: at-rest encryption needs a replication group",
            reported=cluster.at_rest_encryption,
        )
    return failed("encryption at rest is off", reported=cluster.at_rest_encryption)


@check(
    id="elasticache.encryption-in-transit",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=CacheCluster,
)
def encryption_in_transit(cluster: CacheCluster, ctx: Context) -> Outcome:
    """ElastiCache clusters require TLS for client and replication traffic.

    Without in-transit encryption, cached data and AUTH tokens cross the network in clear
    text. The `preferred` transit encryption mode accepts both TLS and plain-text
    connections (meant for migration), so only `required` protects every connection
    (ElastiCache User Guide, "In-transit encryption (TLS)"; Security Hub ElastiCache.5).

    Remediation: console, ElastiCache > CLUSTER > Modify > Encryption in transit, mode
    Required (Valkey 7.2+ and Redis OSS 7.0.5+ can switch online: first `preferred`, move
    clients to TLS, then `required`); CLI `aws elasticache modify-replication-group
    --replication-group-id ID --transit-encryption-enabled --transit-encryption-mode
    required --apply-immediately`; Terraform `transit_encryption_enabled = true` and
    `transit_encryption_mode = "required"`.
    """
    evidence = {"enabled": cluster.transit_encryption, "mode": cluster.transit_encryption_mode}
    if not cluster.transit_encryption:
        return failed("in-transit encryption is off", **evidence)
    if cluster.transit_encryption_mode == "preferred":
        return failed("TLS is offered but plain-text connections are still accepted", **evidence)
    return passed("TLS required for every connection", **evidence)


def _redis_only(cluster: CacheCluster) -> str | None:
    if cluster.engine == "memcached":
        return "Memcached has no backups (data lives in memory only)"
    return None


automatic_backups = setting_check(
    id="elasticache.automatic-backups",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=CacheCluster,
    setting="snapshot_retention_days",
    value=lambda c: c.snapshot_retention_days,
    is_ok=lambda days: days > 0,
    ok="automatic backups kept {value} day(s)",
    bad="automatic backups off: a lost or flushed cache cannot be restored",
    exempt=_redis_only,
    doc="""ElastiCache Valkey and Redis OSS clusters take automatic backups.

    With a snapshot retention limit above 0, ElastiCache takes a daily backup and keeps it
    that many days, so data held only in the cache (sessions, queues, leaderboards) can be
    restored after a flush, a bad deployment or a node failure (ElastiCache User Guide,
    "Scheduling automatic backups"; Security Hub ElastiCache.1). Memcached has no backups.

    Remediation: `aws elasticache modify-replication-group --replication-group-id ID
    --snapshot-retention-limit 7 --apply-immediately` (`modify-cache-cluster
    --cache-cluster-id` for a standalone cluster); Terraform `snapshot_retention_limit` on
    `aws_elasticache_replication_group` or `aws_elasticache_cluster`.
    """,
)


automatic_failover = setting_check(
    id="elasticache.automatic-failover",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=CacheCluster,
    setting="automatic_failover",
    value=lambda c: c.automatic_failover,
    is_ok=lambda state: state == "enabled",
    ok="automatic failover enabled",
    bad="automatic failover {value}: a primary's failure waits for someone to promote a replica",
    exempt=lambda c: (
        None if c.replication_group else "standalone cluster: no replicas to fail over to"
    ),
    doc="""ElastiCache replication groups fail over automatically.

    With automatic failover, ElastiCache promotes a replica when the primary node fails, in
    seconds; without it, writes stop until someone intervenes (ElastiCache User Guide,
    "Minimizing downtime in ElastiCache by using Multi-AZ"; Security Hub ElastiCache.3).

    Remediation: `aws elasticache modify-replication-group --replication-group-id ID
    --automatic-failover-enabled --apply-immediately` (the group needs a replica);
    Terraform `automatic_failover_enabled = true` on `aws_elasticache_replication_group`.
    """,
)


@check(
    id="elasticache.redis-auth",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=CacheCluster,
)
def redis_auth(cluster: CacheCluster, ctx: Context) -> Outcome:
    """ElastiCache replication groups on Redis OSS before 6.0 require an AUTH token.

    Before Redis OSS 6.0, which brought users and access control lists (RBAC), the only
    sign-in a replication group offers is the AUTH token; without one, anyone who reaches
    the port reads and writes every key (ElastiCache User Guide, "Authenticating with the
    Valkey and Redis OSS AUTH command"; Security Hub ElastiCache.6). Groups on 6.0 and
    later, and Valkey, are outside the control (they use RBAC user groups). The version
    judged is the lowest of the group's member clusters.

    Remediation: AUTH needs in-transit encryption; `aws elasticache
    modify-replication-group --replication-group-id ID --auth-token TOKEN
    --auth-token-update-strategy ROTATE --apply-immediately`, or upgrade to 6.0 or later and
    use RBAC (`--user-group-ids-to-add`); Terraform `auth_token` on
    `aws_elasticache_replication_group`.
    """
    if not cluster.replication_group:
        return not_applicable("standalone cluster: the control covers replication groups")
    if cluster.engine != "redis":
        return not_applicable(f"engine {cluster.engine}: access is controlled by RBAC")
    major = cluster.engine_version.split(".")[0]
    if not major.isdigit():
        return unknown("the member clusters' engine version was not reported")
    evidence = {"engine_version": cluster.engine_version}
    if int(major) >= 6:
        return not_applicable(f"Redis OSS {cluster.engine_version}: RBAC is available")
    if cluster.auth_token_enabled:
        return passed(f"Redis OSS {cluster.engine_version} with an AUTH token", **evidence)
    return failed(
        f"Redis OSS {cluster.engine_version} without an AUTH token: no sign-in at all",
        **evidence,
    )
