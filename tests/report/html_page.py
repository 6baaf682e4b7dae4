"""Reading an incloud HTML page as text: its tags, inline blocks and text (:class:`Page`), and
the checks every page must pass: a CSP that allows exactly its inline blocks by hash, and
nothing loaded from anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from typing import Any

URL_ATTRIBUTES = {"src", "href", "action", "formaction", "srcset", "poster", "data", "ping"}


class Page(HTMLParser):
    """The parts of a page the tests look at: tags and attributes, inline blocks, text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: list[tuple[str, dict[str, str | None], str]] = []
        self.text: list[str] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._raw: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open, self._raw = (tag, dict(attrs)), []

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == self._open[0]:
            self.blocks.append((tag, self._open[1], "".join(self._raw)))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._raw.append(data)
        else:
            self.text.append(data)

    def meta_csp(self) -> str:
        (csp,) = [
            attrs["content"] or ""
            for tag, attrs in self.tags
            if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
        ]
        return csp

    def data(self) -> dict[str, Any]:
        (text,) = [
            raw
            for tag, attrs, raw in self.blocks
            if tag == "script" and attrs.get("type") == "application/json"
        ]
        loaded: dict[str, Any] = json.loads(text)
        return loaded


def assert_csp_by_hash(text: str) -> None:
    """The policy allows nothing but the page's one inline script and one style, by the
    SHA-256 of their exact text, and comes before anything it governs; no inline handlers or
    style attributes.
    """
    page = Page(text)
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in page.meta_csp().split(";") if part.strip()
    )
    assert directives["default-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'none'"]
    for tag, directive in (("script", "script-src"), ("style", "style-src")):
        inline = [raw for t, attrs, raw in page.blocks if t == tag and "type" not in attrs]
        assert len(inline) == 1
        digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
        assert directives[directive] == [f"'sha256-{digest}'"]
    assert "unsafe" not in page.meta_csp()
    assert not [a for _, attrs in page.tags for a in attrs if a == "style" or a.startswith("on")]
    head = [tag for tag, _ in page.tags]
    assert head.index("meta") < head.index("style") < head.index("script")
    assert text.index("Content-Security-Policy") < text.index("<style>")


def assert_nothing_loaded(text: str, links: re.Pattern[str] | None = None) -> None:
    """No element that loads anything, URL attributes only in-page (``#...``) or, for
    ``<a href>``, matching ``links``; the inline blocks name no URL, and a URL elsewhere is
    only text a person reads.
    """
    page = Page(text)
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if name not in URL_ATTRIBUTES:
                continue
            linked = tag == "a" and name == "href" and links is not None
            assert (value or "").startswith("#") or (
                linked and links is not None and links.fullmatch(value or "")
            ), f"<{tag} {name}={value!r}>"
        assert tag not in {"img", "link", "iframe", "object", "embed", "base", "form"} or (
            tag == "form" and "action" not in attrs
        )
    for _, _, raw in page.blocks:
        if raw.startswith("{"):
            continue  # the data block: account text, read as text
        for word in ("http:", "https:", "//", "url(", "@import", "@font-face"):
            assert word not in raw.replace("// ", "").replace("//\n", ""), word
    outside = re.sub(r'<script type="application/json".*?</script>', "", text, flags=re.S)
    texts = "".join(page.text)
    for match in re.finditer(r"https?://[^\s<\"']+", outside):
        assert match.group() in texts
