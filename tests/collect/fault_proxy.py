"""A fault-injecting HTTP proxy between a boto3 client and moto's server.

:class:`FaultProxy` listens on ``127.0.0.1`` (a free port) and forwards every request to an
upstream endpoint (moto's threaded server), unless a rule says otherwise. A rule pairs a
predicate on the request (see :func:`operation`) with a :class:`Fault`, optionally for the
first ``times`` matching requests only::

    with FaultProxy(moto_url) as proxy:
        proxy.add_rule(operation("GetBucketPolicy", bucket="alpha"), Reset())
        with proxy.inject(operation("DescribeSecurityGroups"), Hang(), times=1) as rule:
            ...  # point a client at proxy.url
        assert rule.hits

Faults: :class:`Truncate` (a cleanly shortened body, or a full Content-Length and an early
close), :class:`Reset` (RST, no answer), :class:`Respond` (any status and body:
:func:`status`, :func:`garbage`), :class:`Hang` (no answer until the proxy stops or the
client gives up), :class:`Slow` (the answer, late) and :class:`Rewrite` (the real answer
with its body changed). The proxy records every request it saw (:attr:`FaultProxy.seen`)
with the AWS service and operation it names, so a test can assert a fault was really hit.
"""

from __future__ import annotations

import http.client
import json
import random
import select
import socket
import struct
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlsplit

LOOPBACK = "127.0.0.1"

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "expect",
    }
)
"""Headers that describe one connection, not the message: never forwarded."""

S3_BUCKET_READS = {
    "policy": "GetBucketPolicy",
    "acl": "GetBucketAcl",
    "publicAccessBlock": "GetPublicAccessBlock",
    "encryption": "GetBucketEncryption",
    "versioning": "GetBucketVersioning",
    "logging": "GetBucketLogging",
    "ownershipControls": "GetBucketOwnershipControls",
    "object-lock": "GetObjectLockConfiguration",
    "replication": "GetBucketReplication",
    "lifecycle": "GetBucketLifecycleConfiguration",
    "location": "GetBucketLocation",
    "tagging": "GetBucketTagging",
}
"""S3 ``GET /<bucket>?<subresource>`` requests and the operations they are."""

S3CONTROL_PREFIX = "/v20180820/"

STOP_POLL_SECONDS = 0.05
"""How often a waiting handler looks for the proxy stopping or the client leaving."""


# --- requests ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProxyRequest:
    """One request as the proxy received it, with the AWS service and operation it names.

    ``service`` and ``region`` come from the SigV4 credential scope of the ``Authorization``
    header; ``operation`` from ``X-Amz-Target`` (JSON protocols), the ``Action`` form field
    (query protocols), or the method and path (REST protocols: S3's bucket reads are named,
    anything else is ``"<METHOD> <path>"``).
    """

    method: str
    path: str
    query: Mapping[str, tuple[str, ...]]
    headers: Mapping[str, str]
    body: bytes
    service: str
    region: str
    operation: str
    bucket: str | None
    """For S3 bucket requests (path-style addressing), the bucket's name."""

    @property
    def action(self) -> str:
        """``service:Operation``, the form incloud's gaps and checks use."""
        return f"{self.service}:{self.operation}"

    @property
    def target(self) -> str:
        """The request line's target: path and query string, as sent."""
        query = "&".join(f"{k}={v}" if v else k for k, vs in self.query.items() for v in vs)
        return f"{self.path}?{query}" if query else self.path


def parse_request(
    method: str, target: str, headers: Mapping[str, str], body: bytes
) -> ProxyRequest:
    """Name the AWS service and operation of one HTTP request (see :class:`ProxyRequest`)."""
    split = urlsplit(target)
    path = unquote(split.path) or "/"
    query = {k: tuple(v) for k, v in parse_qs(split.query, keep_blank_values=True).items()}
    lowered = {k.lower(): v for k, v in headers.items()}
    service, region = _credential_scope(lowered.get("authorization", ""))
    bucket: str | None = None
    if "x-amz-target" in lowered:
        operation = lowered["x-amz-target"].rsplit(".", 1)[-1]
    elif "Action" in query:
        operation = query["Action"][0]
    elif lowered.get("content-type", "").startswith("application/x-www-form-urlencoded") and (
        action := parse_qs(body.decode("utf-8", "replace")).get("Action")
    ):
        operation = action[0]
    elif service == "s3" and path.startswith(S3CONTROL_PREFIX):
        service = "s3control"
        operation = _s3control_operation(method, path)
    elif service == "s3":
        bucket, operation = _s3_operation(method, path, query)
    else:
        operation = f"{method} {path}"
    return ProxyRequest(
        method=method,
        path=path,
        query=query,
        headers=dict(headers),
        body=body,
        service=service,
        region=region,
        operation=operation,
        bucket=bucket,
    )


def _credential_scope(authorization: str) -> tuple[str, str]:
    """(service, region) from ``Credential=<key>/<date>/<region>/<service>/aws4_request``."""
    _, found, rest = authorization.partition("Credential=")
    if not found:
        return "", ""
    parts = rest.split(",", 1)[0].strip().split("/")
    if len(parts) < 5:
        return "", ""
    return parts[3], parts[2]


def _s3_operation(
    method: str, path: str, query: Mapping[str, tuple[str, ...]]
) -> tuple[str | None, str]:
    bucket, _, key = path.lstrip("/").partition("/")
    if not bucket:
        return None, "ListBuckets" if method == "GET" else f"{method} /"
    if key:
        return bucket, {"GET": "GetObject", "HEAD": "HeadObject"}.get(method, f"{method} object")
    if method == "GET":
        for subresource, name in S3_BUCKET_READS.items():
            if subresource in query:
                return bucket, name
        return bucket, "ListObjectsV2" if query.get("list-type") == ("2",) else "ListObjects"
    return bucket, "HeadBucket" if method == "HEAD" else f"{method} bucket"


def _s3control_operation(method: str, path: str) -> str:
    if path.rstrip("/").endswith("/configuration/publicAccessBlock") and method == "GET":
        return "GetPublicAccessBlock"
    return f"{method} {path}"


Match = Callable[[ProxyRequest], bool]
"""A rule's selector: True for the requests the rule applies to."""


def operation(
    name: str,
    *,
    service: str | None = None,
    bucket: str | None = None,
    region: str | None = None,
) -> Match:
    """A selector for requests naming operation ``name`` (optionally also the service, the
    S3 bucket and the region; ``service`` is the SigV4 signing name, ``s3control`` for S3
    Control).
    """

    def matches(request: ProxyRequest) -> bool:
        return (
            request.operation == name
            and (service is None or request.service == service)
            and (bucket is None or request.bucket == bucket)
            and (region is None or request.region == region)
        )

    return matches


# --- faults --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upstream:
    """The upstream's real answer to a forwarded request."""

    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


class UpstreamError(RuntimeError):
    """The upstream could not be reached or answered garbage HTTP: a harness failure."""


class Exchange:
    """What a :class:`Fault` can do with one request: forward it, answer, close, wait."""

    def __init__(self, handler: _Handler, request: ProxyRequest) -> None:
        self._handler = handler
        self.request = request

    @property
    def stopping(self) -> threading.Event:
        """Set when the proxy stops: every waiting fault gives up then."""
        return self._handler.proxy.stopping

    def forward(self) -> Upstream:
        """Send the request upstream and read the whole answer."""
        return self._handler.proxy.forward(self.request)

    def send(
        self,
        status: int,
        body: bytes,
        headers: tuple[tuple[str, str], ...] = (),
        *,
        content_length: int | None = None,
        close: bool = False,
    ) -> None:
        """Answer ``status`` with ``body``; ``content_length`` announces another length (the
        connection then closes after ``body``), ``close`` closes it after the answer.
        """
        handler = self._handler
        announced = len(body) if content_length is None else content_length
        close = close or announced != len(body)
        handler.send_response(status)
        for name, value in headers:
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(announced))
        if close:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(body)
        handler.wfile.flush()

    def relay(self, answer: Upstream, body: bytes | None = None) -> None:
        """Pass ``answer`` on, with ``body`` instead of its own if given."""
        headers = answer.headers
        if self._handler.command == "HEAD":
            length = dict((k.lower(), v) for k, v in headers).get("content-length", "0")
            self.send(answer.status, b"", headers, content_length=int(length))
            return
        self.send(answer.status, answer.body if body is None else body, headers)

    def reset(self) -> None:
        """Close the connection with a TCP reset (SO_LINGER 0), answering nothing."""
        self._handler.abort()

    def wait(self, seconds: float | None) -> bool:
        """Wait ``seconds`` (None: for ever) or until the proxy stops or the client leaves;
        True if the time ran out.
        """
        return self._handler.wait(seconds)


class Fault:
    """Something the proxy does instead of (or to) the real answer."""

    def apply(self, exchange: Exchange) -> None:
        """Answer (or not) the request in ``exchange``."""
        raise NotImplementedError


@dataclass(frozen=True)
class Forward(Fault):
    """No fault: the real answer (the proxy's default)."""

    def apply(self, exchange: Exchange) -> None:
        """Relay the upstream's answer unchanged."""
        exchange.relay(exchange.forward())


@dataclass(frozen=True)
class Truncate(Fault):
    """The real status and headers, but only the first ``keep`` bytes of the body.

    By default Content-Length says ``keep``, so the client reads a complete, shorter body;
    with ``announce_full`` it says the real length and the connection closes early.
    """

    keep: int
    announce_full: bool = False

    def apply(self, exchange: Exchange) -> None:
        """Forward, then answer with the shortened body."""
        answer = exchange.forward()
        body = answer.body[: self.keep]
        length = len(answer.body) if self.announce_full else len(body)
        exchange.send(answer.status, body, answer.headers, content_length=length)


@dataclass(frozen=True)
class Reset(Fault):
    """Close the connection with a TCP reset, without answering (or forwarding)."""

    def apply(self, exchange: Exchange) -> None:
        """Reset the connection."""
        exchange.reset()


@dataclass(frozen=True)
class Respond(Fault):
    """Answer ``status`` with ``body`` (and ``content_type``) without asking the upstream."""

    status: int
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()

    def apply(self, exchange: Exchange) -> None:
        """Send the canned answer."""
        headers = self.headers
        if self.content_type is not None:
            headers = (("Content-Type", self.content_type), *headers)
        exchange.send(self.status, self.body, headers)


@dataclass(frozen=True)
class Hang(Fault):
    """Accept the request and never answer, until the proxy stops or the client leaves."""

    def apply(self, exchange: Exchange) -> None:
        """Wait; then close the connection without a word."""
        exchange.wait(None)
        exchange.reset()


@dataclass(frozen=True)
class Slow(Fault):
    """Answer after ``seconds`` (the real answer, or ``then``'s)."""

    seconds: float
    then: Fault = field(default_factory=Forward)

    def apply(self, exchange: Exchange) -> None:
        """Wait, then answer; give up if the proxy stops or the client leaves first."""
        if exchange.wait(self.seconds):
            self.then.apply(exchange)
        else:
            exchange.reset()


@dataclass(frozen=True)
class Rewrite(Fault):
    """The real answer with its body passed through ``change`` (Content-Length adjusted)."""

    change: Callable[[bytes], bytes]

    def apply(self, exchange: Exchange) -> None:
        """Forward, change the body, relay."""
        answer = exchange.forward()
        exchange.relay(answer, self.change(answer.body))


FORBIDDEN_HTML = (
    b"<!DOCTYPE html>\n<html><head><meta charset=utf-8><title>403 Forbidden</title></head>\n"
    b"<body><h1>Forbidden</h1><p>Access to this site is blocked by your organisation's "
    b"web filter.<br>Reference: 0x8f2a</p></body></html>\n"
)
"""What a corporate proxy answers for a blocked destination."""

SERVER_ERROR_HTML = (
    b"<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n"
    b"<body><h1>Internal Server Error</h1><p>The server encountered an internal error."
    b"<hr>nginx</p></body></html>\n"
)
"""A web server's generic error page."""

WEB_SERVER_HTML = (
    b"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n"
    b"<title>Welcome to nginx!</title></head>\n<body><h1>Welcome to nginx!</h1>\n"
    b"<p>If you see this page, the nginx web server is successfully installed.<br>\n"
    b"<a href=http://nginx.org/>nginx.org</a></p></body></html>\n"
)
"""A non-AWS web server's front page (HTML5: not well-formed XML)."""

WEB_SERVER_XHTML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
    b"<head><title>Captive portal</title></head><body><h1>Sign in to continue</h1>"
    b"<p>Please accept the terms of use to access the network.</p></body></html>\n"
)
"""A non-AWS page that happens to be well-formed XML (XHTML), such as a captive portal's."""

GarbageKind = Literal["html", "xhtml", "random", "json", "xml", "deep-json", "deep-xml"]

DEEP = 5_000
"""The nesting depth of :func:`deep_json` and :func:`deep_xml` by default."""


def deep_json(depth: int = DEEP) -> bytes:
    """A JSON document nested ``depth`` levels: ``{"a":{"a":...{}...}}``."""
    return b'{"a":' * (depth - 1) + b"{}" + b"}" * (depth - 1)


def deep_xml(depth: int = DEEP) -> bytes:
    """An XML document nested ``depth`` elements deep."""
    return b"<a>" * depth + b"x" + b"</a>" * depth


def random_bytes(size: int = 2048, seed: int = 7) -> bytes:
    """``size`` reproducible random bytes."""
    return random.Random(seed).randbytes(size)


def garbage(kind: GarbageKind, status: int = 200) -> Respond:
    """An answer (200 by default) whose body is not the AWS response asked for."""
    bodies: dict[str, tuple[bytes, str]] = {
        "html": (WEB_SERVER_HTML, "text/html; charset=utf-8"),
        "xhtml": (WEB_SERVER_XHTML, "text/html; charset=utf-8"),
        "random": (random_bytes(), "application/octet-stream"),
        "json": (json.dumps({"items": [1, 2, 3], "ok": True}).encode(), "application/json"),
        "xml": (b"<catalog><book id='1'><title>XML</title></book></catalog>", "text/xml"),
        "deep-json": (deep_json(), "application/json"),
        "deep-xml": (deep_xml(), "text/xml"),
    }
    body, content_type = bodies[kind]
    return Respond(status, body, content_type)


def status(code: int, body: bytes = b"", content_type: str | None = None) -> Respond:
    """Answer HTTP ``code`` with ``body`` (HTML unless ``content_type`` says otherwise)."""
    return Respond(code, body, content_type or ("text/html; charset=utf-8" if body else None))


# --- the proxy -----------------------------------------------------------------------------


@dataclass
class Rule:
    """A fault for the requests ``match`` selects; only the first ``times`` if given."""

    match: Match
    fault: Fault
    times: int | None = None
    hits: list[ProxyRequest] = field(default_factory=list)
    """The requests this rule faulted, in order."""

    @property
    def spent(self) -> bool:
        """True once the rule has faulted ``times`` requests."""
        return self.times is not None and len(self.hits) >= self.times


class FaultProxy:
    """An HTTP proxy on ``127.0.0.1`` that forwards to ``upstream`` and injects faults.

    Use it as a context manager (or :meth:`start`/:meth:`stop`); :attr:`url` is the endpoint
    to give clients. Stopping releases every waiting handler (:class:`Hang`, :class:`Slow`)
    and closes every open connection.
    """

    def __init__(self, upstream: str, *, upstream_timeout: float = 30.0) -> None:
        split = urlsplit(upstream)
        if split.scheme != "http" or not split.hostname:
            raise ValueError(f"upstream must be an http:// URL, not {upstream!r}")
        self.upstream_host = split.hostname
        self.upstream_port = split.port or 80
        self.upstream_timeout = upstream_timeout
        self.stopping = threading.Event()
        self._rules: list[Rule] = []
        self._seen: list[ProxyRequest] = []
        self._errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    @property
    def url(self) -> str:
        """The proxy's endpoint, e.g. ``http://127.0.0.1:53123``; only while running."""
        if self._server is None:
            raise RuntimeError("the fault proxy is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        """Listen on a free loopback port and serve in a background thread (idempotent)."""
        if self._server is not None:
            return
        self.stopping.clear()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fault-proxy",
            daemon=True,
        )
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving, release waiting handlers, close connections (idempotent)."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self.stopping.set()
        server.shutdown()
        thread.join(timeout)
        server.close_connections()
        server.server_close()
        server.join_handlers(timeout)
        self._server = self._thread = None

    def __enter__(self) -> FaultProxy:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # rules

    def add_rule(self, match: Match, fault: Fault, *, times: int | None = None) -> Rule:
        """Apply ``fault`` to the requests ``match`` selects (the first ``times`` of them).

        Rules are tried in the order added; the first live one that matches wins.
        """
        rule = Rule(match, fault, times)
        with self._lock:
            self._rules.append(rule)
        return rule

    def remove_rule(self, rule: Rule) -> None:
        """Stop applying ``rule`` (no error if it is gone already)."""
        with self._lock:
            if rule in self._rules:
                self._rules.remove(rule)

    def clear(self) -> None:
        """Drop every rule and forget the requests seen and the errors."""
        with self._lock:
            self._rules.clear()
            self._seen.clear()
            self._errors.clear()

    @contextmanager
    def inject(self, match: Match, fault: Fault, *, times: int | None = None) -> Iterator[Rule]:
        """:meth:`add_rule` for the duration of a ``with`` block."""
        rule = self.add_rule(match, fault, times=times)
        try:
            yield rule
        finally:
            self.remove_rule(rule)

    # what was seen

    @property
    def seen(self) -> list[ProxyRequest]:
        """Every request received so far (until :meth:`clear`), in arrival order."""
        with self._lock:
            return list(self._seen)

    @property
    def errors(self) -> list[BaseException]:
        """The proxy's own failures (an unreachable upstream, a fault that raised): each
        also answered 502, so a test can tell a broken harness from a collector's gap.
        """
        with self._lock:
            return list(self._errors)

    def record_error(self, error: BaseException) -> None:
        """Remember one of the proxy's own failures."""
        with self._lock:
            self._errors.append(error)

    def actions(self) -> list[str]:
        """``service:Operation`` of every request seen, in arrival order."""
        return [r.action for r in self.seen]

    # used by the handlers

    def route(self, request: ProxyRequest) -> Fault:
        """Record ``request`` and pick its fault (:class:`Forward` if no rule applies)."""
        with self._lock:
            self._seen.append(request)
            for rule in self._rules:
                if not rule.spent and rule.match(request):
                    rule.hits.append(request)
                    return rule.fault
        return Forward()

    def forward(self, request: ProxyRequest) -> Upstream:
        """Send ``request`` to the upstream on a fresh connection; its whole answer."""
        connection = http.client.HTTPConnection(
            self.upstream_host, self.upstream_port, timeout=self.upstream_timeout
        )
        try:
            return self._forward(connection, request)
        except (OSError, http.client.HTTPException) as error:
            raise UpstreamError(f"{request.action}: {error!r}") from error
        finally:
            connection.close()

    @staticmethod
    def _forward(connection: http.client.HTTPConnection, request: ProxyRequest) -> Upstream:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["Content-Length"] = str(len(request.body))
        connection.request(request.method, request.target, body=request.body, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return Upstream(
            status=response.status,
            reason=response.reason,
            headers=tuple(response.getheaders()),
            body=body,
        )


class _Server(ThreadingHTTPServer):
    """The listening socket; remembers live connections and handler threads for stop()."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, proxy: FaultProxy) -> None:
        self.proxy = proxy
        self._connections: set[socket.socket] = set()
        self._handlers: set[threading.Thread] = set()
        self._tracking = threading.Lock()
        super().__init__((LOOPBACK, 0), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve one connection on its own thread, tracked until it ends."""
        thread = threading.Thread(
            target=self._serve, args=(request, client_address), daemon=True, name="fault-proxy-h"
        )
        with self._tracking:
            self._connections.add(request)
            self._handlers.add(thread)
        thread.start()

    def _serve(self, request: socket.socket, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._tracking:
                self._connections.discard(request)
                self._handlers.discard(threading.current_thread())

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that vanish mid-answer are expected here; stay quiet."""

    def close_connections(self) -> None:
        """Shut every live connection, waking handlers blocked reading the next request."""
        with self._tracking:
            connections = list(self._connections)
        for connection in connections:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def join_handlers(self, timeout: float) -> None:
        """Wait for the handler threads to finish."""
        with self._tracking:
            handlers = list(self._handlers)
        for thread in handlers:
            thread.join(timeout)


class _Handler(BaseHTTPRequestHandler):
    """One client connection: read each request, route it, apply its fault."""

    protocol_version = "HTTP/1.1"
    server: _Server

    @property
    def proxy(self) -> FaultProxy:
        """The proxy this handler serves."""
        return self.server.proxy

    def _exchange(self) -> None:
        body = self._read_body()
        request = parse_request(self.command, self.path, dict(self.headers.items()), body)
        fault = self.proxy.route(request)
        try:
            fault.apply(Exchange(self, request))
        except UpstreamError as error:
            self._fail(error)
        except OSError:
            # The client left (or was reset) mid-answer: nothing more to do here.
            self.close_connection = True
        except Exception as error:  # noqa: BLE001 (a broken fault: recorded, answered 502)
            self._fail(error)

    def _fail(self, error: BaseException) -> None:
        """Record a failure of the proxy itself and answer 502 if the client still listens."""
        self.proxy.record_error(error)
        self.close_connection = True
        with suppress(OSError):
            self.send_response(502)
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.flush()

    # http.server dispatches on these names.
    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = _exchange  # noqa: N815

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def abort(self) -> None:
        """Close the connection now with a TCP reset."""
        self.close_connection = True
        with suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # The buffered reader holds a reference to the socket; both must go for the close
        # to happen (and the RST to be sent) now.
        with suppress(OSError):
            self.rfile.close()
        with suppress(OSError):
            self.connection.close()

    def wait(self, seconds: float | None) -> bool:
        """See :meth:`Exchange.wait`."""
        stopping = self.proxy.stopping
        remaining = seconds
        while remaining is None or remaining > 0:
            step = STOP_POLL_SECONDS if remaining is None else min(STOP_POLL_SECONDS, remaining)
            if stopping.wait(step) or self._client_left():
                return False
            if remaining is not None:
                remaining -= step
        return True

    def _client_left(self) -> bool:
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            peeked: bytes = self.connection.recv(1, socket.MSG_PEEK)
            return peeked == b""
        except OSError:
            return True

    def log_message(self, format: str, *args: Any) -> None:
        """No access log on standard error."""
