"""RDS and Aurora: connections must use TLS (rds.force_ssl, require_secure_transport).

Which parameter enforces TLS, and its value when the customer leaves it alone, depend on the
engine and major version: ``catalog/rds_tls_defaults.json`` holds both with their sources
(RDS for PostgreSQL 15 and later, for instance, default ``rds.force_ssl`` to 1). The collector
keeps only what the customer set in the parameter group (``Source=user``), so a parameter
missing from ``parameter_overrides`` has its engine default.
"""

from __future__ import annotations

from ....catalog.rds import tls_default, tls_parameter, tls_value_on
from ....snapshot.rds import DbCluster, DbInstance
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context


def _judge(
    engine: str, version: str, group: str, overrides: dict[str, str] | None, kind: str
) -> Outcome:
    parameter = tls_parameter(engine)
    if parameter is None:
        how = (
            ": it enforces TLS through the SSL option of an option group, not collected yet"
            if engine.startswith(("oracle", "custom-oracle", "db2"))
            else ""
        )
        return unknown(f"incloud does not know how engine {engine} enforces TLS{how}")
    if overrides is None:
        return unknown(f"the {kind} parameter group {group or '(none)'} was not read")
    evidence: dict[str, str] = {"parameter": parameter, "group": group}
    if parameter in overrides:
        value, origin = overrides[parameter], f"set in {kind} parameter group {group}"
    else:
        default = tls_default(engine, version)
        if default is None:
            return unknown(
                f"{parameter} is not set in {group} and its default for {engine} "
                f"{version} is not in the catalogue"
            )
        value, origin = default.value, f"engine default for {engine} {version}"
        evidence["default_source"] = default.source
    evidence.update(value=value, origin=origin)
    on = tls_value_on(value)
    if on is None:
        return unknown(f"unrecognised value {value!r} for {parameter}", **evidence)
    if on:
        return passed(f"{parameter} = {value} ({origin}): only TLS connections", **evidence)
    return failed(f"{parameter} = {value} ({origin}): clients may connect without TLS", **evidence)


@check(
    id="rds.instance-tls-required",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DbInstance,
)
def instance_tls_required(db: DbInstance, ctx: Context) -> Outcome:
    """DB instances refuse connections that do not use TLS.

    RDS offers TLS on every engine, but most accept unencrypted connections too unless the
    parameter group says otherwise: `rds.force_ssl = 1` for PostgreSQL and SQL Server,
    `require_secure_transport = ON` for MySQL and MariaDB. A client that silently falls back
    to plain text then sends credentials and data in clear. The engine default applies when
    the group does not set the parameter (on for RDS for PostgreSQL 15 and later, off
    elsewhere). Cluster members are judged on their cluster's parameter group.

    Remediation: in a custom DB parameter group set `rds.force_ssl` to 1 (PostgreSQL, SQL
    Server) or `require_secure_transport` to ON (MySQL, MariaDB), attach it to the instance
    (`aws rds modify-db-parameter-group`, `aws rds modify-db-instance
    --db-parameter-group-name`); SQL Server needs a reboot. Terraform
    `aws_db_parameter_group` `parameter` blocks.
    """
    if db.cluster_id:
        return not_applicable(f"member of cluster {db.cluster_id}: judged on the cluster")
    group = ", ".join(db.parameter_groups)
    return _judge(db.engine, db.engine_version, group, db.parameter_overrides, "DB")


@check(
    id="rds.cluster-tls-required",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DbCluster,
)
def cluster_tls_required(cluster: DbCluster, ctx: Context) -> Outcome:
    """DB clusters refuse connections that do not use TLS.

    For Aurora and Multi-AZ DB clusters the setting lives in the DB cluster parameter group:
    `rds.force_ssl = 1` for Aurora PostgreSQL (off by default), `require_secure_transport =
    ON` for Aurora MySQL (off by default). Without it a client may connect in plain text.

    Remediation: in a custom DB cluster parameter group set `rds.force_ssl` to 1 or
    `require_secure_transport` to ON (`aws rds modify-db-cluster-parameter-group`) and attach
    it (`aws rds modify-db-cluster --db-cluster-parameter-group-name`); Terraform
    `aws_rds_cluster_parameter_group`.
    """
    group = cluster.parameter_group or ""
    return _judge(
        cluster.engine, cluster.engine_version, group, cluster.parameter_overrides, "DB cluster"
    )
