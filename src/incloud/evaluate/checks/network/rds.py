"""RDS network exposure, decided by the DB subnet group's routes."""

from __future__ import annotations

from ....snapshot.rds import DbInstance
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
