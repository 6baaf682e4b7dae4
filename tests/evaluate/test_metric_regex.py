"""The ``%regex%`` values of CloudWatch Logs JSON filter patterns: the documented subset, refused
outside it with the reason, and matched by the non-backtracking automaton in
:mod:`incloud.evaluate.metric_regex`, exercised through the filter-pattern parser and matcher.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incloud.evaluate.metric_filters import PatternError, matches, parse

# --- regular expressions: the documented subset, matched without backtracking -----------------
# CloudWatch Logs User Guide, "Filter pattern syntax ...", "Supported regular expressions (regex)
# syntax": letters, digits, the symbols : _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \ * +
# . only; no parentheses; at most two regular expressions in a JSON pattern.


@pytest.mark.parametrize(
    ("regex", "value", "expected"),
    [
        (r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}", "from 10.0.12.255 today", True),
        (r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}", "from 10.0.12 today", False),
        ("[Ee]rror|[Ff]ail", "a failure", True),
        ("[Ee]rror|[Ff]ail", "all good", False),
        ("^[hc]at", "hat trick", True),
        ("^[hc]at", "that", False),
        ("[hc]at$", "that", True),
        ("colou?r", "color", True),
        ("colou?r", "colour", True),
        ("a{3,5}", "xaax", False),
        ("a{3,5}", "xaaax", True),
        ("AUTHORIZED", "UNAUTHORIZED REQUEST", True),
        ("[^0-9]", "123", False),
        (r"\w+@\w+", "to: a_b@example", True),
    ],
)
def test_the_guides_regex_operators(regex: str, value: str, expected: bool) -> None:
    assert matches(parse(f"{{ $.m = %{regex}% }}"), {"m": value}) is expected


@pytest.mark.parametrize(
    ("regex", "message"),
    [
        ("(Delete|Stop)Trail", "parentheses (subpatterns) are not supported"),
        ("Delete Trail", "' ' is not allowed"),
        ("Löschen", "'ö' is not allowed"),
        ("Trail!", "'!' is not allowed"),
        (r"\bTrail", r"the escape \b is not supported"),
        ("a**", "a quantifier cannot follow another"),
        ("a+?", "a quantifier cannot follow another"),
        ("*Trail", "'*' repeats nothing"),
        ("a{5,2}", "bad repetition {5,2}"),
        ("a{2000}", "a count above 1000"),
        (".{999}.{999}", "needs more than 1000 steps"),
        ("a^b", "'^' out of place"),
        ("[z-a]", "bad character range"),
    ],
)
def test_regex_outside_the_documented_subset_is_refused(regex: str, message: str) -> None:
    with pytest.raises(PatternError, match=re.escape(message)):
        parse(f"{{ $.eventName = %{regex}% }}")


def test_at_most_two_regexes_per_pattern() -> None:
    two = "{ $.a = %x% || $.b = %y% }"
    assert matches(parse(two), {"b": "y"})
    with pytest.raises(PatternError, match="more than 2 regular expressions"):
        parse(two[:-1] + "|| $.c = %z% }")


def _seconds_to_decide(pattern: str, event: dict[str, Any]) -> tuple[bool, float]:
    started = time.perf_counter()
    result = matches(parse(pattern), event)
    return result, time.perf_counter() - started


def test_a_regex_that_backtracks_exponentially_in_re_decides_at_once() -> None:
    """``a*`` 300 times then ``b`` against 5,000 ``a``: Python's ``re`` takes seconds already
    at ten ``a*`` and thirty characters; the automaton keeps one state set per character.
    """
    result, seconds = _seconds_to_decide("{ $.m = %" + "a*" * 300 + "b% }", {"m": "a" * 5000})
    assert result is False
    assert seconds < 1.0
    result, _ = _seconds_to_decide("{ $.m = %" + "a*" * 300 + "b% }", {"m": "a" * 5000 + "b"})
    assert result is True


_REGEX_ATOMS = ["a", "b", ".", "[ab]", "[^a]", r"\d", "1", r"\.", "[a-c]", r"\w", r"\s", "[\\d.]"]
_REGEX_QUANTIFIERS = ["", "", "*", "+", "?", "{2}", "{1,2}", "{0,}"]


@st.composite
def _subset_regexes(draw: st.DrawFn) -> str:
    branches = []
    for _ in range(draw(st.integers(1, 2))):
        items = draw(
            st.lists(
                st.tuples(st.sampled_from(_REGEX_ATOMS), st.sampled_from(_REGEX_QUANTIFIERS)),
                max_size=4,
            )
        )
        start = draw(st.sampled_from(["", "^"]))
        end = draw(st.sampled_from(["", "$"]))
        branches.append(start + "".join(a + q for a, q in items) + end)
    return "|".join(branches)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(_subset_regexes(), st.text(alphabet="ab1x. ", max_size=10))
def test_the_automaton_agrees_with_re_on_the_subset(regex: str, value: str) -> None:
    """Same answers as Python's ``re`` (ASCII classes) where ``re`` is safe: small inputs."""
    expected = re.search(regex, value, flags=re.ASCII) is not None
    assert matches(parse(f"{{ $.m = %{regex}% }}"), {"m": value}) is expected
