"""The dashboard's pages: the report's Jinja2 environment rules (autoescape, every expression
made printable first, strict names) over the dashboard's templates and the report's layout,
with the report's stylesheet and a Content-Security-Policy that allows only the page's own
inline style and script (:mod:`incloud.report.page`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import __version__
from ..report import page

SCRIPT = "dashboard.js"
STYLE = "dashboard.css"


@cache
def environment() -> Environment:
    """The dashboard's templates first, then the report's (``_layout.html``)."""
    return Environment(
        loader=ChoiceLoader(
            [
                PackageLoader("incloud.serve", "templates"),
                PackageLoader("incloud.report", "templates"),
            ]
        ),
        autoescape=True,
        finalize=page._inert,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _asset(name: str) -> str:
    text = resources.files("incloud.serve").joinpath("templates", name).read_text("utf-8")
    lowered = text.lower()
    if not text.isascii() or any(s in lowered for s in ("</script", "</style", "<!--")):
        raise ValueError(f"{name} must be ASCII without a sequence that ends its inline block")
    return text


@cache
def _blocks() -> tuple[str, str, str]:
    css = page.asset(page.BASE_CSS) + _asset(STYLE)
    js = _asset(SCRIPT)
    policy = page.content_security_policy(scripts=[js], styles=[css])
    # the findings filter is a GET form to this server: the report's "form-action 'none'"
    # would block it
    return css, js, policy.replace("form-action 'none'", "form-action 'self'")


def policy() -> str:
    """The Content-Security-Policy of every page (also sent as a header)."""
    return _blocks()[2]


def render(template: str, **context: Any) -> str:
    """A page: ``template`` with ``context``, pure ASCII."""
    css, js, csp = _blocks()
    text = (
        environment()
        .get_template(template)
        .render(csp=csp, css=Markup(css), js=Markup(js), data=None, version=__version__, **context)
    )
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")
