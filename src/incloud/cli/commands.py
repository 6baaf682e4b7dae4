"""The main commands: scan, collect, evaluate, demo, matrix, compliance, permissions."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from .app import DEMO_SCOPE, app
from .options import (
    AttestationsFile,
    BreakGlass,
    Checks,
    Domains,
    EndpointUrl,
    ExternalId,
    FailOn,
    Format,
    Frameworks,
    MinSeverity,
    Output,
    OutputDir,
    Profile,
    Regions,
    RoleArn,
    Scope,
    SensitivePermissions,
    SnapshotFile,
    Strict,
    Thresholds,
    TrustedAccounts,
    UseDemo,
    Workers,
    selected_checks,
    session_options,
    view_format,
)
from .running import add_posture, emit, err, exit_for, progress_bar, scan_and_report, snapshot_for


@app.command()
def scan(
    profile: Profile = None,
    role_arn: RoleArn = None,
    external_id: ExternalId = None,
    regions: Regions = None,
    domains: Domains = None,
    checks: Checks = None,
    severity: MinSeverity = None,
    strict: Strict = False,
    output_format: Format = "terminal",
    output_dir: OutputDir = None,
    fail_on: FailOn = None,
    workers: Workers = 8,
    endpoint_url: EndpointUrl = None,
    scope: Scope = None,
    trusted_accounts: TrustedAccounts = None,
    break_glass: BreakGlass = None,
    sensitive: SensitivePermissions = None,
    setting: Thresholds = None,
    framework: Frameworks = None,
    attestations: AttestationsFile = None,
) -> None:
    """Collect an account, evaluate it and report."""
    selected = selected_checks(checks, domains, severity, strict)
    options = session_options(profile, role_arn, external_id, regions, endpoint_url)
    output = Output.for_report(
        output_format,
        output_dir,
        fail_on,
        scope,
        trusted_accounts,
        break_glass,
        sensitive,
        setting,
        framework,
        attestations,
    )
    scan_and_report(options, selected, output, workers)


@app.command("collect")
def collect_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="Snapshot file (.json or .gz).")],
    profile: Profile = None,
    role_arn: RoleArn = None,
    external_id: ExternalId = None,
    regions: Regions = None,
    workers: Workers = 8,
    endpoint_url: EndpointUrl = None,
) -> None:
    """Collect an account into a snapshot file, for evaluation later or elsewhere."""
    from ..api import collect_account
    from ..snapshot import save_snapshot

    options = session_options(profile, role_arn, external_id, regions, endpoint_url)
    with progress_bar() as progress:
        snapshot, seconds = collect_account(options, workers=workers, progress=progress)
    save_snapshot(snapshot, output)
    calls = sum(c.count for c in snapshot.api_calls)
    err(
        f"wrote {output}: {len(snapshot.resources)} resources, {len(snapshot.gaps)} gaps, "
        f"{calls} API calls in {seconds:.1f}s"
    )


@app.command("evaluate")
def evaluate_command(
    snapshot_file: Annotated[Path, typer.Argument(help="A snapshot from `incloud collect`.")],
    domains: Domains = None,
    checks: Checks = None,
    severity: MinSeverity = None,
    strict: Strict = False,
    output_format: Format = "terminal",
    output_dir: OutputDir = None,
    fail_on: FailOn = None,
    scope: Scope = None,
    trusted_accounts: TrustedAccounts = None,
    break_glass: BreakGlass = None,
    sensitive: SensitivePermissions = None,
    setting: Thresholds = None,
    framework: Frameworks = None,
    attestations: AttestationsFile = None,
) -> None:
    """Evaluate a saved snapshot offline (no AWS access)."""
    from ..api import assess
    from ..snapshot import load_snapshot

    selected = selected_checks(checks, domains, severity, strict)
    output = Output.for_report(
        output_format,
        output_dir,
        fail_on,
        scope,
        trusted_accounts,
        break_glass,
        sensitive,
        setting,
        framework,
        attestations,
    )
    output.validate()
    snapshot = load_snapshot(snapshot_file)
    assessment = assess(snapshot, selected, programme=scope, settings=output.settings)
    assessment = add_posture(assessment, snapshot, output)
    emit(assessment, output.format, output.directory)
    exit_for(assessment, output.fail_on)


@app.command()
def demo(
    output_dir: OutputDir = Path("incloud-demo-report"),
    output_format: Format = "terminal",
    fail_on: FailOn = None,
    strict: Strict = False,
    scope: Annotated[
        str | None, typer.Option("--scope", help="Compliance programme the demo declares.")
    ] = DEMO_SCOPE,
) -> None:
    """Start a simulated AWS account (moto), seed a fictional company, and scan it."""
    from ..demo.run import demo_options

    selected = selected_checks(None, None, None, strict)
    output = Output(output_format, output_dir, fail_on, scope)
    output.validate()
    with demo_options() as options:
        scan_and_report(options, selected, output, workers=8)


@app.command()
def matrix(
    service: Annotated[
        str | None, typer.Argument(help="Drill down into one service (an IAM prefix, e.g. ec2).")
    ] = None,
    snapshot_file: SnapshotFile = None,
    use_demo: UseDemo = False,
    scope: Scope = None,
    output_format: Format = "terminal",
    profile: Profile = None,
    role_arn: RoleArn = None,
    external_id: ExternalId = None,
    regions: Regions = None,
    endpoint_url: EndpointUrl = None,
) -> None:
    """The shared responsibility matrix: who owns each duty for the services in use, and
    whether your part is met (live, from --snapshot, or --demo).
    """
    from ..api import assess
    from ..report.matrix import render

    view_format(output_format)
    output = Output(scope=DEMO_SCOPE if use_demo and scope is None else scope)
    output.validate()
    live = session_options(profile, role_arn, external_id, regions, endpoint_url)
    snapshot = snapshot_for(snapshot_file, use_demo, live, output)
    assessment = assess(snapshot, programme=output.scope)
    assert assessment.matrix is not None
    if service is not None and not any(
        use.prefix == service for a in assessment.matrix.accounts for use in a.services
    ):
        in_use = sorted({u.prefix for a in assessment.matrix.accounts for u in a.services})
        raise InputError(f"{service!r} is not in use here (in use: {', '.join(in_use)})")
    if output_format == "json":
        sys.stdout.write(assessment.matrix.model_dump_json(indent=2) + "\n")
    else:
        color = sys.stdout.isatty()
        sys.stdout.write(render(assessment, color=color, service=service))


@app.command()
def compliance(
    framework: Annotated[
        str | None,
        typer.Argument(help="A framework id (e.g. cis-5.0); without one, every framework's score."),
    ] = None,
    snapshot_file: SnapshotFile = None,
    use_demo: UseDemo = False,
    attestations: AttestationsFile = None,
    output_format: Format = "terminal",
    output_dir: OutputDir = None,
    trusted_accounts: TrustedAccounts = None,
    break_glass: BreakGlass = None,
    setting: Thresholds = None,
    profile: Profile = None,
    role_arn: RoleArn = None,
    external_id: ExternalId = None,
    regions: Regions = None,
    endpoint_url: EndpointUrl = None,
) -> None:
    """Compliance posture: each requirement of a framework (CIS, PCI DSS, HIPAA, ...) with its
    owner, automation and status (live, from --snapshot, or --demo).
    """
    import json

    from ..compliance.model import framework_ids
    from ..compliance.posture import assess_frameworks
    from ..report.compliance import render, render_listing

    view_format(output_format)
    output = Output(
        output_format,
        output_dir,
        trusted_accounts=trusted_accounts,
        break_glass=break_glass,
        frameworks=(framework,) if framework is not None else framework_ids(),
        attestations=attestations,
        thresholds=tuple(setting or ()),
    )
    output.validate()
    live = session_options(profile, role_arn, external_id, regions, endpoint_url)
    snapshot = snapshot_for(snapshot_file, use_demo, live, output)
    postures = assess_frameworks(
        snapshot,
        output.framework_data,
        settings=output.settings,
        attestations=output.attestation_entries,
    )
    if framework is not None:
        name = f"compliance-{framework}"
        pages: dict[str, Callable[[bool], str]] = {
            "terminal": lambda color: render(postures[0], color=color),
            "json": lambda color: postures[0].model_dump_json(indent=2) + "\n",
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
            "terminal": lambda color: render_listing(postures, color=color),
            "json": lambda color: json.dumps(listing, indent=2) + "\n",
        }
    sys.stdout.write(pages[output_format](output_format == "terminal" and sys.stdout.isatty()))
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for kind, extension in (("terminal", "txt"), ("json", "json")):
            path = output_dir / f"{name}.{extension}"
            path.write_text(pages[kind](False))
            written.append(path.name)
        err(f"compliance reports written to {output_dir}/: " + ", ".join(written))


@app.command()
def permissions() -> None:
    """Print the read-only IAM policy incloud needs, generated from the collectors."""
    import json

    from ..collect.registry import required_policy

    typer.echo(json.dumps(required_policy(), indent=2))
