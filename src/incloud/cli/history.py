"""``incloud history`` and ``incloud diff``: the posture history the store records
(docs/history.md).
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import InputError
from .app import EXIT_FINDINGS, app
from .options import History, OutputDir, choices, grouped, view_format
from .running import err, show

FORMAT_HELP = "terminal or json (diff: also html)."

AccountOption = Annotated[
    str | None, typer.Option("--account", help="Only this account's scans (a 12-digit id).")
]


def _account(value: str | None) -> str | None:
    if value is not None and not (value.isdigit() and len(value) == 12):
        raise InputError(f"--account: {value[:40]!r} is not a 12-digit account id")
    return value


@app.command("history")
@grouped(History)
def history_command(
    *,
    account: AccountOption = None,
    output_format: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "terminal",
    output_dir: OutputDir = None,
    history: History,
) -> None:
    """The scans recorded in the store, oldest first, with their findings per domain and
    verdict.
    """
    from ..report.history import HISTORY

    view_format(output_format)
    store = history.to_read()
    show(store.scans(_account(account)), HISTORY, output_format, output_dir, "history")


@app.command("diff")
@grouped(History)
def diff_command(
    scan_a: Annotated[
        str | None,
        typer.Argument(help="The earlier scan (an id, or its unique start).", show_default=False),
    ] = None,
    scan_b: Annotated[
        str | None,
        typer.Argument(
            help="The later scan (default: the latest of its account).", show_default=False
        ),
    ] = None,
    *,
    account: AccountOption = None,
    output_format: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "terminal",
    output_dir: OutputDir = None,
    fail_on_new: Annotated[
        str | None,
        typer.Option(
            "--fail-on-new",
            help="Exit 1 when a failure at or above this severity is new or regressed (muted "
            "ones do not count).",
        ),
    ] = None,
    history: History,
) -> None:
    """What changed between two recorded scans (default: the account's last two): new,
    resolved, regressed and still-failing findings, findings unknown now, matrix cells,
    framework requirements, services in use and failed reads.
    """
    from ..evaluate.check import Severity
    from ..history.diff import diff, pick_scans
    from ..report.history import DIFF

    if output_format not in DIFF:
        raise InputError(f"unknown --format {output_format!r} (choose: {', '.join(DIFF)})")
    if fail_on_new is not None and fail_on_new not in {s.value for s in Severity}:
        raise InputError(f"unknown --fail-on-new {fail_on_new!r} (choose: {choices(Severity)})")
    if output_dir is not None:
        from .options import writable_directory

        writable_directory(output_dir)
    if scan_a is None and scan_b is not None:
        raise InputError("name the earlier scan too")
    store = history.to_read()
    before, after = pick_scans(store, scan_a, scan_b, _account(account))
    changes = diff(store, before, after)
    show(changes, DIFF, output_format, output_dir, "diff")
    if fail_on_new is not None:
        new = changes.new_failures(Severity(fail_on_new))
        if new:
            err(f"incloud: {len(new)} new failure(s) at or above {fail_on_new}")
            raise typer.Exit(EXIT_FINDINGS)
