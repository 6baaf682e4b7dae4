"""A moto server on a free loopback port, run in-process for the demo account.

Nothing happens at import: moto is imported, and its environment set, only when the server
starts, so importing this module costs nothing when the demo is not used.

moto keeps its emulated accounts in process-global state, shared with ``mock_aws``. The server
therefore resets that state when it starts (each demo is a fresh account) and when it stops
(the demo leaks nothing into later mocks or demos in the same process), and only one server may
run per process at a time.

``DemoServer(separate_process=True)`` runs moto's server as a child process instead (``python -m
moto.server``): it then answers on the other core while the scan runs on this one, instead of
sharing this process's interpreter lock with it (``demo --org`` sends moto some 10,000 requests).
The child's state is its own, so nothing needs resetting; it is stopped with the server.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from types import TracebackType
from typing import Any, ClassVar

from ..errors import InputError

LOOPBACK = "127.0.0.1"
_NO_DEFAULT_AMIS = ("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
START_SECONDS = 30.0
"""How long a separate server process may take to accept connections."""


class DemoServer:
    """moto's threaded server on ``127.0.0.1`` and a free port, as a context manager.

    >>> with DemoServer() as server:  # doctest: +SKIP
    ...     seed(server.endpoint_url)
    """

    _running: ClassVar[DemoServer | None] = None

    def __init__(self, *, separate_process: bool = False) -> None:
        self._server: Any = None
        self._child: subprocess.Popen[bytes] | None = None
        self._endpoint_url: str | None = None
        self._set_env = False
        self.separate_process = separate_process

    @property
    def endpoint_url(self) -> str:
        """The server's base URL, e.g. ``http://127.0.0.1:53123``; only while running."""
        if self._endpoint_url is None:
            raise RuntimeError("the demo server is not running")
        return self._endpoint_url

    def start(self) -> None:
        """Start the server (idempotent) and wait until it accepts connections."""
        if self._server is not None or self._child is not None:
            return
        if self.separate_process:
            self._start_child()
            return
        if DemoServer._running is not None:
            raise RuntimeError("a demo server is already running in this process")
        # moto otherwise loads thousands of AMIs into every region it touches: slow and noisy.
        name, value = _NO_DEFAULT_AMIS
        self._set_env = name not in os.environ
        os.environ.setdefault(name, value)
        try:
            from moto.server import ThreadedMotoServer
        except ImportError as exc:
            raise InputError("the demo needs moto: pip install 'incloud[demo]'") from exc
        # werkzeug logs a line per request at INFO, and a full traceback at ERROR for every
        # API moto has not implemented; the collector records those as coverage gaps.
        logging.getLogger("werkzeug").setLevel(logging.CRITICAL)
        _silence_unknown_host_notice()
        server = ThreadedMotoServer(ip_address=LOOPBACK, port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        self._server, DemoServer._running = server, self
        self._endpoint_url = f"http://{host}:{port}"
        self._reset()

    def stop(self) -> None:
        """Stop the server (idempotent); all seeded state is lost."""
        if self._child is not None:
            child, self._child, self._endpoint_url = self._child, None, None
            _end(child)
            return
        if self._server is None:
            return
        try:
            self._reset()
        finally:
            server, self._server, self._endpoint_url = self._server, None, None
            DemoServer._running = None
            server.stop()
            if self._set_env:
                os.environ.pop(_NO_DEFAULT_AMIS[0], None)
                self._set_env = False

    def _start_child(self) -> None:
        """Start ``python -m moto.server`` on a free loopback port and wait for it."""
        try:
            import moto.server  # noqa: F401  (present: the child can run it)
        except ImportError as exc:
            raise InputError("the demo needs moto: pip install 'incloud[demo]'") from exc
        port = _free_port()
        name, value = _NO_DEFAULT_AMIS
        child = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", LOOPBACK, "-p", str(port)],
            env={**os.environ, name: os.environ.get(name, value)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_SECONDS
        while child.poll() is None and time.monotonic() < deadline:
            try:
                socket.create_connection((LOOPBACK, port), timeout=0.5).close()
            except OSError:
                time.sleep(0.1)
                continue
            self._child, self._endpoint_url = child, f"http://{LOOPBACK}:{port}"
            return
        _end(child)
        raise InputError(f"the demo's moto server did not start on {LOOPBACK}:{port}")

    def _reset(self) -> None:
        """Empty moto's process-wide state through its documented reset endpoint."""
        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _silence_unknown_host_notice() -> None:
    """Moto's dispatcher *prints* "Unable to find appropriate backend for <host>" to standard
    output for services it lacks (IAM Access Analyzer, for one), which would corrupt
    ``--format json`` on stdout. The collector already records those calls as coverage gaps,
    so the notice is dropped by shadowing ``print`` in that one moto module.
    """
    from moto.moto_server import werkzeug_app

    werkzeug_app.print = _discard  # type: ignore[attr-defined]


def _discard(*_: object, **__: object) -> None:
    """Swallow one notice (see :func:`_silence_unknown_host_notice`)."""


def _free_port() -> int:
    """A loopback port free now (the child binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def _end(child: subprocess.Popen[bytes]) -> None:
    """Stop a server process: terminate, then kill if it lingers."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
