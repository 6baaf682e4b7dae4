"""RDS network exposure."""

from __future__ import annotations

from ....snapshot.rds import DbInstance
from ...check import Domain, Severity
from ..factories import flag_check

instance_not_public = flag_check(
    id="rds.instance-not-public",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=DbInstance,
    is_ok=lambda db: not db.publicly_accessible,
    ok="not publicly accessible",
    bad="publicly accessible: the endpoint resolves to a public address",
    doc="""RDS DB instances are not publicly accessible.

    A publicly accessible instance gets a public IP address; only its security group stands
    between the database port and the internet.

    Remediation: `aws rds modify-db-instance --db-instance-identifier ID
    --no-publicly-accessible --apply-immediately`; reach it through the VPC instead.
    """,
)
