r"""Text written by whoever controls the scanned account, made inert before a terminal shows it.

Names, tags, descriptions, policy Sids and error messages are chosen by the account's owner,
not by incloud. Printed raw, they can drive the terminal: ``ESC [ 2 J`` clears the screen,
``ESC ] 0 ; ... BEL`` sets the window title, ``ESC ] 52 ; c ; ... BEL`` writes the clipboard,
``U+009B`` is an 8-bit CSI some terminals honour, ``U+202E`` reverses the text that follows
and a newline forges whole report lines. The rule:

* **Escaped** (:func:`needs_escape`): every character of Unicode category ``Cc`` (C0 controls
  including ``\n``, ``\r`` and ``\t``, DEL, C1 controls), ``Cf`` (format characters: the
  bidi embeddings, overrides and isolates ``U+202A``-``U+202E`` and ``U+2066``-``U+2069``,
  the marks ``U+200E``/``U+200F``/``U+061C``, zero-width space and joiners
  ``U+200B``-``U+200D``, word joiner and invisible operators ``U+2060``-``U+2064``,
  ``U+FEFF``, the soft hyphen, and the invisible tag characters ``U+E0000``-``U+E007F`` that
  can smuggle hidden text), ``Zl`` and ``Zp`` (``U+2028``, ``U+2029``: line and paragraph
  breaks), and ``Cs`` (a lone surrogate cannot even be encoded for output). ``U+2060``-
  ``U+2069`` are escaped as a block even where the Unicode database leaves a code point
  unassigned (``U+2065``).
* **Kept**: everything else, including spaces of category ``Zs`` (no-break space), private-use
  and unassigned code points, combining marks and variation selectors: they change how a
  glyph looks, not the terminal's state or the order of the text.
* **Form**: as Python writes them: ``\n``, ``\r``, ``\t``, else ``\xNN`` up to ``U+00FF``,
  ``\uNNNN`` up to ``U+FFFF``, ``\UNNNNNNNN`` above; so an analyst sees the attack, on one
  line. A backslash in the data stays as it is: ``printable`` is for reading, not reversible.

JSON text gets the same characters as JSON's own ``\uXXXX`` escapes (:func:`inert_json`),
which leaves the decoded value unchanged.
"""

from __future__ import annotations

import re
import unicodedata

ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Unicode categories whose characters are always escaped."""

ESCAPED_ALWAYS = frozenset(
    {0x061C, 0x2028, 0x2029, 0xFEFF, *range(0x200B, 0x2010), *range(0x202A, 0x202F)}
    | set(range(0x2060, 0x206A))
)
"""Bidi and invisible formatting code points escaped whatever the Unicode database says."""

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NOT_PLAIN_ASCII = re.compile(r"[^ -~]")
_JSON_SUSPECT = re.compile(r"[^\t\n\r -~]")
_BMP_END = 0xFFFF


def needs_escape(char: str) -> bool:
    """True when ``char`` (one character) could act on a terminal or hide or reorder text."""
    return ord(char) in ESCAPED_ALWAYS or unicodedata.category(char) in ESCAPED_CATEGORIES


def escape_char(char: str) -> str:
    r"""``char`` as a visible escape: ``\n``, ``\x1b``, ``\u202e``, ``\U000e0041``."""
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= _BMP_END:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` made inert for a terminal and kept on one line (see the module's rule).

    Ordinary text is returned as it is, without a copy: ``str.isprintable`` is false for every
    character that needs escaping, so it decides the fast path.
    """
    if text.isprintable():
        return text
    return _NOT_PLAIN_ASCII.sub(_escape_match, text)


def inert_json(text: str) -> str:
    r"""JSON text with the characters :func:`printable` escapes written as ``\uXXXX``.

    Serialisers escape C0 controls inside strings (JSON requires it) but write DEL, C1
    controls and bidi characters raw. Those can only stand inside a string, where an escape
    means the same character, so ``json.loads`` gives the same value. Tabs, newlines and
    carriage returns are left alone: outside strings they are the document's whitespace.
    """
    return _JSON_SUSPECT.sub(_json_match, text)


def _escape_match(match: re.Match[str]) -> str:
    char = match.group()
    return escape_char(char) if needs_escape(char) else char


def _json_match(match: re.Match[str]) -> str:
    char = match.group()
    if not needs_escape(char):
        return char
    code = ord(char)
    if code <= _BMP_END:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
