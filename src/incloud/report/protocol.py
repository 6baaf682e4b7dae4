"""The reporter protocol every renderer follows (see the package docstring)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, TypeVar

S_contra = TypeVar("S_contra", contravariant=True)


class Reporter(Protocol[S_contra]):
    """Render one subject in one format, as text for a terminal or a file."""

    def __call__(
        self, subject: S_contra, /, *, color: bool = False, width: int | None = None
    ) -> str:
        """The rendered subject; ``color`` adds ANSI styles where the format has them, and
        ``width`` is the terminal's where the format has a width.
        """
        ...


Formats = Mapping[str, Reporter[S_contra]]
"""Format name -> the reporter of one subject in that format."""
