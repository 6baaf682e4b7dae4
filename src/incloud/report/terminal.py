"""The terminal report: summary by domain, failures grouped by check, and coverage gaps.

Everything is drawn on :func:`.console.report_console`, which renders account data inert;
line breaks come from separate prints, never from a string (see :mod:`.console`).
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter, defaultdict

from rich.table import Table
from rich.text import Text

from ..assessment import Assessment, Finding
from ..evaluate.check import Domain, Severity, Verdict
from .compliance import print_section
from .console import InertConsole, report_console
from .inert import printable
from .matrix import print_matrix

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
MAX_RESOURCES_PER_CHECK = 10
FIX_INDENT = "    fix: "
"""The first line of a remediation; the lines after it are indented as far."""
_CODE_SPAN = re.compile(r"`[^`]*`")
_KEPT_SPACE = "\0"
"""Stands for a space inside a code span while wrapping (textwrap never breaks at it)."""


def render(assessment: Assessment, *, color: bool = True, width: int | None = None) -> str:
    """The human report as text (with ANSI colour when ``color``), ``width`` columns wide
    (:data:`.console.DEFAULT_WIDTH` when None).
    """
    console = report_console(color=color, width=width)
    accounts = ", ".join(f"{a.account_id} ({len(a.regions)} regions)" for a in assessment.accounts)
    console.print(Text(printable(f"incloud assessment: {accounts}"), style="bold"))
    console.print(
        f"collected {assessment.collected_at:%Y-%m-%d %H:%M UTC}, "
        f"{len(assessment.checks_run)} checks, {len(assessment.findings)} results"
    )
    if assessment.matrix is not None:
        print_matrix(console, assessment.matrix)
    console.print(_summary(assessment))
    _failures(console, assessment)
    _muted(console, assessment)
    if assessment.compliance:
        print_section(console, assessment.compliance)
    _coverage(console, assessment)
    return console.export_text(styles=color)


def _muted(console: InertConsole, assessment: Assessment) -> None:
    """Accepted risks: what each mutelist entry silenced, and the entries that mute nothing
    (expired: fail closed; stale: matched nothing).
    """
    report = assessment.mutelist
    if report is None:
        return
    console.line()
    console.print(Text("Muted (accepted risks)", style="bold underline"))
    by_entry: dict[int, list[Finding]] = defaultdict(list)
    for finding in assessment.muted():
        if finding.muted is not None:
            by_entry[finding.muted.entry].append(finding)
    for entry in report.entries:
        ticket = f", {entry.ticket}" if entry.ticket else ""
        head = (
            f"  entry {entry.entry} ({entry.owner}{ticket}, until {entry.expires}): {entry.reason}"
        )
        if entry.state == "expired":
            console.print(Text(printable(f"{head}: EXPIRED, mutes nothing"), style="bold red"))
            continue
        if entry.state == "stale":
            console.print(Text(printable(f"{head}: stale, matched no finding"), style="yellow"))
            continue
        console.print(f"{head}: {entry.muted} finding(s)")
        for finding in by_entry[entry.entry][:MAX_RESOURCES_PER_CHECK]:
            console.print(
                f"    - {finding.check_id} {finding.resource_name} ({finding.verdict.value})"
            )
        if entry.muted > MAX_RESOURCES_PER_CHECK:
            console.print(f"    ... and {entry.muted - MAX_RESOURCES_PER_CHECK} more")


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


def _failures(console: InertConsole, assessment: Assessment) -> None:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in assessment.failures():
        grouped[finding.check_id].append(finding)
    if not grouped:
        unknown = assessment.with_verdict(Verdict.UNKNOWN)
        if unknown:
            console.print(
                Text(
                    f"No failing checks among the results that could be assessed; "
                    f"{len(unknown)} could not be (see Coverage).",
                    style="yellow",
                )
            )
        else:
            console.print(Text("No failing checks.", style="green"))
        return
    console.line()
    console.print(Text("Failing checks", style="bold underline"))
    order = sorted(grouped, key=lambda cid: (-grouped[cid][0].severity.rank, cid))
    for check_id in order:
        findings = grouped[check_id]
        first = findings[0]
        console.print(
            Text.assemble(
                (f" {first.severity.value.upper()} ", SEVERITY_STYLE[first.severity]),
                printable(f" {check_id} "),
                (f"[{first.domain.value}] ", "dim"),
                printable(first.title),
            )
        )
        for finding in findings[:MAX_RESOURCES_PER_CHECK]:
            where = "" if finding.region == "global" else f" {finding.region}"
            console.print(f"    - {finding.resource_name}{where}: {finding.reason}")
        if len(findings) > MAX_RESOURCES_PER_CHECK:
            console.print(f"    ... and {len(findings) - MAX_RESOURCES_PER_CHECK} more")
        for line in fix_lines(first.remediation, console.width):
            console.print(Text(line, style="dim"), soft_wrap=True)


def fix_lines(remediation: str, width: int) -> list[str]:
    """A remediation wrapped for ``width`` columns behind ``fix:``, at spaces only.

    A command is never broken: a word longer than the line, and a code span in backticks
    (`aws s3api ...`) even where it has spaces, stays whole on one line and overflows it
    (printed with ``soft_wrap``, so rich does not fold it either). Copying it from the
    terminal gives the command as written, without a line break that would run half of it.
    """
    kept = _CODE_SPAN.sub(lambda span: span.group().replace(" ", _KEPT_SPACE), remediation)
    lines = textwrap.wrap(
        kept,
        width=max(width, len(FIX_INDENT) + 1),
        initial_indent=FIX_INDENT,
        subsequent_indent=" " * len(FIX_INDENT),
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(_KEPT_SPACE, " ") for line in lines]


def _coverage(console: InertConsole, assessment: Assessment) -> None:
    console.line()
    console.print(Text("Coverage", style="bold underline"))
    unknown = [f for f in assessment.findings if f.verdict is Verdict.UNKNOWN]
    if assessment.read_nothing:
        console.print(
            Text(
                "Nothing was read: the snapshot records no API call, so no check had anything "
                "to judge.",
                style="bold red",
            )
        )
        return
    if not assessment.gaps and not unknown:
        console.print("Every API call succeeded; every check could be assessed.")
        return
    by_call: Counter[tuple[str, str, str, str]] = Counter(
        (g.action, g.error_code, g.message, f" (grant {g.iam_action})" if g.denied else "")
        for g in assessment.gaps
    )
    console.print(f"{len(assessment.gaps)} API call(s) failed:")
    for (action, code, message, grant), count in sorted(by_call.items()):
        times = f" x{count}" if count > 1 else ""
        console.print(f"    - {action}{grant}{times}: {code}: {message}")
    by_check: dict[str, list[Finding]] = defaultdict(list)
    for finding in unknown:
        by_check[finding.check_id].append(finding)
    console.print(f"{len(unknown)} result(s) could not be assessed (unknown, never a pass):")
    for check_id, findings in sorted(by_check.items()):
        console.print(f"    - {check_id} on {len(findings)} resource(s): {findings[0].reason}")
