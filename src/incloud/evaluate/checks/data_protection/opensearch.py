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


@check(
    id="es.domain-fine-grained-access-control",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.HIGH,
    resource=OpenSearchDomain,
    requires=("opensearch:DescribeDomains",),
)
def domain_fine_grained_access_control(domain: OpenSearchDomain, ctx: Context) -> Outcome:
    """OpenSearch Service domains have fine-grained access control enabled.

    Without fine-grained access control, whoever the access policy admits can read and
    change every index; with it, roles restrict access per index, document and field, and
    audit logs become available (Security Hub Opensearch.7; "Fine-grained access control in
    Amazon OpenSearch Service" in the Developer Guide).

    Remediation: `aws opensearch update-domain-config --domain-name NAME
    --advanced-security-options 'Enabled=true,InternalUserDatabaseEnabled=false,
    MasterUserOptions={MasterUserARN=ROLE_ARN}'` (it needs HTTPS, node-to-node encryption and
    encryption at rest); Terraform `advanced_security_options { enabled = true }` on
    `aws_opensearch_domain`.
    """
    if domain.fine_grained_access_control is None:
        return unknown("the domain's AdvancedSecurityOptions were not reported")
    if domain.fine_grained_access_control:
        return passed("fine-grained access control is on")
    return failed("fine-grained access control is off: the access policy alone decides")


@check(
    id="es.domain-data-nodes",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=OpenSearchDomain,
    requires=("opensearch:DescribeDomains",),
)
def domain_data_nodes(domain: OpenSearchDomain, ctx: Context) -> Outcome:
    """OpenSearch Service domains have {search_min_data_nodes} or more zone-aware data nodes.

    With fewer data nodes, or all in one Availability Zone, the loss of a node or a zone
    leaves shards without a replica and the domain red (Security Hub Opensearch.6 and ES.6;
    "Configuring a multi-AZ domain" in the OpenSearch Service Developer Guide). The minimum is
    the setting `search_min_data_nodes`.

    Remediation: `aws opensearch update-domain-config --domain-name NAME --cluster-config
    'InstanceCount={search_min_data_nodes},ZoneAwarenessEnabled=true,
    ZoneAwarenessConfig={AvailabilityZoneCount=3}'`; Terraform `cluster_config {
    instance_count = {search_min_data_nodes} zone_awareness_enabled = true }`.
    """
    minimum = ctx.settings.search_min_data_nodes
    evidence = {
        "data_nodes": domain.data_nodes,
        "zone_awareness": domain.zone_awareness,
        "minimum": minimum,
    }
    if domain.data_nodes is None or domain.zone_awareness is None:
        return unknown("the domain's ClusterConfig was not reported whole", **evidence)
    problems = []
    if domain.data_nodes < minimum:
        problems.append(f"{domain.data_nodes} data node(s), fewer than {minimum}")
    if not domain.zone_awareness:
        problems.append("zone awareness off: every node in one Availability Zone")
    if problems:
        return failed("; ".join(problems), **evidence)
    return passed(f"{domain.data_nodes} data nodes across Availability Zones", **evidence)


@check(
    id="es.domain-dedicated-masters",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=OpenSearchDomain,
    requires=("opensearch:DescribeDomains",),
)
def domain_dedicated_masters(domain: OpenSearchDomain, ctx: Context) -> Outcome:
    """OpenSearch Service domains have {search_min_master_nodes} or more dedicated masters.

    Dedicated master nodes keep the cluster's state apart from the data nodes' load; three
    keep a quorum when one fails, where one or two can leave the cluster unable to elect a
    master (Security Hub ES.7; "Dedicated master nodes in Amazon OpenSearch Service"). The
    minimum is the setting `search_min_master_nodes`.

    Remediation: `aws opensearch update-domain-config --domain-name NAME --cluster-config
    'DedicatedMasterEnabled=true,DedicatedMasterCount={search_min_master_nodes},
    DedicatedMasterType=m6g.large.search'`; Terraform `cluster_config {
    dedicated_master_enabled = true dedicated_master_count = {search_min_master_nodes} }`.
    """
    minimum = ctx.settings.search_min_master_nodes
    masters = domain.dedicated_masters
    if masters is None:
        return unknown("the domain's dedicated master settings were not reported")
    if masters == 0:
        return failed("no dedicated master nodes", dedicated_masters=0, minimum=minimum)
    if masters < minimum:
        return failed(
            f"{masters} dedicated master node(s), fewer than {minimum}",
            dedicated_masters=masters,
            minimum=minimum,
        )
    return passed(f"{masters} dedicated master nodes", dedicated_masters=masters, minimum=minimum)
