"""The responsibility matrix for people: services x domains, and one service's duties.

Drawn on :func:`.console.report_console`, which renders account data inert (service prefixes,
reasons, account ids; see :mod:`.console`).
"""

from __future__ import annotations

from functools import partial

from rich.table import Table
from rich.text import Text

from ..assessment import Assessment
from ..evaluate.check import Domain
from ..responsibility.matrix import AccountMatrix, Cell, DutyStatus, Matrix
from .console import InertConsole, report_console
from .inert import printable
from .protocol import Reporter

STATUS_STYLE = {
    DutyStatus.NOT_MET: ("not met", "bold red"),
    DutyStatus.PARTLY_MET: ("partly", "yellow"),
    DutyStatus.UNKNOWN: ("unknown", "magenta"),
    DutyStatus.MANUAL: ("manual", "blue"),
    DutyStatus.MET: ("met", "green"),
    DutyStatus.INHERITED: ("AWS", "dim"),
}
"""Label and style per status, worst first: a domain shows its worst duty's status."""

_ORDER = list(STATUS_STYLE)

DOMAIN_HEADERS = {
    Domain.DATA_PROTECTION: "data",
    Domain.IDENTITY: "identity",
    Domain.NETWORK: "network",
    Domain.APPLICATION: "application",
    Domain.COMPLIANCE: "compliance",
}
"""Short column headers, so the grid fits an 80-110 column terminal."""


def worst(cells: list[Cell]) -> DutyStatus | None:
    """The status that summarises several duties: the worst of them."""
    statuses = {cell.status for cell in cells}
    return next((s for s in _ORDER if s in statuses), None)


def status_text(status: DutyStatus | None) -> Text:
    """A coloured label for a status (a dash where no duty applies)."""
    if status is None:
        return Text("-", style="dim")
    label, style = STATUS_STYLE[status]
    return Text(label, style=style)


def grid(account: AccountMatrix) -> Table:
    """Services in use x the five customer domains, plus what AWS carries."""
    table = Table(
        title=f"Shared responsibility matrix, account {account.account_id}",
        title_justify="left",
    )
    table.add_column("service", no_wrap=True)
    table.add_column("resources", justify="right")
    for domain in Domain:
        table.add_column(DOMAIN_HEADERS[domain], no_wrap=True)
    table.add_column("AWS side")
    table.add_column("your load", justify="right")
    for use in account.services:
        cells = [c for c in account.cells if c.service == use.prefix]
        count = f"{use.resources}+" if use.unlisted else str(use.resources)
        if not use.catalogued:
            blank = [Text("") for _ in range(len(Domain) - 1)]
            table.add_row(
                use.prefix,
                count,
                Text("not catalogued", style="dim"),
                *blank,
                "-",
                "-",
            )
            continue
        table.add_row(
            use.prefix,
            count,
            *(status_text(worst([c for c in cells if c.domain is d])) for d in Domain),
            status_text(worst([c for c in cells if c.side == "aws"])),
            f"{account.load.by_service.get(use.prefix, 0.0):g}",
        )
    return table


def legend() -> Text:
    """What the colours mean."""
    parts: list[Text | str] = ["each cell is the worst status of its duties: "]
    for status in _ORDER:
        parts += [status_text(status), " "]
    return Text.assemble(*parts, ("(AWS = inherited: AWS performs it)", "dim"))


def service_table(account: AccountMatrix, prefix: str) -> Table:
    """Every duty of one service: owner, status and why."""
    table = Table(title=f"{prefix} in account {account.account_id}", title_justify="left")
    table.add_column("duty")
    table.add_column("domain")
    table.add_column("owner")
    table.add_column("status")
    table.add_column("why / evidence", ratio=1)
    cells = sorted(
        (c for c in account.cells if c.service == prefix),
        key=lambda c: (c.side == "aws", list(Domain).index(c.domain) if c.domain else 0),
    )
    for cell in cells:
        evidence = "; ".join(
            f"{e.check_id}: {e.passed} pass, {e.failed} fail, {e.unknown} unknown"
            for e in cell.evidence
            if e.passed or e.failed or e.unknown
        )
        why = cell.reason if not evidence else f"{cell.reason} ({evidence})"
        if cell.status is DutyStatus.INHERITED:
            why = f"AWS: {cell.aws_does}"
        domain = cell.domain.value.replace("_", " ") if cell.domain else "AWS"
        table.add_row(cell.title, domain, cell.owner, status_text(cell.status), why)
    return table


def print_matrix(console: InertConsole, matrix: Matrix, service: str | None = None) -> None:
    """The grid (or one service's drill-down), the load and the programme scope."""
    for account in matrix.accounts:
        if service is None:
            console.print(grid(account))
            console.print(legend())
            console.print(
                f"Responsibility load {account.load.total:g}: customer-owned duties the services "
                "in use impose (shared duties count 1/2; see docs/responsibility.md)."
            )
            if account.uncatalogued:
                console.print(f"Not in the catalogue yet: {', '.join(account.uncatalogued)}")
        else:
            console.print(service_table(account, service))
        _print_unlisted(console, account, service)
    if matrix.scope is not None:
        _print_scope(console, matrix)


def _print_unlisted(console: InertConsole, account: AccountMatrix, service: str | None) -> None:
    """Services whose inventory could not be listed: their count is a lower bound."""
    unlisted = [u for u in account.services if u.unlisted and service in (None, u.prefix)]
    if not unlisted:
        return
    console.print(
        Text(
            "Inventory not fully read (counts marked + are lower bounds; the service may be "
            "in use beyond them):",
            style="magenta",
        )
    )
    for use in unlisted:
        console.print(f"    {use.prefix}: {', '.join(use.unlisted)} failed", soft_wrap=True)


def _print_scope(console: InertConsole, matrix: Matrix) -> None:
    scope = matrix.scope
    assert scope is not None
    name = scope.programme.upper()
    if scope.out_of_scope:
        console.print(Text(printable(scope.not_listed_line()), style="bold red"))
    elif not (scope.not_stated or scope.not_known):
        console.print(Text(printable(f"Every service in use is listed for {name}."), style="green"))
    if scope.not_stated:
        console.print(f"Scope not stated in the data for: {', '.join(scope.not_stated)}")
    if scope.not_known:
        console.print(f"Not known to the scope data: {', '.join(scope.not_known)}")
    style = "bold yellow" if scope.stale else "dim"
    console.print(Text(printable(scope.age_line()), style=style))


def render(
    assessment: Assessment,
    *,
    color: bool = True,
    service: str | None = None,
    width: int | None = None,
) -> str:
    """The matrix report as text (:data:`.console.DEFAULT_WIDTH` columns when ``width`` is
    None).
    """
    console = report_console(color=color, width=width)
    if assessment.matrix is None:
        console.print("No matrix was computed for this assessment.")
    else:
        print_matrix(console, assessment.matrix, service)
    return console.export_text(styles=color)


def render_json(
    assessment: Assessment,
    *,
    color: bool = False,
    width: int | None = None,
    service: str | None = None,
) -> str:
    """The assessment's matrix as JSON; with ``service``, each account's entry for that
    service only (its use and cells), so a drill-down prints the same selection in both
    formats (``color`` and ``width`` are ignored).
    """
    from .json_report import model_json

    matrix = assessment.matrix
    if matrix is None:
        return "null\n"
    if service is not None:
        matrix = matrix.model_copy(
            update={
                "accounts": tuple(
                    account.model_copy(
                        update={
                            "services": tuple(u for u in account.services if u.prefix == service),
                            "cells": tuple(c for c in account.cells if c.service == service),
                        }
                    )
                    for account in matrix.accounts
                )
            }
        )
    return model_json(matrix)


def formats(service: str | None = None) -> dict[str, Reporter[Assessment]]:
    """The matrix's formats, for every service or (a drill-down) for ``service``."""
    return {
        "terminal": partial(render, service=service),
        "json": partial(render_json, service=service),
    }
