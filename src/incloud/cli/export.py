"""``incloud export``: send a saved report to another system (today: AWS Security Hub).

Exporting writes, so it never collects: it reads a report file and uses clients of its own
(:mod:`incloud.export`), never the read-only collection session.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import EXIT_INCOMPLETE, app
from .options import EndpointUrl, Profile
from .running import err

export_app = typer.Typer(help="Send a saved report to another system.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("securityhub")
def export_securityhub(
    report: Annotated[
        Path,
        typer.Argument(help="A JSON report: `scan --format json`, or report.json in an -o dir."),
    ],
    region: Annotated[
        str, typer.Option(help="The Security Hub region to import into (it must be enabled).")
    ],
    profile: Profile = None,
    endpoint_url: EndpointUrl = None,
) -> None:
    """Import the report's findings into AWS Security Hub (ASFF, BatchImportFindings) in the
    credentials' account, and resolve earlier incloud findings that now pass or are gone.
    Prints `sent N, resolved M, failed K`; exit 3 when Security Hub refused some.
    """
    from ..export import securityhub

    assessment = securityhub.load_report(report)
    hub = securityhub.connect(region, profile=profile, endpoint_url=endpoint_url)
    outcome = securityhub.export(assessment, hub.client, hub.target)
    for line in outcome.failure_lines():
        err(line)
    typer.echo(outcome.line())
    if outcome.failed:
        raise typer.Exit(EXIT_INCOMPLETE)
