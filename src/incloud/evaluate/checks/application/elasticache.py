"""ElastiCache engine patching."""

from __future__ import annotations

from ....snapshot.elasticache import CacheCluster
from ...check import Domain, Severity
from ..factories import setting_check

auto_minor_version_upgrade = setting_check(
    id="elasticache.auto-minor-version-upgrade",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=CacheCluster,
    setting="auto_minor_version_upgrade",
    value=lambda c: c.auto_minor_version_upgrade,
    is_ok=bool,
    ok="minor engine versions applied automatically",
    bad="automatic minor version upgrades off: engine security fixes wait for someone",
    doc="""ElastiCache clusters take minor engine versions automatically.

    Minor versions carry the engine's security fixes; with automatic upgrades ElastiCache
    applies them in the maintenance window (ElastiCache User Guide, "Version management";
    Security Hub ElastiCache.2). A replication group that does not report the setting is
    judged on its member clusters: on only if every member has it on.

    Remediation: `aws elasticache modify-replication-group --replication-group-id ID
    --auto-minor-version-upgrade --apply-immediately` (`modify-cache-cluster` for a
    standalone cluster); Terraform `auto_minor_version_upgrade = true` on
    `aws_elasticache_replication_group` or `aws_elasticache_cluster`.
    """,
)
