"""RDS and Aurora engine patching: minor version upgrades and supported major versions."""

from __future__ import annotations

from ....catalog.rds import engine_support, major_version
from ....snapshot.rds import DbCluster, DbInstance
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from ..factories import flag_check, setting_check

instance_auto_minor_version_upgrade = flag_check(
    id="rds.instance-auto-minor-version-upgrade",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=DbInstance,
    is_ok=lambda db: db.auto_minor_version_upgrade,
    ok="automatic minor version upgrades on",
    bad="automatic minor version upgrades off: engine security fixes wait for someone",
    doc="""DB instances take minor engine versions automatically.

    Minor versions carry the engine's security fixes; with automatic upgrades RDS applies
    them in the maintenance window, without them the instance stays on a vulnerable version
    until someone upgrades it by hand. Aurora sets this per instance too.

    Remediation: `aws rds modify-db-instance --db-instance-identifier ID
    --auto-minor-version-upgrade --apply-immediately`; Terraform
    `auto_minor_version_upgrade = true`.
    """,
)


def _supported(engine: str, version: str, ctx: Context) -> Outcome:
    entry = engine_support(engine, version)
    if entry is None:
        major = major_version(engine, version)
        what = f"{engine} {major}" if major else f"{engine} {version or '(no version)'}"
        return unknown(f"{what} is not in the engine support calendar incloud ships")
    evidence = {
        "engine": engine,
        "version": version,
        "major_version": entry.major_version,
        "end_of_standard_support": entry.end_of_standard_support.isoformat(),
        "source": entry.source,
    }
    if entry.end_of_standard_support <= ctx.now.date():
        return failed(
            f"{engine} {entry.major_version} left standard support on "
            f"{entry.end_of_standard_support} (Extended Support, if enrolled, is paid)",
            **evidence,
        )
    return passed(
        f"{engine} {entry.major_version} in standard support until {entry.end_of_standard_support}",
        **evidence,
    )


@check(
    id="rds.instance-engine-supported",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=DbInstance,
)
def instance_engine_supported(db: DbInstance, ctx: Context) -> Outcome:
    """DB instances run an engine major version still in RDS standard support.

    After the end of standard support the community no longer fixes the major version; RDS
    either upgrades the database or enrolls it in paid Extended Support, which patches
    critical and high CVEs only. Dates come from AWS's release calendars, shipped with their
    sources in `catalog/rds_engine_support.json`; a version not listed there is unknown.
    Cluster members are judged on their cluster.

    Remediation: plan a major version upgrade (`aws rds modify-db-instance
    --db-instance-identifier ID --engine-version NEW --allow-major-version-upgrade`), ideally
    through a blue/green deployment after testing.
    """
    if db.cluster_id:
        return not_applicable(f"member of cluster {db.cluster_id}: judged on the cluster")
    return _supported(db.engine, db.engine_version, ctx)


@check(
    id="rds.cluster-engine-supported",
    domain=Domain.APPLICATION,
    severity=Severity.HIGH,
    resource=DbCluster,
)
def cluster_engine_supported(cluster: DbCluster, ctx: Context) -> Outcome:
    """DB clusters run an engine major version still in standard support.

    Aurora and Multi-AZ DB clusters follow the same calendars: past the end of standard
    support only paid Extended Support keeps critical fixes coming. Dates come from AWS's
    release calendars (`catalog/rds_engine_support.json`); unlisted versions are unknown.

    Remediation: upgrade the cluster's major version (`aws rds modify-db-cluster
    --db-cluster-identifier ID --engine-version NEW --allow-major-version-upgrade`), ideally
    with a blue/green deployment.
    """
    return _supported(cluster.engine, cluster.engine_version, ctx)


cluster_auto_minor_version_upgrade = setting_check(
    id="rds.cluster-auto-minor-version-upgrade",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=DbCluster,
    setting="auto_minor_version_upgrade",
    value=lambda c: c.auto_minor_version_upgrade,
    is_ok=bool,
    ok="automatic minor version upgrades on",
    bad="automatic minor version upgrades off: engine security fixes wait for someone",
    exempt=lambda c: (
        "Aurora sets this on each instance: judged by rds.instance-auto-minor-version-upgrade"
        if c.engine.startswith("aurora")
        else None
    ),
    doc="""Multi-AZ DB clusters take minor engine versions automatically.

    Minor versions carry the engine's security fixes; a Multi-AZ DB cluster (MySQL or
    PostgreSQL with two readable standbys) holds the setting for all its instances (RDS User
    Guide, "Upgrading the engine version of a Multi-AZ DB cluster"; Security Hub RDS.35).
    Aurora clusters set it per instance, which rds.instance-auto-minor-version-upgrade
    judges.

    Remediation: `aws rds modify-db-cluster --db-cluster-identifier ID
    --auto-minor-version-upgrade --apply-immediately`; Terraform
    `auto_minor_version_upgrade = true` on `aws_rds_cluster`.
    """,
)
