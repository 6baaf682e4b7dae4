"""One unit of collection work, (account, region, service), and its error-recording calls.

Collectors call AWS only through :meth:`Unit.call` and :meth:`Unit.pages`. Those catch the
errors an API call can end in (service errors, throttling after retries, timeouts, connection
failures, an unreadable answer) and record each as a :class:`CollectionGap`; anything else is
a bug and propagates (the runner then records the whole unit as a gap, see ``runner``).

A unit's thread sends no request after Ctrl-C (the shared ``stop`` event) or past the unit's
time budget (``deadline``): the guard in :mod:`.stopping` refuses it before it is sent, and
the unit records the call as a gap instead, so a stopped unit ends within one call's
timeout and says what it did not read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import botocore.exceptions
import botocore.parsers

from ..jsondoc import JsonDocumentError, parse_document
from ..snapshot import GLOBAL, CollectionGap
from ..snapshot.coverage import INTERRUPTED
from .answers import BAD_RESPONSE, MALFORMED_ANSWER_ERRORS, BadAnswerError, service_answer
from .counter import CallCounter
from .session import AwsSession
from .stopping import UnitStopped, working_for
from .workers import map_in_order

CALL_ERRORS = (
    botocore.exceptions.ClientError,
    # Connection refused or reset, DNS, TLS, proxy failures, connect and read timeouts.
    botocore.exceptions.ConnectionError,
    botocore.exceptions.HTTPClientError,
    # An HTML error page or a truncated body instead of an API answer: an emulator's "not
    # implemented" (moto answers HTTP 500 for operations it lacks), a proxy, a dying server.
    botocore.parsers.ResponseParserError,
    botocore.exceptions.IncompleteReadError,
    botocore.exceptions.ResponseStreamingError,
    # Credentials that expire or stop resolving in the middle of a long collection.
    botocore.exceptions.NoCredentialsError,
    botocore.exceptions.CredentialRetrievalError,
    botocore.exceptions.TokenRetrievalError,
)
"""What a well-formed read can end in for reasons outside incloud: each becomes a gap."""


OUT_OF_TIME = "UnitTimeBudgetExceeded"
"""Gap error code for calls not made because their unit ran past its time budget."""

MALFORMED_DOCUMENT = "MalformedDocument"
"""Gap error code for a JSON document inside an answer (a policy) that could not be read."""

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
    deadline: float | None = None
    """``time.monotonic()`` after which the unit makes no more calls (None: no budget)."""
    stop: threading.Event | None = None
    """Set when the whole collection is being stopped (Ctrl-C)."""
    calls: CallCounter | None = None
    """The calls this unit made (its own and its fan-out threads'), when it keeps a count."""

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
            return service_answer(getattr(client, method)(**params))
        except UnitStopped as stopped:
            self._add_gap(client, method, stopped.code, stopped.message, resource_arn)
        except CALL_ERRORS as error:
            if _error_code(error) not in set(absent_on):
                self.record_gap(client, method, error, resource_arn)
        except (BadAnswerError, *MALFORMED_ANSWER_ERRORS) as error:
            self._add_gap(client, method, BAD_RESPONSE, _unreadable(error), resource_arn)
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
        read = 0
        try:
            pages = (
                client.get_paginator(method).paginate(**params)
                if client.can_paginate(method)
                else [getattr(client, method)(**params)]
            )
            for page in pages:
                for key in keys:
                    items[key].extend(_listed(service_answer(page), key))
                read += 1
        except UnitStopped as stopped:
            self._add_gap(client, method, stopped.code, stopped.message + _after(read), None)
        except CALL_ERRORS as error:
            self.record_gap(client, method, error, None)
        except (BadAnswerError, *MALFORMED_ANSWER_ERRORS) as error:
            self._add_gap(client, method, BAD_RESPONSE, _unreadable(error) + _after(read), None)
        return items

    def document(
        self,
        text: str | None,
        method: str,
        *,
        service: str | None = None,
        resource_arn: str | None = None,
    ) -> Any:
        """The JSON document ``text`` (a policy) that ``method`` returned, or None when
        there is none. A document that is not JSON, or nests deeper than any AWS policy
        grammar allows, is recorded as a gap on ``method`` for ``resource_arn`` (so the
        checks that read it say unknown) and None is returned.
        """
        if not text:
            return None
        try:
            return parse_document(text)
        except JsonDocumentError as error:
            client = self.client(service)
            self._add_gap(client, method, MALFORMED_DOCUMENT, str(error)[:300], resource_arn)
            return None

    def malformed(
        self,
        method: str,
        message: str,
        *,
        service: str | None = None,
        resource_arn: str | None = None,
    ) -> None:
        """Record that ``method``'s answer lacks what the collector needs (a member AWS always
        sends, though botocore's model calls it optional): a ``BadResponse`` gap, so the
        checks that read it say unknown.
        """
        self._add_gap(self.client(service), method, BAD_RESPONSE, message, resource_arn)

    def fan_out(self, fn: Callable[[T], U], items: Iterable[T]) -> list[U]:
        """``fn`` over ``items`` on a small thread pool, results in input order.

        For per-resource reads; ``fn`` records gaps through this unit (appending to a list
        is atomic, and boto3 clients are thread-safe).
        """
        materialised = list(items)
        if len(materialised) <= 1:
            return [fn(item) for item in materialised]

        def for_this_unit(item: T) -> U:
            with working_for(self):
                return fn(item)

        return map_in_order(for_this_unit, materialised, PER_RESOURCE_WORKERS, "incloud-r")

    def stop_reason(self) -> tuple[str, str] | None:
        """Why this unit may send no more requests (gap code and message), if it may not."""
        if self.stop is not None and self.stop.is_set():
            return INTERRUPTED, "collection stopped before this call"
        if self.deadline is not None and time.monotonic() > self.deadline:
            return OUT_OF_TIME, "the unit ran out of its time budget before this call"
        return None

    def record_gap(
        self, client: Any, method: str, error: Exception, resource_arn: str | None
    ) -> None:
        """Record that ``method`` failed with ``error``."""
        self._add_gap(client, method, _error_code(error), _error_message(error), resource_arn)

    def _add_gap(
        self, client: Any, method: str, code: str, message: str, resource_arn: str | None
    ) -> None:
        self.gaps.append(
            CollectionGap(
                account_id=self.account_id,
                region=self.region,
                service=client.meta.service_model.service_name,
                operation=client.meta.method_to_api_mapping.get(method, method),
                error_code=code,
                message=message,
                resource_arn=resource_arn,
            )
        )


def _unreadable(error: Exception) -> str:
    if isinstance(error, BadAnswerError):
        return str(error)
    return f"the answer could not be read ({type(error).__name__}: {str(error)[:150]})"


def _after(pages: int) -> str:
    return f" (after {pages} page(s) of the listing)" if pages else ""


def _listed(page: dict[str, Any], key: str) -> list[Any]:
    """The items under ``key`` in one page; a ``key`` that is not a list makes the page
    unreadable (a gap), not a crash.
    """
    value = page.get(key, [])
    if not isinstance(value, list):
        raise BadAnswerError(f"the answer's {key!r} is not a list ({type(value).__name__})")
    return value


HTTP_STATUS_CODES = {
    401: "AccessDenied",
    403: "AccessDenied",
    404: "NotImplemented",
    429: "Throttling",
    500: "NotImplemented",
    501: "NotImplemented",
    502: "ServiceUnavailable",
    503: "ServiceUnavailable",
    504: "ServiceUnavailable",
}
"""Error codes for answers that carry only an HTTP status (an HTML page from a proxy, a
firewall or an emulator): 401/403 are a refusal, 404/500/501 an operation the endpoint
does not implement (moto's server and LocalStack answer so)."""


def _error_code(error: Exception) -> str:
    if isinstance(error, botocore.exceptions.ClientError):
        code = str(error.response.get("Error", {}).get("Code", "Unknown"))
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code.isdigit() or code == "Unknown":
            return HTTP_STATUS_CODES.get(status, f"HTTP{status}") if status else "Unknown"
        return code
    if isinstance(error, botocore.parsers.ResponseParserError):
        return _page_status_code(str(error)) or "BadResponse"
    return type(error).__name__


_STATUS_LINES = {
    "401 Unauthorized": 401,
    "403 Forbidden": 403,
    "404 Not Found": 404,
    "500 Internal Server Error": 500,
    "501 Not Implemented": 501,
    "502 Bad Gateway": 502,
    "503 Service Unavailable": 503,
    "504 Gateway Timeout": 504,
}
"""Status lines an HTML error page states; botocore's parser error quotes the page."""


def _page_status_code(text: str) -> str | None:
    """The error code for an unparseable answer whose quoted page names its HTTP status."""
    for line, status in _STATUS_LINES.items():
        if line in text:
            return HTTP_STATUS_CODES[status]
    return None


def _error_message(error: Exception) -> str:
    if isinstance(error, botocore.exceptions.ClientError):
        message = str(error.response.get("Error", {}).get("Message", ""))
        if message.lstrip().startswith("<") or not message:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            return f"HTTP {status} from the endpoint: {_page_meaning(_error_code(error))}"
        return message[:300]
    if isinstance(error, botocore.parsers.ResponseParserError):
        meaning = _page_meaning(_error_code(error))
        return f"the endpoint answered with a page, not an API response: {meaning}"
    return str(error)[:300]


_PAGE_MEANING = {
    "AccessDenied": "refused (a proxy, firewall or policy denied the request)",
    "NotImplemented": "the operation is not implemented there",
    "Throttling": "too many requests",
    "ServiceUnavailable": "the service was unavailable",
    "BadResponse": "unreadable (not the service's answer)",
}


def _page_meaning(code: str) -> str:
    return _PAGE_MEANING.get(code, "an error without an error code")
