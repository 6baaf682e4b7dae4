r"""CloudWatch Logs filter patterns over JSON log events: a parser into a small AST and a matcher.

Follows the CloudWatch Logs User Guide, "Filter pattern syntax for metric filters, subscription
filters, filter log events, and Live Tail", section "Using filter patterns to match terms in
JSON log events":

* a JSON pattern is enclosed in braces: ``{ $.eventName = "ConsoleLogin" }``;
* a property selector starts with ``$.``; names are letters, digits, ``-`` and ``_``; array
  elements are ``[n]``; a name with a period uses bracket notation (``$.['cluster.name']``);
  ``*`` selects any field or element (one wildcard per selector);
* ``=`` and ``!=`` compare strings (quoted, or bare when they contain no spaces or operators),
  where ``*`` matches any run of characters, or numbers; ``<``, ``>``, ``<=``, ``>=`` compare
  numbers; a value between ``%`` signs is a regular expression, matched anywhere in the value;
* ``IS NULL``, ``IS TRUE``, ``IS FALSE`` and ``NOT EXISTS`` test a field's value or absence
  (``IS NOT`` and ``EXISTS`` are not part of the syntax);
* ``&&`` binds tighter than ``||``; parentheses group ("() > && > ||"), nested at most
  :data:`MAX_NESTING` deep here (deeper is refused with the reason, never a recursion error).

The guide says a selector that points to an array or an object does not match. It does not
say what a comparison on an absent field gives; here every comparison, ``!=`` included, is
false for an absent field (absence is what ``NOT EXISTS`` tests).

A ``%...%`` value must keep to the regular-expression subset the guide documents;
:mod:`incloud.evaluate.metric_regex` parses it and matches it without backtracking (its
docstring says how, and why that is safe), and :func:`parse` refuses an expression outside
the subset, or more than :data:`~incloud.evaluate.metric_regex.MAX_REGEXES` in one pattern,
with the reason.

Other pattern forms (terms such as ``?StopLogging ?DeleteTrail``, quoted phrases, and
space-delimited ``[...]`` patterns) match words anywhere in the event's text rather than a
field, so :func:`parse` rejects them with a :class:`PatternError` saying why. The empty
pattern matches every event.

The module is pure: no AWS, no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..wildcards import star_match
from .metric_regex import MAX_REGEXES, RegexError, compile_regex

Operator = Literal["=", "!=", "<", ">", "<=", ">="]
Constant = Literal["NULL", "TRUE", "FALSE"]

_WILDCARD = "*"
"""A selector step that selects every field of an object or every element of an array."""

_NAME = re.compile(r"[A-Za-z0-9_-]+")
_INDEX = re.compile(r"\[\s*(\d+|\*)\s*\]")
_QUOTED_NAME = re.compile(r"\[\s*'([^']*)'\s*\]")
_OPERATOR = re.compile(r"!=|<=|>=|=|<|>")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_BARE_END = frozenset(' \t\r\n(){}&|"')
_ABSENT = object()
_CONSTANTS: dict[Constant, bool | None] = {"NULL": None, "TRUE": True, "FALSE": False}
_OPERATORS: dict[str, Operator] = {op: op for op in ("=", "!=", "<", ">", "<=", ">=")}


MAX_NESTING = 64
"""The deepest parentheses nest in a pattern :func:`parse` reads. AWS caps a filter pattern at
1,024 characters (CloudWatch Logs API Reference, ``PutMetricFilter``: ``filterPattern``), so
about 500 levels fit, enough to exhaust Python's stack in a recursive parser; no real pattern
nests more than a few."""

_SHOWN = 120
"""The most characters of a pattern an error message repeats."""


class PatternError(ValueError):
    """A filter pattern this module cannot evaluate as a JSON pattern; the message says why."""


@dataclass(frozen=True)
class Selector:
    """A property selector: the steps after ``$`` (names, indexes, or the wildcard)."""

    steps: tuple[str | int, ...]
    text: str

    def values(self, event: Any) -> Iterator[Any]:
        """Every value the selector reaches in ``event`` (several only through a wildcard)."""
        current: list[Any] = [event]
        for step in self.steps:
            reached: list[Any] = []
            for node in current:
                reached.extend(_step(node, step))
            current = reached
        yield from current


def _step(node: Any, step: str | int) -> list[Any]:
    if step == _WILDCARD:
        if isinstance(node, Mapping):
            return list(node.values())
        return list(node) if isinstance(node, list) else []
    if isinstance(step, int):
        return [node[step]] if isinstance(node, list) and step < len(node) else []
    return [node[step]] if isinstance(node, Mapping) and step in node else []


@dataclass(frozen=True)
class Text:
    """A string value: ``*`` matches any run of characters."""

    text: str
    quoted: bool

    def number(self) -> float | None:
        """The value as a number when it is written as one (unquoted), else None."""
        if self.quoted or not _NUMBER.fullmatch(self.text):
            return None
        return float(self.text)

    def matches(self, value: str) -> bool:
        """True when ``value`` equals the text, ``*`` standing for any characters."""
        return star_match(self.text, value)


@dataclass(frozen=True)
class Regex:
    """A ``%...%`` value: the expression found anywhere in the field's value."""

    expression: str

    def matches(self, value: str) -> bool:
        """True when the expression occurs in ``value`` (see :mod:`.metric_regex`)."""
        return any(branch.search(value) for branch in compile_regex(self.expression))


@dataclass(frozen=True)
class Compare:
    """``selector operator value``."""

    selector: Selector
    operator: Operator
    value: Text | Regex


@dataclass(frozen=True)
class Is:
    """``selector IS NULL | TRUE | FALSE``."""

    selector: Selector
    constant: Constant


@dataclass(frozen=True)
class NotExists:
    """``selector NOT EXISTS``: the event has no such field."""

    selector: Selector


@dataclass(frozen=True)
class AllOf:
    """``a && b && ...``."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    """``a || b || ...``."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Everything:
    """The empty pattern, which matches every event."""


Node = Compare | Is | NotExists | AllOf | AnyOf | Everything
"""A parsed pattern."""


def parse(pattern: str) -> Node:
    """Parse a JSON filter pattern; raise :class:`PatternError` for anything else."""
    text = pattern.strip()
    if not text:
        return Everything()
    if not text.startswith("{"):
        raise PatternError(_not_json(text))
    parser = _Parser(text, 1)
    node = parser.expression()
    parser.skip_space()
    if not parser.take("}"):
        raise PatternError(parser.error("expected '}'"))
    parser.skip_space()
    if parser.position != len(text):
        raise PatternError(parser.error("unexpected text after '}'"))
    return node


def _not_json(text: str) -> str:
    if text.startswith("["):
        return (
            "a space-delimited pattern, not a JSON pattern: it reads words by position, not "
            "the value of a field such as $.eventName"
        )
    kind = "a regular expression" if text.startswith("%") else "a term pattern"
    return (
        f"{kind}, not a JSON pattern: it matches text anywhere in the event, not the value of "
        "a field such as $.eventName"
    )


def matches(node: Node, event: Mapping[str, Any]) -> bool:
    """True when the parsed pattern ``node`` matches the JSON log event ``event``."""
    if isinstance(node, Everything):
        return True
    if isinstance(node, AllOf):
        return all(matches(item, event) for item in node.items)
    if isinstance(node, AnyOf):
        return any(matches(item, event) for item in node.items)
    if isinstance(node, NotExists):
        return next(node.selector.values(event), _ABSENT) is _ABSENT
    if isinstance(node, Is):
        wanted = _CONSTANTS[node.constant]
        return any(value is wanted for value in node.selector.values(event))
    return any(_compare(node, value) for value in node.selector.values(event))


def _compare(node: Compare, value: Any) -> bool:
    """One comparison on one reached value; objects, arrays and null never match."""
    if value is None or isinstance(value, Mapping | list):
        return False
    if node.operator in ("=", "!="):
        equal = _equal(node.value, value)
        return equal if node.operator == "=" else not equal
    if isinstance(node.value, Regex):
        return False
    number = node.value.number()
    if number is None or isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return {
        "<": value < number,
        ">": value > number,
        "<=": value <= number,
        ">=": value >= number,
    }[node.operator]


def _equal(expected: Text | Regex, value: Any) -> bool:
    if isinstance(value, bool):
        return False  # booleans are tested with IS TRUE / IS FALSE
    if isinstance(expected, Regex):
        return expected.matches(value if isinstance(value, str) else _number_text(value))
    if isinstance(value, str):
        return expected.matches(value)
    number = expected.number()
    if number is not None:
        return math.isclose(float(value), number)
    return expected.matches(_number_text(value))


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class _Parser:
    """Recursive descent over the text between the braces."""

    def __init__(self, text: str, position: int) -> None:
        self.text = text
        self.position = position
        self.regexes = 0
        self.depth = 0

    def error(self, message: str) -> str:
        """``message`` with where it happened (a long pattern shown by its start)."""
        shown = self.text if len(self.text) <= _SHOWN else self.text[:_SHOWN] + "..."
        return f"{message} at character {self.position + 1} of {shown!r}"

    def skip_space(self) -> None:
        """Move past whitespace."""
        while self.position < len(self.text) and self.text[self.position].isspace():
            self.position += 1

    def take(self, literal: str) -> bool:
        """Consume ``literal`` if it comes next."""
        if self.text.startswith(literal, self.position):
            self.position += len(literal)
            return True
        return False

    def next_is(self, literal: str) -> bool:
        """Consume ``literal`` if it comes next, after any whitespace."""
        self.skip_space()
        return self.take(literal)

    def expression(self) -> Node:
        """``conjunction ( '||' conjunction )*``."""
        items = [self.conjunction()]
        while self.next_is("||"):
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else AnyOf(tuple(items))

    def conjunction(self) -> Node:
        """``term ( '&&' term )*``."""
        items = [self.term()]
        while self.next_is("&&"):
            items.append(self.term())
        return items[0] if len(items) == 1 else AllOf(tuple(items))

    def term(self) -> Node:
        """``'(' expression ')'`` or a condition on one selector."""
        if self.next_is("("):
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise PatternError(self.error(f"parentheses nested deeper than {MAX_NESTING}"))
            node = self.expression()
            if not self.next_is(")"):
                raise PatternError(self.error("expected ')'"))
            self.depth -= 1
            return node
        selector = self.selector()
        if self.next_is("IS"):
            for constant in _CONSTANTS:
                if self.next_is(constant):
                    return Is(selector, constant)
            raise PatternError(self.error("expected NULL, TRUE or FALSE after IS"))
        if self.take("NOT"):
            if self.next_is("EXISTS"):
                return NotExists(selector)
            raise PatternError(self.error("expected EXISTS after NOT"))
        found = _OPERATOR.match(self.text, self.position)
        if not found:
            raise PatternError(self.error("expected an operator"))
        self.position = found.end()
        self.skip_space()
        return Compare(selector, _OPERATORS[found.group()], self.value())

    def selector(self) -> Selector:
        """``$`` then ``.name``, ``.*``, ``[n]``, ``[*]`` or ``['name']`` steps."""
        start = self.position
        if not self.take("$"):
            raise PatternError(self.error("expected a property selector ($.field)"))
        steps: list[str | int] = []
        while True:
            if self.take("."):
                if self.take("*"):
                    steps.append(_WILDCARD)
                    continue
                quoted = _QUOTED_NAME.match(self.text, self.position)
                name = quoted or _NAME.match(self.text, self.position)
                if not name:
                    raise PatternError(self.error("expected a field name after '.'"))
                steps.append(name.group(1) if quoted else name.group())
                self.position = name.end()
                continue
            index = _INDEX.match(self.text, self.position)
            if index:
                steps.append(_WILDCARD if index.group(1) == "*" else int(index.group(1)))
                self.position = index.end()
                continue
            quoted = _QUOTED_NAME.match(self.text, self.position)
            if quoted and steps:
                steps.append(quoted.group(1))
                self.position = quoted.end()
                continue
            break
        if not steps:
            raise PatternError(self.error("a selector needs at least one field ($.field)"))
        if steps.count(_WILDCARD) > 1:
            raise PatternError(self.error("at most one wildcard per selector"))
        return Selector(tuple(steps), self.text[start : self.position])

    def value(self) -> Text | Regex:
        """A quoted string, a ``%regex%``, or a bare word."""
        if self.take('"'):
            chars: list[str] = []
            while self.position < len(self.text):
                char = self.text[self.position]
                self.position += 1
                if char == "\\" and self.position < len(self.text):
                    chars.append(self.text[self.position])
                    self.position += 1
                elif char == '"':
                    return Text("".join(chars), quoted=True)
                else:
                    chars.append(char)
            raise PatternError(self.error("unterminated string"))
        if self.take("%"):
            end = self.text.find("%", self.position)
            if end < 0:
                raise PatternError(self.error("unterminated regular expression"))
            expression = self.text[self.position : end]
            try:
                compile_regex(expression)
            except RegexError as error:
                raise PatternError(self.error(str(error))) from None
            self.position = end + 1
            self.regexes += 1
            if self.regexes > MAX_REGEXES:
                raise PatternError(
                    self.error(f"more than {MAX_REGEXES} regular expressions in one pattern")
                )
            return Regex(expression)
        start = self.position
        while self.position < len(self.text) and self.text[self.position] not in _BARE_END:
            self.position += 1
        if self.position == start:
            raise PatternError(self.error("expected a value"))
        return Text(self.text[start : self.position], quoted=False)
