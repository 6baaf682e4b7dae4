"""Running what the commands ask for: collecting, assessing, writing the reports."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from ..errors import InputError
from .app import EXIT_FINDINGS
from .options import Output


def collect_live(options: Any, workers: int, output: Output) -> tuple[Any, float]:
    """Collect live (progress on a terminal), keeping the snapshot beside the reports."""
    from ..api import collect_account
    from ..snapshot import save_snapshot

    with progress_bar() as progress:
        snapshot, seconds = collect_account(options, workers=workers, progress=progress)
    if output.directory is not None:
        output.directory.mkdir(parents=True, exist_ok=True)
        save_snapshot(snapshot, output.directory / "snapshot.json.gz")
    return snapshot, seconds


def snapshot_for(snapshot_file: Path | None, use_demo: bool, live: Any, output: Output) -> Any:
    """The snapshot a read-only view works on: a saved file, the demo account, or live AWS."""
    if snapshot_file is not None and use_demo:
        raise InputError("choose one of --snapshot and --demo")
    if snapshot_file is not None:
        from ..snapshot import load_snapshot

        return load_snapshot(snapshot_file)
    if use_demo:
        from ..demo.run import demo_options

        with demo_options() as options:
            return collect_live(options, 8, output)[0]
    return collect_live(live, 8, output)[0]


def scan_and_report(options: Any, selected: list[Any], output: Output, workers: int) -> None:
    """Collect live, assess with the selected checks, report, and exit as --fail-on says."""
    from ..api import assess

    output.validate()
    snapshot, seconds = collect_live(options, workers, output)
    assessment = assess(
        snapshot,
        selected,
        collect_seconds=seconds,
        programme=output.scope,
        settings=output.settings,
    )
    assessment = add_posture(assessment, snapshot, output)
    emit(assessment, output.format, output.directory)
    exit_for(assessment, output.fail_on)


def add_posture(assessment: Any, snapshot: Any, output: Output) -> Any:
    """The assessment with its posture against --framework (unchanged without one)."""
    if not output.frameworks:
        return assessment
    from ..compliance.posture import with_posture

    return with_posture(
        assessment,
        snapshot,
        output.framework_data,
        settings=output.settings,
        attestations=output.attestation_entries,
    )


def emit(assessment: Any, output_format: str, output_dir: Path | None) -> None:
    """Print the report in the asked format; with a directory, write both formats there."""
    from ..report import EXTENSIONS, reporter

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
    err(f"reports written to {output_dir}/: " + ", ".join(Path(p).name for p in written))


def exit_for(assessment: Any, fail_on: str | None) -> None:
    """Exit 1 when a finding at or above ``fail_on`` failed."""
    if fail_on is None:
        return
    from ..evaluate.check import Severity

    if assessment.failures(Severity(fail_on)):
        raise typer.Exit(EXIT_FINDINGS)


@contextmanager
def progress_bar() -> Iterator[Any]:
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


def err(message: str) -> None:
    """One line on stderr."""
    sys.stderr.write(message + "\n")
