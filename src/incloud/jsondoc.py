"""JSON documents written by someone else (policies, snapshots, simulator input), read with
bounds: a nesting depth past which a document is refused, never a ``RecursionError``.

AWS's policy grammars nest six levels at most (``Statement`` -> statement -> ``Condition``
-> operator -> key -> values); :data:`MAX_DEPTH` leaves ample room above that while staying
far below the recursion limits of Python's JSON decoder (about 1,000 levels) and of
pydantic's serialiser (255), so every document that passes can be stored and read back.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 32
"""The deepest nesting of objects and arrays accepted in a document read from outside."""


class JsonDocumentError(ValueError):
    """A document that is not JSON, or nests deeper than allowed; the message is one line."""


def parse_document(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """``text`` decoded as JSON, refusing malformed or too deeply nested documents."""
    try:
        document = json.loads(text)
    except RecursionError:
        raise JsonDocumentError(f"nested deeper than {max_depth} levels") from None
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
        raise JsonDocumentError(f"not JSON: {error}") from None
    if nesting_depth(document, stop_above=max_depth) > max_depth:
        raise JsonDocumentError(f"nested deeper than {max_depth} levels")
    return document


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
