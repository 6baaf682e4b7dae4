"""The dashboard in real Chromium: every page loads with no console error and asks only its
own server; the findings filters work; a hostile resource name stays inert text; the matrix
drills down to duties and evidence; and a non-loopback bind enforces its token.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import assert_one_line_error, run
from tests.posture_helpers import ACCOUNT, HOSTILE
from tests.report.browser import ARGS, CHROMIUM, VIEWPORT, wait_for_chromium
from tests.serve.dashboard_store import build

TOKEN = "correct-horse-battery-staple"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("dashboard") / "history.db")


@pytest.fixture(scope="module")
def base_url(store_path: Path) -> Iterator[str]:
    """The dashboard served in this process (uvicorn on a thread), on loopback."""
    import uvicorn

    from incloud.serve.app import create_app
    from incloud.store import open_posture_store

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(open_posture_store(str(store_path))), port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def context() -> Iterator[Any]:
    wait_for_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=ARGS, headless=True
        )
        yield browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
        browser.close()


class Watched:
    """A page and what it did that a dashboard page must never do."""

    def __init__(self, context: Any, origin: str) -> None:
        self.page = context.new_page()
        self.origin = origin
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", self._request)

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(message.text)

    def _request(self, request: Any) -> None:
        if not request.url.startswith(self.origin):
            self.foreign.append(request.url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.origin + path, wait_until="load")
        assert response is not None and response.status == 200, path
        return self.page

    def assert_clean(self) -> None:
        assert self.errors == [], "console or page errors"
        assert self.dialogs == [], "a dialog fired: script injected"
        assert self.foreign == [], "the page asked another origin"


@pytest.fixture
def watched(context: Any, base_url: str) -> Iterator[Watched]:
    page = Watched(context, base_url)
    yield page
    page.assert_clean()
    page.page.close()


PAGES = [
    "/",
    f"/accounts/{ACCOUNT}",
    f"/matrix/{ACCOUNT}",
    f"/matrix/{ACCOUNT}/s3",
    "/findings",
    f"/frameworks/{ACCOUNT}",
    f"/gaps/{ACCOUNT}",
]


def test_every_page_loads_clean_and_is_saved_as_a_screenshot(
    watched: Watched, tmp_path_factory: pytest.TempPathFactory
) -> None:
    shots = tmp_path_factory.mktemp("screenshots")
    for path in PAGES:
        page = watched.goto(path)
        assert page.locator("h1").inner_text()
        name = path.strip("/").replace("/", "-") or "overview"
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    print(f"screenshots in {shots}")
    assert len(list(shots.iterdir())) == len(PAGES)


def test_the_overview_names_each_account_and_the_one_not_read(watched: Watched) -> None:
    page = watched.goto("/")
    rows = page.locator("#accounts tbody tr")
    assert rows.count() == 2
    assert "Not read whole" in page.locator(".notice").inner_text()
    assert page.locator("#trends svg polyline").count() == 1  # the organisation's trend
    page.locator(f"#accounts a[href='/accounts/{ACCOUNT}']").click()
    page.wait_for_url(f"**/accounts/{ACCOUNT}")
    charts = page.locator("#trends svg")
    assert charts.count() == 2  # per domain, per framework
    assert page.locator("#trends polyline").count() >= 2


def test_findings_filters_search_and_muted(watched: Watched) -> None:
    page = watched.goto("/findings")
    total = page.locator("#findings tbody tr").count()
    assert total == 5  # four of the account's latest scan, one of the other account
    page.select_option("select[name=verdict]", "pass")  # the form submits on change
    page.wait_for_url("**verdict=pass**")
    assert page.locator("#findings tbody tr").count() == 1
    page.select_option("select[name=verdict]", "")
    page.wait_for_url("**verdict=&**")
    page.select_option("select[name=muted]", "yes")
    page.wait_for_url("**muted=yes**")
    assert page.locator("#findings tbody tr").count() == 1
    assert "archive" in page.locator("#findings tbody").inner_text()
    page.select_option("select[name=muted]", "")
    page.wait_for_url("**muted=&**")
    page.fill("#q", "imdsv2")
    page.click("button[type=submit]")
    page.wait_for_url("**q=imdsv2**")
    assert page.locator("#findings tbody tr").count() == 1
    page.select_option("select[name=sort]", "resource")
    page.wait_for_url("**sort=resource**")
    assert page.locator("#findings tbody tr").count() == 1


def test_a_hostile_resource_name_is_inert_text_everywhere(watched: Watched) -> None:
    for path in ("/findings", f"/gaps/{ACCOUNT}", f"/matrix/{ACCOUNT}/s3"):
        page = watched.goto(path)
        assert page.locator("img").count() == 0  # no element was injected
        text = page.locator("main").inner_text()
        assert "<img src=x onerror=alert(1)>" in text  # shown as text
        assert "\x1b" not in text and "\\x1b[31m" in text  # the escape shown, not obeyed
        assert "\u202e" not in text
    page = watched.goto("/findings?q=onerror")
    page.locator("#findings tbody a").first.click()  # the finding's history
    page.wait_for_url("**/findings/incloud-*")
    assert page.locator("main table tbody tr").count() == 2  # recorded on days 2 and 3
    assert HOSTILE not in page.content()


def test_the_matrix_drills_down_to_duties_and_evidence(watched: Watched) -> None:
    page = watched.goto(f"/matrix/{ACCOUNT}")
    cells = page.locator("table.heat a.cell")
    assert cells.count() == 4
    page.locator("table.heat a.cell.st-not_met").click()
    page.wait_for_url(f"**/matrix/{ACCOUNT}/s3#duty-public-access")
    assert page.locator("#duty-public-access").count() == 1
    assert "Evidence" in page.locator("main").inner_text()


def test_serving_beyond_loopback_needs_a_token(
    capsys: pytest.CaptureFixture[str], store_path: Path
) -> None:
    code, out, err = run(capsys, "serve", "--host", "0.0.0.0", "--store", str(store_path))
    assert (code, out) == (2, "")
    assert_one_line_error(err)
    assert "--token" in err
    code, _, err = run(capsys, "serve", "--token", "short", "--store", str(store_path))
    assert code == 2 and "at least 16 characters" in err


def test_a_non_loopback_bind_enforces_its_token(context: Any, store_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "INCLOUD_SERVE_TOKEN": TOKEN}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "incloud.cli",
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            str(port),
            "--store",
            str(store_path),
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/", timeout=2)
            except urllib.error.HTTPError:
                break  # up (and refusing)
            except OSError:
                assert server.poll() is None, server.communicate()[1]
                time.sleep(0.2)
        for path in ("/", "/api/overview", "/openapi.json", "/findings"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(base + path, timeout=5)
            assert refused.value.code == 401
        wrong = urllib.request.Request(
            base + "/api/overview", headers={"Authorization": "Bearer " + TOKEN[:-1] + "x"}
        )
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(wrong, timeout=5)
        right = urllib.request.Request(
            base + "/api/overview", headers={"Authorization": f"Bearer {TOKEN}"}
        )
        with urllib.request.urlopen(right, timeout=5) as answer:
            assert answer.status == 200
        page = context.new_page()
        assert page.goto(base + "/findings").status == 401
        page.goto(f"{base}/findings?token={TOKEN}&verdict=fail")  # the link: kept in a cookie
        assert page.url == f"{base}/findings?verdict=fail"
        assert page.locator("#findings tbody tr").count() >= 1
        assert page.goto(base + "/").status == 200  # the cookie carries it on
        page.close()
    finally:
        server.terminate()
        server.wait(10)
