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

    service: ClassVar[str] = "es"
    listed_by: ClassVar[tuple[str, ...]] = (
        "opensearch:ListDomainNames",
        "opensearch:DescribeDomains",
    )
