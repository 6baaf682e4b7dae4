"""Debian's Chromium driven by Playwright, for tests that open a report in a real browser.

Playwright's own browser download is not reachable here: Chromium is the system package
(``make browser``), launched headless with a fresh profile and without its background
connections (the network is closed; refused connections would show up as noise). Tests that
need it are skipped, with the reason, when Chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Dialog, Error, Page, Request

CHROMIUM = Path(os.environ.get("INCLOUD_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1440, "height": 1000}


def wait_for_chromium(timeout: float = 600.0) -> None:
    """Wait while Chromium is being installed (the file appears, then becomes executable);
    skip the calling test when it never does or Playwright is not installed.
    """
    pytest.importorskip("playwright.sync_api")
    deadline = time.monotonic() + timeout
    while not os.access(CHROMIUM, os.X_OK) and time.monotonic() < deadline:
        time.sleep(2)
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} not installed (make browser)")


@dataclass
class Watch:
    """What a page did that a report must never do: console errors (a CSP violation is one),
    uncaught errors, dialogs (``alert``), and requests other than the report file itself.
    """

    url: str
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        """Keep console errors and warnings (CSP violations are errors)."""
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")

    def page_error(self, error: Error) -> None:
        """Keep an uncaught exception."""
        self.errors.append(f"page error: {error}")

    def dialog(self, dialog: Dialog) -> None:
        """Keep and dismiss a dialog."""
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def request(self, request: Request) -> None:
        """Keep every URL the page asks for."""
        self.requests.append(request.url)

    def assert_clean(self) -> None:
        """Nothing of the above happened."""
        assert self.errors == [], "console or page errors"
        assert self.dialogs == [], "a dialog fired: script injected"
        assert [r for r in self.requests if r != self.url] == [], "the page loaded something"


class Browser:
    """One Chromium for a test module: ``open(path)`` gives a watched page."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._profile = tempfile.mkdtemp(prefix="incloud-chromium-")
        self._playwright = sync_playwright().start()
        self.context = self._playwright.chromium.launch_persistent_context(
            self._profile,
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport=VIEWPORT,  # type: ignore[arg-type]
            offline=True,
        )

    def open(self, path: Path, ready: str = "#table[data-ready-ms]") -> tuple[Page, Watch]:
        """A new page on ``path`` (a file), loaded (``ready``: the selector its script sets
        when done), with its :class:`Watch`.
        """
        page = self.context.new_page()
        watch = Watch(path.resolve().as_uri())
        page.on("console", watch.console)
        page.on("pageerror", watch.page_error)
        page.on("dialog", watch.dialog)
        page.on("request", watch.request)
        page.goto(watch.url, wait_until="load")
        page.wait_for_selector(ready)
        return page, watch

    def close(self) -> None:
        """Close the browser and remove its profile."""
        self.context.close()
        self._playwright.stop()
        shutil.rmtree(self._profile, ignore_errors=True)


@contextmanager
def chromium() -> Iterator[Browser]:
    """A :class:`Browser`, closed afterwards."""
    wait_for_chromium()
    browser = Browser()
    try:
        yield browser
    finally:
        browser.close()
