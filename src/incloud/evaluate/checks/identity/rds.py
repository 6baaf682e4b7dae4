"""RDS and Aurora database sign-in: IAM database authentication, and master usernames other
than the defaults.
"""

from __future__ import annotations

from ....snapshot.rds import DbCluster, DbInstance
from ...check import Domain, Severity
from .._databases import cluster_member, either, only_engines
from ..factories import setting_check

instance_iam_auth = setting_check(
    id="rds.instance-iam-auth",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=DbInstance,
    setting="iam_database_authentication",
    value=lambda db: db.iam_auth,
    is_ok=bool,
    ok="IAM database authentication on",
    bad="IAM database authentication off: only database passwords sign users in",
    exempt=either(cluster_member, only_engines("mysql", "mariadb", "postgres")),
    doc="""DB instances accept IAM database authentication.

    With IAM database authentication a user signs in with a 15-minute token derived from
    their IAM credentials instead of a long-lived database password, so access follows IAM
    policies and leaves CloudTrail records (RDS User Guide, "IAM database authentication
    for MariaDB, MySQL, and PostgreSQL"; Security Hub RDS.10). Only those engines offer it;
    Aurora members are judged on their cluster.

    Remediation: `aws rds modify-db-instance --db-instance-identifier ID
    --enable-iam-database-authentication --apply-immediately`, then grant `rds-db:connect`
    to the users; Terraform `iam_database_authentication_enabled = true` on
    `aws_db_instance`.
    """,
)


cluster_iam_auth = setting_check(
    id="rds.cluster-iam-auth",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=DbCluster,
    setting="iam_database_authentication",
    value=lambda c: c.iam_auth,
    is_ok=bool,
    ok="IAM database authentication on",
    bad="IAM database authentication off: only database passwords sign users in",
    exempt=only_engines("aurora-mysql", "aurora-postgresql", "mysql", "postgres"),
    doc="""DB clusters accept IAM database authentication.

    IAM database authentication replaces long-lived database passwords with short-lived
    tokens issued under IAM policies (Aurora User Guide, "IAM database authentication";
    Security Hub RDS.12). Aurora MySQL, Aurora PostgreSQL and Multi-AZ DB clusters of
    MySQL and PostgreSQL offer it.

    Remediation: `aws rds modify-db-cluster --db-cluster-identifier ID
    --enable-iam-database-authentication --apply-immediately`; Terraform
    `iam_database_authentication_enabled = true` on `aws_rds_cluster`.
    """,
)


DEFAULT_ADMIN_USERNAMES = frozenset({"admin", "postgres"})
"""The master usernames the RDS console proposes (MySQL-family engines `admin`, PostgreSQL
`postgres`), which AWS Config's ``rds-instance-default-admin-check`` and
``rds-cluster-default-admin-check`` (Security Hub RDS.25, RDS.24) reject."""


def _custom(username: str) -> bool:
    return username.lower() not in DEFAULT_ADMIN_USERNAMES


instance_custom_admin_username = setting_check(
    id="rds.instance-custom-admin-username",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=DbInstance,
    setting="master_username",
    value=lambda db: db.master_username,
    is_ok=_custom,
    ok="master user {value} is not a default name",
    bad="master user is the default {value}: half of a password-guessing pair is known",
    exempt=cluster_member,
    doc="""DB instances use a master username other than the default.

    Password-guessing tools try `admin` and `postgres` first; a custom master username
    makes an attacker guess two secrets instead of one (Security Hub RDS.25). Compared
    without regard to case. Aurora members are judged on their cluster.

    Remediation: the master username cannot be changed: create a user with a custom name
    and the master's privileges, move applications to it, or restore a snapshot into a new
    instance (`aws rds create-db-instance --master-username NAME ...`); Terraform `username`
    on `aws_db_instance` (a change replaces the instance).
    """,
)


cluster_custom_admin_username = setting_check(
    id="rds.cluster-custom-admin-username",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=DbCluster,
    setting="master_username",
    value=lambda c: c.master_username,
    is_ok=_custom,
    ok="master user {value} is not a default name",
    bad="master user is the default {value}: half of a password-guessing pair is known",
    doc="""DB clusters use a master username other than the default.

    Password-guessing tools try `admin` and `postgres` first; a custom master username
    makes an attacker guess two secrets instead of one (Security Hub RDS.24). Compared
    without regard to case.

    Remediation: the master username cannot be changed: restore a snapshot into a new
    cluster with another name (`aws rds restore-db-cluster-from-snapshot`, then
    `create-db-instance`), or create a user with the master's privileges and retire the
    default one from use; Terraform `master_username` on `aws_rds_cluster` (a change
    replaces the cluster).
    """,
)
