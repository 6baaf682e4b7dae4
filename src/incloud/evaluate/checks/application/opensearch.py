"""OpenSearch Service software: the service software update a domain is waiting for."""

from __future__ import annotations

from ....snapshot.opensearch import OpenSearchDomain
from ...check import Domain, Outcome, Severity, check, failed, passed, unknown
from ...context import Context


@check(
    id="es.domain-software-current",
    domain=Domain.APPLICATION,
    severity=Severity.MEDIUM,
    resource=OpenSearchDomain,
    requires=("opensearch:DescribeDomains",),
)
def domain_software_current(domain: OpenSearchDomain, ctx: Context) -> Outcome:
    """OpenSearch Service domains run the latest service software.

    Service software updates carry security fixes and bug fixes for the domain's engine and
    plugins; AWS applies required ones eventually, but an update left available keeps the
    fixes off the domain meanwhile (Security Hub Opensearch.10; "Service software updates in
    Amazon OpenSearch Service" in the Developer Guide).

    Remediation: `aws opensearch start-service-software-update --domain-name NAME` (or
    schedule it in the off-peak window); Terraform `software_update_options {
    auto_software_update_enabled = true }` on `aws_opensearch_domain`.
    """
    version = domain.software_version
    if domain.update_available is None:
        return unknown("the domain's ServiceSoftwareOptions were not reported")
    if domain.update_available:
        return failed(
            f"a service software update is available (running {version or 'an unnamed version'})",
            current_version=version,
        )
    return passed("no service software update is waiting", current_version=version)
