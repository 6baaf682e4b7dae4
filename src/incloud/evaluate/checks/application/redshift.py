"""Redshift engine upgrades."""

from __future__ import annotations

from ....snapshot.redshift import RedshiftCluster
from ...check import Domain, Severity
from ..factories import setting_check

cluster_version_upgrade = setting_check(
    id="redshift.cluster-version-upgrade",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=RedshiftCluster,
    setting="allow_version_upgrade",
    value=lambda c: c.allow_version_upgrade,
    is_ok=bool,
    ok="major version upgrades are applied in the maintenance window",
    bad="major version upgrades refused: the cluster stays on an old engine",
    doc="""Redshift clusters take major engine versions in their maintenance window.

    With `AllowVersionUpgrade` on, Redshift moves the cluster to new major versions (and
    their security fixes) during the maintenance window; off, it stays behind until someone
    upgrades it (Redshift Management Guide, "Maintenance windows"; Security Hub
    Redshift.6).

    Remediation: `aws redshift modify-cluster --cluster-identifier ID
    --allow-version-upgrade`; Terraform `allow_version_upgrade = true` on
    `aws_redshift_cluster`.
    """,
)
