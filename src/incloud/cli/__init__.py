"""The command line: parse arguments, call the library, print.

Exit codes:

0    done, nothing failed at or above ``--fail-on``
1    findings at or above ``--fail-on``
2    usage, credential or input error (one line on stderr)
3    incomplete: a result at or above ``--fail-on`` could not be assessed (unless
     ``--allow-unknown``), the collection was interrupted or most of its reads failed, or a
     view's answer depends on reads that failed (one line on stderr says which)
130  interrupted (Ctrl-C); what was collected is kept in a snapshot file
141  standard output was closed before the report was written (a reader that stopped)

``app.py`` holds the typer application, ``options.py`` the shared options and their checks,
``running.py`` collection and reporting, ``commands.py`` and ``engines.py`` the commands.
"""

from __future__ import annotations

import sys

import typer

from ..errors import InputError
from ..memory import limit_malloc_arenas
from . import commands, engines, export, history, iac, serve  # noqa: F401  (registers them)
from .app import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INCOMPLETE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT_CLOSED,
    app,
)
from .running import err

try:  # typer 0.2x vendors its own click
    from typer._click import exceptions as click_exceptions
    from typer._click import utils as click_utils
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as click_exceptions  # type: ignore[no-redef]
    from click import utils as click_utils  # type: ignore[no-redef]

__all__ = [
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_INCOMPLETE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_OUTPUT_CLOSED",
    "app",
    "main",
]


MAX_ERROR_LENGTH = 1000
"""The most characters of an error message printed: messages quote what the user gave (a
simulation's values, a file's text), which may be megabytes long."""


def clipped(message: str) -> str:
    """``message``, cut to :data:`MAX_ERROR_LENGTH` characters with how long it was."""
    if len(message) <= MAX_ERROR_LENGTH:
        return message
    return f"{message[:MAX_ERROR_LENGTH]}... ({len(message)} characters)"


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every error becomes one line on stderr and exit code 2."""
    limit_malloc_arenas()
    try:
        result = app(args=argv, prog_name="incloud", standalone_mode=False)
    except SystemExit as stop:
        # click answers a closed standard output (EPIPE) with exit 1, the code of --fail-on,
        # after wrapping the streams so that the final flush stays quiet
        if stop.code == EXIT_FINDINGS and isinstance(sys.stdout, click_utils.PacifyFlushWrapper):
            return EXIT_OUTPUT_CLOSED
        raise
    except InputError as error:
        err(f"incloud: error: {clipped(str(error))}")
        return EXIT_ERROR
    except click_exceptions.NoArgsIsHelpError:
        return EXIT_OK  # typer has printed the help
    except click_exceptions.ClickException as error:
        err(f"incloud: error: {error.format_message()}")
        return EXIT_ERROR
    except typer.Abort:
        err("incloud: interrupted")
        return EXIT_INTERRUPTED
    return result if isinstance(result, int) else EXIT_OK
