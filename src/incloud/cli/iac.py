"""``incloud iac``: the checks, reachability and escalation on CloudFormation templates and
Terraform plans, before deploy.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import InputError
from .app import app
from .options import (
    AllowUnknown,
    Checks,
    Domains,
    FailOn,
    Judgement,
    MinSeverity,
    MutelistFile,
    Output,
    OutputDir,
    Strict,
    grouped,
    selected_checks,
)
from .running import coverage_gate, err, findings_gate, show

_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")
"""An AWS region's name: ``us-east-1``, ``us-gov-west-1``, ``ap-southeast-5``."""

IacFormat = Annotated[
    str,
    typer.Option(
        "--format",
        help="Printed to stdout: terminal, json, html or sarif (SARIF 2.1.0 for code review); "
        "-o DIR writes every format there.",
    ),
]
Parameters = Annotated[
    list[str] | None,
    typer.Option(
        "--parameter",
        help="A CloudFormation parameter's value, NAME=VALUE (repeatable); parameters without "
        "a default and not given are unknown.",
    ),
]


@app.command("iac")
@grouped(Judgement)
def iac_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="CloudFormation templates (YAML or JSON) and Terraform plans "
            "(`terraform show -json PLANFILE`).",
            show_default=False,
        ),
    ],
    *,
    snapshot_file: Annotated[
        Path | None,
        typer.Option(
            "--snapshot",
            help="A collected snapshot the files' resources join, so "
            "reachability and escalation are judged in the account as it is.",
        ),
    ] = None,
    account_id: Annotated[
        str | None, typer.Option("--account-id", help="The account the files deploy to.")
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="The region the files deploy to.")
    ] = None,
    parameter: Parameters = None,
    domains: Domains = None,
    checks: Checks = None,
    severity: MinSeverity = None,
    strict: Strict = False,
    output_format: IacFormat = "terminal",
    output_dir: OutputDir = None,
    fail_on: FailOn = None,
    allow_unknown: AllowUnknown = False,
    mutelist: MutelistFile = None,
    judgement: Judgement,
) -> None:
    """Judge what CloudFormation templates and Terraform plans would create, before deploy:
    every check that applies, reachability from the internet and privilege escalation.
    Exit codes and --fail-on as for scan.
    """
    from ..report.iac import IAC_REPORTERS

    if output_format not in IAC_REPORTERS:
        raise InputError(f"unknown --format {output_format!r} (choose: {', '.join(IAC_REPORTERS)})")
    if account_id is not None and not (account_id.isdigit() and len(account_id) == 12):
        raise InputError(f"--account-id: {account_id!r} is not a 12-digit account id")
    if region is not None and not _REGION.fullmatch(region):
        raise InputError(f"--region: {region!r} is not a region name (such as eu-west-1)")
    selected = selected_checks(checks, domains, severity, strict)
    output = Output("json", output_dir, fail_on, allow_unknown, None, (), None, mutelist)
    output.validate()
    settings = judgement.settings
    given = _parameters(parameter or [])
    context = _context(snapshot_file)
    report = _assess(paths, context, account_id, region, given, selected, output, settings)
    show(report, IAC_REPORTERS, output_format, output.directory, "report")
    code = findings_gate(report.assessment, output)
    # the collected snapshot's own coverage: the files' deploy-time gaps are not failed reads
    unread = coverage_gate(context) if context is not None else 0
    if code or unread:
        raise typer.Exit(code or unread)


def _parameters(values: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in values:
        name, equals, text = value.partition("=")
        if not equals or not name:
            raise InputError(f"--parameter {value!r}: expected NAME=VALUE")
        found[name] = text
    return found


def _context(path: Path | None) -> Any:
    if path is None:
        return None
    from ..snapshot import load_snapshot

    return load_snapshot(path)


def _assess(
    paths: list[Path],
    context: Any,
    account_id: str | None,
    region: str | None,
    parameters: dict[str, str],
    selected: list[Any],
    output: Output,
    settings: Any,
) -> Any:
    from ..api import assess
    from ..iac.judge import open_verdicts, settle
    from ..iac.read import read_iac
    from ..report.iac import IacReport
    from ..responsibility.matrix import build_matrix

    reading = read_iac(
        paths, context=context, account_id=account_id, region=region, parameters=parameters
    )
    for source in reading.skipped:
        err(
            f"incloud: {source.describe()}: {source.resource_type} is not modelled yet; "
            "no check judged it"
        )
    result = reading.result
    assessment = assess(
        result.snapshot, selected, settings=settings, mutelist=output.mutelist_entries
    )
    open_uids = open_verdicts(
        result.snapshot, reading.undecided, selected, settings, assessment.findings
    )
    findings = settle(
        assessment.findings,
        open_uids,
        result.sources,
        only_sources=context is not None,
        settings=settings,
    )
    # the matrix judged from the findings as reported (open verdicts unknown)
    matrix = build_matrix(result.snapshot, findings, assessment.checks_run, None)
    assessment = assessment.model_copy(update={"findings": findings, "matrix": matrix})
    return IacReport(assessment, result.sources)
