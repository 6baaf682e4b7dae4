"""YAML files the user writes (attestations, mutelists), read with bounds: one clear
``InputError`` line for a file too large, unreadable, not YAML, nested too deeply, or using
anchors and aliases (a few lines of aliases expand into billions of nodes, "billion laughs";
none of incloud's files needs them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
import yaml.events

from .errors import InputError, read_input_file

MAX_FILE_BYTES = 16 * 1024 * 1024
"""A user's YAML file larger than this is refused (real ones are a few kilobytes)."""


class _Refused(yaml.MarkedYAMLError):
    """A YAML error incloud raises itself: its problem is safe to show the user."""


class _PlainLoader(yaml.SafeLoader):
    """``yaml.safe_load`` without anchors and aliases, and with impossible dates refused as
    YAML errors (PyYAML reads ``2027-02-30`` as a date and raises a bare ValueError building
    it, with no line).
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Refuse an alias where the composer would resolve it."""
        if self.check_event(yaml.events.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise _Refused(None, None, "aliases are not allowed", mark)
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node: Any) -> Any:
        """A date or time, or a YAML error at its line for one that does not exist."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            problem = f"{_date_text(node.value)} is not a real date ({error})"
            raise _Refused(None, None, problem, node.start_mark) from None


_PlainLoader.add_constructor("tag:yaml.org,2002:timestamp", _PlainLoader.construct_yaml_timestamp)


def _date_text(value: Any) -> str:
    """The scalar as written, only when it is the date-like text YAML's timestamp rule
    matched (digits, ``-``, ``:``, ``T``, ``.``, spaces, ``+``, ``Z``).
    """
    text = str(value)
    allowed = set("0123456789-:T.+Z tz")
    return text if len(text) <= 40 and set(text) <= allowed else "the date"


def load_yaml(path: Path, what: str) -> Any:
    """The YAML document in ``path`` (``what`` names it in errors: "attestations")."""
    try:
        text = read_input_file(path, what, MAX_FILE_BYTES).decode()
    except UnicodeDecodeError:
        raise InputError(f"{path} is not a text file") from None
    try:
        return yaml.load(text, Loader=_PlainLoader)  # a SafeLoader without aliases
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None)
        reason = f": {problem}" if isinstance(error, _Refused) else ""
        raise InputError(f"{path} is not valid YAML{where}{reason}") from None
    except RecursionError:
        raise InputError(f"{path} is nested too deeply to be a {what} file") from None
