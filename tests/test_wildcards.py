"""The wildcard matchers: the IAM language (``*``, ``?``, ``\\*``, ``\\?``) and stars only.

Properties compare :func:`wildcard_match` with a memoised dynamic-programming reference written
from the semantics (IAM User Guide, "IAM JSON policy elements: Resource" and "Action"; the
escapes come from "IAM policy elements: Variables and tags", ``${*}`` and ``${?}``), and the
case-insensitive variant with the regular-expression translation the engine used before, on
inputs small enough for it. Timing tests pin the reason for the module: patterns with hundreds
of stars decide at once, where the old translation backtracked for minutes.
"""

from __future__ import annotations

import re
import time
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incloud.evaluate.checks.application.ecr import filter_matches
from incloud.wildcards import fold_case, star_match, wildcard_match, wildcard_matcher

SETTINGS = settings(max_examples=600, deadline=None, derandomize=True, database=None)

Token = tuple[str, str]
"""("star" | "any" | "char", character)."""


def _tokens(glob: str, *, question_mark: bool = True) -> tuple[Token, ...]:
    tokens: list[Token] = []
    i = 0
    while i < len(glob):
        char = glob[i]
        if char == "*":
            tokens.append(("star", ""))
        elif question_mark and char == "?":
            tokens.append(("any", ""))
        elif question_mark and char == "\\" and glob[i + 1 : i + 2] in ("*", "?"):
            tokens.append(("char", glob[i + 1]))
            i += 1
        else:
            tokens.append(("char", char))
        i += 1
    return tuple(tokens)


def reference(glob: str, text: str, *, question_mark: bool = True) -> bool:
    """Whether ``text`` matches: the textbook recursion over (token, character), memoised."""
    tokens = _tokens(glob, question_mark=question_mark)

    @cache
    def rest(t: int, c: int) -> bool:
        if t == len(tokens):
            return c == len(text)
        kind, char = tokens[t]
        if kind == "star":
            return rest(t + 1, c) or (c < len(text) and rest(t, c + 1))
        if c == len(text):
            return False
        return (kind == "any" or char == text[c]) and rest(t + 1, c + 1)

    return rest(0, 0)


def old_regex(glob: str, text: str, *, ignore_case: bool) -> bool:
    """The translation the engine used before (``*`` -> ``.*``): exponential, so small inputs."""
    parts = []
    i = 0
    while i < len(glob):
        char = glob[i]
        if char == "\\" and glob[i + 1 : i + 2] in ("*", "?"):
            parts.append(re.escape(glob[i + 1]))
            i += 2
            continue
        parts.append(".*" if char == "*" else "." if char == "?" else re.escape(char))
        i += 1
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.fullmatch("".join(parts), text, flags) is not None


ALPHABET = ["a", "b", "*", "?", "\\", "\n", ":"]
CASED = [
    "a",
    "A",
    "s",
    "S",
    "\u017f",
    "k",
    "K",
    "\u212a",
    "ß",
    "ẞ",
    "i",
    "I",
    "\u0130",
    "\u0131",
    "*",
    "?",
]


@SETTINGS
@given(
    st.lists(st.sampled_from(ALPHABET), max_size=10).map("".join),
    st.lists(st.sampled_from(ALPHABET), max_size=12).map("".join),
)
def test_wildcard_match_agrees_with_the_reference(glob: str, text: str) -> None:
    assert wildcard_match(glob, text) is reference(glob, text)


@SETTINGS
@given(
    st.lists(st.sampled_from(ALPHABET), max_size=10).map("".join),
    st.lists(st.sampled_from(ALPHABET), max_size=12).map("".join),
)
def test_star_match_agrees_with_the_reference(glob: str, text: str) -> None:
    assert star_match(glob, text) is reference(glob, text, question_mark=False)


PLAIN = ["a", "b", "ab", "*", "*", ":"]
"""Patterns without ``?``: runs of literal text between stars, matched with ``str`` methods
(no star, ``prefix*``, ``*suffix``, one star, two, more)."""


@SETTINGS
@given(
    st.lists(st.sampled_from(PLAIN), max_size=8).map("".join),
    st.lists(st.sampled_from(["a", "b", ":"]), max_size=14).map("".join),
)
def test_patterns_without_question_marks_agree_with_the_reference(glob: str, text: str) -> None:
    assert wildcard_match(glob, text) is reference(glob, text)
    assert wildcard_matcher(glob)(text) is reference(glob, text)
    assert star_match(glob, text) is reference(glob, text, question_mark=False)
    upper = text.upper()
    assert wildcard_match(glob, upper, ignore_case=True) is reference(glob, text)


@pytest.mark.parametrize(
    ("glob", "text", "expected"),
    [
        ("arn:aws:iam::1:*/team-3-*", "arn:aws:iam::1:user/team-3-x", True),
        ("arn:aws:iam::1:*/team-3-*", "arn:aws:iam::1:team-3-x", False),
        ("a*bc*d", "abcd", True),
        ("a*bc*d", "abd", False),
        ("a*bc*d", "abcbd", True),
        ("ab*ba*ab", "ababab", False),  # the middle may not overlap the ends
        ("ab*ba*ab", "abbaab", True),
        ("*x*", "x", True),
        ("*x*", "", False),
        ("a**b", "ab", True),
        ("a*", "", False),
        ("*a", "a", True),
    ],
)
def test_plain_pattern_cases(glob: str, text: str, expected: bool) -> None:
    assert wildcard_match(glob, text) is expected
    assert wildcard_matcher(glob)(text) is expected
    assert reference(glob, text) is expected


@SETTINGS
@given(
    st.lists(st.sampled_from(CASED), max_size=6).map("".join),
    st.lists(st.sampled_from(CASED), max_size=7).map("".join),
)
def test_ignore_case_agrees_with_the_old_regular_expression(glob: str, text: str) -> None:
    """Case-insensitive matching is ``re.IGNORECASE``'s simple case folding."""
    assert wildcard_match(glob, text, ignore_case=True) is old_regex(glob, text, ignore_case=True)
    assert wildcard_match(glob, text) is old_regex(glob, text, ignore_case=False)


@pytest.mark.parametrize(
    ("glob", "text", "expected"),
    [
        # ${*} and ${?} arrive as \* and \?: literal characters, not wildcards.
        ("a\\*b", "a*b", True),
        ("a\\*b", "axb", False),
        ("a\\?b", "a?b", True),
        ("a\\?b", "axb", False),
        # A backslash before anything else is itself.
        ("a\\b", "a\\b", True),
        ("a\\", "a\\", True),
        ("\\\\*", "\\*", True),  # a literal backslash, then a literal star
        ("\\\\*", "\\x", False),
        ("*\\**", "no star here", False),
        ("*\\**", "one * inside", True),
        # ? is exactly one character, newline included; * may be empty.
        ("a?c", "a\nc", True),
        ("a?c", "ac", False),
        ("a*c", "ac", True),
        ("", "", True),
        ("", "a", False),
        ("*", "", True),
        ("**", "anything at all", True),
        # The segments must fit without overlapping.
        ("ab*ba", "aba", False),
        ("ab*ba", "abba", True),
        ("a*b*c", "abcbc", True),
        ("a*?b", "ab", False),
        ("a*?b", "axb", True),
    ],
)
def test_targeted_cases(glob: str, text: str, expected: bool) -> None:
    assert wildcard_match(glob, text) is expected
    assert reference(glob, text) is expected


def test_ignore_case_follows_simple_case_folding() -> None:
    assert wildcard_match("S3:Get*", "s3:GETOBJECT", ignore_case=True)
    assert wildcard_match("s3:get?bject", "S3:GetObject", ignore_case=True)
    assert not wildcard_match("s3:get?bject", "S3:GetObject")
    # One character stays one character: ß does not become ss, so ? still counts it as one.
    assert wildcard_match("stra?e", "STRAßE", ignore_case=True)
    assert not wildcard_match("strasse", "straße", ignore_case=True)
    assert wildcard_match("\u017f", "S", ignore_case=True)  # long s
    assert fold_case("\u0130\u0131") == "ii"  # dotted capital I, dotless small i
    assert len(fold_case("ẞß\u0130")) == 3


ARN = "arn:aws:s3:::my-bucket/some/prefix/object-name-0001.txt"


def _seconds(check: object, *args: object) -> float:
    assert callable(check)
    started = time.perf_counter()
    check(*args)
    return time.perf_counter() - started


@pytest.mark.parametrize("length", [60, 2000])
def test_two_hundred_stars_decide_at_once(length: int) -> None:
    """Eight stars took the old regex a minute on a 60-character ARN; ten never finished."""
    text = ("arn:aws:s3:::" + "a" * length)[:length]
    glob = "arn:aws:s3:::" + "*a" * 200 + "*b"  # needs a final b: never matches
    assert _seconds(wildcard_match, glob, text) < 1.0
    assert not wildcard_match(glob, text)
    assert wildcard_match(glob, text + "b") is (length >= 213)
    assert _seconds(star_match, glob, text) < 1.0


def test_question_marks_between_stars_stay_bounded() -> None:
    glob = "*" + "a?" * 100 + "c*"
    text = "a" * 2000
    assert _seconds(wildcard_match, glob, text) < 1.0
    assert not wildcard_match(glob, text)
    assert wildcard_match(glob, text + "ac")


@pytest.mark.parametrize(
    ("pattern", "repository", "expected"),
    [
        ("prod", "team-prod-api", True),  # no wildcard: contained
        ("prod*", "team-prod-api", False),  # with a wildcard: the whole name
        ("*prod*", "team-prod-api", True),
        ("team-?rod*", "team-prod-api", False),  # ? is not an ECR wildcard
        ("team-?rod*", "team-?rod-api", True),
    ],
)
def test_ecr_filters_use_the_star_matcher(pattern: str, repository: str, expected: bool) -> None:
    """Amazon ECR User Guide, "Filter wildcards": ``*`` is the only wildcard."""
    assert filter_matches(pattern, repository) is expected


def test_ecr_filter_with_many_stars_is_bounded() -> None:
    pattern = "*a" * 200 + "*b"
    assert _seconds(filter_matches, pattern, "a" * 2000) < 1.0
    assert not filter_matches(pattern, "a" * 2000)
