"""OpenSearch Service: encryption at rest, between nodes and on the endpoint, and who the
domain's access policy lets in.
"""

from __future__ import annotations

import re

from ....snapshot.opensearch import OpenSearchDomain
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context
from ..factories import flag_check, resource_policy_checks

_TLS_MINIMUM = re.compile(r"TLS-(\d+)-(\d+)")
"""The minimum TLS version in a policy name: ``Policy-Min-TLS-1-2-2019-07`` -> (1, 2)."""

domain_encryption_at_rest = flag_check(
    id="es.domain-encryption-at-rest",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=OpenSearchDomain,
    is_ok=lambda domain: domain.encryption_at_rest,
    ok="encrypted at rest",
    bad="encryption at rest is off (indices, logs, swap and snapshots stored unencrypted)",
    doc="""OpenSearch Service domains are encrypted at rest.

    Encryption at rest covers indices, automated snapshots, logs, swap files and the other
    data on the domain's storage, under a KMS key. It is off unless chosen (Security Hub
    Opensearch.1).

    Remediation: console, Amazon OpenSearch Service > Domains > DOMAIN > Actions > Edit
    security configuration > Enable encryption of data at rest; CLI
    `aws opensearch update-domain-config --domain-name NAME
    --encryption-at-rest-options Enabled=true`; Terraform `encrypt_at_rest { enabled =
    true }` on `aws_opensearch_domain`. Domains on Elasticsearch before 5.1 must be
    upgraded first.
    """,
)

domain_node_to_node_encryption = flag_check(
    id="es.domain-node-to-node-encryption",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=OpenSearchDomain,
    is_ok=lambda domain: domain.node_to_node_encryption,
    ok="node-to-node encryption is on",
    bad="traffic between the domain's nodes is not encrypted",
    doc="""OpenSearch Service domains encrypt traffic between their nodes.

    Node-to-node encryption adds TLS to the traffic inside the domain's VPC or network,
    so a request stays encrypted after the endpoint terminates HTTPS (Security Hub
    Opensearch.3). It is also required for fine-grained access control.

    Remediation: console, Domains > DOMAIN > Actions > Edit security configuration >
    Node-to-node encryption; CLI `aws opensearch update-domain-config --domain-name NAME
    --node-to-node-encryption-options Enabled=true`; Terraform
    `node_to_node_encryption { enabled = true }`. Elasticsearch before 6.0 must be
    upgraded first.
    """,
)


@check(
    id="es.domain-https-enforced",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=OpenSearchDomain,
)
def domain_https_enforced(domain: OpenSearchDomain, ctx: Context) -> Outcome:
    """OpenSearch Service domains accept only HTTPS, with TLS 1.2 or later.

    Without `EnforceHTTPS` the endpoint also answers plain HTTP, so queries, documents and
    credentials can cross the network in clear text; a TLS policy allowing TLS 1.0 and 1.1
    accepts protocol versions with known weaknesses (Security Hub Opensearch.8 judges the
    TLS policy too). The policy's name carries its minimum version
    (`Policy-Min-TLS-1-2-...`); see "Configuring domain endpoint options" in the OpenSearch
    Service Developer Guide.

    Remediation: console, Domains > DOMAIN > Actions > Edit > Require HTTPS, TLS security
    policy TLS 1.2; CLI `aws opensearch update-domain-config --domain-name NAME
    --domain-endpoint-options
    EnforceHTTPS=true,TLSSecurityPolicy=Policy-Min-TLS-1-2-PFS-2023-10`; Terraform
    `domain_endpoint_options { enforce_https = true, tls_security_policy = "..." }`.
    """
    evidence = {"enforce_https": domain.enforce_https, "tls_policy": domain.tls_policy}
    if not domain.enforce_https:
        return failed("the endpoint also accepts plain HTTP", **evidence)
    if domain.tls_policy is None:
        return unknown("HTTPS is required but no TLS security policy was reported", **evidence)
    version = _TLS_MINIMUM.search(domain.tls_policy)
    if version is None:
        return unknown(f"unrecognised TLS security policy {domain.tls_policy}", **evidence)
    minimum = (int(version[1]), int(version[2]))
    if minimum < (1, 2):
        return failed(
            f"HTTPS only, but {domain.tls_policy} still accepts TLS {minimum[0]}.{minimum[1]}",
            **evidence,
        )
    return passed(f"HTTPS only, {domain.tls_policy}", **evidence)


domain_policy_not_public, domain_policy_trusted_accounts = resource_policy_checks(
    prefix="es.domain",
    resource=OpenSearchDomain,
    policy=lambda d: d.access_policy,
    requires=("opensearch:DescribeDomains",),
)
