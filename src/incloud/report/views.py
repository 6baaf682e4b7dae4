"""The account-wide views for people and programs: ``iam paths`` and ``network exposure``.

Each answer ends with what could not be read and what that leaves unknown; "nothing found"
is said only when everything the answer depends on was read. Account data (principal names,
policy Sids, addresses, caveats) is drawn on :func:`.console.report_console`, so it prints
inert; the JSON is made inert by :func:`.inert.inert_json`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.text import Text

from ..evaluate.views import ExposureView, PathsView
from ..snapshot import CollectionGap
from .console import InertConsole, report_console
from .inert import inert_json
from .protocol import Reporter


def paths_text(view: PathsView, *, color: bool = False, width: int | None = None) -> str:
    """The escalation paths, step by step, then what is unknown."""
    console = report_console(color=color, width=width)
    wanted = "administrator" + "".join(f" or {goal}" for goal in view.goals)
    for arn, path in sorted(view.paths.items()):
        only_if = f"  (only if: {'; '.join(path.conditions)})" if path.conditions else ""
        console.print(f"{arn} -> {path.goal} ({path.administrator}){only_if}", soft_wrap=True)
        for number, step in enumerate(path.steps, start=1):
            actions = ", ".join(step.actions)
            console.print(f"  {number}. {step.title}: {actions} on {step.resource}", soft_wrap=True)
            for statement in step.statements:
                console.print(f"       {statement}", soft_wrap=True)
    if view.principal is not None and view.administrator:
        console.print(f"{view.principal} is an administrator already (no path to look for).")
    elif not view.paths and view.unread:
        console.print(Text(f"Unknown: escalation to {wanted} could not be decided.", "magenta"))
    elif not view.paths and view.principal is not None:
        console.print(f"No path from {view.principal} to {wanted} found{_so_far(view)}.")
    elif not view.paths and view.principals == 0:
        console.print("The snapshot holds no IAM users or roles.")
    elif not view.paths:
        console.print(f"No principal can escalate to {wanted}{_so_far(view)}.")
    _unread(console, view.unread, "no path can be decided without it")
    _unread(console, view.partial, "paths through these targets may be missing")
    for note in view.organisation:
        console.print(f"Organisation: {note}", soft_wrap=True)
    return console.export_text(styles=color)


def _so_far(view: PathsView) -> str:
    return "" if view.complete else " in what could be read"


def paths_json(view: PathsView, *, color: bool = False, width: int | None = None) -> str:
    """The paths by principal ARN, with ``complete`` and the gaps that leave it unknown."""
    document = {
        "complete": view.complete,
        "principal": view.principal,
        "administrator": view.administrator if view.principal is not None else None,
        "paths": {arn: path.to_json() for arn, path in sorted(view.paths.items())},
        "unread": [_gap_json(g) for g in view.unread],
        "partial": [_gap_json(g) for g in view.partial],
        "organisation": list(view.organisation),
    }
    return inert_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def exposure_text(view: ExposureView, *, color: bool = False, width: int | None = None) -> str:
    """Every exposure with its paths and caveats, then what is unknown."""
    console = report_console(color=color, width=width)
    for exposure in view.exposures:
        latent = " (latent: instance stopped)" if exposure.status == "latent" else ""
        console.print(f"[{exposure.kind}] {exposure.describe()}{latent}", soft_wrap=True)
        for covered, path in exposure.paths:
            console.print(f"    {covered.describe()}: {path.describe()}", soft_wrap=True)
        for caveat in exposure.caveats:
            console.print(f"    caveat: {caveat}", soft_wrap=True)
    if not view.exposures:
        if view.unread:
            console.print(
                Text("Unknown: nothing found reachable in what could be read.", "magenta")
            )
        elif view.endpoints == 0:
            console.print("The snapshot holds no network interfaces or load balancers.")
        else:
            console.print("Nothing is reachable from the internet.")
    _unread(console, view.unread, "exposure there is unknown")
    return console.export_text(styles=color)


def exposure_json(view: ExposureView, *, color: bool = False, width: int | None = None) -> str:
    """Every exposure, with ``complete`` and the gaps that leave exposure unknown."""
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
        for e in view.exposures
    ]
    document = {
        "complete": view.complete,
        "exposures": rows,
        "unread": [_gap_json(g) for g in view.unread],
    }
    return inert_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _unread(console: InertConsole, gaps: Sequence[CollectionGap], meaning: str) -> None:
    """The gaps, one line each, under a heading that says what they leave unknown."""
    if not gaps:
        return
    console.print(Text(f"Not read ({meaning}):", "bold"))
    for gap in gaps[:20]:
        console.print(f"  - {gap.describe()}", soft_wrap=True)
    if len(gaps) > 20:
        console.print(f"  ... and {len(gaps) - 20} more")


def _gap_json(gap: CollectionGap) -> dict[str, object]:
    return gap.model_dump(mode="json")


PATHS: dict[str, Reporter[PathsView]] = {"terminal": paths_text, "json": paths_json}
"""The escalation view's formats."""

EXPOSURE: dict[str, Reporter[ExposureView]] = {"terminal": exposure_text, "json": exposure_json}
"""The exposure view's formats."""
