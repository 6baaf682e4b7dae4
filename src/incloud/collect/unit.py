"""One unit of collection work, (account, region, service), and its error-recording calls.

Collectors call AWS only through :meth:`Unit.call` and :meth:`Unit.pages`. Those catch the
errors an API call can end in (service errors, throttling after retries, timeouts, connection
failures) and record each as a :class:`CollectionGap`; anything else is a bug and propagates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import botocore.exceptions
import botocore.parsers

from ..snapshot import GLOBAL, CollectionGap
from .session import AwsSession

CALL_ERRORS = (
    botocore.exceptions.ClientError,
    botocore.exceptions.EndpointConnectionError,
    botocore.exceptions.ConnectionClosedError,
    botocore.exceptions.ConnectTimeoutError,
    botocore.exceptions.ReadTimeoutError,
    # An HTML error page instead of an API answer: an emulator's "not implemented" (moto
    # answers HTTP 500 for operations it lacks) or a broken proxy.
    botocore.parsers.ResponseParserError,
)
"""What a well-formed read can end in for reasons outside incloud: each becomes a gap."""

Response = dict[str, Any]
T = TypeVar("T")
U = TypeVar("U")

PER_RESOURCE_WORKERS = 8
"""Threads for per-resource reads inside one unit (S3 reads each bucket's settings one call
at a time; in parallel, 1,000 buckets take seconds, not minutes)."""


@dataclass
class Unit:
    """The context a collector works in: which account, region and service, and its gaps."""

    session: AwsSession
    region: str
    service: str
    scanned_regions: tuple[str, ...] = ()
    """Every region of this scan, for resources visible from several regions."""
    gaps: list[CollectionGap] = field(default_factory=list)

    @property
    def account_id(self) -> str:
        """The account being collected."""
        return self.session.account_id

    @property
    def partition(self) -> str:
        """The account's partition (aws, aws-cn, aws-us-gov)."""
        return self.session.partition

    @property
    def api_region(self) -> str:
        """The region to send calls to (global services use the session's default)."""
        return self.session.options.default_region if self.region == GLOBAL else self.region

    def client(self, service: str | None = None, region: str | None = None) -> Any:
        """The guarded client for ``service`` (default: this unit's) in ``region`` (default:
        this unit's).
        """
        return self.session.client(service or self.service, region or self.api_region)

    def arn(self, resource: str, *, service: str | None = None, region: str | None = None) -> str:
        """An ARN for ``resource`` in this account, partition and (by default) region."""
        where = self.region if region is None else region
        return self.session.arn(service or self.service, "" if where == GLOBAL else where, resource)

    def call(
        self,
        method: str,
        *,
        service: str | None = None,
        region: str | None = None,
        resource_arn: str | None = None,
        absent_on: Iterable[str] = (),
        **params: Any,
    ) -> Response | None:
        """Call ``method`` (a boto3 method name); None on failure or absence.

        Error codes in ``absent_on`` mean "this resource has no such configuration" (for
        example ``NoSuchBucketPolicy``) and return None without a gap. Every other error is
        recorded as a gap, so a None is never mistaken for "absent" by evaluation.
        """
        client = self.client(service, region)
        try:
            return dict(getattr(client, method)(**params))
        except CALL_ERRORS as error:
            if _error_code(error) not in set(absent_on):
                self.record_gap(client, method, error, resource_arn)
            return None

    def pages(
        self, method: str, key: str, *, service: str | None = None, **params: Any
    ) -> list[Any]:
        """Every item under ``key`` across all pages (see :meth:`page_groups`)."""
        return self.page_groups(method, (key,), service=service, **params)[key]

    def page_groups(
        self, method: str, keys: tuple[str, ...], *, service: str | None = None, **params: Any
    ) -> dict[str, list[Any]]:
        """Items under each of ``keys`` across all pages. A failure mid-way keeps what was
        read and records a gap, which tells evaluation the inventory is incomplete.
        """
        client = self.client(service)
        items: dict[str, list[Any]] = {key: [] for key in keys}
        try:
            pages = (
                client.get_paginator(method).paginate(**params)
                if client.can_paginate(method)
                else [getattr(client, method)(**params)]
            )
            for page in pages:
                for key in keys:
                    items[key].extend(page.get(key, []))
        except CALL_ERRORS as error:
            self.record_gap(client, method, error, None)
        return items

    def fan_out(self, fn: Callable[[T], U], items: Iterable[T]) -> list[U]:
        """``fn`` over ``items`` on a small thread pool, results in input order.

        For per-resource reads; ``fn`` records gaps through this unit (appending to a list
        is atomic, and boto3 clients are thread-safe).
        """
        materialised = list(items)
        if len(materialised) <= 1:
            return [fn(item) for item in materialised]
        with ThreadPoolExecutor(PER_RESOURCE_WORKERS, thread_name_prefix="incloud-r") as pool:
            return list(pool.map(fn, materialised))

    def record_gap(
        self, client: Any, method: str, error: Exception, resource_arn: str | None
    ) -> None:
        """Record that ``method`` failed with ``error``."""
        self.gaps.append(
            CollectionGap(
                account_id=self.account_id,
                region=self.region,
                service=client.meta.service_model.service_name,
                operation=client.meta.method_to_api_mapping.get(method, method),
                error_code=_error_code(error),
                message=_error_message(error),
                resource_arn=resource_arn,
            )
        )


def _error_code(error: Exception) -> str:
    if isinstance(error, botocore.exceptions.ClientError):
        code = str(error.response.get("Error", {}).get("Code", "Unknown"))
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code.isdigit() and status in (404, 500, 501):
            return "NotImplemented"
        return code
    if isinstance(error, botocore.parsers.ResponseParserError):
        unimplemented = ("500 Internal Server Error", "501 Not Implemented")
        return "NotImplemented" if any(t in str(error) for t in unimplemented) else "BadResponse"
    return type(error).__name__


def _error_message(error: Exception) -> str:
    if isinstance(error, botocore.exceptions.ClientError):
        message = str(error.response.get("Error", {}).get("Message", ""))
        if message.lstrip().startswith("<"):
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            return f"HTTP {status} from the endpoint (operation not implemented there)"
        return message[:300]
    if isinstance(error, botocore.parsers.ResponseParserError):
        return "the endpoint answered with an error page, not an API response"
    return str(error)[:300]
