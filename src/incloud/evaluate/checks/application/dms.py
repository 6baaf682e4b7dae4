"""AWS DMS engine updates: replication instances take minor versions (Security Hub DMS.6)."""

from __future__ import annotations

from ....snapshot.dms import ReplicationInstance
from ...check import Domain, Severity
from ..factories import setting_check

replication_instance_auto_minor_version_upgrade = setting_check(
    id="dms.replication-instance-auto-minor-version-upgrade",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=ReplicationInstance,
    setting="auto_minor_version_upgrade",
    value=lambda r: r.auto_minor_version_upgrade,
    is_ok=bool,
    ok="minor engine versions are applied in the maintenance window",
    bad="minor engine versions are not applied: fixes wait for a manual upgrade",
    doc="""DMS replication instances apply minor engine versions automatically.

    Minor DMS engine versions carry security and bug fixes; with automatic upgrades they are
    applied in the instance's maintenance window, otherwise they wait for someone to upgrade
    by hand (DMS User Guide, "Working with an AWS DMS replication instance: upgrades";
    Security Hub DMS.6).

    Remediation: `aws dms modify-replication-instance --replication-instance-arn ARN
    --auto-minor-version-upgrade --apply-immediately`; Terraform
    `auto_minor_version_upgrade = true` on `aws_dms_replication_instance`.
    """,
)
