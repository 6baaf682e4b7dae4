"""``incloud serve``: the read-only dashboard over the scan store (docs/history.md)."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from ..errors import InputError
from .app import app
from .options import History, grouped
from .running import err

TOKEN_ENV = "INCLOUD_SERVE_TOKEN"
MIN_TOKEN = 16


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command("serve")
@grouped(History)
def serve_command(
    *,
    host: Annotated[
        str,
        typer.Option(help="Address to bind: loopback by default; any other needs --token."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8080,
    token: Annotated[
        str | None,
        typer.Option(
            envvar=TOKEN_ENV,
            show_envvar=True,
            help=f"Every request must carry it (Authorization: Bearer TOKEN, or open "
            f"/?token=TOKEN once); required to bind anything but loopback; at least "
            f"{MIN_TOKEN} characters.",
        ),
    ] = None,
    history: History,
) -> None:
    """A web dashboard over the store: overview per account and for the organisation, the
    matrix as a heat map, the findings explorer, frameworks, trends and coverage gaps, and its
    JSON API (/openapi.json). Read-only.
    """
    if not is_loopback(host) and token is None:
        raise InputError(
            f"--host {host[:60]} is not loopback: give --token (or ${TOKEN_ENV}) so that "
            "only those who hold it can read the dashboard"
        )
    if token is not None and len(token) < MIN_TOKEN:
        raise InputError(f"--token must be at least {MIN_TOKEN} characters")
    try:
        import uvicorn

        from ..serve.app import create_app
    except ModuleNotFoundError as error:
        raise InputError(
            f"incloud serve needs {error.name} (pip install 'incloud[server]')"
        ) from None
    store = history.to_read()
    err(f"incloud: serving {store.url} on http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(create_app(store, token), host=host, port=port, log_level="warning")
