"""AWS AppSync: API caches encrypted at rest."""

from __future__ import annotations

from ....snapshot.appsync import AppSyncApi
from ...check import Domain, Severity
from ..factories import flag_check

api_cache_encrypted = flag_check(
    id="appsync.api-cache-encrypted",
    domain=Domain.DATA_PROTECTION,
    severity=Severity.MEDIUM,
    resource=AppSyncApi,
    requires=("appsync:GetApiCache",),
    exempt=lambda api: None if api.cache is not None else "the API has no cache",
    is_ok=lambda api: api.cache is not None and api.cache.at_rest_encrypted,
    ok="its cache is encrypted at rest",
    bad="its cache is not encrypted at rest",
    doc="""AppSync API caches are encrypted at rest.

    An AppSync cache keeps resolver responses (the data the API serves) on ElastiCache nodes
    AWS runs for the API; unless at-rest encryption was chosen, they sit on disk unencrypted
    (Security Hub AppSync.1; AWS AppSync Developer Guide, "Configuring server-side caching
    and API payload compression"). APIs without a cache are not judged.

    Remediation: the setting is fixed when the cache is created: `aws appsync
    delete-api-cache --api-id ID`, then `aws appsync create-api-cache --api-id ID --ttl 300
    --api-caching-behavior FULL_REQUEST_CACHING --type SMALL --at-rest-encryption-enabled
    --transit-encryption-enabled`. Terraform: `at_rest_encryption_enabled = true` on
    `aws_appsync_api_cache`.
    """,
)
