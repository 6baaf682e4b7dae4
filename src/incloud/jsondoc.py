r"""JSON documents written by someone else (policies, snapshots, simulator input), read with
bounds: a nesting depth past which a document is refused, never a ``RecursionError``.

AWS's policy grammars nest six levels at most (``Statement`` -> statement -> ``Condition``
-> operator -> key -> values); :data:`MAX_DEPTH` leaves ample room above that while staying
far below the recursion limits of Python's JSON decoder (about 1,000 levels) and of
pydantic's serialiser (255), so every document that passes can be stored and read back.

For the same reason a document whose text holds an unpaired UTF-16 surrogate (``"\ud800"``
with no low surrogate after it, which Python's decoder accepts) is refused: no encoding can
write such a string, so it would fail the first time it is saved or printed (RFC 8259,
section 8.2: such strings are not interoperable). Services send text, never half a character.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 32
"""The deepest nesting of objects and arrays accepted in a document read from outside."""


UNPAIRED_SURROGATE = (
    "a string holds an unpaired UTF-16 surrogate (U+D800-U+DFFF), which is not text"
)
"""The one-line reason a document with an unpaired surrogate is refused."""

_SURROGATE = re.compile("[\ud800-\udfff]")
"""An unpaired surrogate in decoded text (a pair decodes to one character above U+FFFF)."""

_MAY_HOLD_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")
_MAY_HOLD_SURROGATE_BYTES = re.compile(rb"\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]")


class JsonDocumentError(ValueError):
    """A document that is not JSON, nests deeper than allowed or holds a string that is not
    text; the message is one line.
    """


def parse_document(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """``text`` decoded as JSON, refusing malformed or too deeply nested documents and
    strings no encoding can write (an unpaired surrogate).
    """
    try:
        if isinstance(text, bytes | bytearray):  # as json.loads decodes bytes
            encoding = json.detect_encoding(text)
            utf8 = encoding.startswith("utf-8")
            suspect = utf8 and may_hold_lone_surrogate(text)  # on the bytes: faster
            text = text.decode(encoding, "surrogatepass")
            if not utf8:
                suspect = may_hold_lone_surrogate(text)
        else:
            suspect = may_hold_lone_surrogate(text)
        document = json.loads(text)
    except RecursionError:
        raise JsonDocumentError(f"nested deeper than {max_depth} levels") from None
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
        raise JsonDocumentError(f"not JSON: {error}") from None
    if nesting_depth(document, stop_above=max_depth) > max_depth:
        raise JsonDocumentError(f"nested deeper than {max_depth} levels")
    if suspect and holds_lone_surrogate(document):
        raise JsonDocumentError(UNPAIRED_SURROGATE)
    return document


def may_hold_lone_surrogate(text: str | bytes) -> bool:
    r"""False when JSON ``text`` (UTF-8 if bytes) certainly decodes to no unpaired surrogate:
    a scan for a ``\uD800``-``\uDFFF`` escape, or a surrogate already there (``json.loads``
    decodes bytes with ``surrogatepass``), that spares :func:`holds_lone_surrogate`'s walk for
    ordinary text.
    """
    if isinstance(text, bytes | bytearray):
        if b"\\u" not in text and b"\xed" not in text:  # substring scans: fast
            return False
        return _MAY_HOLD_SURROGATE_BYTES.search(text) is not None
    if "\\u" not in text and text.isascii():
        return False
    return _MAY_HOLD_SURROGATE.search(text) is not None


def holds_lone_surrogate(value: Any) -> bool:
    """True when a string in decoded JSON ``value`` (a key or a value, at any depth) holds an
    unpaired surrogate. Iterative, like :func:`nesting_depth`.
    """
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


def nesting_depth(value: Any, *, stop_above: int | None = None) -> int:
    """How deeply objects and arrays nest in ``value`` (a scalar is 0, ``[]`` is 1).

    Iterative, so it cannot itself run out of stack; with ``stop_above`` it returns as soon
    as that depth is exceeded (the answer is then ``stop_above + 1``).
    """
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if stop_above is not None and deepest > stop_above:
                return deepest
        stack.extend((child, depth) for child in children)
    return deepest
