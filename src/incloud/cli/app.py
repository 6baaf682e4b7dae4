"""The typer application and its sub-commands' groups; commands register on it."""

from __future__ import annotations

import typer

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INCOMPLETE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

EXIT_OUTPUT_CLOSED = 141
"""Standard output closed before everything was written (``incloud scan | head``): 128 +
SIGPIPE, what a program that SIGPIPE ends exits with, never 1 (which means findings)."""

DEMO_SCOPE = "hipaa"
"""The compliance programme the fictional demo company declares (its product handles
health data), so the demo shows a service outside that programme's scope."""

app = typer.Typer(
    name="incloud",
    help="The AWS Shared Responsibility Model, executable: which security duties are yours, "
    "and are you meeting them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
checks_app = typer.Typer(help="Browse the check catalogue.", no_args_is_help=False)
app.add_typer(checks_app, name="checks")
iam_app = typer.Typer(help="The IAM policy engine.", no_args_is_help=True)
app.add_typer(iam_app, name="iam")
network_app = typer.Typer(help="The network reachability engine.", no_args_is_help=True)
app.add_typer(network_app, name="network")
