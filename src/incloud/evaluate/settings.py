"""What the user tells evaluation about their organisation (trusted accounts, break glass)."""

from __future__ import annotations

from dataclasses import dataclass


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
