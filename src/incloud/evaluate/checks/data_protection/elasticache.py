"""ElastiCache encryption at rest and in transit."""

from __future__ import annotations

from ....snapshot.elasticache import CacheCluster
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed
from ...context import Context


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
