"""Running what the commands ask for: collecting, assessing, writing the reports, and the
exit code that tells a CI system whether the account passed, failed or was not read.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from ..errors import InputError
from .app import EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_INTERRUPTED, EXIT_OK
from .options import OSCAL_FORMAT, Connection, History, Output, Retention

if TYPE_CHECKING:
    from ..report.protocol import Formats

S = TypeVar("S")
"""A rendered subject (an assessment, a posture, a view)."""


def collect_live(
    options: Any, connection: Connection, directory: Path | None, keep: Path | None = None
) -> Any:
    """Collect live (progress on stderr), keeping the snapshot in ``directory``.

    On Ctrl-C what was collected is saved (to ``keep``, else beside the reports, else in the
    current directory), one line says where, and the command exits 130.
    """
    from ..api import collect_account
    from ..collect.runner import CollectionInterruptedError
    from ..snapshot import save_snapshot

    try:
        with progress_reporter() as progress:
            snapshot, _ = collect_account(
                options,
                workers=connection.workers,
                progress=progress,
                unit_seconds=connection.unit_timeout,
            )
    except CollectionInterruptedError as stopped:
        _keep_interrupted(stopped.snapshot, keep or _interrupted_path(directory))
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if directory is not None:
        save_snapshot(snapshot, directory / "snapshot.json.gz")
    return snapshot


def _interrupted_path(directory: Path | None) -> Path:
    if directory is not None:
        return directory / "snapshot.json.gz"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path.cwd() / f"incloud-interrupted-{stamp}.json.gz"


def _keep_interrupted(snapshot: Any, path: Path) -> None:
    from ..snapshot import save_snapshot
    from ..snapshot.coverage import coverage

    try:
        save_snapshot(snapshot, path)
    except InputError as error:
        err(f"incloud: interrupted; what was collected could not be kept: {error}")
        return
    err(
        f"incloud: interrupted: kept {len(snapshot.resources)} resources in {path} "
        f"({coverage(snapshot).describe()})"
    )


def snapshot_for(
    snapshot_file: Path | None, use_demo: bool, connection: Connection, directory: Path | None
) -> Any:
    """The snapshot a view works on: a saved file, the demo account, or live AWS (checked
    before anything is collected).
    """
    if snapshot_file is not None and use_demo:
        raise InputError("choose one of --snapshot and --demo")
    if directory is not None:
        from .options import writable_directory

        writable_directory(directory)
    if snapshot_file is not None:
        from ..snapshot import load_snapshot

        return load_snapshot(snapshot_file)
    if use_demo:
        from ..demo.run import demo_options

        with demo_options() as options:
            return collect_live(options, connection, directory)
    return collect_live(connection.session_options(), connection, directory)


def assess_and_report(
    snapshot: Any,
    selected: list[Any],
    output: Output,
    settings: Any,
    collect_seconds: float | None = None,
    recorder: Recorder | None = None,
) -> None:
    """Assess with the selected checks, report, record into the store (with a
    ``recorder``), and exit as the gate says (see :func:`gate`).
    """
    from ..report import REPORTERS

    assessment = assess_as_asked(snapshot, selected, output, settings, collect_seconds)
    if recorder is not None:
        recorder.record(assessment, snapshot, selected, output, settings)
    if output.format == OSCAL_FORMAT:
        write_oscal(snapshot, assessment, output, settings)
    else:
        show(assessment, REPORTERS, output.format, output.directory, "report")
    code = gate(assessment, snapshot, output)
    if code != EXIT_OK:
        raise typer.Exit(code)


def assess_as_asked(
    snapshot: Any,
    selected: list[Any],
    output: Output,
    settings: Any,
    collect_seconds: float | None = None,
) -> Any:
    """The assessment the command's options ask for: the selected checks, the scope, the
    mutelist, and the posture against --framework.
    """
    from ..api import assess

    assessment = assess(
        snapshot,
        selected,
        collect_seconds=collect_seconds,
        programme=output.scope,
        settings=settings,
        mutelist=output.mutelist_entries,
    )
    return add_posture(assessment, snapshot, output, settings)


def write_oscal(snapshot: Any, assessment: Any, output: Output, settings: Any) -> None:
    """``--format oscal``: the three OSCAL documents (NIST SP 800-53 r5, the assessment's
    findings reused, muted ones included) into the output directory, one line on stderr.
    """
    from ..compliance.oscal import export

    assert output.directory is not None  # Output.validate requires it for this format
    documents = export(
        snapshot,
        evaluation=assessment.evaluation,
        settings=settings,
        attestations=output.attestation_entries,
    )
    files = documents.files()
    for name, text in files.items():
        write_text(output.directory / name, text)
    err(f"oscal written to {output.directory}/: " + ", ".join(files))


def scan_and_report(
    options: Any,
    connection: Connection,
    selected: list[Any],
    output: Output,
    settings: Any,
    recorder: Recorder | None = None,
) -> None:
    """Collect live, assess with the selected checks, report, record, and exit as the gate
    says.
    """
    started = time.perf_counter()
    snapshot = collect_live(options, connection, output.directory)
    assess_and_report(snapshot, selected, output, settings, time.perf_counter() - started, recorder)


@dataclass(frozen=True)
class Recorder:
    """Records a command's assessments into the posture history (``--store``)."""

    store: str
    """The store's --store value (a path or URL)."""
    command: str
    keep_snapshots: int
    org_scan_id: str | None = None

    @classmethod
    def asked(cls, history: History, retention: Retention, command: str) -> Recorder | None:
        """The recorder the options ask for (None: nothing to record into); the store is
        opened (and migrated) now, so a bad --store fails before any work.
        """
        target = history.to_record()
        if target is None:
            return None
        from ..store import open_posture_store

        open_posture_store(target)
        return cls(target, command, retention.keep_snapshots)

    def record(
        self, assessment: Any, snapshot: Any, selected: list[Any], output: Output, settings: Any
    ) -> None:
        """Record one assessment (and keep its snapshot under the retention setting); one
        line on stderr says where.
        """
        from ..history.record import Judged, record
        from ..store import open_posture_store, snapshot_dir, store_url

        store = open_posture_store(self.store)
        judged = Judged(
            settings=settings,
            checks=tuple(c.id for c in selected),
            scope=output.scope,
            frameworks=output.frameworks,
            mutelist=repr(output.mutelist_entries) if output.mutelist is not None else None,
        )
        info = record(
            store,
            assessment,
            snapshot,
            command=self.command,
            judged=judged,
            snapshot_dir=snapshot_dir(store_url(self.store)),
            keep_snapshots=self.keep_snapshots,
            org_scan_id=self.org_scan_id,
        )
        err(f"incloud: recorded scan {info.scan_id} in {store.url}")


def add_posture(assessment: Any, snapshot: Any, output: Output, settings: Any) -> Any:
    """The assessment with its posture against --framework (unchanged without one)."""
    if not output.frameworks:
        return assessment
    from ..assessment import with_posture

    return with_posture(
        assessment,
        snapshot,
        output.framework_data,
        settings=settings,
        attestations=output.attestation_entries,
    )


def show(
    subject: S,
    formats: Formats[S],
    output_format: str,
    output_dir: Path | None,
    name: str,
) -> None:
    """Print ``subject`` in ``output_format``; with a directory, write it there in every
    format (as ``NAME.txt``, ``NAME.json``).
    """
    from ..report import EXTENSIONS
    from ..report.console import terminal_style

    style = terminal_style(sys.stdout)
    color = output_format == "terminal" and style.color
    sys.stdout.write(formats[output_format](subject, color=color, width=style.width))
    if output_dir is None:
        return
    written = []
    for kind, render in formats.items():
        path = output_dir / f"{name}.{EXTENSIONS.get(kind, kind)}"
        write_text(path, render(subject, color=False))
        written.append(path.name)
    err(f"{name} written to {output_dir}/: " + ", ".join(written))


def write_text(path: Path, text: str) -> None:
    """Write a report file (UTF-8) whole or not at all: a failed write leaves the previous
    file as it was (``snapshot.io.write_atomically``) and is one InputError line (the reports
    on stdout stand).
    """
    from ..snapshot.io import write_atomically

    try:
        write_atomically(path, text.encode())
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror}") from None


def gate(assessment: Any, snapshot: Any, output: Output) -> int:
    """The exit code of ``scan``, ``evaluate`` and ``demo``.

    1 when a finding at or above ``--fail-on`` failed; else 3 when one at or above it could
    not be assessed (unless ``--allow-unknown``), or when the collection was interrupted, read
    nothing or most of its reads failed (whatever ``--fail-on`` says: the account was not
    read; :func:`coverage_gate`); else 0.
    Each non-zero reason is one line on stderr.
    """
    code = findings_gate(assessment, output)
    unread = coverage_gate(snapshot)  # its line is printed whatever --fail-on decided
    return code or unread


def findings_gate(assessment: Any, output: Output) -> int:
    """What ``--fail-on`` says of ``assessment``'s findings: 1 when one at or above it failed;
    else 3 when one at or above it could not be assessed (unless ``--allow-unknown``, one line
    on stderr); else 0. ``incloud iac`` gates a template with it alone (nothing was
    collected), and adds :func:`coverage_gate` for a merged snapshot.
    """
    from ..evaluate.check import Severity, Verdict

    if output.fail_on is None:
        return EXIT_OK
    threshold = Severity(output.fail_on)
    unknown = assessment.with_verdict(Verdict.UNKNOWN, threshold)
    if assessment.failures(threshold):
        return EXIT_FINDINGS
    if unknown and not output.allow_unknown:
        err(
            f"incloud: incomplete: {len(unknown)} result(s) at or above {threshold.value} "
            "could not be assessed (see the coverage section); --allow-unknown accepts them"
        )
        return EXIT_INCOMPLETE
    return EXIT_OK


def coverage_gate(snapshot: Any) -> int:
    """3, with one line on stderr, when ``snapshot``'s collection was interrupted, read
    nothing or most of its reads failed (``snapshot.coverage``): whatever a command shows of
    it, the account was not read. Else 0.
    """
    from ..snapshot.coverage import coverage

    read = coverage(snapshot)
    if not read.incomplete:
        return EXIT_OK
    consequence = "" if read.nothing_read else ": most of the account was not read"
    err(f"incloud: incomplete: {read.describe()}{consequence}")
    return EXIT_INCOMPLETE


@contextmanager
def progress_reporter() -> Iterator[Callable[[Any], None]]:
    """Progress for a collection: a live bar naming the slowest running units on a
    terminal; elsewhere a line on stderr now and then while a unit is slow.
    """
    if not sys.stderr.isatty():
        yield SlowUnits(err)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("collecting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def update(status: Any) -> None:
            bar.update(
                task,
                description=_running(status.running),
                completed=status.done,
                total=status.total,
            )

        yield update


def _running(running: tuple[tuple[str, float], ...], shown: int = 3) -> str:
    """The slowest running units, e.g. ``waiting on ec2/us-east-1 (41 s), s3/global (9 s)``."""
    from ..report.inert import printable

    if not running:
        return ""
    units = ", ".join(f"{printable(label)} ({seconds:.0f} s)" for label, seconds in running[:shown])
    more = f" and {len(running) - shown} more" if len(running) > shown else ""
    return f"waiting on {units}{more}"


class SlowUnits:
    """Progress without a terminal: one line when units have run longer than
    :attr:`after` seconds, repeated at most every :attr:`every` seconds.
    """

    after = 30.0
    every = 60.0

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self._last = float("-inf")

    def __call__(self, status: Any) -> None:
        """Note the slow units, if it is time to."""
        slow = tuple((label, s) for label, s in status.running if s >= self.after)
        now = time.monotonic()
        if slow and now - self._last >= self.every:
            self._last = now
            self._write(
                f"incloud: collected {status.done} of {status.total} units; " + _running(slow)
            )


def err(message: str) -> None:
    """One line on stderr, account data in it made inert (a newline cannot add a line)."""
    from ..report.inert import printable

    sys.stderr.write(printable(message) + "\n")
