"""The organisation's terminal report: accounts not read, the ranking, the organisation's
responsibility matrix (who owns each duty, met in how many accounts) and framework posture.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from ...rollup import AccountResult, OrgAssessment
from ..console import InertConsole, report_console
from ..inert import printable

RANKED_SHOWN = 25
"""Accounts listed in the ranking before the rest are summed up."""

CELL_STATUSES = ("met", "partly_met", "not_met", "unknown", "manual", "inherited")


def render(rollup: OrgAssessment, *, color: bool = True, width: int | None = None) -> str:
    """The roll-up as text (ANSI colour when ``color``), ``width`` columns wide."""
    console = report_console(color=color, width=width)
    read, unreachable = rollup.read, rollup.unreachable
    console.print(
        Text(
            printable(
                f"incloud organisation scan {rollup.scan_id}: {rollup.organization_id} "
                f"(management account {rollup.management_account_id})"
            ),
            style="bold",
        )
    )
    seconds = rollup.timings.get("scan")
    took = f" in {seconds:.0f} s" if seconds is not None else ""
    console.print(
        f"{len(rollup.accounts)} accounts: {len(read)} read, {len(unreachable)} not entered; "
        f"{rollup.api_calls} API calls{took}"
    )
    busiest = rollup.busiest
    if busiest is not None:
        console.print(
            Text(
                printable(
                    f"request peak: {busiest.busiest_second} calls in one second "
                    f"({busiest.busiest_shard}; its budget {busiest.budget_rate:g}/s, "
                    f"burst {busiest.budget_burst:g})"
                )
            )
        )
    _not_read(console, rollup)
    _ranking(console, rollup)
    _matrix(console, rollup)
    _frameworks(console, rollup)
    _organisation_gaps(console, rollup)
    return console.export_text(styles=color)


def _not_read(console: InertConsole, rollup: OrgAssessment) -> None:
    problems = [a for a in rollup.accounts if a.state != "assessed"]
    if not problems:
        return
    console.line()
    console.print(Text("Accounts not (fully) read: their checks are unknown", style="bold red"))
    for account in problems:
        label = "NOT ENTERED" if account.state == "unreachable" else "INCOMPLETE"
        console.print(
            Text(printable(f"  {account.account_id} {_named(account)}: {label}: {account.reason}"))
        )


def _ranking(console: InertConsole, rollup: OrgAssessment) -> None:
    console.line()
    console.print(Text("Accounts by failures, then responsibility load", style="bold underline"))
    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in ("account", "name", "OU", "state", "fail", "crit/high", "unknown", "load"):
        table.add_column(column, justify="right" if column in ("fail", "load") else "left")
    for account in rollup.accounts[:RANKED_SHOWN]:
        severe = account.failures_by_severity.get("critical", 0) + account.failures_by_severity.get(
            "high", 0
        )
        table.add_row(
            account.account_id,
            printable(account.name),
            printable(account.ou_path),
            account.state,
            str(account.failures),
            str(severe),
            str(account.verdicts.get("unknown", 0)),
            f"{account.load:.1f}",
        )
    console.print(table)
    rest = len(rollup.accounts) - RANKED_SHOWN
    if rest > 0:
        console.print(f"  ... and {rest} more accounts (JSON or HTML report lists every one)")


def _matrix(console: InertConsole, rollup: OrgAssessment) -> None:
    if not rollup.matrix:
        return
    console.line()
    console.print(Text("Shared responsibility across the organisation", style="bold underline"))
    services = rollup.services()
    console.print(
        "services in use (accounts): "
        + ", ".join(f"{printable(name)} ({count})" for name, count in services.items())
    )
    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in ("service", "duty", "owner", "accounts", *CELL_STATUSES):
        table.add_column(column.replace("_", " "))
    for cell in rollup.matrix:
        if cell.owner == "aws":
            continue
        table.add_row(
            printable(cell.service),
            printable(cell.duty),
            cell.owner,
            str(cell.accounts),
            *(str(cell.by_status.get(status, "")) for status in CELL_STATUSES),
        )
    console.print(table)
    inherited = sum(1 for cell in rollup.matrix if cell.owner == "aws")
    if inherited:
        console.print(f"  {inherited} service duties are AWS's alone (inherited; JSON lists them)")


def _frameworks(console: InertConsole, rollup: OrgAssessment) -> None:
    for framework in rollup.frameworks:
        console.line()
        console.print(Text(printable(f"Posture: {framework.name}"), style="bold underline"))
        statuses = ", ".join(
            f"{count} {status.replace('_', ' ')}" for status, count in framework.by_status.items()
        )
        console.print(f"  organisation-wide (worst account decides): {statuses}")
        for account in rollup.accounts:
            score = next(
                (f for f in account.frameworks if f.framework == framework.framework), None
            )
            if score is None:
                console.print(f"  {account.account_id}: not assessed")
                continue
            shown = "no score" if score.score is None else f"{score.score:.0f}%"
            console.print(f"  {account.account_id}: {shown}")


def _organisation_gaps(console: InertConsole, rollup: OrgAssessment) -> None:
    if not rollup.organization_gaps:
        return
    console.line()
    console.print(
        Text(
            "Organisation reads that failed (SCPs and RCPs not applied to any account)",
            style="bold red",
        )
    )
    for gap in rollup.organization_gaps:
        console.print(Text(printable(f"  {gap.action}: {gap.error_code}: {gap.message}")))


def _named(account: AccountResult) -> str:
    return f"({account.name}, {account.ou_path})" if account.name else ""
