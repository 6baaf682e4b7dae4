"""AWS DMS network exposure: replication instances not public (Security Hub DMS.1)."""

from __future__ import annotations

from ....snapshot.dms import ReplicationInstance
from ...check import Domain, Severity
from ..factories import setting_check

replication_instance_not_public = setting_check(
    id="dms.replication-instance-not-public",
    domain=Domain.NETWORK,
    severity=Severity.CRITICAL,
    resource=ReplicationInstance,
    setting="publicly_accessible",
    value=lambda r: r.publicly_accessible,
    is_ok=lambda public: not public,
    ok="not publicly accessible: only private addresses in its VPC",
    bad="publicly accessible: the instance has a public IP address",
    doc="""DMS replication instances are not publicly accessible.

    A public replication instance gets a public IP address and, in a subnet routed to an
    internet gateway, can be reached from the internet while it holds credentials for both
    the source and the target databases (DMS User Guide, "Public and private replication
    instances"; Security Hub DMS.1). The setting is fixed at creation.

    Remediation: create a private replication instance (`aws dms
    create-replication-instance ... --no-publicly-accessible`), move the tasks to it
    (`aws dms modify-replication-task` after stopping them) and delete the public one;
    Terraform `publicly_accessible = false` on `aws_dms_replication_instance`.
    """,
)
