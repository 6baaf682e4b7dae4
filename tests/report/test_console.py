"""The report console (every string and Text rendered inert) and the terminal settings."""

from __future__ import annotations

import fcntl
import io
import os
import struct
import termios
from typing import Any

import pytest
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from incloud.report.console import (
    DEFAULT_WIDTH,
    InertConsole,
    inert_text,
    report_console,
    terminal_style,
)
from tests.report.hostile import EVIL, EVIL_ESCAPED, assert_inert


def test_strings_are_escaped_before_layout_so_table_columns_fit() -> None:
    console = report_console(color=False, width=200)
    table = Table()
    table.add_column("name", no_wrap=True)
    table.add_column("reason", no_wrap=True)
    table.add_row(f"bucket{EVIL}", "ok")
    console.print(f"line {EVIL}")
    console.print(table)
    text = console.export_text()
    assert_inert(text, color=False)
    assert f"line {EVIL_ESCAPED}\n" in text
    assert f"│ bucket{EVIL_ESCAPED} │ ok     │" in text  # whole, not cropped


def test_a_text_is_escaped_with_its_styles_kept() -> None:
    console = report_console(color=True, width=200)
    console.print(Text.assemble(("HIGH", "bold red"), " name\x1b[2J\nforged ", ("tail", "dim")))
    text = console.export_text(styles=True)
    assert_inert(text, color=True)
    assert "\x1b[1;31mHIGH\x1b[0m" in text
    assert r" name\x1b[2J\nforged " in text
    assert "\x1b[2mtail\x1b[0m" in text
    assert text.count("\n") == 1


def test_inert_text_moves_spans_past_the_escapes() -> None:
    source = Text.assemble(("a\x1b", "red"), ("b", "bold"))
    inert = inert_text(source)
    assert inert.plain == r"a\x1bb"
    assert [(s.start, s.end, str(s.style)) for s in inert.spans] == [(0, 5, "red"), (5, 6, "bold")]
    clean = Text("clean")
    assert inert_text(clean) is clean


def test_markup_emoji_and_highlighting_are_off() -> None:
    console = report_console(color=True, width=80)
    console.print("[bold]markup[/] :smile: 123 http://x.example")
    assert console.export_text(styles=True) == "[bold]markup[/] :smile: 123 http://x.example\n"


class _RawSegments:
    """A renderable that yields segments directly, bypassing str and Text."""

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield Segment("raw\x1b]0;x\x07\u202e\x85")
        yield Segment("\n")


def test_segments_are_guarded_last() -> None:
    console = report_console(color=False, width=80)
    console.print(_RawSegments())
    assert console.export_text() == "raw\\x1b]0;x\\x07\\u202e\\x85\n"


def test_the_console_is_inert_and_records() -> None:
    console = report_console(color=False)
    assert isinstance(console, InertConsole)
    assert console.width == DEFAULT_WIDTH
    assert report_console(color=False, width=77).width == 77


class _Stream(io.StringIO):
    def __init__(self, *, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(
    ("tty", "environ", "expected"),
    [
        (True, {}, (True, DEFAULT_WIDTH)),
        (True, {"NO_COLOR": "1"}, (False, DEFAULT_WIDTH)),
        (True, {"NO_COLOR": ""}, (True, DEFAULT_WIDTH)),
        (True, {"TERM": "dumb"}, (False, DEFAULT_WIDTH)),
        (False, {}, (False, DEFAULT_WIDTH)),
        (False, {"COLUMNS": "90"}, (False, 90)),
        (True, {"COLUMNS": "72"}, (True, 72)),
        (True, {"COLUMNS": "0"}, (True, DEFAULT_WIDTH)),
        (True, {"COLUMNS": "wide"}, (True, DEFAULT_WIDTH)),
        (True, {"COLUMNS": "\u0662"}, (True, DEFAULT_WIDTH)),  # an Arabic-Indic two
    ],
)
def test_terminal_style(tty: bool, environ: dict[str, str], expected: tuple[bool, int]) -> None:
    # a StringIO has no descriptor, so a "terminal" here has no size of its own
    assert terminal_style(_Stream(tty=tty), environ=environ) == expected


def test_terminal_width_comes_from_the_terminal() -> None:
    leader, follower = os.openpty()
    try:
        with os.fdopen(follower, "w", closefd=False) as stream:
            fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 101, 0, 0))
            assert terminal_style(stream, environ={}) == (True, 101)
            assert terminal_style(stream, environ={"COLUMNS": "66"}) == (True, 66)
    finally:
        os.close(leader)
        os.close(follower)


def test_a_closed_stream_is_not_a_terminal() -> None:
    stream = io.StringIO()
    stream.close()
    assert terminal_style(stream, environ={}) == (False, DEFAULT_WIDTH)
