"""The terminal report: summary by domain, failures grouped by check, and coverage gaps."""

from __future__ import annotations

import io
import textwrap
from collections import Counter, defaultdict

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..evaluate.assessment import Assessment, Finding
from ..evaluate.check import Domain, Severity, Verdict
from .compliance import print_section
from .matrix import print_matrix

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
MAX_RESOURCES_PER_CHECK = 10


def render(assessment: Assessment, *, color: bool = True, width: int = 120) -> str:
    """The human report as text (with ANSI colour when ``color``)."""
    console = Console(
        record=True,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        file=io.StringIO(),
    )
    accounts = ", ".join(f"{a.account_id} ({len(a.regions)} regions)" for a in assessment.accounts)
    console.print(Text(f"incloud assessment: {accounts}", style="bold"))
    console.print(
        f"collected {assessment.collected_at:%Y-%m-%d %H:%M UTC}, "
        f"{len(assessment.checks_run)} checks, {len(assessment.findings)} results"
    )
    if assessment.matrix is not None:
        print_matrix(console, assessment.matrix)
    console.print(_summary(assessment))
    _failures(console, assessment)
    if assessment.compliance:
        print_section(console, assessment.compliance)
    _coverage(console, assessment)
    return console.export_text(styles=color)


def _summary(assessment: Assessment) -> Table:
    table = Table(title="Check results by domain", title_justify="left")
    table.add_column("domain")
    for verdict in Verdict:
        table.add_column(verdict.value.replace("_", " "), justify="right")
    table.add_column("failures by severity")
    counts = assessment.verdict_counts()
    severities: dict[Domain, Counter[Severity]] = defaultdict(Counter)
    for finding in assessment.failures():
        severities[finding.domain][finding.severity] += 1
    for domain in Domain:
        by_severity = " ".join(
            f"{severities[domain][s]} {s.value}" for s in Severity if severities[domain][s]
        )
        table.add_row(
            domain.value.replace("_", " "),
            *(str(counts[domain][v]) for v in Verdict),
            by_severity or "-",
        )
    return table


def _failures(console: Console, assessment: Assessment) -> None:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in assessment.failures():
        grouped[finding.check_id].append(finding)
    if not grouped:
        console.print(Text("No failing checks.", style="green"))
        return
    console.print(Text("\nFailing checks", style="bold underline"))
    order = sorted(grouped, key=lambda cid: (-grouped[cid][0].severity.rank, cid))
    for check_id in order:
        findings = grouped[check_id]
        first = findings[0]
        console.print(
            Text.assemble(
                (f" {first.severity.value.upper()} ", SEVERITY_STYLE[first.severity]),
                f" {check_id} ",
                (f"[{first.domain.value}] ", "dim"),
                first.title,
            )
        )
        for finding in findings[:MAX_RESOURCES_PER_CHECK]:
            where = "" if finding.region == "global" else f" {finding.region}"
            console.print(
                f"    - {finding.resource_name}{where}: {finding.reason}",
                markup=False,
                highlight=False,
            )
        if len(findings) > MAX_RESOURCES_PER_CHECK:
            console.print(f"    ... and {len(findings) - MAX_RESOURCES_PER_CHECK} more")
        if first.remediation:
            fix = textwrap.fill(
                first.remediation,
                width=console.width - 1,
                initial_indent="    fix: ",
                subsequent_indent="         ",
                break_on_hyphens=False,
            )
            console.print(Text(fix, style="dim"), highlight=False)


def _coverage(console: Console, assessment: Assessment) -> None:
    console.print(Text("\nCoverage", style="bold underline"))
    unknown = [f for f in assessment.findings if f.verdict is Verdict.UNKNOWN]
    if not assessment.gaps and not unknown:
        console.print("Every API call succeeded; every check could be assessed.")
        return
    by_call: Counter[tuple[str, str, str]] = Counter(
        (g.action, g.error_code, g.message) for g in assessment.gaps
    )
    console.print(f"{len(assessment.gaps)} API call(s) failed:")
    for (action, code, message), count in sorted(by_call.items()):
        times = f" x{count}" if count > 1 else ""
        console.print(f"    - {action}{times}: {code}: {message}", markup=False, highlight=False)
    by_check: dict[str, list[Finding]] = defaultdict(list)
    for finding in unknown:
        by_check[finding.check_id].append(finding)
    console.print(f"{len(unknown)} result(s) could not be assessed (unknown, never a pass):")
    for check_id, findings in sorted(by_check.items()):
        console.print(
            f"    - {check_id} on {len(findings)} resource(s): {findings[0].reason}",
            markup=False,
            highlight=False,
        )
