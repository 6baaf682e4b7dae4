"""OpenSearch Service collector: domains (both engines) and their encryption settings.

``ListDomainNames`` lists OpenSearch and Elasticsearch domains alike; ``DescribeDomains``
takes at most five names a call. The IAM actions are ``es:*`` (see ``registry.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.opensearch import OpenSearchDomain
from ..registry import collector
from ..unit import Unit

DESCRIBE_BATCH = 5
"""``DescribeDomains`` accepts up to five domain names (OpenSearch Service API reference)."""


@collector(
    service="opensearch",
    scope="regional",
    operations=("opensearch:ListDomainNames", "opensearch:DescribeDomains"),
)
def collect_opensearch(unit: Unit) -> Iterator[Resource]:
    """Every domain in the region. A failed batch leaves a gap on ``DescribeDomains``, which
    marks the inventory of the region incomplete.
    """
    # DomainName is optional in ListDomainNames (botocore's model) but names the domain:
    # AWS omits it only in a malformed answer, whose KeyError is a CollectorError gap.
    names = [d["DomainName"] for d in unit.pages("list_domain_names", "DomainNames")]
    batches = [names[i : i + DESCRIBE_BATCH] for i in range(0, len(names), DESCRIBE_BATCH)]
    for answer in unit.fan_out(
        lambda batch: unit.call("describe_domains", DomainNames=batch), batches
    ):
        for status in (answer or {}).get("DomainStatusList", []):
            if not status.get("Deleted"):
                yield _domain(unit, status)


def _domain(unit: Unit, status: dict[str, Any]) -> OpenSearchDomain:
    at_rest = status.get("EncryptionAtRestOptions") or {}
    endpoint = status.get("DomainEndpointOptions") or {}
    software = status.get("ServiceSoftwareOptions") or {}
    return OpenSearchDomain(
        arn=status["ARN"],
        name=status["DomainName"],
        account_id=unit.account_id,
        region=unit.region,
        engine_version=status.get("EngineVersion", ""),
        encryption_at_rest=bool(at_rest.get("Enabled")),
        kms_key_id=at_rest.get("KmsKeyId"),
        node_to_node_encryption=bool(
            (status.get("NodeToNodeEncryptionOptions") or {}).get("Enabled")
        ),
        enforce_https=bool(endpoint.get("EnforceHTTPS")),
        tls_policy=endpoint.get("TLSSecurityPolicy"),
        access_policy=unit.document(
            status.get("AccessPolicies"), "describe_domains", resource_arn=status["ARN"]
        ),
        in_vpc=_in_vpc(status),
        log_types=_published_logs(status),
        **_cluster(status),
        fine_grained_access_control=(status.get("AdvancedSecurityOptions") or {}).get("Enabled"),
        update_available=software.get("UpdateAvailable"),
        software_version=software.get("CurrentVersion"),
    )


def _published_logs(status: dict[str, Any]) -> tuple[str, ...]:
    """The log types the domain publishes: ``LogPublishingOptions`` maps a type to its
    ``Enabled`` flag and ``CloudWatchLogsLogGroupArn``; AWS leaves the map out when nothing
    was ever configured, which publishes nothing.
    """
    options = status.get("LogPublishingOptions") or {}
    return tuple(
        sorted(
            kind
            for kind, option in options.items()
            if option.get("Enabled") and option.get("CloudWatchLogsLogGroupArn")
        )
    )


def _cluster(status: dict[str, Any]) -> dict[str, Any]:
    """Data and dedicated master node counts and zone awareness from ``ClusterConfig``; a
    member the answer lacks stays None (the checks that read it say unknown).
    """
    config = status.get("ClusterConfig") or {}
    enabled = config.get("DedicatedMasterEnabled")
    masters = config.get("DedicatedMasterCount") if enabled else (0 if enabled is False else None)
    return {
        "data_nodes": config.get("InstanceCount"),
        "zone_awareness": config.get("ZoneAwarenessEnabled"),
        "dedicated_masters": masters,
    }


def _in_vpc(status: dict[str, Any]) -> bool:
    """A domain placed in a VPC reports its ``VPCOptions`` (VPC, subnets) and a ``vpc``
    endpoint instead of the public ``Endpoint`` (OpenSearch Service Developer Guide,
    "Launching your Amazon OpenSearch Service domains within a VPC"); moto fills in the
    subnets only.
    """
    options = status.get("VPCOptions") or {}
    return bool(options.get("VPCId") or options.get("SubnetIds"))
