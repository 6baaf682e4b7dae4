"""Commands that open the engines and the catalogue: ``iam``, ``network`` and ``checks``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import InputError, read_input_file

if TYPE_CHECKING:
    from ..report.protocol import Formats
from .app import EXIT_INCOMPLETE, checks_app, iam_app, network_app
from .options import (
    Connection,
    Format,
    OutputDir,
    SensitivePermissions,
    SnapshotFile,
    UseDemo,
    grouped,
    parse_domain,
    parse_sensitive,
    view_format,
)
from .running import coverage_gate, show, snapshot_for

MAX_SIMULATION_BYTES = 64 * 1024 * 1024
"""The largest simulation file ``iam simulate`` reads. IAM policies are a few kilobytes (a
managed policy at most 6,144 characters, a role's inline policies 10,240 together: IAM User
Guide, *IAM and AWS STS quotas*), so thousands of simulations fit."""


@iam_app.command("simulate")
def iam_simulate(
    simulation: Annotated[
        Path, typer.Argument(help="JSON: one simulation object or a list (see docs/iam.md).")
    ],
    lenient: Annotated[
        bool,
        typer.Option(
            "--lenient",
            help="Accept what AWS accepts but the strict grammar refuses (a plain ARN string as "
            "Principal; a VPC endpoint policy without Principal), with a warning in the result.",
        ),
    ] = False,
) -> None:
    """Evaluate requests against policies offline, as AWS would decide them.

    In a list, each simulation is answered on its own: a refused one is {"error": reason} in
    its place.
    """
    import json

    from ..evaluate.iam.simulate import simulate_document
    from ..jsondoc import JsonDocumentError, parse_document

    try:
        document = parse_document(read_input_file(simulation, "simulation", MAX_SIMULATION_BYTES))
    except JsonDocumentError as error:
        raise InputError(f"{simulation}: {error}") from None
    typer.echo(json.dumps(simulate_document(document, lenient=lenient), indent=2))


@iam_app.command("paths")
@grouped(Connection)
def iam_paths(
    principal: Annotated[
        str | None, typer.Argument(help="Only this user or role (ARN or name).")
    ] = None,
    *,
    snapshot_file: SnapshotFile = None,
    use_demo: UseDemo = False,
    output_format: Format = "terminal",
    output_dir: OutputDir = None,
    sensitive: SensitivePermissions = None,
    connection: Connection,
) -> None:
    """Privilege-escalation paths: who can become an administrator (or obtain a --sensitive
    permission), step by step. Exit 3 when what they depend on could not be read.
    """
    from ..evaluate.views import paths_view
    from ..report.views import PATHS

    view_format(output_format)
    goals = parse_sensitive(tuple(sensitive or ()))
    snapshot = snapshot_for(snapshot_file, use_demo, connection, output_dir)
    view = paths_view(snapshot, principal, goals)
    show_answer(view, snapshot, PATHS, output_format, output_dir, "iam-paths")


@network_app.command("exposure")
@grouped(Connection)
def network_exposure(
    *,
    snapshot_file: SnapshotFile = None,
    use_demo: UseDemo = False,
    output_format: Format = "terminal",
    output_dir: OutputDir = None,
    connection: Connection,
) -> None:
    """Every address, port and protocol the internet can open, and along which path
    (directly, on a load balancer, through one to its targets, or via CloudFront). Exit 3
    when what they depend on could not be read.
    """
    from ..evaluate.views import exposure_view
    from ..report.views import EXPOSURE

    view_format(output_format)
    snapshot = snapshot_for(snapshot_file, use_demo, connection, output_dir)
    view = exposure_view(snapshot)
    show_answer(view, snapshot, EXPOSURE, output_format, output_dir, "network-exposure")


def show_answer(
    view: Any,
    snapshot: Any,
    formats: Formats[Any],
    output_format: str,
    output_dir: Path | None,
    name: str,
) -> None:
    """Print an account-wide view (see ``evaluate.views``); exit 3 when it is incomplete, or
    when the snapshot's collection is (``coverage_gate``: interrupted, nothing read, most
    reads failed).
    """
    show(view, formats, output_format, output_dir, name)
    if coverage_gate(snapshot) or not view.complete:
        raise typer.Exit(EXIT_INCOMPLETE)


@checks_app.callback(invoke_without_command=True)
def checks_list(
    ctx: typer.Context,
    domain: Annotated[str | None, typer.Option(help="Only this domain.")] = None,
    service: Annotated[str | None, typer.Option(help="Only this service (e.g. s3).")] = None,
) -> None:
    """List checks (filter by --domain / --service); `incloud checks show ID` for one."""
    if ctx.invoked_subcommand is not None:
        return
    from ..evaluate.engine import select_checks

    found = select_checks(
        domains=[parse_domain(domain)] if domain else None,
        services=[service] if service else None,
        include_strict=True,
    )
    for item in found:
        typer.echo(
            f"{item.id:40} {item.domain.value:16} {item.severity.value:9} "
            f"{item.level.value:9} {item.title}"
        )


@checks_app.command("show")
def checks_show(check_id: Annotated[str, typer.Argument(help="A check id.")]) -> None:
    """Show one check's documentation."""
    from ..evaluate.check import all_checks

    item = all_checks().get(check_id)
    if item is None:
        raise InputError(f"unknown check id {check_id!r} (see `incloud checks`)")
    typer.echo(
        f"{item.id}\n  domain: {item.domain.value}  severity: {item.severity.value}  "
        f"level: {item.level.value}  resource: {item.resource.__name__}"
    )
    if item.requires:
        typer.echo(f"  reads: {', '.join(item.requires)}")
    typer.echo("")
    typer.echo(item.doc)
