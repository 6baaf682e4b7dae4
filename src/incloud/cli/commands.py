"""The main commands: scan, collect, evaluate, demo, matrix, compliance, oscal, permissions."""

from __future__ import annotations

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
    History,
    Judgement,
    MinSeverity,
    MutelistFile,
    Output,
    OutputDir,
    Retention,
    Scope,
    SnapshotFile,
    Strict,
    UseDemo,
    grouped,
    selected_checks,
    view_format,
    writable_file,
)
from .org import OrgScan, demo_org_scan, org_collect, org_scan_and_report
from .running import (
    Recorder,
    assess_and_report,
    collect_live,
    coverage_gate,
    err,
    scan_and_report,
    show,
    snapshot_for,
    write_text,
)


@app.command()
@grouped(Connection, Judgement, OrgScan, Retention)
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
    mutelist: MutelistFile = None,
    connection: Connection,
    judgement: Judgement,
    org: OrgScan,
    retention: Retention,
) -> None:
    """Collect an account (or, with --org, every account of an organisation), evaluate it,
    report, and record it into the store (--store, or the default store when it exists).
    """
    selected = selected_checks(checks, domains, severity, strict)
    output = Output(
        output_format,
        output_dir,
        fail_on,
        allow_unknown,
        scope,
        tuple(framework or ()),
        attestations,
        mutelist,
    )
    output.validate()
    org.validate()
    settings = judgement.settings
    recorder = Recorder.asked(History(org.store), retention, "scan")
    if org.org or org.resume:
        org_scan_and_report(connection, org, selected, output, settings, recorder)
    scan_and_report(connection.session_options(), connection, selected, output, settings, recorder)


@app.command("collect")
@grouped(Connection, OrgScan)
def collect_command(
    *,
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help="Snapshot file (.json or .gz); with --org, a directory."
        ),
    ],
    connection: Connection,
    org: OrgScan,
) -> None:
    """Collect an account into a snapshot file, for evaluation later or elsewhere.

    The file is written whole or not at all. When the collection is incomplete (interrupted,
    or most reads failed) the snapshot goes to NAME.partial.json[.gz] instead, an existing
    NAME is left as it was, and the exit code is 3 (130 after Ctrl-C). With --org, every
    account's snapshot is written into the directory -o names.
    """
    from ..snapshot import save_snapshot
    from ..snapshot.coverage import coverage

    org.validate()
    if org.org or org.resume:
        org_collect(connection, org, output)
        return
    if org.store is not None:
        raise InputError("collect records nothing: --store needs --org (the shards' store)")

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
@grouped(Judgement, History, Retention)
def evaluate_command(
    snapshot_path: Annotated[
        Path | None, typer.Argument(help="A snapshot from `incloud collect`.", show_default=False)
    ] = None,
    *,
    snapshot_file: SnapshotFile = None,
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
    mutelist: MutelistFile = None,
    judgement: Judgement,
    history: History,
    retention: Retention,
) -> None:
    """Evaluate a saved snapshot offline (no AWS access): SNAPSHOT, or --snapshot SNAPSHOT as
    the other commands take it; record it into the store (--store, or the default store when
    it exists).
    """
    from ..snapshot import load_snapshot

    if (snapshot_path is None) == (snapshot_file is None):
        raise InputError("evaluate reads one snapshot: SNAPSHOT or --snapshot SNAPSHOT")
    path = snapshot_path or snapshot_file
    assert path is not None
    selected = selected_checks(checks, domains, severity, strict)
    output = Output(
        output_format,
        output_dir,
        fail_on,
        allow_unknown,
        scope,
        tuple(framework or ()),
        attestations,
        mutelist,
    )
    output.validate()
    settings = judgement.settings
    recorder = Recorder.asked(history, retention, "evaluate")
    assess_and_report(load_snapshot(path), selected, output, settings, recorder=recorder)


@app.command()
@grouped(Judgement, History, Retention)
def demo(
    *,
    output_dir: OutputDir = Path("incloud-demo-report"),
    output_format: Format = "terminal",
    fail_on: FailOn = None,
    allow_unknown: AllowUnknown = False,
    strict: Strict = False,
    scope: Annotated[
        str | None, typer.Option("--scope", help="Compliance programme the demo declares.")
    ] = DEMO_SCOPE,
    framework: Frameworks = None,
    mutelist: MutelistFile = None,
    org: Annotated[
        bool,
        typer.Option(
            "--org",
            help="Simulate an AWS Organization of 50 accounts in 5 OUs instead, and scan it "
            "whole (docs/organizations.md).",
        ),
    ] = False,
    judgement: Judgement,
    history: History,
    retention: Retention,
) -> None:
    """Start a simulated AWS account (moto), seed a fictional company, and scan it (recorded
    into the store: --store, or the default store when it exists).
    """
    from ..demo.run import demo_options

    selected = selected_checks(None, None, None, strict)
    output = Output(
        output_format,
        output_dir,
        fail_on,
        allow_unknown,
        scope,
        tuple(framework or ()),
        mutelist=mutelist,
    )
    output.validate()
    settings = judgement.settings
    recorder = Recorder.asked(history, retention, "demo")
    if org:
        demo_org_scan(selected, output, settings, recorder)
    with demo_options() as options:
        scan_and_report(options, Connection(), selected, output, settings, recorder)


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
    whether your part is met (live, from --snapshot, or --demo). Exit 3 when the collection
    was interrupted, read nothing or most of its reads failed.
    """
    from ..api import assess
    from ..report.matrix import formats

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
    name = "matrix" + (f"-{service}" if service else "")
    show(assessment, formats(service), output_format, output_dir, name)
    if code := coverage_gate(snapshot):
        raise typer.Exit(code)


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
    owner, automation and status (live, from --snapshot, or --demo). Exit 3 when the
    collection was interrupted, read nothing or most of its reads failed.
    """
    from ..compliance.model import framework_ids
    from ..compliance.posture import assess_frameworks
    from ..report.compliance import LISTING, POSTURE, Listing

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
    if framework is not None:
        show(postures[0], POSTURE, output_format, output_dir, f"compliance-{framework}")
    else:
        listing = Listing(snapshot.collected_at, postures)
        show(listing, LISTING, output_format, output_dir, "compliance")
    if code := coverage_gate(snapshot):
        raise typer.Exit(code)


@app.command()
def permissions() -> None:
    """Print the read-only IAM policy incloud needs, generated from the collectors."""
    import json

    from ..collect.registry import required_policy

    typer.echo(json.dumps(required_policy(), indent=2))


@app.command("oscal")
@grouped(Connection, Judgement)
def oscal_command(
    *,
    snapshot_file: SnapshotFile = None,
    use_demo: UseDemo = False,
    framework: Annotated[
        str,
        typer.Option(
            "--framework",
            help="nist-800-53-r5 (every control), or a FedRAMP Rev 5 baseline over it: "
            "fedramp-low, fedramp-moderate, fedramp-high.",
        ),
    ] = "nist-800-53-r5",
    attestations: AttestationsFile = None,
    output_dir: OutputDir = None,
    connection: Connection,
    judgement: Judgement,
) -> None:
    """Write OSCAL (docs/oscal.md) into -o DIR: a component definition of the AWS services in
    use (what AWS provides per control, what it leaves to you), your system security plan
    (per control and component: origination, what is inherited, how each responsibility is
    met) and the assessment results (check results and attestations, a finding per control),
    live, from --snapshot, or --demo. Exit 3 when the collection was interrupted, read nothing
    or most of its reads failed.
    """
    from ..compliance.oscal import BASELINE_IDS, export, require_trestle

    if framework not in BASELINE_IDS:
        choose = ", ".join(BASELINE_IDS)
        raise InputError(f"unknown --framework {framework!r} for OSCAL (choose: {choose})")
    if output_dir is None:
        raise InputError("oscal writes three documents: give the directory with -o DIR")
    require_trestle()
    output = Output(attestations=attestations)
    output.validate()
    settings = judgement.settings
    snapshot = snapshot_for(snapshot_file, use_demo, connection, output_dir)
    documents = export(
        snapshot, framework, settings=settings, attestations=output.attestation_entries
    )
    files = documents.files()
    for name, text in files.items():
        write_text(output_dir / name, text)
    err(f"oscal ({framework}) written to {output_dir}/: " + ", ".join(files))
    if code := coverage_gate(snapshot):
        raise typer.Exit(code)
