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
* ``&&`` binds tighter than ``||``; parentheses group ("() > && > ||").

The guide says a selector that points to an array or an object does not match. It does not
say what a comparison on an absent field gives; here every comparison, ``!=`` included, is
false for an absent field (absence is what ``NOT EXISTS`` tests).

Regular expressions follow the guide's "Supported regular expressions (regex) syntax": they may
hold only ASCII letters and digits, the symbols ``: _ # = @ / ; , -`` and the operators
``^ $ ? [ ] { } | \ * + .``; parentheses (subpatterns) and multi-byte characters are not
supported, and one JSON pattern may hold at most two regular expressions ("Quotas"). AWS
refuses other expressions when the filter is written, so :func:`parse` refuses them too, with
the reason, as it does escapes the guide does not name (``\b``, back-references; ``\d``,
``\w``, ``\s`` and their negations are read in their ASCII sense) and a quantifier right after
another (``a**``). ``?`` is zero or one (the guide's text says "zero or more", its example
``%colou?r%`` shows zero or one); ``{m}``, ``{m,}`` and ``{m,n}`` count; ``^`` and ``$`` anchor
an alternative at its start and end.
What remains is matched here, not by Python's backtracking ``re``: without parentheses an
expression is a choice (``|``) of sequences of single-character tests (a character, ``.``, a
class), each once, optional, or repeated, so it is a small automaton whose states are positions
in the sequence. Running every live state in step over the value (Thompson's construction)
decides a search in O(len(value) * states), never exponentially; even ``a*a*a*...`` against a
long run of ``a`` costs a state set per character. Counted repetition ``{m,n}`` is spelt out
as states, and an expression needing more than :data:`MAX_REGEX_STATES` is refused. ``.``
matches any character but a newline, as it did with ``re``.

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
from functools import lru_cache
from typing import Any, Literal

from ..wildcards import star_match

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
        """True when the expression occurs in ``value`` (see the module docstring)."""
        return any(branch.search(value) for branch in _compile_regex(self.expression))


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

    def error(self, message: str) -> str:
        """``message`` with where it happened."""
        return f"{message} at character {self.position + 1} of {self.text!r}"

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
            node = self.expression()
            if not self.next_is(")"):
                raise PatternError(self.error("expected ')'"))
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
                _compile_regex(expression)
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


# --- regular expressions: the documented subset, matched by a non-backtracking automaton -------

MAX_REGEXES = 2
"""Regular expressions one JSON filter pattern may hold (CloudWatch Logs User Guide, "Supported
regular expressions (regex) syntax", "Quotas")."""

MAX_REGEX_STATES = 1000
"""The most automaton states (single-character steps, counted repetition spelt out) an
expression may need; matching costs at most this many steps per character of the value."""

_REGEX_SYMBOLS = frozenset(":_#=@/;,-")
_REGEX_OPERATORS = frozenset("^$?[]{}|\\*+.")
_QUANTIFIERS = frozenset("*+?{")
_CLASS_ESCAPES: dict[str, tuple[tuple[str, str], ...]] = {
    "d": (("0", "9"),),
    "w": (("0", "9"), ("A", "Z"), ("_", "_"), ("a", "z")),
    "s": ((" ", " "), ("\t", "\r")),
}
"""``\\d``, ``\\w``, ``\\s`` in their ASCII sense (``\\t\\n\\v\\f\\r`` are one range)."""


class RegexError(ValueError):
    """An expression outside the subset CloudWatch Logs accepts; the message says why."""


@dataclass(frozen=True)
class _Chars:
    """A single-character test: inclusive ranges, or everything outside them."""

    ranges: tuple[tuple[str, str], ...]
    negated: bool = False

    def __contains__(self, char: str) -> bool:
        inside = any(low <= char <= high for low, high in self.ranges)
        return inside != self.negated


_ANY_BUT_NEWLINE = _Chars((("\n", "\n"),), negated=True)


@dataclass(frozen=True)
class _Step:
    """One automaton state: a character test taken once, optionally, or any number of times."""

    chars: _Chars
    repeat: Literal["once", "optional", "many"]


class _Branch:
    """One alternative as an automaton: anchors and the steps between them.

    A set of live states is an ``int`` with bit ``i`` for "next, step ``i``" and bit
    ``len(steps)`` for "matched"; every state advances at once on each character.
    """

    def __init__(self, steps: tuple[_Step, ...], at_start: bool, at_end: bool) -> None:
        self.steps = steps
        self.at_start = at_start
        self.at_end = at_end
        self.done = 1 << len(steps)
        self.skippable = sum(1 << i for i, step in enumerate(steps) if step.repeat != "once")
        self.many = sum(1 << i for i, step in enumerate(steps) if step.repeat == "many")
        self.start = self._closure(1)
        self._accepting: dict[str, int] = {}

    def _closure(self, states: int) -> int:
        """``states`` plus every state reached by skipping optional or repeated steps.

        Adding ``states & skippable`` to ``skippable`` carries each such bit through its run
        of skippable steps and one past it; the bits that changed are those states.
        """
        skippable = self.skippable
        return states | ((skippable + (states & skippable)) ^ skippable)

    def _accepts(self, char: str) -> int:
        """The steps whose test ``char`` passes (memoised per character)."""
        found = self._accepting.get(char)
        if found is None:
            found = sum(1 << i for i, step in enumerate(self.steps) if char in step.chars)
            self._accepting[char] = found
        return found

    def search(self, value: str) -> bool:
        """True when the branch matches somewhere in ``value`` (Thompson simulation)."""
        states = self.start
        for char in value:
            if states & self.done and not self.at_end:
                return True
            advancing = states & self._accepts(char)
            states = self._closure(((advancing & ~self.many) << 1) | (advancing & self.many))
            if not self.at_start:
                states |= self.start
            elif not states:
                return False
        return bool(states & self.done)


@lru_cache(maxsize=256)
def _compile_regex(expression: str) -> tuple[_Branch, ...]:
    """The expression's alternatives as automata; :class:`RegexError` outside the subset."""
    for char in expression:
        if char in "()":
            raise RegexError(
                "regular expression: parentheses (subpatterns) are not supported by CloudWatch Logs"
            )
        if not (
            (char.isascii() and char.isalnum())
            or char in _REGEX_SYMBOLS
            or char in _REGEX_OPERATORS
        ):
            raise RegexError(
                f"regular expression: {char!r} is not allowed (CloudWatch Logs allows letters, "
                "digits, the symbols : _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \\ * + .)"
            )
    branches = tuple(_RegexParser(part).branch() for part in expression.split("|"))
    if sum(len(b.steps) for b in branches) > MAX_REGEX_STATES:
        raise RegexError(
            f"regular expression: needs more than {MAX_REGEX_STATES} steps once its counted "
            "repetitions are spelt out"
        )
    return branches


class _RegexParser:
    """One alternative (no ``|`` inside): ``^? (atom quantifier?)* $?``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0

    def fail(self, reason: str) -> RegexError:
        """A RegexError for ``reason`` (syntax the subset does not have)."""
        return RegexError(f"bad regular expression ({reason} in {self.text!r})")

    def peek(self) -> str:
        """The next character, or '' at the end."""
        return self.text[self.position : self.position + 1]

    def branch(self) -> _Branch:
        """Parse the whole alternative."""
        at_start = self.peek() == "^"
        self.position += at_start
        steps: list[_Step] = []
        at_end = False
        while self.position < len(self.text):
            char = self.peek()
            if char == "$" and self.position == len(self.text) - 1:
                at_end = True
                self.position += 1
                break
            if char in _QUANTIFIERS:
                raise self.fail(f"{char!r} repeats nothing")
            chars = self.atom()
            steps += self.quantified(chars)
            if self.peek() in _QUANTIFIERS:
                raise self.fail("a quantifier cannot follow another")
        return _Branch(tuple(steps), at_start, at_end)

    def atom(self) -> _Chars:
        """One single-character test."""
        char = self.peek()
        self.position += 1
        if char == ".":
            return _ANY_BUT_NEWLINE
        if char == "[":
            return self.char_class()
        if char == "\\":
            return self.escape()
        if char in "^$]}":
            raise self.fail(f"{char!r} out of place")
        return _Chars(((char, char),))

    def escape(self) -> _Chars:
        """After a backslash: a class shorthand or a literal operator or symbol."""
        char = self.peek()
        self.position += 1
        if char.lower() in _CLASS_ESCAPES:
            return _Chars(_CLASS_ESCAPES[char.lower()], negated=char.isupper())
        if char and not char.isalnum():
            return _Chars(((char, char),))
        raise self.fail(f"the escape \\{char} is not supported" if char else "a trailing \\")

    def char_class(self) -> _Chars:
        """``[...]`` or ``[^...]`` after the opening bracket."""
        negated = self.peek() == "^"
        self.position += negated
        ranges: list[tuple[str, str]] = []
        while self.peek() != "]":
            if not self.peek():
                raise self.fail("unterminated character class")
            low = self.class_char(ranges)
            if low is None:
                continue
            if self.peek() == "-" and self.text[self.position + 1 : self.position + 2] not in "]":
                self.position += 1
                high = self.class_char(ranges)
                if high is None or high < low:
                    raise self.fail("bad character range")
                ranges.append((low, high))
            else:
                ranges.append((low, low))
        self.position += 1
        if not ranges:
            raise self.fail("empty character class")
        return _Chars(tuple(ranges), negated)

    def class_char(self, ranges: list[tuple[str, str]]) -> str | None:
        r"""One character of a class; a shorthand (``\d``) adds its ranges and gives None."""
        char = self.peek()
        self.position += 1
        if char != "\\":
            return char
        escaped = self.escape()
        if escaped.negated:
            raise self.fail("a negated shorthand inside a character class")
        if escaped.ranges[0][0] != escaped.ranges[0][1] or len(escaped.ranges) > 1:
            ranges.extend(escaped.ranges)
            return None
        return escaped.ranges[0][0]

    def quantified(self, chars: _Chars) -> list[_Step]:
        """The steps for ``chars`` and the quantifier after it, if any."""
        char = self.peek()
        if char == "*":
            self.position += 1
            return [_Step(chars, "many")]
        if char == "+":
            self.position += 1
            return [_Step(chars, "once"), _Step(chars, "many")]
        if char == "?":
            self.position += 1
            return [_Step(chars, "optional")]
        if char != "{":
            return [_Step(chars, "once")]
        least, most = self.counts()
        steps = [_Step(chars, "once")] * least
        if most is None:
            return [*steps, _Step(chars, "many")]
        return steps + [_Step(chars, "optional")] * (most - least)

    def counts(self) -> tuple[int, int | None]:
        """``{m}``, ``{m,}`` or ``{m,n}`` -> (m, n), n None when unbounded."""
        end = self.text.find("}", self.position)
        if end < 0:
            raise self.fail("unterminated {")
        inside = self.text[self.position + 1 : end]
        self.position = end + 1
        least, comma, most = inside.partition(",")
        if not least.isdigit() or (most and not most.isdigit()):
            raise self.fail(f"bad repetition {{{inside}}}")
        if max(len(least), len(most)) > 9 or max(int(least), int(most or 0)) > MAX_REGEX_STATES:
            raise RegexError(
                f"regular expression: a count above {MAX_REGEX_STATES} needs too many steps"
            )
        if not comma:
            return int(least), int(least)
        if not most:
            return int(least), None
        if int(most) < int(least):
            raise self.fail(f"bad repetition {{{inside}}}")
        return int(least), int(most)
