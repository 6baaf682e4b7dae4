r"""The rich console every terminal renderer draws on, and the terminal settings it is given.

The console makes whatever it renders inert (see :mod:`.inert`), in three layers:

1. every ``str`` it prints, and every ``str`` cell, title and header of a table, goes through
   :func:`.inert.printable` in ``render_str``, before layout, so column widths are measured
   on the escaped text;
2. every ``Text`` it renders is escaped the same way (styles kept, spans moved), before the
   ``Text`` wraps itself;
3. as a last guard, any character that needs escaping and is still in a rendered segment is
   escaped, except the ``"\n"`` that rich itself emits between lines. Control segments (cursor
   moves) carry no text, and styles become escape codes only at output, from ``Style``
   objects, so incloud's own colours stay.

The rule for renderers that follows: **no string or ``Text`` given to the console carries a
line break**; lines are separate ``print`` calls (``console.line()`` for a blank one), tables
and rich's wrapping. Layers 1 and 2 escape ``\n`` wherever it occurs, so an account string
can never start a line of its own, whether or not a call site remembered ``printable``. A
``Text`` used as a table cell is measured before layer 2 runs, so a renderer that puts
account data in one passes it through ``printable`` first (or passes a plain ``str``).
Markup, emoji codes and highlighting are off: a name like ``[bold]x[/]`` prints as written.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Mapping
from typing import NamedTuple, TextIO

from rich.console import Console, ConsoleOptions, HighlighterType, JustifyMethod, OverflowMethod
from rich.console import RenderableType as Renderable
from rich.protocol import rich_cast
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text

from .inert import escape_char, needs_escape, printable

DEFAULT_WIDTH = 120
"""Columns when the output is not a terminal (a pipe, a file) and COLUMNS is not set."""


class TerminalStyle(NamedTuple):
    """How to render for one output stream: colour or not, and its width in columns."""

    color: bool
    width: int


def terminal_style(
    stream: TextIO | None = None, *, environ: Mapping[str, str] | None = None
) -> TerminalStyle:
    """Colour and width for ``stream`` (standard output by default).

    Colour only on a terminal, and not when ``NO_COLOR`` is set to anything but the empty
    string (https://no-color.org) or ``TERM`` is ``dumb``. Width: ``COLUMNS`` when it is a
    positive number, else the terminal's width, else :data:`DEFAULT_WIDTH`.
    """
    stream = sys.stdout if stream is None else stream
    env = os.environ if environ is None else environ
    tty = _is_tty(stream)
    color = tty and not env.get("NO_COLOR") and env.get("TERM") != "dumb"
    width = _columns(env) or (_tty_width(stream) if tty else None) or DEFAULT_WIDTH
    return TerminalStyle(color, width)


def report_console(*, color: bool, width: int | None = None) -> InertConsole:
    """A recording console (read it with ``export_text(styles=color)``) for one report."""
    return InertConsole(
        record=True,
        file=io.StringIO(),
        width=width or DEFAULT_WIDTH,
        color_system="standard" if color else None,
        force_terminal=color,
        force_interactive=False,
        no_color=not color,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )


class InertConsole(Console):
    """A rich console that renders every string inert (see the module docstring)."""

    def render_str(
        self,
        text: str,
        *,
        style: str | Style = "",
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        emoji: bool | None = None,
        markup: bool | None = None,
        highlight: bool | None = None,
        highlighter: HighlighterType | None = None,
    ) -> Text:
        """``text`` escaped by :func:`.inert.printable`, then made a ``Text`` as rich does."""
        return super().render_str(
            printable(text),
            style=style,
            justify=justify,
            overflow=overflow,
            emoji=emoji,
            markup=markup,
            highlight=highlight,
            highlighter=highlighter,
        )

    def render(
        self, renderable: Renderable, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """The segments of ``renderable``, a ``Text`` escaped first, every segment guarded."""
        renderable = rich_cast(renderable)
        if isinstance(renderable, Text):
            renderable = inert_text(renderable)
        for segment in super().render(renderable, options):
            if segment.control or segment.text.isprintable() or segment.text == "\n":
                yield segment
            else:
                text = "\n".join(printable(line) for line in segment.text.split("\n"))
                yield Segment(text, segment.style, segment.control)


def inert_text(text: Text) -> Text:
    """``text`` with its characters escaped as :func:`.inert.printable` does, styles kept."""
    plain = text.plain
    if plain.isprintable():
        return text
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for char in plain:
        offsets.append(position)
        piece = escape_char(char) if needs_escape(char) else char
        pieces.append(piece)
        position += len(piece)
    offsets.append(position)
    inert = text.blank_copy("".join(pieces))
    end = len(plain)
    inert.spans = [
        Span(offsets[min(span.start, end)], offsets[min(span.end, end)], span.style)
        for span in text.spans
    ]
    return inert


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def _columns(env: Mapping[str, str]) -> int | None:
    value = env.get("COLUMNS", "").strip()
    return int(value) if value.isascii() and value.isdigit() and int(value) > 0 else None


def _tty_width(stream: TextIO) -> int | None:
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):  # no descriptor, or not a real terminal
        return None
    return columns if columns > 0 else None
