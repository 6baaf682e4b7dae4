"""Redshift sign-in: master usernames and database names other than the defaults."""

from __future__ import annotations

from ....snapshot.redshift import RedshiftCluster
from ...check import Domain, Severity
from ..factories import setting_check

DEFAULT_ADMIN_USERNAME = "awsuser"
"""The master username the Redshift console proposes (Security Hub Redshift.8)."""

DEFAULT_DATABASE_NAME = "dev"
"""The database Redshift creates when none is named (Security Hub Redshift.9)."""

cluster_custom_admin_username = setting_check(
    id="redshift.cluster-custom-admin-username",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=RedshiftCluster,
    setting="master_username",
    value=lambda c: c.master_username,
    is_ok=lambda name: name.lower() != DEFAULT_ADMIN_USERNAME,
    ok="master user {value} is not the default name",
    bad="master user is the default {value}: half of a password-guessing pair is known",
    doc="""Redshift clusters use a master username other than `awsuser`.

    `awsuser` is what the console proposes and what password-guessing tools try first; a
    custom name makes an attacker guess two secrets instead of one (Security Hub
    Redshift.8). Compared without regard to case.

    Remediation: the master username cannot be changed: restore a snapshot into a new
    cluster (`aws redshift restore-from-cluster-snapshot`) created with another name, or
    create a superuser with a custom name and stop using `awsuser`; Terraform
    `master_username` on `aws_redshift_cluster` (a change replaces the cluster).
    """,
)


cluster_custom_database_name = setting_check(
    id="redshift.cluster-custom-database-name",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=RedshiftCluster,
    setting="database_name",
    value=lambda c: c.database_name,
    is_ok=lambda name: name.lower() != DEFAULT_DATABASE_NAME,
    ok="database {value} is not the default name",
    bad="the database is the default {value}: a guesser needs only the credentials",
    doc="""Redshift clusters name their database something other than `dev`.

    A client must name the database to connect; the default `dev` is the first guess of
    anyone trying stolen or guessed credentials (Security Hub Redshift.9). Compared without
    regard to case.

    Remediation: the first database's name is set at creation: create a database with
    another name (`CREATE DATABASE`), move the data and clients, and drop `dev`, or create
    the cluster with `aws redshift create-cluster --db-name NAME`; Terraform `database_name`
    on `aws_redshift_cluster`.
    """,
)
