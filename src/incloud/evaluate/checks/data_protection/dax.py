"""DynamoDB Accelerator (DAX): encryption at rest and in transit."""

from __future__ import annotations

from ....snapshot.dynamodb import DaxCluster
from ...check import Domain, Severity
from ..factories import setting_check

cluster_encrypted_at_rest = setting_check(
    id="dax.cluster-encrypted-at-rest",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DaxCluster,
    setting="encrypted_at_rest",
    value=lambda cluster: cluster.encrypted_at_rest,
    is_ok=bool,
    ok="encrypted at rest",
    bad="not encrypted at rest: cached items, logs and configuration sit on disk in clear",
    doc="""DAX clusters are encrypted at rest.

    DAX keeps copies of table items, configuration and logs on its nodes' disks; at-rest
    encryption (with an AWS owned key) protects them, and can only be chosen when the
    cluster is created (DynamoDB Developer Guide, "DAX encryption at rest"; Security Hub
    DynamoDB.3).

    Remediation: create a new cluster with encryption (`aws dax create-cluster
    --sse-specification Enabled=true ...`), move clients to its endpoint and delete the old
    one; Terraform `server_side_encryption { enabled = true }` on `aws_dax_cluster`.
    """,
)


cluster_encrypted_in_transit = setting_check(
    id="dax.cluster-encrypted-in-transit",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=DaxCluster,
    setting="endpoint_encryption",
    value=lambda cluster: cluster.endpoint_encryption,
    is_ok=lambda kind: kind == "TLS",
    ok="the cluster endpoint requires TLS",
    bad="the cluster endpoint is unencrypted ({value}): items cross the network in clear",
    doc="""DAX clusters encrypt client connections with TLS.

    Without TLS on the cluster endpoint, items read through the cache and the requests
    that fetch them cross the VPC in clear; the endpoint encryption type is chosen when the
    cluster is created (DynamoDB Developer Guide, "DAX encryption in transit"; Security Hub
    DynamoDB.7).

    Remediation: create a new cluster with `aws dax create-cluster
    --cluster-endpoint-encryption-type TLS ...`, point clients at its `daxs://` endpoint and
    delete the old one; Terraform `cluster_endpoint_encryption_type = "TLS"` on
    `aws_dax_cluster`.
    """,
)
