"""The command line: parse arguments, call the library, print.

Exit codes:

0  done, nothing failed at or above ``--fail-on``
1  findings at or above ``--fail-on``
2  usage, credential or input error (one line on stderr)
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from .errors import InputError

try:  # typer 0.2x vendors its own click
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as click_exceptions  # type: ignore[no-redef]

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

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

Profile = Annotated[str | None, typer.Option(help="AWS profile from your config files.")]
RoleArn = Annotated[str | None, typer.Option(help="Assume this role before collecting.")]
ExternalId = Annotated[str | None, typer.Option(help="External id for --role-arn.")]
Regions = Annotated[
    str | None,
    typer.Option(help="Comma-separated regions (default: every region enabled for the account)."),
]
Domains = Annotated[str | None, typer.Option(help="Comma-separated domains to check.")]
Checks = Annotated[str | None, typer.Option(help="Comma-separated check ids to run.")]
MinSeverity = Annotated[str | None, typer.Option("--severity", help="Only checks at or above.")]
Strict = Annotated[bool, typer.Option(help="Also run strict (opinionated) checks.")]
Format = Annotated[str, typer.Option("--format", help="terminal or json (printed to stdout).")]
OutputDir = Annotated[
    Path | None, typer.Option("-o", "--output-dir", help="Also write the reports here.")
]
FailOn = Annotated[
    str | None, typer.Option(help="Exit 1 when a finding at or above this severity fails.")
]
Workers = Annotated[int, typer.Option(min=1, max=64, help="Concurrent collection units.")]
Scope = Annotated[
    str | None,
    typer.Option(
        "--scope",
        help="A compliance programme (hipaa, pci, fedramp-moderate, ...): flag services in use "
        "that AWS does not have in its scope.",
    ),
]
TrustedAccounts = Annotated[
    str | None,
    typer.Option(
        "--trusted-accounts",
        help="Comma-separated account ids outside the scan that resource policies may name.",
    ),
]
BreakGlass = Annotated[
    str | None,
    typer.Option(
        "--break-glass",
        help="Comma-separated users or roles (ARNs or names) that are intended administrators.",
    ),
]
SensitivePermissions = Annotated[
    list[str] | None,
    typer.Option(
        "--sensitive",
        help="Also report who can obtain this permission, like administrator rights: "
        "ACTION or ACTION=RESOURCE, e.g. s3:GetObject=arn:aws:s3:::payroll/* (repeatable).",
    ),
]
Thresholds = Annotated[
    list[str] | None,
    typer.Option(
        "--setting",
        help="Change a check threshold: NAME=VALUE, e.g. log_retention_days=400 or "
        "access_key_max_age_days=60 (repeatable; names in docs/architecture.md, Settings).",
    ),
]
UseDemo = Annotated[bool, typer.Option("--demo", help="Use the built-in demo account.")]
SnapshotFile = Annotated[
    Path | None, typer.Option("--snapshot", help="Use a saved snapshot instead of AWS.")
]
EndpointUrl = Annotated[
    str | None,
    typer.Option(help="Send every call to this endpoint (an emulator such as moto or LocalStack)."),
]
Frameworks = Annotated[
    list[str] | None,
    typer.Option(
        "--framework",
        help="Add the posture against this compliance framework to the reports (repeatable; "
        "ids: `incloud compliance`).",
    ),
]
AttestationsFile = Annotated[
    Path | None,
    typer.Option(
        "--attestations",
        help="YAML file of manual attestations for framework requirements (docs/compliance.md).",
    ),
]


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
    selected = _select(checks, domains, severity, strict)
    options = _session_options(profile, role_arn, external_id, regions, endpoint_url)
    output = Output(
        output_format,
        output_dir,
        fail_on,
        scope,
        trusted_accounts,
        break_glass,
        frameworks=tuple(framework or ()),
        attestations=attestations,
        sensitive=tuple(sensitive or ()),
        thresholds=tuple(setting or ()),
    )
    _scan_and_report(options, selected, output, workers)


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
    from .api import collect_account
    from .snapshot import save_snapshot

    options = _session_options(profile, role_arn, external_id, regions, endpoint_url)
    with _progress() as progress:
        snapshot, seconds = collect_account(options, workers=workers, progress=progress)
    save_snapshot(snapshot, output)
    calls = sum(c.count for c in snapshot.api_calls)
    _err(
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
    from .api import assess
    from .snapshot import load_snapshot

    selected = _select(checks, domains, severity, strict)
    output = Output(
        output_format,
        output_dir,
        fail_on,
        scope,
        trusted_accounts,
        break_glass,
        frameworks=tuple(framework or ()),
        attestations=attestations,
        sensitive=tuple(sensitive or ()),
        thresholds=tuple(setting or ()),
    )
    output.validate()
    snapshot = load_snapshot(snapshot_file)
    assessment = assess(snapshot, selected, programme=scope, settings=output.settings())
    assessment = _with_posture(assessment, snapshot, output)
    _emit(assessment, output.format, output.directory)
    _exit_for(assessment, output.fail_on)


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
    from .demo.run import demo_options

    selected = _select(None, None, None, strict)
    output = Output(output_format, output_dir, fail_on, scope)
    output.validate()
    with demo_options() as options:
        _scan_and_report(options, selected, output, workers=8)


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
    from .api import assess
    from .report.matrix import render

    if output_format not in ("terminal", "json"):
        raise InputError(f"unknown --format {output_format!r} (choose: terminal, json)")
    output = Output(scope=DEMO_SCOPE if use_demo and scope is None else scope)
    output.validate()
    live = _session_options(profile, role_arn, external_id, regions, endpoint_url)
    snapshot = _snapshot_for(snapshot_file, use_demo, live, output)
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

    from .compliance.model import framework_ids
    from .compliance.posture import assess_frameworks
    from .report.compliance import render, render_listing

    if output_format not in ("terminal", "json"):
        raise InputError(f"unknown --format {output_format!r} (choose: terminal, json)")
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
    live = _session_options(profile, role_arn, external_id, regions, endpoint_url)
    snapshot = _snapshot_for(snapshot_file, use_demo, live, output)
    postures = assess_frameworks(
        snapshot,
        output.framework_data(),
        settings=output.settings(),
        attestations=output.attestation_entries(),
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
        _err(f"compliance reports written to {output_dir}/: " + ", ".join(written))


@app.command()
def permissions() -> None:
    """Print the read-only IAM policy incloud needs, generated from the collectors."""
    import json

    from .collect.registry import required_policy

    typer.echo(json.dumps(required_policy(), indent=2))


@iam_app.command("simulate")
def iam_simulate(
    simulation: Annotated[
        Path, typer.Argument(help="JSON: one simulation object or a list (see docs/iam.md).")
    ],
) -> None:
    """Evaluate requests against policies offline, as AWS would decide them."""
    import json

    from .evaluate.iam.simulate import simulate_document

    try:
        document = json.loads(simulation.read_text())
    except OSError as error:
        raise InputError(f"cannot read {simulation}: {error.strerror}") from None
    except ValueError as error:
        raise InputError(f"{simulation} is not JSON: {error}") from None
    typer.echo(json.dumps(simulate_document(document), indent=2))


@iam_app.command("paths")
def iam_paths(
    principal: Annotated[
        str | None, typer.Argument(help="Only this user or role (ARN or name).")
    ] = None,
    snapshot_file: SnapshotFile = None,
    use_demo: UseDemo = False,
    output_format: Format = "terminal",
    profile: Profile = None,
    role_arn: RoleArn = None,
    regions: Regions = None,
    sensitive: SensitivePermissions = None,
) -> None:
    """Privilege-escalation paths: who can become an administrator (or obtain a --sensitive
    permission), step by step.
    """
    import json

    from .evaluate.iam.escalation import escalation_paths

    if output_format not in ("terminal", "json"):
        raise InputError(f"unknown --format {output_format!r} (choose: terminal, json)")
    goals = _sensitive(tuple(sensitive or ()))
    live = _session_options(profile, role_arn, None, regions, None)
    snapshot = _snapshot_for(snapshot_file, use_demo, live, Output())
    paths = escalation_paths(snapshot, sensitive=goals)
    if principal is not None:
        paths = {a: p for a, p in paths.items() if principal in (a, a.rsplit("/", 1)[-1])}
    if output_format == "json":
        typer.echo(json.dumps({arn: path.to_json() for arn, path in paths.items()}, indent=2))
        return
    if not paths:
        typer.echo("No principal can escalate to administrator.")
    for arn, path in sorted(paths.items()):
        only_if = f"  (only if: {'; '.join(path.conditions)})" if path.conditions else ""
        typer.echo(f"{arn} -> {path.goal} ({path.administrator}){only_if}")
        for number, step in enumerate(path.steps, start=1):
            typer.echo(f"  {number}. {step.title}: {', '.join(step.actions)} on {step.resource}")
            for statement in step.statements:
                typer.echo(f"       {statement}")


@network_app.command("exposure")
def network_exposure(
    snapshot_file: SnapshotFile = None,
    use_demo: UseDemo = False,
    output_format: Format = "terminal",
    profile: Profile = None,
    role_arn: RoleArn = None,
    regions: Regions = None,
) -> None:
    """Every address, port and protocol the internet can open, and along which path
    (directly, on a load balancer, through one to its targets, or via CloudFront).
    """
    import json

    from .evaluate.network.reachability import analyse

    if output_format not in ("terminal", "json"):
        raise InputError(f"unknown --format {output_format!r} (choose: terminal, json)")
    live = _session_options(profile, role_arn, None, regions, None)
    reach = analyse(_snapshot_for(snapshot_file, use_demo, live, Output()))
    exposures = sorted(
        reach.exposures(), key=lambda e: (e.kind, e.address, e.protocol, e.ports.ranges)
    )
    if output_format == "json":
        rows = [
            {
                "kind": e.kind,
                "status": e.status,
                "address": e.address,
                "protocol": e.protocol,
                "ports": e.ports.describe(),
                "interface": e.interface_id,
                "instance": e.instance_id,
                "private_address": e.private_address,
                "via": e.via,
                "paths": [{"ports": c.describe(), "path": p.describe()} for c, p in e.paths],
                "caveats": list(e.caveats),
            }
            for e in exposures
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    if not exposures:
        typer.echo("Nothing is reachable from the internet.")
    for e in exposures:
        latent = " (latent: instance stopped)" if e.status == "latent" else ""
        typer.echo(f"[{e.kind}] {e.describe()}{latent}")
        for covered, path in e.paths:
            typer.echo(f"    {covered.describe()}: {path.describe()}")
        for caveat in e.caveats:
            typer.echo(f"    caveat: {caveat}")


@checks_app.callback(invoke_without_command=True)
def checks_list(
    ctx: typer.Context,
    domain: Annotated[str | None, typer.Option(help="Only this domain.")] = None,
    service: Annotated[str | None, typer.Option(help="Only this service (e.g. s3).")] = None,
) -> None:
    """List checks (filter by --domain / --service); `incloud checks show ID` for one."""
    if ctx.invoked_subcommand is not None:
        return
    from .evaluate.engine import select_checks

    found = select_checks(
        domains=[_domain(domain)] if domain else None,
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
    from .evaluate.check import all_checks

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


@dataclass(frozen=True)
class Output:
    """What to do with an assessment: format, where to write, when to exit 1, which scope."""

    format: str = "terminal"
    directory: Path | None = None
    fail_on: str | None = None
    scope: str | None = None
    trusted_accounts: str | None = None
    break_glass: str | None = None
    frameworks: tuple[str, ...] = ()
    attestations: Path | None = None
    sensitive: tuple[str, ...] = ()
    thresholds: tuple[str, ...] = ()

    def validate(self) -> None:
        """Reject unknown values before any work is done."""
        from .evaluate.check import Severity
        from .evaluate.responsibility.programmes import programme_names
        from .report import REPORTERS

        if self.format not in REPORTERS:
            raise InputError(f"unknown --format {self.format!r} (choose: {', '.join(REPORTERS)})")
        if self.fail_on is not None and self.fail_on not in {s.value for s in Severity}:
            raise InputError(f"unknown --fail-on {self.fail_on!r} (choose: {_choices(Severity)})")
        for account in _split(self.trusted_accounts) or ():
            if not (account.isdigit() and len(account) == 12):
                raise InputError(f"--trusted-accounts: {account!r} is not a 12-digit account id")
        if self.scope is not None and self.scope not in programme_names():
            raise InputError(
                f"unknown --scope {self.scope!r} (choose: {', '.join(programme_names())})"
            )
        self.framework_data()
        self.attestation_entries()
        _sensitive(self.sensitive)
        self.settings()

    def framework_data(self) -> list[Any]:
        """The frameworks asked for (an unknown id raises InputError listing the valid ones)."""
        from .compliance.model import load_framework

        return [load_framework(framework_id) for framework_id in self.frameworks]

    def attestation_entries(self) -> tuple[Any, ...]:
        """The attestations file's entries (none without --attestations)."""
        from .compliance.attestations import load_attestations

        return () if self.attestations is None else load_attestations(self.attestations)

    def settings(self) -> Any:
        """Evaluation settings from the options (InputError on a bad --setting)."""
        from .evaluate.settings import Settings, with_thresholds

        settings = Settings(
            trusted_accounts=frozenset(_split(self.trusted_accounts) or ()),
            break_glass=frozenset(_split(self.break_glass) or ()),
            sensitive_permissions=tuple(str(s) for s in _sensitive(self.sensitive)),
        )
        try:
            return with_thresholds(settings, self.thresholds)
        except ValueError as error:
            raise InputError(f"--setting: {error}") from None


def _session_options(
    profile: str | None,
    role_arn: str | None,
    external_id: str | None,
    regions: str | None,
    endpoint_url: str | None,
) -> Any:
    """SessionOptions from the live-access options every command shares."""
    from .collect.session import SessionOptions

    return SessionOptions(
        profile=profile,
        role_arn=role_arn,
        external_id=external_id,
        regions=_split(regions),
        endpoint_url=endpoint_url,
    )


def _sensitive(values: tuple[str, ...]) -> list[Any]:
    """Parse --sensitive values (InputError on a malformed one)."""
    from .evaluate.iam.escalation import Sensitive

    try:
        return [Sensitive.parse(value) for value in values]
    except ValueError as error:
        raise InputError(f"--sensitive: {error}") from None


def _collect(options: Any, workers: int, output: Output) -> tuple[Any, float]:
    """Collect live (progress on a terminal), keeping the snapshot beside the reports."""
    from .api import collect_account
    from .snapshot import save_snapshot

    with _progress() as progress:
        snapshot, seconds = collect_account(options, workers=workers, progress=progress)
    if output.directory is not None:
        output.directory.mkdir(parents=True, exist_ok=True)
        save_snapshot(snapshot, output.directory / "snapshot.json.gz")
    return snapshot, seconds


def _snapshot_for(snapshot_file: Path | None, use_demo: bool, live: Any, output: Output) -> Any:
    """The snapshot a read-only view works on: a saved file, the demo account, or live AWS."""
    if snapshot_file is not None and use_demo:
        raise InputError("choose one of --snapshot and --demo")
    if snapshot_file is not None:
        from .snapshot import load_snapshot

        return load_snapshot(snapshot_file)
    if use_demo:
        from .demo.run import demo_options

        with demo_options() as options:
            return _collect(options, 8, output)[0]
    return _collect(live, 8, output)[0]


def _scan_and_report(options: Any, selected: list[Any], output: Output, workers: int) -> None:
    from .api import assess

    output.validate()
    snapshot, seconds = _collect(options, workers, output)
    assessment = assess(
        snapshot,
        selected,
        collect_seconds=seconds,
        programme=output.scope,
        settings=output.settings(),
    )
    assessment = _with_posture(assessment, snapshot, output)
    _emit(assessment, output.format, output.directory)
    _exit_for(assessment, output.fail_on)


def _with_posture(assessment: Any, snapshot: Any, output: Output) -> Any:
    """The assessment with its posture against --framework (unchanged without one)."""
    if not output.frameworks:
        return assessment
    from .compliance.posture import with_posture

    return with_posture(
        assessment,
        snapshot,
        output.framework_data(),
        settings=output.settings(),
        attestations=output.attestation_entries(),
    )


def _emit(assessment: Any, output_format: str, output_dir: Path | None) -> None:
    from .report import EXTENSIONS, reporter

    color = output_format == "terminal" and sys.stdout.isatty()
    sys.stdout.write(reporter(output_format)(assessment, color=color))
    if output_dir is None:
        return
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("terminal", "json"):
        path = output_dir / f"report.{EXTENSIONS[name]}"
        path.write_text(reporter(name)(assessment, color=False))
        written.append(str(path))
    _err(f"reports written to {output_dir}/: " + ", ".join(Path(p).name for p in written))


def _exit_for(assessment: Any, fail_on: str | None) -> None:
    if fail_on is None:
        return
    from .evaluate.check import Severity

    if assessment.failures(Severity(fail_on)):
        raise typer.Exit(EXIT_FINDINGS)


def _select(
    checks: str | None, domains: str | None, severity: str | None, strict: bool
) -> list[Any]:
    from .evaluate.check import Severity
    from .evaluate.engine import select_checks

    if severity is not None and severity not in {s.value for s in Severity}:
        raise InputError(f"unknown --severity {severity!r} (choose: {_choices(Severity)})")
    try:
        return select_checks(
            ids=_split(checks),
            domains=[_domain(d) for d in _split(domains) or ()] if domains else None,
            min_severity=Severity(severity) if severity else None,
            include_strict=strict,
        )
    except KeyError as error:
        raise InputError(f"unknown check id(s): {error.args[0]} (see `incloud checks`)") from None


def _domain(name: str) -> Any:
    from .evaluate.check import Domain

    try:
        return Domain(name)
    except ValueError:
        raise InputError(f"unknown domain {name!r} (choose: {_choices(Domain)})") from None


def _choices(enum: Any) -> str:
    return ", ".join(member.value for member in enum)


def _split(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


@contextmanager
def _progress() -> Iterator[Any]:
    """A rich progress bar on an interactive terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("collecting {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def update(label: str, done: int, total: int) -> None:
            bar.update(task, description=label, completed=done, total=total)

        yield update


def _err(message: str) -> None:
    sys.stderr.write(message + "\n")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every error becomes one line on stderr and exit code 2."""
    try:
        result = app(args=argv, prog_name="incloud", standalone_mode=False)
    except InputError as error:
        _err(f"incloud: error: {error}")
        return EXIT_ERROR
    except click_exceptions.NoArgsIsHelpError:
        return EXIT_OK  # typer has printed the help
    except click_exceptions.ClickException as error:
        _err(f"incloud: error: {error.format_message()}")
        return EXIT_ERROR
    except typer.Abort:
        _err("incloud: interrupted")
        return 130
    return result if isinstance(result, int) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
