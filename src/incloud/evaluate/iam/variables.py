"""Policy variables: ``${aws:username}``, ``${aws:PrincipalTag/team}``, defaults and escapes.

IAM User Guide, "IAM policy elements: Variables and tags": in a 2012-10-17 policy, ``${key}`` in
``Resource`` and in string and ARN condition values is replaced by the request's value for the
key; ``${key, 'default'}`` gives a default; ``${*}``, ``${?}`` and ``${$}`` stand for the literal
characters. A variable whose key is absent (and has no default) makes that element not match.
"""

from __future__ import annotations

from collections.abc import Iterator

from .context import UNKNOWN_VALUE, RequestContext

_ESCAPES = {"*": "*", "?": "?", "$": "$"}


class Unresolvable(Exception):  # noqa: N818 - a control-flow signal, not an error
    """A variable's key is absent from the request and has no default."""


class Unknowable(Exception):  # noqa: N818 - a control-flow signal, not an error
    """A variable's key has a value the caller marked as unknown."""


def substitute(text: str, context: RequestContext) -> str:
    """``text`` with its variables replaced; escaped wildcards become literal characters.

    The result marks literal ``*`` and ``?`` that came from ``${*}`` and ``${?}`` with a
    backslash, so wildcard matching can tell them from real wildcards.
    """
    pieces: list[str] = []
    position = 0
    for start, end, body in _variables(text):
        pieces += [text[position:start], _value(body, context)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _value(body: str, context: RequestContext) -> str:
    """What one variable (the text between ``${`` and ``}``) stands for."""
    if body in _ESCAPES:
        return "\\" + _ESCAPES[body] if body in "*?" else "$"
    body, default = _split_default(body)
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


def _variables(text: str) -> Iterator[tuple[int, int, str]]:
    r"""(start, end, body) of each ``${body}``, left to right; a body ends at the first ``}``.

    A scan with ``str.find``, linear in ``text``: once no ``}`` follows a ``${``, none follows
    any later one either, so the scan stops (the regular expression ``\$\{([^}]*)\}`` went on
    trying every later ``${``, quadratic on a long run of them).
    """
    position = 0
    while True:
        start = text.find("${", position)
        if start < 0:
            return
        close = text.find("}", start + 2)
        if close < 0:
            return
        yield start, close + 1, text[start + 2 : close]
        position = close + 1


def unterminated(text: str) -> bool:
    """True when ``text`` opens a variable (``${``) that no ``}`` closes."""
    position = 0
    for _, end, _ in _variables(text):
        position = end
    return "${" in text[position:]


def _split_default(body: str) -> tuple[str, str | None]:
    """``key, 'default'`` -> (key, default); a body without a quoted default -> (body, None).

    Plain string operations: the regular expression this replaces backtracked cubically on a
    long run of spaces.
    """
    key, comma, rest = body.partition(",")
    key, rest = key.strip(), rest.strip()
    if not comma or not key or len(rest) < 2 or rest[0] != "'" or rest[-1] != "'":
        return body, None
    default = rest[1:-1]
    return (body, None) if "'" in default else (key, default)


def _escape(value: str) -> str:
    """A substituted value is literal: its ``*`` and ``?`` are not wildcards."""
    return value.replace("*", "\\*").replace("?", "\\?")
