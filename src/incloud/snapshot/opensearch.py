"""Amazon OpenSearch Service domains (OpenSearch and legacy Elasticsearch engines).

The IAM prefix is ``es``; the collector uses the ``opensearch`` API, which lists both
engines.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import JsonDict, Resource


class OpenSearchDomain(Resource):
    """An OpenSearch Service domain and its encryption and endpoint settings."""

    kind: Literal["es.domain"] = "es.domain"
    engine_version: str = ""
    encryption_at_rest: bool = False
    kms_key_id: str | None = None
    node_to_node_encryption: bool = False
    enforce_https: bool = False
    access_policy: JsonDict | None = None
    """The domain's resource-based access policy; None when it has none."""
    tls_policy: str | None = None
    """The endpoint's TLS security policy, e.g. ``Policy-Min-TLS-1-2-2019-07``."""
    in_vpc: bool = False
    log_types: tuple[str, ...] = ()
    """The log types published to CloudWatch Logs (``LogPublishingOptions`` entries enabled
    with a log group): ``ES_APPLICATION_LOGS``, ``AUDIT_LOGS``, ``SEARCH_SLOW_LOGS``,
    ``INDEX_SLOW_LOGS``; empty when none is."""
    data_nodes: int | None = None
    """``ClusterConfig.InstanceCount``; None when the answer did not say."""
    zone_awareness: bool | None = None
    """``ClusterConfig.ZoneAwarenessEnabled`` (data nodes spread over Availability Zones);
    None when the answer did not say."""
    dedicated_masters: int | None = None
    """Dedicated master nodes: 0 when ``DedicatedMasterEnabled`` is false, else
    ``DedicatedMasterCount``; None when the answer did not say."""
    fine_grained_access_control: bool | None = None
    """``AdvancedSecurityOptions.Enabled``; None when the answer did not say."""
    update_available: bool | None = None
    """``ServiceSoftwareOptions.UpdateAvailable``: a service software update is waiting;
    None when the answer did not say."""
    software_version: str | None = None
    """``ServiceSoftwareOptions.CurrentVersion`` (``R20240520-P1``)."""

    service: ClassVar[str] = "es"
    listed_by: ClassVar[tuple[str, ...]] = (
        "opensearch:ListDomainNames",
        "opensearch:DescribeDomains",
    )
