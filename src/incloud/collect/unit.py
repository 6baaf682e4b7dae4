"""One unit of collection work, (account, region, service), and its error-recording calls.

Collectors call AWS only through :meth:`Unit.call` and :meth:`Unit.pages`. Those catch the
errors an API call can end in (service errors, throttling after retries, timeouts, connection
failures, an unreadable answer) and record each as a :class:`CollectionGap`; anything else is
a bug and propagates (the runner then records the whole unit as a gap, see ``runner``).

A unit's thread sends no request after Ctrl-C (the shared ``stop`` event) or past the unit's
time budget (``deadline``): the guard in :mod:`.stopping` refuses it before it is sent, and
the unit records the call as a gap instead, so a stopped unit ends within one call's
timeout and says what it did not read.

Reads that do not wait on each other run on the unit's own threads (:meth:`Unit.fan_out`,
:meth:`Unit.gather`, :meth:`Unit.both`): each thread works for the unit (its requests obey
the same stop and budget, and count as the unit's calls), at most
:data:`PER_RESOURCE_WORKERS` requests of a unit are in flight however the reads nest, and
every helper returns only once all its threads' work has ended.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
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
from .workers import map_in_order, run_all

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
"""Threads for the reads of one unit that do not wait on each other (its per-resource reads:
S3 reads each bucket's settings one call at a time, in parallel 1,000 buckets take seconds,
not minutes; and its independent listings: EC2's twenty Describe* calls), and the most
requests one unit has in flight, however its reads nest. Every request of a unit goes to one
service in one region, which AWS throttles per API: eight at once stays well inside the
documented bursts, with standard retries for the rest."""


@dataclass(frozen=True)
class Outcome:
    """How one call ended: its answer, or None when it failed (a gap is recorded) or the
    resource has no such configuration (``absent``: no gap).
    """

    answer: Response | None
    absent: bool = False


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
    call_seconds: float = 0.0
    """Seconds its threads spent waiting in API calls (summed over threads: above the unit's
    wall time when reads overlap); what the runner's timeline reports."""
    client_seconds: float = 0.0
    """Seconds its threads spent getting clients (made on first use, one at a time)."""
    _timing: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)
    _in_flight: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(PER_RESOURCE_WORKERS), repr=False
    )

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
        key = (service or self.service, region or self.api_region)
        client = self._clients.get(key)
        if client is None:
            # The session makes clients one at a time, and its look-ups wait while it makes
            # one: the unit keeps those it has, so its calls never wait on another's client.
            began = time.monotonic()
            client = self._clients[key] = self.session.client(*key)
            waited = time.monotonic() - began
            with self._timing:
                self.client_seconds += waited
        return client

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
        example ``NoSuchBucketPolicy``) and return None without a gap; an entry
        ``"Code: text"`` means absence only when the message also contains ``text`` (Macie
        answers ``AccessDeniedException`` "Macie is not enabled"). Every other error is
        recorded as a gap, so a None is never mistaken for "absent" by evaluation.
        """
        return self.outcome(
            method,
            service=service,
            region=region,
            resource_arn=resource_arn,
            absent_on=absent_on,
            **params,
        ).answer

    def outcome(
        self,
        method: str,
        *,
        service: str | None = None,
        region: str | None = None,
        resource_arn: str | None = None,
        absent_on: Iterable[str] = (),
        **params: Any,
    ) -> Outcome:
        """:meth:`call`, saying whether a None answer means "absent" or "failed" (for a
        collector that reacts to absence, where counting the unit's gaps would race with
        its other threads).
        """
        client = self.client(service, region)
        try:
            with self._timed():
                return Outcome(service_answer(getattr(client, method)(**params)))
        except UnitStopped as stopped:
            self._add_gap(client, method, stopped.code, stopped.message, resource_arn)
        except CALL_ERRORS as error:
            if _absence(error, absent_on):
                return Outcome(None, absent=True)
            self.record_gap(client, method, error, resource_arn)
        except (BadAnswerError, *MALFORMED_ANSWER_ERRORS) as error:
            self._add_gap(client, method, BAD_RESPONSE, _unreadable(error), resource_arn)
        return Outcome(None)

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
            with self._timed():
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
        """``fn`` over ``items`` on at most :data:`PER_RESOURCE_WORKERS` threads, results in
        input order.

        For per-resource reads; ``fn`` records gaps through this unit (appending to a list
        is atomic, and boto3 clients are thread-safe). Each thread works for this unit, so
        its requests obey the unit's time budget and Ctrl-C (refused, and recorded as gaps)
        and count as the unit's calls. When ``fn`` raises (a collector that cannot read an
        answer), the items not yet started are dropped and the exception reaches the
        runner, which records the unit's declared operations as gaps.
        """
        materialised = list(items)
        if len(materialised) <= 1:
            return [fn(item) for item in materialised]
        return map_in_order(
            self._for_this_unit(fn), materialised, PER_RESOURCE_WORKERS, "incloud-r"
        )

    def gather(self, *reads: Callable[[], Iterable[T]]) -> Iterator[T]:
        """The items of independent ``reads`` (listings that do not wait on each other),
        read at once on this unit's threads and yielded in the order of ``reads``.

        As when they run one after the other, a read that raises makes the iteration raise
        at its place: the items of the reads before it are yielded first.
        """

        def read_all(read: Callable[[], Iterable[T]]) -> list[T]:
            return list(read())

        futures = run_all(self._for_this_unit(read_all), reads, PER_RESOURCE_WORKERS, "incloud-g")
        for future in futures:
            yield from future.result()

    def both(self, first: Callable[[], T], second: Callable[[], U]) -> tuple[T, U]:
        """``first()`` and ``second()``, two reads that do not wait on each other, at once
        on this unit's threads (IAM lists its principals while the credential report is
        generated); an exception from either is raised once both have ended.
        """

        def run(read: Callable[[], Any]) -> Any:
            return read()

        one, two = run_all(self._for_this_unit(run), (first, second), 2, "incloud-b")
        return one.result(), two.result()

    def _for_this_unit(self, fn: Callable[[T], U]) -> Callable[[T], U]:
        """``fn`` run as this unit's work (see :func:`.stopping.working_for`)."""

        def for_this_unit(item: T) -> U:
            with working_for(self):
                return fn(item)

        return for_this_unit

    @contextmanager
    def _timed(self) -> Iterator[None]:
        """A request (or a listing's pages) of this unit: one of the at most
        :data:`PER_RESOURCE_WORKERS` in flight, its time added to :attr:`call_seconds`.
        """
        with self._in_flight:
            began = time.monotonic()
            try:
                yield
            finally:
                spent = time.monotonic() - began
                with self._timing:
                    self.call_seconds += spent

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


def _absence(error: Exception, absent_on: Iterable[str]) -> bool:
    """True when ``error`` is one ``absent_on`` names: by its code, or for a ``"Code: text"``
    entry by its code and a message containing ``text``.
    """
    code = _error_code(error)
    for entry in absent_on:
        wanted, _, text = entry.partition(": ")
        if wanted == code and (not text or text in _error_message(error)):
            return True
    return False


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
