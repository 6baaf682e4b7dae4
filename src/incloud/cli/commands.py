"""The main commands: scan, collect, evaluate, demo, matrix, compliance, permissions."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from .app import DEMO_SCOPE, EXIT_INCOMPLETE, app
from .options import (
    AllowUnknown,
    AttestationsFile,
    Checks,
    Connection,
    Domains,
    FailOn,
    Format,
    Frameworks,
    Judgement,
    MinSeverity,
    Output,
    OutputDir,
    Scope,
    SnapshotFile,
    Strict,
    UseDemo,
    grouped,
    selected_checks,
    view_format,
    writable_file,
)
from .running import (
    assess_and_report,
    collect_live,
    err,
    scan_and_report,
    snapshot_for,
    write_text,
)


@app.command()
@grouped(Connection, Judgement)
def scan(
    *,
    domains: Domains = None,
    checks: Checks = None,
    severity: MinSeverity = None,
    strict: Strict = False,
    output_format: Format = "terminal",
    output_dir: OutputDir = None,
    fail_on: FailOn = None,
    allow_unknown: AllowUnknown = False,
    scope: Scope = None,
    framework: Frameworks = None,
    attestations: AttestationsFile = None,
    connection: Connection,
    judgement: Judgement,
) -> None:
    """Collect an account, evaluate it and report."""
    selected = selected_checks(checks, domains, severity, strict)
    output = Output(
        output_format,
        output_dir,
        fail_on,
        allow_unknown,
        scope,
        tuple(framework or ()),
        attestations,
    )
    output.validate()
    settings = judgement.settings
    scan_and_report(connection.session_options(), connection, selected, output, settings)


@app.command("collect")
@grouped(Connection)
def collect_command(
    *,
    output: Annotated[Path, typer.Option("-o", "--output", help="Snapshot file (.json or .gz).")],
    connection: Connection,
) -> None:
    """Collect an account into a snapshot file, for evaluation later or elsewhere.

    The file is written whole or not at all. When the collection is incomplete (interrupted,
    or most reads failed) the snapshot goes to NAME.partial.json[.gz] instead, an existing
    NAME is left as it was, and the exit code is 3 (130 after Ctrl-C).
    """
    from ..snapshot import save_snapshot
    from ..snapshot.coverage import coverage

    writable_file(output)
    options = connection.session_options()
    partial = partial_path(output)
    snapshot = collect_live(options, connection, None, keep=partial)
    read = coverage(snapshot)
    target = partial if read.incomplete else output
    save_snapshot(snapshot, target)
    calls = sum(c.count for c in snapshot.api_calls)
    err(
        f"wrote {target}: {len(snapshot.resources)} resources, {len(snapshot.gaps)} gaps, "
        f"{calls} API calls; {read.describe()}"
    )
    if read.incomplete:
        err(f"incloud: incomplete: most of the account was not read; {output} was not replaced")
        raise typer.Exit(EXIT_INCOMPLETE)


def partial_path(path: Path) -> Path:
    """Where an incomplete collection is kept: ``snap.json.gz`` -> ``snap.partial.json.gz``."""
    suffixes = "".join(s for s in path.suffixes if s in (".json", ".gz"))
    stem = path.name[: len(path.name) - len(suffixes)] if suffixes else path.name
    return path.with_name(f"{stem}.partial{suffixes}")


@app.command("evaluate")
@grouped(Judgement)
def evaluate_command(
    snapshot_file: Annotated[Path, typer.Argument(help="A snapshot from `incloud collect`.")],
    *,
    domains: Domains = None,
    checks: Checks = None,
    severity: MinSeverity = None,
    strict: Strict = False,
    output_format: Format = "terminal",
    output_dir: OutputDir = None,
    fail_on: FailOn = None,
    allow_unknown: AllowUnknown = False,
    scope: Scope = None,
    framework: Frameworks = None,
    attestations: AttestationsFile = None,
    judgement: Judgement,
) -> None:
    """Evaluate a saved snapshot offline (no AWS access)."""
    from ..snapshot import load_snapshot

    selected = selected_checks(checks, domains, severity, strict)
    output = Output(
        output_format,
        output_dir,
        fail_on,
        allow_unknown,
        scope,
        tuple(framework or ()),
        attestations,
    )
    output.validate()
    settings = judgement.settings
    assess_and_report(load_snapshot(snapshot_file), selected, output, settings)


@app.command()
def demo(
    output_dir: OutputDir = Path("incloud-demo-report"),
    output_format: Format = "terminal",
    fail_on: FailOn = None,
    allow_unknown: AllowUnknown = False,
    strict: Strict = False,
    scope: Annotated[
        str | None, typer.Option("--scope", help="Compliance programme the demo declares.")
    ] = DEMO_SCOPE,
) -> None:
    """Start a simulated AWS account (moto), seed a fictional company, and scan it."""
    from ..demo.run import demo_options

    selected = selected_checks(None, None, None, strict)
    output = Output(output_format, output_dir, fail_on, allow_unknown, scope)
    output.validate()
    with demo_options() as options:
        scan_and_report(options, Connection(), selected, output, Judgement().settings)


@app.command()
@grouped(Connection, Judgement)
def matrix(
    service: Annotated[
        str | None, typer.Argument(help="Drill down into one service (an IAM prefix, e.g. ec2).")
    ] = None,
    *,
    snapshot_file: SnapshotFile = None,
    use_demo: UseDemo = False,
    scope: Scope = None,
    output_format: Format = "terminal",
    output_dir: OutputDir = None,
    connection: Connection,
    judgement: Judgement,
) -> None:
    """The shared responsibility matrix: who owns each duty for the services in use, and
    whether your part is met (live, from --snapshot, or --demo).
    """
    from ..api import assess
    from ..report.console import terminal_style
    from ..report.matrix import matrix_json, render

    view_format(output_format)
    output = Output(scope=DEMO_SCOPE if use_demo and scope is None else scope)
    output.validate()
    settings = judgement.settings
    snapshot = snapshot_for(snapshot_file, use_demo, connection, output_dir)
    assessment = assess(snapshot, programme=output.scope, settings=settings)
    assert assessment.matrix is not None
    in_use = sorted({u.prefix for a in assessment.matrix.accounts for u in a.services})
    if service is not None and service not in in_use:
        raise InputError(f"{service!r} is not in use here (in use: {', '.join(in_use)})")
    style = terminal_style(sys.stdout)
    pages: dict[str, Callable[[bool], str]] = {
        "terminal": lambda color: render(
            assessment, color=color, service=service, width=style.width
        ),
        "json": lambda _color: matrix_json(assessment.matrix, service),
    }
    show(pages, output_format, style.color, output_dir, "matrix" + (f"-{service}" * bool(service)))


@app.command()
@grouped(Connection, Judgement)
def compliance(
    framework: Annotated[
        str | None,
        typer.Argument(help="A framework id (e.g. cis-5.0); without one, every framework's score."),
    ] = None,
    *,
    snapshot_file: SnapshotFile = None,
    use_demo: UseDemo = False,
    attestations: AttestationsFile = None,
    output_format: Format = "terminal",
    output_dir: OutputDir = None,
    connection: Connection,
    judgement: Judgement,
) -> None:
    """Compliance posture: each requirement of a framework (CIS, PCI DSS, HIPAA, ...) with its
    owner, automation and status (live, from --snapshot, or --demo).
    """
    import json

    from ..compliance.model import framework_ids
    from ..compliance.posture import assess_frameworks
    from ..report.compliance import render, render_listing
    from ..report.console import terminal_style
    from ..report.json_report import model_json

    view_format(output_format)
    output = Output(
        frameworks=(framework,) if framework is not None else framework_ids(),
        attestations=attestations,
    )
    output.validate()
    settings = judgement.settings
    snapshot = snapshot_for(snapshot_file, use_demo, connection, output_dir)
    postures = assess_frameworks(
        snapshot,
        output.framework_data,
        settings=settings,
        attestations=output.attestation_entries,
    )
    style = terminal_style(sys.stdout)
    if framework is not None:
        name = f"compliance-{framework}"
        pages: dict[str, Callable[[bool], str]] = {
            "terminal": lambda color: render(postures[0], color=color, width=style.width),
            "json": lambda _color: model_json(postures[0]),
        }
    else:
        listing = {
            "collected_at": snapshot.collected_at.isoformat(),
            "frameworks": [
                p.model_dump(mode="json", include={"framework", "name", "version", "summary"})
                for p in postures
            ],
        }
        name = "compliance"
        pages = {
            "terminal": lambda color: render_listing(postures, color=color, width=style.width),
            "json": lambda _color: json.dumps(listing, indent=2) + "\n",
        }
    show(pages, output_format, style.color, output_dir, name)


def show(
    pages: dict[str, Callable[[bool], str]],
    output_format: str,
    color: bool,
    output_dir: Path | None,
    name: str,
) -> None:
    """Print a view in ``output_format``; with a directory, write it there in every format."""
    sys.stdout.write(pages[output_format](output_format == "terminal" and color))
    if output_dir is None:
        return
    written = []
    for kind, extension in (("terminal", "txt"), ("json", "json")):
        path = output_dir / f"{name}.{extension}"
        write_text(path, pages[kind](False))
        written.append(path.name)
    err(f"{name} written to {output_dir}/: " + ", ".join(written))


@app.command()
def permissions() -> None:
    """Print the read-only IAM policy incloud needs, generated from the collectors."""
    import json

    from ..collect.registry import required_policy

    typer.echo(json.dumps(required_policy(), indent=2))
