"""Policy variables: ``${aws:username}``, ``${aws:PrincipalTag/team}``, defaults and escapes.

IAM User Guide, "IAM policy elements: Variables and tags": in a 2012-10-17 policy, ``${key}`` in
``Resource`` and in string and ARN condition values is replaced by the request's value for the
key; ``${key, 'default'}`` gives a default; ``${*}``, ``${?}`` and ``${$}`` stand for the literal
characters. A variable whose key is absent (and has no default) makes that element not match.
"""

from __future__ import annotations

import re

from .context import UNKNOWN_VALUE, RequestContext

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_ESCAPES = {"*": "*", "?": "?", "$": "$"}
_DEFAULT = re.compile(r"^\s*([^,]+?)\s*,\s*'([^']*)'\s*$")


class Unresolvable(Exception):  # noqa: N818 - a control-flow signal, not an error
    """A variable's key is absent from the request and has no default."""


class Unknowable(Exception):  # noqa: N818 - a control-flow signal, not an error
    """A variable's key has a value the caller marked as unknown."""


def substitute(text: str, context: RequestContext) -> str:
    """``text`` with its variables replaced; escaped wildcards become literal characters.

    The result marks literal ``*`` and ``?`` that came from ``${*}`` and ``${?}`` with a
    backslash, so wildcard matching can tell them from real wildcards.
    """

    def replace(match: re.Match[str]) -> str:
        body = match.group(1)
        if body in _ESCAPES:
            return "\\" + _ESCAPES[body] if body in "*?" else "$"
        default = None
        parsed = _DEFAULT.match(body)
        if parsed:
            body, default = parsed.group(1), parsed.group(2)
        values = context.get(body.strip())
        if values is None:
            if default is None:
                raise Unresolvable(body)
            return _escape(default)
        if values == UNKNOWN_VALUE:
            raise Unknowable(body)
        if len(values) != 1:
            raise Unresolvable(body)  # a multivalued key cannot stand in a single string
        return _escape(values[0])

    return _VARIABLE.sub(replace, text)


def _escape(value: str) -> str:
    """A substituted value is literal: its ``*`` and ``?`` are not wildcards."""
    return value.replace("*", "\\*").replace("?", "\\?")
