"""Commands that open the engines and the catalogue: ``iam``, ``network`` and ``checks``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from .app import checks_app, iam_app, network_app
from .options import (
    Format,
    Output,
    Profile,
    Regions,
    RoleArn,
    SensitivePermissions,
    SnapshotFile,
    UseDemo,
    parse_domain,
    parse_sensitive,
    session_options,
    view_format,
)
from .running import snapshot_for


@iam_app.command("simulate")
def iam_simulate(
    simulation: Annotated[
        Path, typer.Argument(help="JSON: one simulation object or a list (see docs/iam.md).")
    ],
) -> None:
    """Evaluate requests against policies offline, as AWS would decide them."""
    import json

    from ..evaluate.iam.simulate import simulate_document

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

    from ..evaluate.iam.escalation import escalation_paths

    view_format(output_format)
    goals = parse_sensitive(tuple(sensitive or ()))
    live = session_options(profile, role_arn, None, regions, None)
    snapshot = snapshot_for(snapshot_file, use_demo, live, Output())
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

    from ..evaluate.network.reachability import analyse

    view_format(output_format)
    live = session_options(profile, role_arn, None, regions, None)
    reach = analyse(snapshot_for(snapshot_file, use_demo, live, Output()))
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
