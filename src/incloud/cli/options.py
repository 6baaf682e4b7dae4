"""The options commands share, grouped, and turning them into library inputs.

Options that always travel together are a group: a frozen dataclass whose fields carry their
typer declarations. ``@grouped(Connection, Judgement)`` adds a group's fields to a command's
options and hands the command one instance per group, so every command that collects takes
exactly the same connection options, and every command that evaluates the same judgement
options, declared once. Every value is checked before any work is done; a bad one raises
``InputError`` (one line).
"""

from __future__ import annotations

import functools
import inspect
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, ClassVar, TypeVar, get_type_hints

import typer

from ..collect import limits
from ..errors import InputError

Profile = Annotated[str | None, typer.Option(help="AWS profile from your config files.")]
RoleArn = Annotated[str | None, typer.Option(help="Assume this role before collecting.")]
ExternalId = Annotated[str | None, typer.Option(help="External id for --role-arn.")]
Regions = Annotated[
    str | None,
    typer.Option(help="Comma-separated regions (default: every region enabled for the account)."),
]
EndpointUrl = Annotated[
    str | None,
    typer.Option(help="Send every call to this endpoint (an emulator such as moto or LocalStack)."),
]
Workers = Annotated[int, typer.Option(min=1, max=64, help="Concurrent collection units.")]
UnitTimeout = Annotated[
    float,
    typer.Option(
        "--unit-timeout",
        min=1,
        help="Seconds one service may take in one region; past that, what it has not read is "
        "recorded as not collected (its checks say unknown).",
    ),
]
CallTimeout = Annotated[
    float,
    typer.Option(
        "--call-timeout",
        min=0.1,
        help="Seconds to wait to connect, and for each answer, on every API call.",
    ),
]
Domains = Annotated[str | None, typer.Option(help="Comma-separated domains to check.")]
Checks = Annotated[str | None, typer.Option(help="Comma-separated check ids to run.")]
MinSeverity = Annotated[str | None, typer.Option("--severity", help="Only checks at or above.")]
Strict = Annotated[bool, typer.Option(help="Also run strict (opinionated) checks.")]
Format = Annotated[
    str,
    typer.Option(
        "--format",
        help="Printed to stdout: terminal or json; for scan, evaluate and demo also html, ocsf, "
        "asff, csv or junit (-o DIR writes every format there), or oscal (the three OSCAL "
        "documents of `incloud oscal`, NIST SP 800-53 r5, written into -o DIR).",
    ),
]
OutputDir = Annotated[
    Path | None,
    typer.Option("-o", "--output-dir", help="Also write the reports (and the snapshot) here."),
]
FailOn = Annotated[
    str | None,
    typer.Option(
        help="Exit 1 when a finding at or above this severity fails, and 3 when one could not "
        "be assessed (unknown) unless --allow-unknown."
    ),
]
AllowUnknown = Annotated[
    bool,
    typer.Option(
        "--allow-unknown",
        help="Let --fail-on pass results that could not be assessed (by default an unknown "
        "result at or above the severity fails the gate with exit 3).",
    ),
]
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
Frameworks = Annotated[
    list[str] | None,
    typer.Option(
        "--framework",
        help="Add the posture against this compliance framework to the reports (repeatable; "
        "ids: `incloud compliance`).",
    ),
]
MutelistFile = Annotated[
    Path | None,
    typer.Option(
        "--mutelist",
        help="YAML file of accepted risks (reason, owner, expiry): matching findings are "
        "marked muted and do not count toward --fail-on (docs/mutelist.example.yaml).",
    ),
]
AttestationsFile = Annotated[
    Path | None,
    typer.Option(
        "--attestations",
        help="YAML file of manual attestations for framework requirements (docs/compliance.md).",
    ),
]


STORE_ENV = "INCLOUD_STORE"
"""The store every command uses when --store is not given."""

StoreUrl = Annotated[
    str | None,
    typer.Option(
        "--store",
        help=f"The scan store: a SQLite file PATH, sqlite:///PATH or postgresql://... "
        f"(default ${STORE_ENV}). scan, evaluate and demo record each scan there (without "
        "it, into ~/.local/share/incloud/history.db only when that file exists); history, diff "
        "and serve read it; organisation scans also keep their shards there (else in the "
        "state directory).",
    ),
]
KeepSnapshots = Annotated[
    int,
    typer.Option(
        "--keep-snapshots",
        min=0,
        help="Snapshot files the store keeps per account when it records a scan (the newest; "
        "0 keeps none). Older scans keep their findings, not the file.",
    ),
]


@dataclass(frozen=True)
class History:
    """Where scans are recorded and read: the option of every command that records or reads
    the posture history.
    """

    parameter: ClassVar[str] = "history"

    store: StoreUrl = None

    @property
    def given(self) -> str | None:
        """``--store``, else ``$INCLOUD_STORE`` (None: neither)."""
        return self.store or os.environ.get(STORE_ENV) or None

    def to_record(self) -> str | None:
        """The store a scan is recorded into: the one given, else the default file if it
        exists, else None (not recorded).
        """
        from ..store import default_history_path

        if self.given is not None:
            return self.given
        path = default_history_path()
        return str(path) if path.exists() else None

    def to_read(self) -> Any:
        """The posture store to read (InputError when none was given and the default file
        does not exist: an empty history would say nothing changed).
        """
        from ..store import default_history_path, open_posture_store

        if self.given is None and not default_history_path().exists():
            raise InputError(
                f"no scan store at {default_history_path()}: record scans with --store PATH "
                "(or create that file with one scan --store it)"
            )
        return open_posture_store(self.given)


@dataclass(frozen=True)
class Retention:
    """How long the store keeps snapshot files: the option of every command that records."""

    parameter: ClassVar[str] = "retention"

    keep_snapshots: KeepSnapshots = 30


@dataclass(frozen=True)
class Connection:
    """How to reach the account and how patiently: the options of every collecting command."""

    parameter: ClassVar[str] = "connection"

    profile: Profile = None
    role_arn: RoleArn = None
    external_id: ExternalId = None
    regions: Regions = None
    endpoint_url: EndpointUrl = None
    workers: Workers = limits.WORKERS
    unit_timeout: UnitTimeout = limits.UNIT_SECONDS
    call_timeout: CallTimeout = limits.CALL_SECONDS

    def session_options(self) -> Any:
        """The library's SessionOptions, checked (InputError on a malformed ARN or URL)."""
        from ..collect.session import SessionOptions

        if self.external_id is not None and self.role_arn is None:
            raise InputError("--external-id needs --role-arn")
        options = SessionOptions(
            profile=self.profile,
            role_arn=self.role_arn,
            external_id=self.external_id,
            regions=split_list(self.regions),
            endpoint_url=self.endpoint_url,
            connect_timeout=min(self.call_timeout, limits.CONNECT_SECONDS),
            read_timeout=self.call_timeout,
        )
        options.validate()
        return options


@dataclass(frozen=True)
class Judgement:
    """What the user tells evaluation: the options of every command that judges checks."""

    parameter: ClassVar[str] = "judgement"

    trusted_accounts: TrustedAccounts = None
    break_glass: BreakGlass = None
    sensitive: SensitivePermissions = None
    setting: Thresholds = None

    @cached_property
    def settings(self) -> Any:
        """Evaluation settings (InputError on a bad account id, --sensitive or --setting)."""
        from ..evaluate.settings import Settings, with_thresholds

        trusted = split_list(self.trusted_accounts) or ()
        for account in trusted:
            if not (account.isdigit() and len(account) == 12):
                raise InputError(f"--trusted-accounts: {account!r} is not a 12-digit account id")
        settings = Settings(
            trusted_accounts=frozenset(trusted),
            break_glass=frozenset(split_list(self.break_glass) or ()),
            sensitive_permissions=tuple(parse_sensitive(tuple(self.sensitive or ()))),
        )
        try:
            return with_thresholds(settings, self.setting or ())
        except ValueError as error:
            raise InputError(f"--setting: {error}") from None


F = TypeVar("F", bound=Callable[..., Any])


def grouped(*groups: type[Any]) -> Callable[[F], F]:
    """Give a command each group's fields as options, and the group instance as the keyword
    argument the group's ``parameter`` names.
    """

    def decorate(command: F) -> F:
        signature = inspect.signature(command)
        hints = get_type_hints(command, include_extras=True)
        own = [
            p.replace(annotation=hints[p.name])
            for p in signature.parameters.values()
            if p.name not in _names(groups)
        ]
        added = [
            inspect.Parameter(
                item.name, inspect.Parameter.KEYWORD_ONLY, default=item.default, annotation=hint
            )
            for group in groups
            for item, hint in _fields(group)
        ]

        @functools.wraps(command)
        def run(**options: Any) -> Any:
            for group in groups:
                names = [item.name for item, _ in _fields(group)]
                options[group.parameter] = group(**{n: options.pop(n) for n in names})
            return command(**options)

        run.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*own, *added], return_annotation=None
        )
        run.__annotations__ = {p.name: p.annotation for p in [*own, *added]}
        return run  # type: ignore[return-value]

    return decorate


def _names(groups: tuple[type[Any], ...]) -> set[str]:
    return {group.parameter for group in groups}


def _fields(group: type[Any]) -> list[tuple[Any, Any]]:
    hints = get_type_hints(group, include_extras=True)
    return [(item, hints[item.name]) for item in fields(group)]


OSCAL_FORMAT = "oscal"
"""The assessment as OSCAL (``compliance.oscal``): three documents written into -o DIR, not a
reporter of the assessment alone (it needs the snapshot the assessment came from)."""


@dataclass(frozen=True)
class Output:
    """What to do with an assessment: format, where to write, when to fail, which scope."""

    format: str = "terminal"
    directory: Path | None = None
    fail_on: str | None = None
    allow_unknown: bool = False
    scope: str | None = None
    frameworks: tuple[str, ...] = ()
    attestations: Path | None = None
    mutelist: Path | None = None

    def validate(self) -> None:
        """Reject unknown values and unusable output paths before any work is done."""
        from ..evaluate.check import Severity
        from ..report import REPORTERS
        from ..responsibility.programmes import programme_names

        if self.format not in REPORTERS and self.format != OSCAL_FORMAT:
            choose = ", ".join([*REPORTERS, OSCAL_FORMAT])
            raise InputError(f"unknown --format {self.format!r} (choose: {choose})")
        if self.format == OSCAL_FORMAT:
            from ..compliance.oscal import require_trestle

            if self.directory is None:
                raise InputError("--format oscal writes three documents: give -o DIR")
            require_trestle()
        if self.fail_on is not None and self.fail_on not in {s.value for s in Severity}:
            raise InputError(f"unknown --fail-on {self.fail_on!r} (choose: {choices(Severity)})")
        if self.scope is not None and self.scope not in programme_names():
            raise InputError(
                f"unknown --scope {self.scope!r} (choose: {', '.join(programme_names())})"
            )
        if self.directory is not None:
            writable_directory(self.directory)
        # reading them parses them (once: they are cached); a bad value raises InputError
        _ = (self.framework_data, self.attestation_entries, self.mutelist_entries)

    @cached_property
    def framework_data(self) -> list[Any]:
        """The frameworks asked for (an unknown id raises InputError listing the valid ones)."""
        from ..compliance.model import load_framework

        return [load_framework(framework_id) for framework_id in self.frameworks]

    @cached_property
    def mutelist_entries(self) -> Any:
        """The mutelist (None without --mutelist; InputError for a bad file)."""
        from ..mutelist import load_mutelist

        return None if self.mutelist is None else load_mutelist(self.mutelist)

    @cached_property
    def attestation_entries(self) -> tuple[Any, ...]:
        """The attestations file's entries (none without --attestations)."""
        from ..compliance.attestations import load_attestations

        return () if self.attestations is None else load_attestations(self.attestations)


def writable_directory(path: Path) -> None:
    """Create ``path`` if needed; InputError unless it is a directory incloud can write to."""
    if path.exists() and not path.is_dir():
        raise InputError(f"-o {path}: exists and is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"-o {path}: cannot create the directory: {error.strerror}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise InputError(f"-o {path}: the directory is not writable")


def writable_file(path: Path) -> None:
    """InputError unless a file can be written at ``path`` (its directory exists and is
    writable, and ``path`` is not a directory).
    """
    if path.is_dir():
        raise InputError(f"-o {path}: is a directory, not a file name")
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"-o {path}: the directory {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputError(f"-o {path}: not writable")


_ACTION_SHAPE = re.compile(r"[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+")
"""``service:Action``, wildcards allowed: the characters IAM action names are made of."""


def parse_sensitive(values: tuple[str, ...]) -> list[Any]:
    """Parse --sensitive values: InputError on a malformed one, and on one that names no
    action of a service the action dataset knows (``s3:GetObjekt``): nobody can obtain an
    action that does not exist, so a typo would otherwise read as "no path found".
    """
    from ..evaluate.iam.actions import universe
    from ..evaluate.iam.escalation import Sensitive

    try:
        goals = [Sensitive.parse(value) for value in values]
    except ValueError as error:
        raise InputError(f"--sensitive: {error}") from None
    for goal in goals:
        if not _ACTION_SHAPE.fullmatch(goal.action):
            raise InputError(f"--sensitive: {goal.action!r} is not service:Action")
        service = goal.action.split(":", 1)[0]
        coverage = universe().expand((goal.action,))
        if not coverage.bits and universe().knows_service(service):
            raise InputError(
                f"--sensitive: {goal.action!r} names no {service} action (IAM's Service "
                "Authorization Reference lists them)"
            )
    return goals


VIEW_FORMATS = ("terminal", "json")
"""What the read-only views (matrix, compliance, iam paths, network exposure) print."""


def view_format(output_format: str) -> str:
    """``output_format`` if a view can print it, else InputError."""
    if output_format not in VIEW_FORMATS:
        choose = ", ".join(VIEW_FORMATS)
        raise InputError(f"unknown --format {output_format!r} (choose: {choose})")
    return output_format


def selected_checks(
    checks: str | None, domains: str | None, severity: str | None, strict: bool
) -> list[Any]:
    """The checks --checks, --domains, --severity and --strict select."""
    from ..evaluate.check import Severity
    from ..evaluate.engine import select_checks

    if severity is not None and severity not in {s.value for s in Severity}:
        raise InputError(f"unknown --severity {severity!r} (choose: {choices(Severity)})")
    try:
        return select_checks(
            ids=split_list(checks),
            domains=[parse_domain(d) for d in split_list(domains) or ()] if domains else None,
            min_severity=Severity(severity) if severity else None,
            include_strict=strict,
        )
    except KeyError as error:
        raise InputError(f"unknown check id(s): {error.args[0]} (see `incloud checks`)") from None


def parse_domain(name: str) -> Any:
    """A ``Domain`` by its value."""
    from ..evaluate.check import Domain

    try:
        return Domain(name)
    except ValueError:
        raise InputError(f"unknown domain {name!r} (choose: {choices(Domain)})") from None


def choices(enum: Any) -> str:
    """An enum's values, for an error message."""
    return ", ".join(member.value for member in enum)


def split_list(value: str | None) -> tuple[str, ...] | None:
    """A comma-separated option's items (None when the option was not given)."""
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())
