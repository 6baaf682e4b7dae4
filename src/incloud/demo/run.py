"""Running the demo: a seeded moto server, scanned through exactly the live code path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from ..collect.session import SessionOptions

DEMO_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}
"""Fake credentials for the emulator, found by boto3's standard chain like real ones."""

_HIDDEN = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE")


@contextmanager
def demo_environment() -> Iterator[None]:
    """Point the standard credential chain at fake keys, restoring the environment after."""
    saved = {key: os.environ.get(key) for key in (*DEMO_CREDENTIALS, *_HIDDEN)}
    os.environ.update(DEMO_CREDENTIALS)
    for key in _HIDDEN:
        os.environ.pop(key, None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def demo_options() -> Iterator[SessionOptions]:
    """Start and seed the demo account; yield the options that scan it."""
    from .seed import seed
    from .server import DemoServer

    with DemoServer() as server, demo_environment():
        summary = seed(server.endpoint_url)
        yield SessionOptions(endpoint_url=server.endpoint_url, regions=summary.regions)
