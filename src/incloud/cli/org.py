"""``scan --org``: the options of an organisation scan and running one to its reports.

The coordinator runs here, in the command's process; the shards run on its threads or, with
``--executor celery``, on ``incloud worker`` processes anywhere that reach the same Redis and
PostgreSQL (docs/organizations.md).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Annotated, Any, ClassVar

import typer

from ..errors import InputError
from .app import EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_INTERRUPTED, EXIT_OK, app
from .options import STORE_ENV, Connection, Output, StoreUrl, split_list
from .running import Recorder, assess_as_asked, err, show, write_text

DEFAULT_BROKER = "redis://127.0.0.1:6379/0"
BROKER_ENV = "INCLOUD_BROKER"

OrgFlag = Annotated[
    bool,
    typer.Option(
        "--org",
        help="Scan every account of the AWS Organization (run from the management account or "
        "a delegated administrator); see docs/organizations.md.",
    ),
]
OrgRoleName = Annotated[
    str,
    typer.Option("--org-role", help="Role assumed in each member account (NAME or PATH/NAME)."),
]
OrgExternalId = Annotated[
    str | None, typer.Option("--org-external-id", help="External id for --org-role.")
]
SessionDuration = Annotated[
    int,
    typer.Option(
        "--session-duration",
        help="Seconds each member-account session lasts (900-43200); refreshed before expiry.",
    ),
]
AccountIds = Annotated[
    str | None, typer.Option("--accounts", help="Comma-separated account ids to scan (only these).")
]
ExcludeAccounts = Annotated[
    str | None, typer.Option("--exclude-accounts", help="Comma-separated account ids to skip.")
]
OrgUnits = Annotated[
    str | None,
    typer.Option("--ous", help="Comma-separated OU ids or names: their accounts and children's."),
]
AccountTags = Annotated[
    list[str] | None,
    typer.Option("--account-tags", help="Only accounts tagged KEY=VALUE (repeatable: all must)."),
]
ExecutorName = Annotated[
    str,
    typer.Option(
        "--executor",
        help="local (threads here, the default) or celery (incloud worker processes, via "
        "--broker and a PostgreSQL --store).",
    ),
]
BrokerUrl = Annotated[
    str | None,
    typer.Option(
        "--broker",
        help=f"Redis URL for --executor celery (default ${BROKER_ENV} or {DEFAULT_BROKER}).",
    ),
]
ResumeId = Annotated[
    str | None,
    typer.Option("--resume", help="Continue an interrupted organisation scan: its SCAN_ID."),
]
RateScale = Annotated[
    float,
    typer.Option(
        "--rate-scale",
        help="Multiply every request-rate budget (1 = half of AWS's documented rates; at most 2).",
    ),
]
StallTimeout = Annotated[
    float,
    typer.Option(
        "--stall-timeout",
        min=1,
        help="Seconds with no task finishing before what is outstanding becomes gaps.",
    ),
]


@dataclass(frozen=True)
class OrgScan:
    """The options of an organisation scan (all but ``--org`` need it)."""

    parameter: ClassVar[str] = "org"

    org: OrgFlag = False
    org_role: OrgRoleName = "OrganizationAccountAccessRole"
    org_external_id: OrgExternalId = None
    session_duration: SessionDuration = 3600
    accounts: AccountIds = None
    exclude_accounts: ExcludeAccounts = None
    ous: OrgUnits = None
    account_tags: AccountTags = None
    executor: ExecutorName = "local"
    broker: BrokerUrl = None
    store: StoreUrl = None
    resume: ResumeId = None
    rate_scale: RateScale = 1.0
    stall_timeout: StallTimeout = 900.0

    def validate(self) -> None:
        """Refuse organisation options without --org, and bad values, before any call."""
        if not self.org and not self.resume:
            defaults = OrgScan()
            given = [
                f"--{item.name.replace('_', '-')}"
                for item in fields(self)
                if item.name not in ("org", "store")  # --store: the posture history's too
                and getattr(self, item.name) != getattr(defaults, item.name)
            ]
            if given:
                raise InputError(f"{', '.join(given)} need(s) --org")
            return
        if self.executor not in ("local", "celery"):
            raise InputError(f"unknown --executor {self.executor!r} (choose: local, celery)")
        if not 0 < self.rate_scale <= 2:
            raise InputError("--rate-scale must be above 0 and at most 2 (AWS's full rate)")
        self.role.validate()
        if self.executor == "celery":
            from ..orgscan.distributed import check_broker

            check_broker(self.broker_url)
        for value in (
            *(split_list(self.accounts) or ()),
            *(split_list(self.exclude_accounts) or ()),
        ):
            if not (value.isdigit() and len(value) == 12):
                raise InputError(
                    f"--accounts/--exclude-accounts: {value[:40]!r} is not a 12-digit account id"
                )

    @property
    def role(self) -> Any:
        """The member-account role."""
        from ..collect.org.enter import OrgRole

        return OrgRole(self.org_role, self.org_external_id, self.session_duration)

    @property
    def store_url(self) -> str | None:
        """The store asked for (None: the embedded default)."""
        from ..store import store_url

        given = self.store or os.environ.get(STORE_ENV) or None
        return store_url(given) if given is not None else None

    @property
    def broker_url(self) -> str:
        """The Celery broker."""
        return self.broker or os.environ.get(BROKER_ENV) or DEFAULT_BROKER

    def account_filter(self) -> Any:
        """The account filters, parsed."""
        from ..orgscan.select import AccountFilter, parse_tags

        return AccountFilter(
            accounts=split_list(self.accounts) or (),
            exclude=split_list(self.exclude_accounts) or (),
            ous=split_list(self.ous) or (),
            tags=parse_tags(self.account_tags or ()),
        )


def org_scan_and_report(
    connection: Connection,
    options: OrgScan,
    selected: list[Any],
    output: Output,
    settings: Any,
    recorder: Recorder | None = None,
) -> None:
    """Scan the organisation, report the roll-up (and every account with -o), record each
    account into the posture history (with a ``recorder``), and exit as the organisation
    gate says (see :func:`org_gate`).
    """
    from ..orgscan.sinks import Evaluating

    formats = org_formats()
    if output.format not in formats:
        raise InputError(
            f"--format {output.format} is not available for --org (choose: {', '.join(formats)})"
        )
    store = _store(options)
    spec, organization, files = _start_or_resume(connection, options, store)

    account_recorder = replace(recorder, org_scan_id=spec.scan_id) if recorder is not None else None

    def assess_account(snapshot: Any, seconds: float) -> Any:
        assessment = assess_as_asked(snapshot, selected, output, settings, seconds)
        if account_recorder is not None:
            account_recorder.record(assessment, snapshot, selected, output, settings)
        return assessment

    sink = Evaluating(spec.scan_id, organization, files, assess_account)
    rollup = sink.result(_run(spec, store, organization, sink, connection, options))

    _report(rollup, files, output)
    raise typer.Exit(org_gate(rollup, files, output))


def org_formats() -> tuple[str, ...]:
    """What ``--format`` may be with --org: the roll-up's formats, and the finding formats
    (every account's findings in one report).
    """
    from ..report.org import ORG_REPORTERS
    from ..report.org.combined import COMBINED

    return (*ORG_REPORTERS, *COMBINED)


def _report(rollup: Any, files: Any, output: Output) -> None:
    """The asked format on stdout; with -o, every format of the organisation and of each
    account in the directory.
    """
    from ..report import EXTENSIONS
    from ..report.org import ORG_REPORTERS
    from ..report.org.combined import COMBINED, write

    def assessments() -> Any:
        return (files.load_assessment(a.account_id) for a in rollup.accounts)

    if output.format in ORG_REPORTERS:
        show(rollup, ORG_REPORTERS, output.format, None, "organization")
    else:
        write(output.format, assessments, sys.stdout)
    directory = output.directory
    if directory is None:
        return
    for kind, render in ORG_REPORTERS.items():
        write_text(directory / f"organization.{EXTENSIONS[kind]}", render(rollup, color=False))
    for kind in COMBINED:
        path = directory / f"organization.{EXTENSIONS[kind]}"
        try:
            with path.open("w") as out:
                write(kind, assessments, out)
        except OSError as error:
            raise InputError(f"cannot write {path}: {error.strerror}") from None
    err(f"organisation reports written to {directory}/ (organization.*: every format)")
    _write_accounts(rollup, files, directory)


def org_collect(connection: Connection, options: OrgScan, directory: Path) -> None:
    """``collect --org -o DIR``: every account's snapshot as ``DIR/<account>.json.gz``; exit
    3 when an account was not entered or not fully read.
    """
    from ..orgscan.artefacts import ScanFiles
    from ..orgscan.sinks import Collecting
    from .options import writable_directory

    writable_directory(directory)
    store = _store(options)
    spec, organization, _ = _start_or_resume(connection, options, store)
    ScanFiles(directory).save_organization(organization)
    sink = Collecting(directory)
    seconds = _run(spec, store, organization, sink, connection, options, command="collect")
    for written in sink.written:
        note = f" ({written.state}: {written.reason})" if written.state != "assessed" else ""
        err(
            f"wrote {written.path}: {written.resources} resources, {written.gaps} gaps, "
            f"{written.api_calls} API calls{note}"
        )
    err(f"incloud: collected {len(sink.written)} accounts in {seconds:.0f} s")
    if any(w.state != "assessed" for w in sink.written):
        err("incloud: incomplete: some accounts were not entered or not fully read")
        raise typer.Exit(EXIT_INCOMPLETE)


def _store(options: OrgScan) -> Any:
    from ..store import open_store

    options.validate()
    store = open_store(options.store_url)
    if options.executor == "celery" and store.engine.dialect.name != "postgresql":
        raise InputError("--executor celery needs a PostgreSQL --store its workers can reach")
    return store


def _start_or_resume(connection: Connection, options: OrgScan, store: Any) -> tuple[Any, Any, Any]:
    from ..collect.org.discovery import discover
    from ..collect.session import open_session
    from ..orgscan.artefacts import ScanFiles
    from ..orgscan.select import select_accounts
    from ..orgscan.spec import OrgScanSpec, new_scan_id

    if options.resume is not None:
        record = store.scan(options.resume)
        spec = OrgScanSpec.model_validate(record.spec)
        files = ScanFiles.for_scan(spec.scan_id)
        organization = files.load_organization()
        if organization is None:
            organization = discover(open_session(spec.session_options()))
            files.save_organization(organization)
        done = len(store.shard_keys(spec.scan_id))
        err(f"incloud: resuming {spec.scan_id}: {done} shards stored already are not collected")
        return spec, organization, files
    session_options = connection.session_options()
    wanted = options.account_filter()
    organization = discover(open_session(session_options), with_tags=wanted.needs_tags)
    selection = select_accounts(organization, wanted)
    for account_id, status in selection.skipped:
        err(f"incloud: skipping account {account_id}: it is {status}, not ACTIVE")
    spec = OrgScanSpec(
        scan_id=new_scan_id(),
        accounts=selection.accounts,
        role_name=options.org_role,
        external_id=options.org_external_id,
        session_seconds=options.session_duration,
        regions=session_options.regions,
        unit_seconds=connection.unit_timeout,
        profile=session_options.profile,
        management_role_arn=session_options.role_arn,
        management_external_id=session_options.external_id,
        endpoint_url=session_options.endpoint_url,
        default_region=session_options.default_region,
    )
    files = ScanFiles.for_scan(spec.scan_id)
    files.save_organization(organization)
    store.create_scan(spec.scan_id, spec.model_dump(mode="json"))
    err(
        f"incloud: organisation scan {spec.scan_id}: {len(spec.accounts)} accounts "
        f"(resume with --resume {spec.scan_id}; files in {files.root})"
    )
    return spec, organization, files


def _run(
    spec: Any,
    store: Any,
    organization: Any,
    sink: Any,
    connection: Connection,
    options: OrgScan,
    command: str = "scan",
) -> float:
    """Run the scan to its end (seconds taken); Ctrl-C exits 130 with the resume command."""
    from ..orgscan.coordinator import Coordinator, OrgScanInterruptedError

    coordinator = Coordinator(
        spec=spec,
        store=store,
        organization=organization,
        executor=make_executor(spec, store, connection, options),
        sink=sink,
        stall_seconds=options.stall_timeout,
        rate_scale=options.rate_scale,
    )
    try:
        with org_progress() as progress:
            coordinator.progress = progress
            return coordinator.run()
    except OrgScanInterruptedError as stopped:
        err(f"incloud: interrupted; continue with: incloud {command} --resume {stopped.scan_id}")
        raise typer.Exit(EXIT_INTERRUPTED) from None


def make_executor(spec: Any, store: Any, connection: Connection, options: OrgScan) -> Any:
    """The executor ``--executor`` names, pacing requests with shared token buckets."""
    from functools import partial

    from ..collect.ratelimit import LocalBuckets, budget_for, rate_limit_hook

    budget = partial(budget_for, scale=options.rate_scale)
    if options.executor == "celery":
        from ..orgscan.distributed import CeleryExecutor

        return CeleryExecutor(
            spec, store, broker_url=options.broker_url, rate_scale=options.rate_scale
        )
    from ..orgscan.executors import LocalExecutor
    from ..orgscan.work import AccountSessions

    buckets = LocalBuckets(budget)
    limiter = partial(rate_limit_hook, buckets)
    sessions = AccountSessions(spec, limiter=limiter)
    grace = connection.call_timeout * 2 + 1
    return LocalExecutor(sessions, store, workers=connection.workers, grace=grace)


def org_gate(rollup: Any, files: Any, output: Output) -> int:
    """The organisation scan's exit code: 1 when any account failed at or above --fail-on;
    else 3 when an account was not entered or not fully read (whatever --fail-on says: no
    gate passes an account that was not read), or a result at or above it is unknown (unless
    --allow-unknown); else 0.
    """
    code = EXIT_OK
    if output.fail_on is not None:
        from ..evaluate.check import Severity, Verdict

        threshold = Severity(output.fail_on)
        unknown = 0
        for account in rollup.read:
            assessment = files.load_assessment(account.account_id)
            if assessment.failures(threshold):
                code = EXIT_FINDINGS
            unknown += len(assessment.with_verdict(Verdict.UNKNOWN, threshold))
        if code == EXIT_OK and unknown and not output.allow_unknown:
            err(
                f"incloud: incomplete: {unknown} result(s) at or above {threshold.value} could "
                "not be assessed; --allow-unknown accepts them"
            )
            code = EXIT_INCOMPLETE
    not_read = [a for a in rollup.accounts if a.state != "assessed"]
    if not_read:
        err(
            f"incloud: incomplete: {len(not_read)} account(s) not entered or not fully read: "
            + ", ".join(a.account_id for a in not_read[:10])
            + (" ..." if len(not_read) > 10 else "")
        )
        code = code or EXIT_INCOMPLETE
    return code


def _write_accounts(rollup: Any, files: Any, directory: Path) -> None:
    """Every account's report in every format, in ``directory/accounts/``."""
    from ..report import EXTENSIONS, REPORTERS

    folder = directory / "accounts"
    folder.mkdir(exist_ok=True)
    for account in rollup.accounts:
        assessment = files.load_assessment(account.account_id)
        for kind, render in REPORTERS.items():
            path = folder / f"{account.account_id}.{EXTENSIONS[kind]}"
            write_text(path, render(assessment, color=False))  # a file, as show() writes them
    err(f"account reports written to {folder}/ ({len(rollup.accounts)} accounts, every format)")


@contextmanager
def org_progress() -> Iterator[Callable[[Any], None]]:
    """Progress of an organisation scan on stderr: a line every few seconds."""
    last = [0.0]

    def update(status: Any) -> None:
        now = time.monotonic()
        if now - last[0] < (2 if sys.stderr.isatty() else 15):
            return
        last[0] = now
        err(
            f"incloud: accounts {status.accounts_done}/{status.accounts} done "
            f"({status.unreachable} not entered), shards {status.shards_done}/{status.shards}"
        )

    yield update


@app.command()
def worker(
    broker: BrokerUrl = None,
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Shards this worker runs at once (threads).")
    ] = 8,
    visibility_timeout: Annotated[
        float,
        typer.Option(
            "--visibility-timeout",
            min=5,
            help="Seconds before Redis re-delivers a task whose worker died without finishing "
            "it; longer than any shard runs.",
        ),
    ] = 900.0,
    name: Annotated[str | None, typer.Option(help="Worker name (default: host and pid).")] = None,
) -> None:
    """Run an organisation-scan worker: take shards from the Celery broker (Redis) and store
    them in the PostgreSQL store each scan names. Run as many as you like, on any machines
    that reach the broker, the store and AWS (with credentials of the management account).
    """
    from ..orgscan.distributed import run_worker

    url = broker or os.environ.get(BROKER_ENV) or DEFAULT_BROKER
    run_worker(url, concurrency=concurrency, visibility_seconds=visibility_timeout, name=name)


def demo_org_scan(
    selected: list[Any], output: Output, settings: Any, recorder: Recorder | None = None
) -> None:
    """``demo --org``: seed the simulated organisation and scan it through the live path
    (judged with ``settings``), keeping the demo's store and scan files beside its reports.
    """
    from ..demo.org import org_demo

    directory = output.directory or Path("incloud-demo-report")
    state = directory / "state"
    previous = os.environ.get("INCLOUD_HOME")
    os.environ["INCLOUD_HOME"] = str(state.resolve())
    try:
        with org_demo(separate_process=True) as (endpoint_url, seed):
            err(
                f"incloud: simulated organisation {seed.organization_id}: "
                f"{len(seed.accounts)} accounts in {len(seed.ou_ids)} OUs, "
                f"{len(seed.regions)} regions, seeded in {seed.seconds:.0f} s"
            )
            connection = Connection(endpoint_url=endpoint_url, regions=",".join(seed.regions))
            options = OrgScan(org=True)
            org_scan_and_report(connection, options, selected, output, settings, recorder)
    finally:
        if previous is None:
            os.environ.pop("INCLOUD_HOME", None)
        else:
            os.environ["INCLOUD_HOME"] = previous
