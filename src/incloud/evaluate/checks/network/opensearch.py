"""OpenSearch Service exposure: domains with a public endpoint."""

from __future__ import annotations

from ....snapshot.opensearch import OpenSearchDomain
from ...check import Domain, Severity
from ..factories import flag_check

domain_not_public = flag_check(
    id="es.domain-not-public",
    domain=Domain.NETWORK,
    severity=Severity.HIGH,
    resource=OpenSearchDomain,
    is_ok=lambda domain: domain.in_vpc,
    ok="in a VPC: the endpoint has private addresses only",
    bad="not in a VPC: the domain has a public endpoint",
    doc="""OpenSearch Service domains are placed in a VPC.

    A domain outside a VPC has a public endpoint that resolves on the internet; only its
    access policy (and fine-grained access control, if enabled) decides who gets in, and one
    permissive policy statement exposes every index (Security Hub Opensearch.2). A VPC
    domain's endpoint has private addresses, behind security groups. The access policy itself
    is judged by ``es.domain-policy-not-public``.

    Remediation: a domain cannot be moved into a VPC; create a new one with
    `aws opensearch create-domain --vpc-options SubnetIds=SUBNET,SecurityGroupIds=SG ...`
    (Terraform `vpc_options` on `aws_opensearch_domain`), migrate the indices (snapshot and
    restore), and delete the public domain.
    """,
)
