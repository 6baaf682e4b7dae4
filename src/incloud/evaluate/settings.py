"""What the user tells evaluation about their organisation (trusted accounts, break glass)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .iam.escalation.model import Sensitive


@dataclass(frozen=True)
class Settings:
    """Evaluation settings; the defaults trust only the accounts in the snapshot."""

    trusted_accounts: frozenset[str] = frozenset()
    """Accounts outside the snapshot that may be granted access (partners, your other
    organisation accounts)."""
    break_glass: frozenset[str] = frozenset()
    """ARNs (or names) of users and roles that are intended emergency administrators."""
    organisation_id: str | None = None
    """Your AWS Organizations id: ``aws:PrincipalOrgID`` conditions naming it are trusted."""
    ami_max_age_days: int = 180
    """How old a running instance's image may be before ec2.instance-ami-age fails."""
    credentials_unused_days: int = 45
    """Passwords and access keys unused this long fail iam.credentials-unused."""
    access_key_max_age_days: int = 90
    """Active access keys older than this fail iam.access-key-rotated."""
    password_min_length: int = 14
    """The shortest minimum password length iam.password-policy-strong accepts."""
    password_reuse_prevention: int = 24
    """How many previous passwords the password policy must remember."""
    sensitive_permissions: tuple[Sensitive, ...] = ()
    """Permissions treated like administrator rights by the privilege-escalation check
    (``--sensitive ACTION[=RESOURCE]``, parsed once by ``escalation.Sensitive.parse``)."""
    log_retention_days: int = 365
    """The shortest CloudWatch Logs retention the log-retention check accepts."""


def thresholds() -> frozenset[str]:
    """The integer fields of :class:`Settings`: thresholds a user may change (``--setting``)
    and a compliance framework may pin.
    """
    return frozenset(f.name for f in fields(Settings) if f.type in ("int", int))


def with_thresholds(settings: Settings, assignments: Iterable[str]) -> Settings:
    """``settings`` with ``NAME=VALUE`` thresholds applied; ValueError names a bad one."""
    changes: dict[str, Any] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        name = name.strip()
        if not equals or name not in thresholds():
            names = ", ".join(sorted(thresholds()))
            raise ValueError(f"{assignment!r} is not NAME=VALUE with NAME one of {names}")
        if not value.strip().isdigit() or int(value) < 1:
            raise ValueError(f"{name} must be a positive whole number, not {value.strip()!r}")
        changes[name] = int(value)
    return replace(settings, **changes)
