r"""What every HTML page incloud writes shares: the Jinja2 environment, the inline assets, the
Content-Security-Policy that allows exactly them, and the JSON block a page's script reads.

The assessment's page (:mod:`.html`) and the organisation's (:mod:`.org.html`) both extend
``templates/_layout.html`` and are rendered by :func:`render_page`:

* **Visible escapes first.** The environment's ``finalize`` passes every ``{{ expression }}``
  through :func:`.inert.printable`: controls, bidi overrides and invisible characters become
  ``\x1b``, ``\u202e``..., so nothing reorders or hides text and a reader sees the attack.
* **HTML escaping.** Autoescape is on: every expression is escaped, in text and attributes.
  Only the blocks incloud writes (the style, the script, the JSON data) are ``Markup``.
* **Data for a script** is one ``<script type="application/json">`` block, never code
  (:func:`embed_json`).
* **Content-Security-Policy** (:func:`content_security_policy`): ``default-src 'none'``; the
  page's one inline script and one style are allowed by their SHA-256 hashes, no
  ``'unsafe-inline'`` nor ``'unsafe-eval'``, no base URL, no form target. Pages never use
  ``style=""`` attributes (the policy refuses them): bars are SVG presentation attributes.

A page is pure ASCII (character references for the rest), whatever encoding writes it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .inert import inert_json, printable

BASE_CSS = "base.css"
"""The stylesheet every page starts with (colours, layout, tables, statuses, badges, bars)."""

_JSON_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def render_page(
    template: str,
    *,
    styles: Sequence[str],
    script: str,
    data: Any = None,
    **context: Any,
) -> str:
    """``template`` (which extends ``_layout.html``) rendered with ``context``: its style is
    :data:`BASE_CSS` followed by ``styles`` (asset names), its script the asset ``script``, and
    ``data`` (when not None) the JSON block ``#incloud-data``; the result is pure ASCII.
    """
    css = "".join(asset(name) for name in (BASE_CSS, *styles))
    js = asset(script)
    page = (
        environment()
        .get_template(template)
        .render(
            csp=content_security_policy(scripts=[js], styles=[css]),
            css=Markup(css),
            js=Markup(js),
            data=None if data is None else Markup(embed_json(data)),
            **context,
        )
    )
    # Character references outside the inline blocks (ASCII themselves: see asset and
    # embed_json).
    return page.encode("ascii", "xmlcharrefreplace").decode("ascii")


def content_security_policy(*, scripts: list[str], styles: list[str]) -> str:
    """The page's policy: nothing loads, only the given inline blocks run or apply."""
    script = " ".join(source_hash(s) for s in scripts)
    style = " ".join(source_hash(s) for s in styles)
    return (
        f"default-src 'none'; script-src {script}; style-src {style}; img-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def source_hash(text: str) -> str:
    """The CSP source expression of an inline block's exact text: ``'sha256-<base64>'``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def embed_json(value: Any) -> str:
    r"""``value`` as JSON safe inside ``<script type="application/json">``: ``<``, ``>``,
    ``&`` and every character outside ASCII (the JavaScript line terminators U+2028 and
    U+2029 among them) written as ``\uXXXX``; ``JSON.parse`` reads the same value back.
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return inert_json(text).translate(_JSON_ESCAPES)  # inert_json: DEL, the one ASCII left


def _inert(value: Any) -> Any:
    """Jinja2's ``finalize``: whatever the template prints, made printable first (autoescape
    then escapes it); only the template's own ``Markup`` (macros, inline blocks) is kept.
    """
    if isinstance(value, Markup):
        return value
    return printable(str(value))


@cache
def environment() -> Environment:
    """The templates' environment: autoescape, every expression printable, strict names."""
    return Environment(
        loader=PackageLoader("incloud.report", "templates"),
        autoescape=True,
        finalize=_inert,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def asset(name: str) -> str:
    """An inline block's text (``templates/NAME``); it must not be able to close its element
    early, and it is ASCII (so its hash is that of the bytes the browser reads).
    """
    text = resources.files("incloud.report").joinpath("templates", name).read_text("utf-8")
    lowered = text.lower()
    if not text.isascii() or any(s in lowered for s in ("</script", "</style", "<!--")):
        raise ValueError(f"{name} must be ASCII without a sequence that ends its inline block")
    return text
