"""RDS network placement: exposure decided by the DB subnet group's routes, VPC placement, and
ports other than the engine's default.
"""

from __future__ import annotations

from ....snapshot.rds import DbCluster, DbInstance
from ...check import Domain, Outcome, Severity, check, failed, not_applicable, passed, unknown
from ...context import Context
from .._databases import engine_family
from ..factories import setting_check
from ._routes import ROUTE_READS, route_check

instance_not_public = route_check(
    id="rds.instance-not-public",
    resource=DbInstance,
    public=lambda db: db.publicly_accessible,
    subnets=lambda db: db.subnet_ids,
    reads=ROUTE_READS,
    doc="""RDS DB instances are not reachable from the internet.

    A publicly accessible instance's endpoint resolves to a public address; once a subnet of
    its DB subnet group routes to an internet gateway, only its security group stands between
    the database port and every scanner on the internet. The flag alone is not exposure: a
    publicly accessible instance whose subnets have no internet-gateway route passes, with
    that evidence (the flag is still worth clearing). Missing subnets or route tables give
    ``unknown``, never a pass.

    Remediation: `aws rds modify-db-instance --db-instance-identifier ID
    --no-publicly-accessible --apply-immediately` (Terraform `publicly_accessible = false` on
    `aws_db_instance`), keep the DB subnet group in private subnets, and reach the database
    through the VPC (a bastion via Session Manager, a VPN, or RDS Proxy).
    """,
)


instance_in_vpc = setting_check(
    id="rds.instance-in-vpc",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=DbInstance,
    setting="vpc_id",
    value=lambda db: db.vpc_id or "",
    is_ok=bool,
    ok="runs in {value}",
    bad="runs outside any VPC (EC2-Classic): no security groups or network ACLs of a VPC",
    doc="""DB instances run in a VPC.

    Inside a VPC an instance sits behind subnets, route tables, network ACLs and VPC
    security groups the customer controls; outside one (EC2-Classic, retired by AWS) it
    shares a flat network (RDS User Guide, "Amazon VPC and Amazon RDS"; Security Hub
    RDS.18). Judged by the VPC of the instance's DB subnet group.

    Remediation: move the instance into a VPC (`aws rds modify-db-instance
    --db-instance-identifier ID --db-subnet-group-name GROUP --apply-immediately`, or
    restore a snapshot into a VPC); Terraform `db_subnet_group_name` on `aws_db_instance`.
    """,
)


DEFAULT_PORTS = {
    "mysql": 3306,
    "mariadb": 3306,
    "aurora-mysql": 3306,
    "postgres": 5432,
    "aurora-postgresql": 5432,
    "oracle": 1521,
    "sqlserver": 1433,
    "db2": 50000,
}
"""Each engine family's default port (RDS User Guide, "Connecting to a DB instance": the
engines' sections; Security Hub RDS.23)."""


def _port(engine: str, port: int | None) -> Outcome:
    default = DEFAULT_PORTS.get(engine_family(engine))
    if default is None:
        return not_applicable(f"engine {engine or '(none)'} is outside this control")
    if port is None:
        return unknown("the endpoint's port was not reported (still creating?)")
    evidence = {"port": port, "engine_default": default}
    if port == default:
        return failed(f"listens on {engine}'s default port {port}", **evidence)
    return passed(f"listens on {port}, not {engine}'s default {default}", **evidence)


@check(
    id="rds.instance-default-port",
    domain=Domain.NETWORK,
    severity=Severity.LOW,
    resource=DbInstance,
)
def instance_default_port(db: DbInstance, ctx: Context) -> Outcome:
    """DB instances listen on a port other than their engine's default.

    Scanners sweep the well-known database ports (3306, 5432, 1521, 1433, 50000); a custom
    port keeps an instance out of the cheapest sweeps. It is no substitute for keeping the
    database private (Security Hub RDS.23). Aurora members are judged on their cluster.

    Remediation: `aws rds modify-db-instance --db-instance-identifier ID --db-port-number
    PORT --apply-immediately` (the instance restarts; update clients and security groups);
    Terraform `port` on `aws_db_instance`.
    """
    if db.cluster_id:
        return not_applicable(f"member of cluster {db.cluster_id}: judged on the cluster")
    return _port(db.engine, db.port)


@check(
    id="rds.cluster-default-port",
    domain=Domain.NETWORK,
    severity=Severity.LOW,
    resource=DbCluster,
)
def cluster_default_port(cluster: DbCluster, ctx: Context) -> Outcome:
    """DB clusters listen on a port other than their engine's default.

    Scanners sweep the well-known database ports (3306 for MySQL-compatible engines, 5432
    for PostgreSQL-compatible ones); a custom port keeps a cluster out of the cheapest
    sweeps (Security Hub RDS.23).

    Remediation: `aws rds modify-db-cluster --db-cluster-identifier ID --port PORT
    --apply-immediately` (instances restart; update clients and security groups); Terraform
    `port` on `aws_rds_cluster`.
    """
    return _port(cluster.engine, cluster.port)
