"""An AWS Organization as an organisation scan reads it: the root, the organisational units,
the accounts and the authorisation policies (SCPs and RCPs) with their targets.

Pure data: collected once from the management account (or a delegated administrator) by
``collect.org.discovery``, saved beside the scan, and turned here into what binds each
account: the policy levels from the root through every parent OU down to the account
(Organizations User Guide, "Inheritance for service control policies": an SCP or RCP
attached to the root or an OU affects every account below it, and a request must be
allowed at every level of the path).
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from .base import GLOBAL, Frozen, JsonDict
from .gaps import CollectionGap
from .organizations import RCP, SCP, ControlLevel, ControlPolicy, OrganizationControls, PolicyType

AccountStatus = Literal["ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED", "UNKNOWN"]


class OrgUnit(Frozen):
    """An organisational unit and its parent (the root or another OU)."""

    ou_id: str
    name: str
    parent_id: str


class OrgAccount(Frozen):
    """A member account: where it sits and how it is tagged."""

    account_id: str
    name: str = ""
    email: str = ""
    status: AccountStatus = "ACTIVE"
    parent_id: str
    tags: dict[str, str] = {}


class OrgPolicy(Frozen):
    """An SCP or RCP, its document and the targets (root, OUs, accounts) it is attached to."""

    policy_id: str
    name: str
    type: PolicyType
    aws_managed: bool = False
    document: JsonDict = {}
    targets: tuple[str, ...] = ()


class Organization(Frozen):
    """The organisation: its structure, its control policies and what could not be read.

    ``gaps`` are reads of the management account that failed (a policy listing refused, say):
    the controls they would have carried cannot be applied, and every account scanned says so.
    """

    organization_id: str
    management_account_id: str
    root_id: str
    root_name: str = "Root"
    scps_enabled: bool = False
    rcps_enabled: bool = False
    units: tuple[OrgUnit, ...] = ()
    accounts: tuple[OrgAccount, ...] = ()
    policies: tuple[OrgPolicy, ...] = ()
    gaps: tuple[CollectionGap, ...] = ()

    @cached_property
    def _parents(self) -> dict[str, str]:
        parents = {unit.ou_id: unit.parent_id for unit in self.units}
        parents.update({account.account_id: account.parent_id for account in self.accounts})
        return parents

    @cached_property
    def _names(self) -> dict[str, str]:
        names = {self.root_id: self.root_name}
        names.update({unit.ou_id: unit.name for unit in self.units})
        names.update({a.account_id: a.name for a in self.accounts})
        return names

    def account(self, account_id: str) -> OrgAccount | None:
        """The member account ``account_id``, if it is in the organisation."""
        return next((a for a in self.accounts if a.account_id == account_id), None)

    def path(self, target_id: str) -> tuple[str, ...]:
        """The targets from the root down to ``target_id`` (an OU or account), inclusive.

        A parent chain that loops or leaves the organisation (a malformed answer) ends where
        it breaks; the root is always first.
        """
        chain = [target_id]
        seen = {target_id}
        current = target_id
        while (parent := self._parents.get(current)) is not None and parent not in seen:
            chain.append(parent)
            seen.add(parent)
            if parent == self.root_id:
                break
            current = parent
        if chain[-1] != self.root_id:
            chain.append(self.root_id)
        return tuple(reversed(chain))

    def ou_path(self, account_id: str) -> str:
        """The account's place by name: ``Root/Production/Payments``."""
        return "/".join(self._names.get(t, t) for t in self.path(account_id)[:-1])

    def descendants(self, ou_id: str) -> frozenset[str]:
        """``ou_id`` and every OU below it."""
        found = {ou_id}
        grew = True
        while grew:
            grew = False
            for unit in self.units:
                if unit.parent_id in found and unit.ou_id not in found:
                    found.add(unit.ou_id)
                    grew = True
        return frozenset(found)

    def unit_by_name_or_id(self, value: str) -> OrgUnit | None:
        """The OU whose id is ``value``, or else the only one of that name."""
        by_id = next((u for u in self.units if u.ou_id == value), None)
        if by_id is not None:
            return by_id
        named = [u for u in self.units if u.name == value]
        return named[0] if len(named) == 1 else None

    def controls_for(self, account_id: str) -> OrganizationControls:
        """The SCP and RCP levels that bind ``account_id``, root first."""
        path = self.path(account_id)
        return OrganizationControls(
            arn=f"arn:aws:organizations::{self.management_account_id}:account/"
            f"{self.organization_id}/{account_id}",
            name=account_id,
            account_id=account_id,
            region=GLOBAL,
            organization_id=self.organization_id,
            management_account_id=self.management_account_id,
            scps_enabled=self.scps_enabled,
            rcps_enabled=self.rcps_enabled,
            scp_levels=self._levels(SCP, path) if self.scps_enabled else (),
            rcp_levels=self._levels(RCP, path) if self.rcps_enabled else (),
        )

    def _levels(self, kind: PolicyType, path: tuple[str, ...]) -> tuple[ControlLevel, ...]:
        return tuple(
            ControlLevel(
                target_id=target,
                target_name=self._names.get(target, ""),
                policies=tuple(
                    ControlPolicy(
                        policy_id=p.policy_id,
                        name=p.name,
                        aws_managed=p.aws_managed,
                        document=p.document,
                    )
                    for p in self.policies
                    if p.type == kind and target in p.targets
                ),
            )
            for target in path
        )
