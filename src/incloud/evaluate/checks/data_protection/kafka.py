"""Amazon MSK: TLS between brokers."""

from __future__ import annotations

from ....snapshot.kafka import MskCluster
from ...check import Domain, Severity
from ..factories import flag_check

cluster_in_cluster_encryption = flag_check(
    id="kafka.cluster-in-cluster-encryption",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=MskCluster,
    exempt=lambda c: "a serverless cluster: AWS runs its brokers" if c.serverless else None,
    is_ok=lambda cluster: cluster.in_cluster_encryption,
    ok="brokers replicate to each other over TLS",
    bad="brokers replicate to each other in plaintext",
    doc="""MSK clusters encrypt the traffic between their brokers.

    Brokers copy every partition to their replicas; with in-cluster encryption off, that
    copy crosses the VPC in plaintext, whatever the clients use (Security Hub MSK.1; Amazon
    MSK Developer Guide, "Amazon MSK encryption in transit"). Serverless clusters are not
    judged: their brokers are AWS's and always use TLS.

    Remediation: in-cluster encryption is fixed when the cluster is created: create a
    replacement with `aws kafka create-cluster-v2 ... --provisioned
    'EncryptionInfo={EncryptionInTransit={InCluster=true,ClientBroker=TLS}}'`, mirror the
    topics (MirrorMaker 2 or MSK Replicator), move clients and delete the old cluster.
    Terraform: `encryption_info { encryption_in_transit { in_cluster = true } }` on
    `aws_msk_cluster`.
    """,
)
