"""Amazon EKS data protection: envelope encryption of Kubernetes secrets."""

from __future__ import annotations

from ....snapshot.eks import EksCluster
from ...check import Domain, Severity
from ..factories import flag_check

secrets_encrypted = flag_check(
    id="eks.secrets-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=EksCluster,
    requires=("eks:DescribeCluster",),
    is_ok=lambda cluster: cluster.secrets_key_arn is not None,
    ok="Kubernetes secrets are envelope-encrypted with a KMS key of the account",
    bad="no KMS key envelope-encrypts Kubernetes secrets (encryptionConfig has no secrets entry)",
    doc="""EKS clusters envelope-encrypt Kubernetes secrets with a customer KMS key.

    Secrets in etcd hold service-account tokens, database passwords and registry
    credentials. Envelope encryption with a KMS key the account manages lets the customer
    audit and revoke their decryption, and keeps them unreadable in an etcd backup (Security
    Hub EKS.3; EKS User Guide, "Encrypt Kubernetes secrets with KMS on existing clusters").

    Remediation: `aws eks associate-encryption-config --cluster-name NAME
    --encryption-config '[{"resources":["secrets"],"provider":{"keyArn":"KEY_ARN"}}]'` (it
    cannot be removed afterwards); Terraform `encryption_config { resources = ["secrets"]
    provider { key_arn = KEY_ARN } }` on `aws_eks_cluster`.
    """,
)
