"""printable() and inert_json(): which characters are escaped, and how."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incloud.report.inert import escape_char, inert_json, needs_escape, printable
from tests.report.hostile import ATTACKS, EVIL, EVIL_ESCAPED


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]0;x\x07", r"\x1b]0;x\x07"),
        ("\x1b[2J", r"\x1b[2J"),
        ("\x1b]52;c;aGk=\x07", r"\x1b]52;c;aGk=\x07"),
        ("\x1b[8m", r"\x1b[8m"),
        ("\x9b31m", r"\x9b31m"),
        ("a\x85b", r"a\x85b"),
        ("\u202eevil", r"\u202eevil"),
        ("name\nNo failing checks.", r"name\nNo failing checks."),
        ("a\rb\tc\x00d\x7fe", r"a\rb\tc\x00d\x7fe"),
        (
            "\u061c\u200b\u200f\u2028\u2029\u2066\u2069\ufeff",
            r"\u061c\u200b\u200f\u2028\u2029\u2066\u2069\ufeff",
        ),
        ("soft\xadhyphen", r"soft\xadhyphen"),
        ("tag\U000e0041\U000e007f", r"tag\U000e0041\U000e007f"),
        ("lone\ud800", r"lone\ud800"),
        ("\u2065", r"\u2065"),
    ],
)
def test_controls_and_formatting_characters_are_shown_as_escapes(raw: str, shown: str) -> None:
    assert printable(raw) == shown


@pytest.mark.parametrize(
    "text",
    [
        "prod-bucket",
        "[bold]markup[/]",
        "<script>alert(1)</script>",
        "back\\slash \\x1b stays",
        "café Zürich 東京 ☃ 👩‍",  # the ZWJ is escaped, see below
        "no\xa0break space",
        "e\u0301 combining, variation \ufe0f",
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    expected = text.replace("\u200d", "\\u200d")
    assert printable(text) == expected


def test_ordinary_text_is_returned_without_a_copy() -> None:
    text = "".join(["arn:aws:s3:::", "bucket"])
    assert printable(text) is text


def test_the_whole_attack_becomes_one_visible_line() -> None:
    shown = printable(EVIL)
    assert shown == EVIL_ESCAPED
    assert shown.isprintable()
    for attack in ATTACKS.values():
        assert printable(attack).isprintable()


def test_every_escaped_character_is_one_str_isprintable_rejects() -> None:
    """The fast path is sound: no character that needs escaping is printable to Python."""
    escaped = [chr(c) for c in range(sys.maxunicode + 1) if needs_escape(chr(c))]
    assert not any(char.isprintable() for char in escaped)
    categories = {unicodedata.category(char) for char in escaped}
    assert categories <= {"Cc", "Cf", "Cs", "Zl", "Zp", "Cn"}


@given(st.text())
def test_printable_output_has_nothing_left_to_escape(text: str) -> None:
    shown = printable(text)
    assert not any(needs_escape(char) for char in shown)
    assert "\n" not in shown


def test_escape_forms() -> None:
    assert escape_char("\n") == r"\n"
    assert escape_char("\x1b") == r"\x1b"
    assert escape_char("\x9b") == r"\x9b"
    assert escape_char("\u202e") == r"\u202e"
    assert escape_char("\U000e0001") == r"\U000e0001"


def test_json_gets_c1_bidi_and_tags_as_unicode_escapes_with_the_same_value() -> None:
    value = {"name": f"x{EVIL}\x7f\U000e0041", f"key\u2028{EVIL}": [EVIL, "\\u202e literal"]}
    raw = json.dumps(value, ensure_ascii=False, indent=2)
    assert "\x9b" in raw
    assert "\u202e" in raw
    inert = inert_json(raw)
    assert json.loads(inert) == value
    assert "\x9b" not in inert
    assert "\x85" not in inert
    assert "\u202e" not in inert
    assert "\x7f" not in inert
    assert "\\u009b31m" in inert
    assert "\\u202e" in inert
    assert "\\udb40\\udc41" in inert
    assert inert.count("\n") == raw.count("\n")


def test_json_keeps_ordinary_unicode_raw() -> None:
    raw = json.dumps({"name": "café 東京"}, ensure_ascii=False)
    assert inert_json(raw) == raw


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda children: st.lists(children) | st.dictionaries(st.text(), children),
        max_leaves=10,
    )
)
def test_inert_json_never_changes_the_value(value: object) -> None:
    raw = json.dumps(value, ensure_ascii=False)
    inert = inert_json(raw)
    assert json.loads(inert) == value
    assert not any(needs_escape(c) and c not in "\t\n\r" for c in inert)
