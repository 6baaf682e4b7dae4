"""The options commands share, and turning them into library inputs.

Every value is checked before any work is done; a bad one raises ``InputError`` (one line).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import InputError

Profile = Annotated[str | None, typer.Option(help="AWS profile from your config files.")]
RoleArn = Annotated[str | None, typer.Option(help="Assume this role before collecting.")]
ExternalId = Annotated[str | None, typer.Option(help="External id for --role-arn.")]
Regions = Annotated[
    str | None,
    typer.Option(help="Comma-separated regions (default: every region enabled for the account)."),
]
Domains = Annotated[str | None, typer.Option(help="Comma-separated domains to check.")]
Checks = Annotated[str | None, typer.Option(help="Comma-separated check ids to run.")]
MinSeverity = Annotated[str | None, typer.Option("--severity", help="Only checks at or above.")]
Strict = Annotated[bool, typer.Option(help="Also run strict (opinionated) checks.")]
Format = Annotated[str, typer.Option("--format", help="terminal or json (printed to stdout).")]
OutputDir = Annotated[
    Path | None, typer.Option("-o", "--output-dir", help="Also write the reports here.")
]
FailOn = Annotated[
    str | None, typer.Option(help="Exit 1 when a finding at or above this severity fails.")
]
Workers = Annotated[int, typer.Option(min=1, max=64, help="Concurrent collection units.")]
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
EndpointUrl = Annotated[
    str | None,
    typer.Option(help="Send every call to this endpoint (an emulator such as moto or LocalStack)."),
]
Frameworks = Annotated[
    list[str] | None,
    typer.Option(
        "--framework",
        help="Add the posture against this compliance framework to the reports (repeatable; "
        "ids: `incloud compliance`).",
    ),
]
AttestationsFile = Annotated[
    Path | None,
    typer.Option(
        "--attestations",
        help="YAML file of manual attestations for framework requirements (docs/compliance.md).",
    ),
]


@dataclass(frozen=True)
class Output:
    """What to do with an assessment: format, where to write, when to exit 1, which scope."""

    format: str = "terminal"
    directory: Path | None = None
    fail_on: str | None = None
    scope: str | None = None
    trusted_accounts: str | None = None
    break_glass: str | None = None
    frameworks: tuple[str, ...] = ()
    attestations: Path | None = None
    sensitive: tuple[str, ...] = ()
    thresholds: tuple[str, ...] = ()

    @classmethod
    def for_report(
        cls,
        output_format: str,
        output_dir: Path | None,
        fail_on: str | None,
        scope: str | None,
        trusted_accounts: str | None,
        break_glass: str | None,
        sensitive: list[str] | None,
        setting: list[str] | None,
        framework: list[str] | None,
        attestations: Path | None,
    ) -> Output:
        """The output of ``scan`` and ``evaluate``, from their shared options."""
        return cls(
            output_format,
            output_dir,
            fail_on,
            scope,
            trusted_accounts,
            break_glass,
            frameworks=tuple(framework or ()),
            attestations=attestations,
            sensitive=tuple(sensitive or ()),
            thresholds=tuple(setting or ()),
        )

    def validate(self) -> None:
        """Reject unknown values before any work is done."""
        from ..evaluate.check import Severity
        from ..evaluate.responsibility.programmes import programme_names
        from ..report import REPORTERS

        if self.format not in REPORTERS:
            raise InputError(f"unknown --format {self.format!r} (choose: {', '.join(REPORTERS)})")
        if self.fail_on is not None and self.fail_on not in {s.value for s in Severity}:
            raise InputError(f"unknown --fail-on {self.fail_on!r} (choose: {choices(Severity)})")
        for account in split_list(self.trusted_accounts) or ():
            if not (account.isdigit() and len(account) == 12):
                raise InputError(f"--trusted-accounts: {account!r} is not a 12-digit account id")
        if self.scope is not None and self.scope not in programme_names():
            raise InputError(
                f"unknown --scope {self.scope!r} (choose: {', '.join(programme_names())})"
            )
        # reading them parses them (once: they are cached); a bad value raises InputError
        _ = (self.framework_data, self.attestation_entries, self.settings)

    @cached_property
    def framework_data(self) -> list[Any]:
        """The frameworks asked for (an unknown id raises InputError listing the valid ones)."""
        from ..compliance.model import load_framework

        return [load_framework(framework_id) for framework_id in self.frameworks]

    @cached_property
    def attestation_entries(self) -> tuple[Any, ...]:
        """The attestations file's entries (none without --attestations)."""
        from ..compliance.attestations import load_attestations

        return () if self.attestations is None else load_attestations(self.attestations)

    @cached_property
    def settings(self) -> Any:
        """Evaluation settings from the options (InputError on a bad --setting)."""
        from ..evaluate.settings import Settings, with_thresholds

        settings = Settings(
            trusted_accounts=frozenset(split_list(self.trusted_accounts) or ()),
            break_glass=frozenset(split_list(self.break_glass) or ()),
            sensitive_permissions=tuple(str(s) for s in parse_sensitive(self.sensitive)),
        )
        try:
            return with_thresholds(settings, self.thresholds)
        except ValueError as error:
            raise InputError(f"--setting: {error}") from None


def session_options(
    profile: str | None,
    role_arn: str | None,
    external_id: str | None,
    regions: str | None,
    endpoint_url: str | None,
) -> Any:
    """SessionOptions from the live-access options every command shares."""
    from ..collect.session import SessionOptions

    return SessionOptions(
        profile=profile,
        role_arn=role_arn,
        external_id=external_id,
        regions=split_list(regions),
        endpoint_url=endpoint_url,
    )


def parse_sensitive(values: tuple[str, ...]) -> list[Any]:
    """Parse --sensitive values (InputError on a malformed one)."""
    from ..evaluate.iam.escalation import Sensitive

    try:
        return [Sensitive.parse(value) for value in values]
    except ValueError as error:
        raise InputError(f"--sensitive: {error}") from None


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
