"""What :func:`~incloud.demo.org.seed_organization` built: the organisation, its accounts, and
the two controls with the resources whose verdicts they are designed to change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Misconfiguration:
    """A deliberate defect of a baseline workload: the check that should fail, and on what."""

    check_id: str
    resource_arn: str


@dataclass(frozen=True)
class Subject:
    """A resource a control is designed to judge, and the account holding it (an S3 bucket's
    ARN does not name its account).
    """

    account_id: str
    arn: str


@dataclass(frozen=True)
class MemberAccount:
    """One member account: its identity, place in the organisation, tags and defects."""

    account_id: str
    """Assigned by moto (random digits): refer to accounts by ``name``."""
    name: str
    email: str
    ou: str
    """The path of its OU, e.g. ``Production/Payments`` (a key of ``OrgSeed.ou_ids``)."""
    tags: Mapping[str, str] = field(hash=False)
    home_region: str
    """The region of its bucket and of its single-region defects."""
    role_missing: bool
    """Its ``OrganizationAccountAccessRole`` was deleted: the collector cannot enter it."""
    misconfigurations: tuple[Misconfiguration, ...]
    """The baseline workload's deliberate defects (the controls' subjects are not here)."""


@dataclass(frozen=True)
class ControlSeed:
    """One organisation policy (SCP or RCP), where it is attached, and what it changes.

    ``protected`` are the resources under its targets whose ``check_id`` verdict it is designed
    to turn from fail to pass; ``unprotected`` repeat the same pattern outside its reach and
    keep failing. Both leave out accounts whose role is missing.
    """

    policy_id: str
    name: str
    policy_type: str
    """``SERVICE_CONTROL_POLICY`` or ``RESOURCE_CONTROL_POLICY``."""
    content: str
    """The policy document exactly as sent to CreatePolicy."""
    target_ids: tuple[str, ...]
    target_ous: tuple[str, ...]
    """The OU paths of ``target_ids``, in the same order."""
    check_id: str
    protected: tuple[Subject, ...]
    unprotected: tuple[Subject, ...]

    @property
    def document(self) -> dict[str, Any]:
        """The policy document, parsed."""
        parsed: dict[str, Any] = json.loads(self.content)
        return parsed


@dataclass(frozen=True)
class OrgSeed:
    """The seeded organisation: ids from moto, everything else deterministic.

    ``calls`` counts every API call the seeding made (errors included) and ``seconds`` its
    wall-clock time.
    """

    management_account_id: str
    organization_id: str
    root_id: str
    ou_ids: Mapping[str, str] = field(hash=False)
    """OU path (``Production``, ``Production/Payments``, ...) -> OU id."""
    accounts: tuple[MemberAccount, ...]
    """Member accounts in creation order (the management account is not one)."""
    role_name: str
    regions: tuple[str, ...]
    scp: ControlSeed
    rcp: ControlSeed
    calls: int
    seconds: float

    @property
    def role_missing(self) -> tuple[str, ...]:
        """Ids of the accounts whose role was deleted."""
        return tuple(a.account_id for a in self.accounts if a.role_missing)

    def account(self, name: str) -> MemberAccount:
        """The member account called ``name``; KeyError when there is none."""
        for member in self.accounts:
            if member.name == name:
                return member
        raise KeyError(name)
