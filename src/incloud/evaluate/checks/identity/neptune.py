"""Amazon Neptune identity: IAM database authentication (Security Hub Neptune.7)."""

from __future__ import annotations

from ....snapshot.neptune import NeptuneCluster
from ...check import Domain, Severity
from ..factories import setting_check

cluster_iam_auth = setting_check(
    id="neptune.cluster-iam-auth",
    domain=Domain.IDENTITY,
    severity=Severity.MEDIUM,
    resource=NeptuneCluster,
    setting="iam_auth",
    value=lambda c: c.iam_auth,
    is_ok=bool,
    ok="IAM database authentication on: requests are signed with IAM credentials",
    bad="IAM database authentication off: any client that reaches the endpoint may query",
    doc="""Neptune DB clusters require IAM database authentication.

    Without it Neptune accepts every request that reaches its endpoint over the network; with
    it each request must be signed (SigV4) by a principal allowed `neptune-db:*` actions, so
    access is granted, logged and revoked in IAM (Neptune User Guide, "Authenticating your
    Amazon Neptune database with IAM"; Security Hub Neptune.7).

    Remediation: `aws neptune modify-db-cluster --db-cluster-identifier ID
    --enable-iam-database-authentication --apply-immediately`, and grant clients
    `neptune-db:connect` (or finer actions); Terraform
    `iam_database_authentication_enabled = true` on `aws_neptune_cluster`.
    """,
)
