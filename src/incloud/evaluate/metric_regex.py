r"""The ``%regex%`` values of CloudWatch Logs filter patterns: the documented subset, parsed and
matched by a small non-backtracking automaton.

Regular expressions follow the CloudWatch Logs User Guide's "Supported regular expressions
(regex) syntax": they may hold only ASCII letters and digits, the symbols ``: _ # = @ / ; , -``
and the operators ``^ $ ? [ ] { } | \ * + .``; parentheses (subpatterns) and multi-byte
characters are not supported, and one JSON pattern may hold at most two regular expressions
("Quotas", :data:`MAX_REGEXES`). AWS refuses other expressions when the filter is written, so
:func:`compile_regex` refuses them too, with the reason, as it does escapes the guide does not
name (``\b``, back-references; ``\d``, ``\w``, ``\s`` and their negations are read in their
ASCII sense) and a quantifier right after another (``a**``). ``?`` is zero or one (the guide's
text says "zero or more", its example ``%colou?r%`` shows zero or one); ``{m}``, ``{m,}`` and
``{m,n}`` count; ``^`` and ``$`` anchor an alternative at its start and end.
What remains is matched here, not by Python's backtracking ``re``: without parentheses an
expression is a choice (``|``) of sequences of single-character tests (a character, ``.``, a
class), each once, optional, or repeated, so it is a small automaton whose states are positions
in the sequence. Running every live state in step over the value (Thompson's construction)
decides a search in O(len(value) * states), never exponentially; even ``a*a*a*...`` against a
long run of ``a`` costs a state set per character. Counted repetition ``{m,n}`` is spelt out
as states, and an expression needing more than :data:`MAX_REGEX_STATES` is refused. ``.``
matches any character but a newline, as it did with ``re``.

The module is pure: no AWS, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

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


class Branch:
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
def compile_regex(expression: str) -> tuple[Branch, ...]:
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

    def branch(self) -> Branch:
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
        return Branch(tuple(steps), at_start, at_end)

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
