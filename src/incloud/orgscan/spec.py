"""What an organisation scan was asked to do, stored with it so it can be resumed and so
workers on other machines do exactly the same work.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from ..collect.org.enter import OrgRole
from ..collect.session import SessionOptions
from ..snapshot import Frozen


class OrgScanSpec(Frozen):
    """The scan: which accounts, through which role, which regions and services, and how the
    management account is reached (never credentials: each worker has its own).
    """

    scan_id: str
    accounts: tuple[str, ...]
    role_name: str
    external_id: str | None = None
    session_seconds: int = 3600
    regions: tuple[str, ...] | None = None
    services: tuple[str, ...] | None = None
    unit_seconds: float
    profile: str | None = None
    management_role_arn: str | None = None
    management_external_id: str | None = None
    endpoint_url: str | None = None
    default_region: str = "us-east-1"

    @property
    def role(self) -> OrgRole:
        """The member-account role."""
        return OrgRole(self.role_name, self.external_id, self.session_seconds)

    def session_options(self) -> SessionOptions:
        """How a worker reaches the management account."""
        return SessionOptions(
            profile=self.profile,
            role_arn=self.management_role_arn,
            external_id=self.management_external_id,
            endpoint_url=self.endpoint_url,
            default_region=self.default_region,
        )


def new_scan_id() -> str:
    """A sortable, unguessable scan id: ``org-20261207T051200Z-1a2b3c``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"org-{stamp}-{secrets.token_hex(3)}"
