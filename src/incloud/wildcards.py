r"""Wildcard patterns matched in worst-case polynomial time, never with a backtracking regex.

Two pattern languages, both matched against the whole text:

* :func:`wildcard_match`, the IAM one (IAM User Guide, "IAM JSON policy elements: Action",
  "Resource" and "Condition operators: String condition operators" for ``StringLike``): ``*``
  is any run of characters (the empty one too), ``?`` exactly one character, and every other
  character itself, newline included. ``\*`` and ``\?`` are a literal star and question mark:
  the engine writes them for the policy variables ``${*}`` and ``${?}`` and for substituted
  values ("IAM policy elements: Variables and tags"); a backslash before anything else is a
  literal backslash.
* :func:`star_match`: ``*`` is the only wildcard; every other character is literal (ECR
  repository filters, CloudWatch Logs filter-pattern strings).

How: the pattern is split at its stars into segments. With no star the text must be exactly
the one segment. Otherwise the first segment must start the text, the last must end it, and
each segment between them is found at its leftmost place after the previous one. Taking the
leftmost place never loses a match, because whatever follows a segment can only gain room when
the segment ends earlier and a star absorbs the rest. Each segment is searched once, left to
right, with ``str.find`` on its literal pieces, so a decision costs at most
O(len(pattern) * len(text)) character comparisons (linear in practice), however many stars the
pattern holds. The old translation to a regular expression (``.*`` per star) backtracked:
eight stars against a 60-character ARN that does not match took about a minute.

Case-insensitive matching (IAM action names) compares characters by a one-character case fold:
``str.casefold()`` when that is one character, else ``str.lower()`` (which is then one
character), except that dotted capital I and dotless small i fold to ``i``. Folding character
by character keeps lengths, so ``?`` still stands for exactly one character of the text; a
``casefold()`` of the whole string would turn ``ß`` into ``ss`` and change what ``?`` counts.
This is the simple case folding that ``re.IGNORECASE`` (which the engine used before) and
Java's ``String.equalsIgnoreCase`` apply: the long s (U+017F) matches ``s``, the Kelvin sign
matches ``k``, and ``ß`` never matches ``ss``; checked against ``re.IGNORECASE`` for every
character's case variants in the first three Unicode planes. For ASCII it is ``str.lower()``.

This module is neutral: it imports nothing from the rest of incloud.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

Matcher = Callable[[str], bool]
"""A compiled pattern: text -> whether all of it matches."""

_ANY = "?"
_STAR = "*"
_ESCAPE = "\\"


@dataclass(frozen=True)
class _Segment:
    """The text between two stars: ``length`` characters, of which ``pieces`` are literal.

    Each piece is (offset in the segment, literal text); the characters no piece covers are
    ``?`` wildcards.
    """

    length: int
    pieces: tuple[tuple[int, str], ...]

    @property
    def plain(self) -> str | None:
        """The segment's text when it has no ``?``, else None."""
        if not self.pieces:
            return "" if self.length == 0 else None
        (offset, piece), *rest = self.pieces
        return piece if not rest and offset == 0 and len(piece) == self.length else None

    def matches_at(self, text: str, position: int) -> bool:
        """True when the segment matches ``text`` starting at ``position`` (which fits)."""
        return all(text.startswith(piece, position + offset) for offset, piece in self.pieces)

    def find(self, text: str, start: int, end: int) -> int:
        """The leftmost position in ``[start, end - length]`` where the segment matches, or -1."""
        last = end - self.length
        if last < start:
            return -1
        if not self.pieces:
            return start  # only ``?``: any place with room will do
        offset, anchor = self.pieces[0]
        position = start
        while position <= last:
            found = text.find(anchor, position + offset, last + offset + len(anchor))
            if found < 0:
                return -1
            position = found - offset
            if self.matches_at(text, position):
                return position
            position += 1
        return -1


@dataclass(frozen=True)
class _Pattern:
    """A parsed pattern: its segments, and whether stars separate them (``len > 1``)."""

    segments: tuple[_Segment, ...]

    def matches(self, text: str) -> bool:
        """True when the whole of ``text`` matches."""
        segments = self.segments
        size = len(text)
        if len(segments) == 1:
            only = segments[0]
            return only.length == size and only.matches_at(text, 0)
        first, last = segments[0], segments[-1]
        if first.length + last.length > size:
            return False
        tail = size - last.length
        if not (first.matches_at(text, 0) and last.matches_at(text, tail)):
            return False
        position = first.length
        for segment in segments[1:-1]:
            found = segment.find(text, position, tail)
            if found < 0:
                return False
            position = found + segment.length
        return True


class _Builder:
    """Collects one segment's characters: literal runs and ``?`` gaps."""

    def __init__(self) -> None:
        self.length = 0
        self.pieces: list[tuple[int, str]] = []
        self.run: list[str] = []

    def literal(self, char: str) -> None:
        """Append a literal character."""
        self.run.append(char)
        self.length += 1

    def any(self) -> None:
        """Append a ``?``: one character of any kind."""
        self._close_run()
        self.length += 1

    def segment(self) -> _Segment:
        """The finished segment."""
        self._close_run()
        return _Segment(self.length, tuple(self.pieces))

    def _close_run(self) -> None:
        if self.run:
            self.pieces.append((self.length - len(self.run), "".join(self.run)))
            self.run = []


def _parse(glob: str, question_mark: bool, ignore_case: bool) -> _Pattern:
    """Split ``glob`` into segments; ``question_mark`` enables ``?`` and the escapes."""
    segments: list[_Segment] = []
    builder = _Builder()
    i = 0
    while i < len(glob):
        char = glob[i]
        if char == _STAR:
            segments.append(builder.segment())
            builder = _Builder()
        elif question_mark and char == _ANY:
            builder.any()
        elif question_mark and char == _ESCAPE and glob[i + 1 : i + 2] in (_STAR, _ANY):
            builder.literal(glob[i + 1])  # a literal from ${*} or ${?}
            i += 1
        else:
            builder.literal(_fold_char(char) if ignore_case else char)
        i += 1
    segments.append(builder.segment())
    return _Pattern(tuple(segments))


_TURKISH_I = {"\u0130": "i", "\u0131": "i"}
"""Dotted capital I and dotless small i: ``casefold()`` keeps them apart from ``i`` (or makes
two characters), but simple case mapping joins them to it (``re.IGNORECASE``, Java)."""


def _compile(glob: str, question_mark: bool, ignore_case: bool) -> Matcher:
    """A matcher for ``glob``; patterns without ``?`` get plain string operations."""
    pattern = _parse(glob, question_mark, ignore_case)
    plain = [segment.plain for segment in pattern.segments]
    if any(text is None for text in plain):
        return pattern.matches
    return _plain_matcher(tuple(text or "" for text in plain))


def _any_text(text: str) -> bool:
    """The matcher of a pattern of stars only."""
    return True


def _plain_matcher(strings: tuple[str, ...]) -> Matcher:
    """A matcher for segments without ``?`` (``strings``: the text between the stars).

    The same leftmost search as :meth:`_Pattern.matches`, with ``str`` methods: the first
    string starts the text, the last ends it, each one between is found by ``str.find`` after
    the previous one. The common shapes (no star, ``prefix*``, ``*suffix``, one star, two
    stars, only stars) skip the loop.
    """
    if len(strings) == 1:
        return strings[0].__eq__
    prefix, suffix = strings[0], strings[-1]
    middle = tuple(text for text in strings[1:-1] if text)  # "" is found anywhere
    if not middle:
        if not suffix:
            return _any_text if not prefix else lambda text: text.startswith(prefix)
        if not prefix:
            return lambda text: text.endswith(suffix)
        shortest = len(prefix) + len(suffix)
        return lambda text: (
            len(text) >= shortest and text.startswith(prefix) and text.endswith(suffix)
        )
    start, end = len(prefix), len(suffix)
    if len(middle) == 1:
        (inner,) = middle
        shortest = start + len(inner) + end
        return lambda text: (
            len(text) >= shortest
            and text.startswith(prefix)
            and text.endswith(suffix)
            and text.find(inner, start, len(text) - end) >= 0
        )

    def matches(text: str) -> bool:
        tail = len(text) - end
        if tail < start or not (text.startswith(prefix) and text.endswith(suffix)):
            return False
        position = start
        for segment in middle:
            found = text.find(segment, position, tail)
            if found < 0:
                return False
            position = found + len(segment)
        return True

    return matches


@lru_cache(maxsize=16384)
def _iam_matcher(glob: str) -> Matcher:
    """:func:`wildcard_match`'s compiled pattern, case-sensitive (memoised per pattern)."""
    return _compile(glob, True, False)


@lru_cache(maxsize=16384)
def _folded_matcher(glob: str) -> Matcher:
    """:func:`wildcard_match`'s compiled pattern for case-folded text (memoised per pattern)."""
    return _compile(glob, True, True)


@lru_cache(maxsize=4096)
def _star_matcher(glob: str) -> Matcher:
    """:func:`star_match`'s compiled pattern (memoised per pattern)."""
    return _compile(glob, False, False)


def _fold_char(char: str) -> str:
    """One character's one-character case fold (see the module docstring)."""
    folded = char.casefold()
    if len(folded) == 1 and char not in _TURKISH_I:
        return folded
    return _TURKISH_I.get(char, char.lower())


def fold_case(text: str) -> str:
    """``text`` with every character case-folded to one character (lengths are kept)."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in text)


def wildcard_match(glob: str, text: str, *, ignore_case: bool = False) -> bool:
    r"""True when all of ``text`` matches the IAM pattern ``glob``.

    ``*`` is any run of characters, ``?`` one character, ``\*`` and ``\?`` literal; with
    ``ignore_case`` characters compare by their case fold.
    """
    if ignore_case:
        return _folded_matcher(glob)(text.lower() if text.isascii() else fold_case(text))
    return _iam_matcher(glob)(text)


def wildcard_matcher(glob: str) -> Matcher:
    """:func:`wildcard_match` with ``glob`` fixed (case-sensitive): compiled once, for testing
    many texts against one pattern.
    """
    return _iam_matcher(glob)


def star_match(glob: str, text: str) -> bool:
    """True when all of ``text`` matches ``glob``, where only ``*`` (any run) is a wildcard."""
    return _star_matcher(glob)(text)
