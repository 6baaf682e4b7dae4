"""The organisation's SCPs and RCPs as the engine takes them, account by account, and where
they could not be applied.

Organizations User Guide: "SCP evaluation" and "RCP evaluation" (every level from the root down
to the account must allow), "SCP effects on permissions" and "Tasks and entities not restricted
by SCPs" (not the management account, not service-linked roles), "Resources and entities not
restricted by RCPs" (not the management account's resources), "Enabling a policy type" (a type
that is not enabled restricts nothing).

Each account gets one :class:`Binding` per policy type. Controls are applied only when the
snapshot holds them whole: a level read in part could lack the Allow that an allow-list needs,
which would understate permissions, so a read that failed, a policy that cannot be parsed, a
level without any policy (AWS keeps at least one attached to every root, OU and account:
"Attaching and detaching SCPs"), or a member account without controls leaves that account's
SCPs (or RCPs) unapplied, and the binding says why. Analyses then over-approximate, the safe
direction, and say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ...snapshot import CollectionGap, Snapshot
from ...snapshot.organizations import (
    ControlLevel,
    OrganizationControls,
    OrganizationMembership,
)
from .policy import Policy, PolicyError, PolicyKind, parse_policy

Levels = tuple[tuple[Policy, ...], ...]
"""Policies by level, from the organisation root down to the account; each level must allow."""

ControlKind = Literal["SCP", "RCP"]

CONTROL_READS = (
    "organizations:ListRoots",
    "organizations:ListParents",
    "organizations:ListPoliciesForTarget",
    "organizations:DescribePolicy",
)
"""The reads that give an account's levels: a gap on one leaves them incomplete."""

MEMBERSHIP_READ = "organizations:DescribeOrganization"
"""Whether the account belongs to an organisation at all."""

State = Literal["applied", "unapplied", "exempt", "disabled", "none"]


@dataclass(frozen=True)
class Binding:
    """What one policy type (SCPs or RCPs) does to one account, and the note that says it.

    ``applied``: ``levels`` hold every policy, parsed; ``unapplied``: the account is (or may
    be) in an organisation but its controls are not all in the snapshot, so analyses ignore
    them and say so; ``exempt``: the management account; ``disabled``: the type is not enabled
    in the organisation; ``none``: the account belongs to no organisation.
    """

    kind: ControlKind
    account: str
    state: State
    note: str = ""
    levels: Levels = ()
    organization_id: str = ""
    """The organisation whose levels apply (set when ``applied``)."""

    @property
    def applies(self) -> bool:
        """True when analyses apply ``levels``."""
        return self.state == "applied"

    @property
    def unapplied(self) -> bool:
        """True when the account's controls could not be applied (a note is due)."""
        return self.state == "unapplied"


def level_label(level: ControlLevel) -> str:
    """How reasons name a level's target: ``ou-ab12-cdef34gh (Workloads)``."""
    return f"{level.target_id} ({level.target_name})" if level.target_name else level.target_id


class OrganisationControls:
    """Every scanned account's SCP and RCP bindings, from one snapshot."""

    def __init__(self, snapshot: Snapshot) -> None:
        memberships = {m.account_id: m for m in snapshot.of_type(OrganizationMembership)}
        controls = {c.account_id: c for c in snapshot.of_type(OrganizationControls)}
        self._bindings: dict[tuple[ControlKind, str], Binding] = {}
        for account in snapshot.accounts:
            account_id = account.account_id
            gaps = _gaps_for(snapshot.gaps, account_id)
            for kind in ("SCP", "RCP"):
                self._bindings[kind, account_id] = _bind(
                    kind,
                    account_id,
                    memberships.get(account_id),
                    controls.get(account_id),
                    gaps,
                )

    def scp(self, account: str) -> Binding:
        """The SCPs of ``account`` (``none`` for an account the snapshot does not hold)."""
        return self._bindings.get(("SCP", account), Binding("SCP", account, "none"))

    def rcp(self, account: str) -> Binding:
        """The RCPs of ``account`` (``none`` for an account the snapshot does not hold)."""
        return self._bindings.get(("RCP", account), Binding("RCP", account, "none"))

    @property
    def scps(self) -> dict[str, Levels]:
        """SCP levels of every account where they apply (the escalation search's input)."""
        return {
            account: binding.levels
            for (kind, account), binding in self._bindings.items()
            if kind == "SCP" and binding.applies
        }

    def scp_notes(self, accounts: Iterable[str]) -> tuple[str, ...]:
        """The notes of ``accounts``' SCPs that could not be applied (none when all were)."""
        found = (self.scp(account) for account in dict.fromkeys(accounts))
        return tuple(b.note for b in found if b.unapplied)

    def notes(self, kind: ControlKind) -> tuple[str, ...]:
        """Every account's note for one type, for the account-wide views."""
        return tuple(
            binding.note
            for (bound, _), binding in sorted(self._bindings.items())
            if bound == kind and binding.note
        )


def _gaps_for(gaps: Iterable[CollectionGap], account: str) -> list[CollectionGap]:
    """Gaps on the Organizations reads that concern ``account``: recorded in it, or naming it
    (a read made from the management account about this member).
    """
    wanted = {a.lower() for a in (*CONTROL_READS, MEMBERSHIP_READ)}
    return [
        gap
        for gap in gaps
        if gap.action.lower() in wanted
        and (gap.account_id == account or account in (gap.resource_arn or ""))
    ]


def _bind(
    kind: ControlKind,
    account: str,
    membership: OrganizationMembership | None,
    controls: OrganizationControls | None,
    gaps: list[CollectionGap],
) -> Binding:
    """One account's binding for one type (see :class:`Binding` for the states)."""
    owner = controls if controls is not None else membership
    organisation = owner.organization_id if owner is not None else ""
    if owner is not None and owner.is_management_account:
        restricted = "its principals" if kind == "SCP" else "its resources"
        note = (
            f"account {account} is the management account of {organisation}: "
            f"{kind}s do not restrict {restricted}"
        )
        return Binding(kind, account, "exempt", note)
    unread = _describe_gaps(gaps)
    if controls is None:
        if membership is not None:
            why = f"it is a member of {organisation}, but the snapshot holds no {kind}s for it"
            return _unapplied(kind, account, why + (f" ({unread})" if unread else ""))
        if unread:
            why = f"whether it is in an organisation, or its {kind}s, could not be read ({unread})"
            return _unapplied(kind, account, why)
        return Binding(kind, account, "none")
    if unread:
        return _unapplied(kind, account, f"its {kind}s could not be read whole ({unread})")
    return _collected(kind, account, controls)


def _collected(kind: ControlKind, account: str, controls: OrganizationControls) -> Binding:
    """The binding of a member account whose controls were read without a gap."""
    organisation = controls.organization_id
    enabled = controls.scps_enabled if kind == "SCP" else controls.rcps_enabled
    if not enabled:
        note = f"{kind}s are not enabled in {organisation}: they restrict nothing in {account}"
        return Binding(kind, account, "disabled", note)
    levels = controls.scp_levels if kind == "SCP" else controls.rcp_levels
    if not levels:
        return _unapplied(kind, account, f"{kind}s are enabled but no level of them was collected")
    bare = [level_label(level) for level in levels if not level.policies]
    if bare:
        # AWS keeps at least one policy of an enabled type attached to every target (the
        # managed FullAWSAccess / RCPFullAWSAccess unless replaced): an empty level is a read
        # that came back short, and applying it would deny everything.
        why = f"no {kind} was collected for {', '.join(bare)}, where AWS always attaches one"
        return _unapplied(kind, account, why)
    try:
        parsed = tuple(_parse_level(kind, level) for level in levels)
    except PolicyError as error:
        return _unapplied(kind, account, f"an {kind} could not be parsed: {error}")
    path = " > ".join(level_label(level) for level in levels)
    note = f"{kind}s of {organisation} applied to account {account}: {path}"
    return Binding(kind, account, "applied", note, parsed, organisation)


def _parse_level(kind: ControlKind, level: ControlLevel) -> tuple[Policy, ...]:
    """A level's policies, each named ``<name> at <target>`` for the engine's reasons."""
    grammar: PolicyKind = "identity" if kind == "SCP" else "resource"
    where = level_label(level)
    return tuple(
        parse_policy(policy.document, kind=grammar, name=f"{policy.name} at {where}")
        for policy in level.policies
    )


def _unapplied(kind: ControlKind, account: str, why: str) -> Binding:
    effect = (
        "the permissions shown may be broader than they are"
        if kind == "SCP"
        else "access shown as open may be blocked by an RCP"
    )
    return Binding(
        kind, account, "unapplied", f"{kind}s not applied to account {account}: {why}; {effect}"
    )


def _describe_gaps(gaps: list[CollectionGap]) -> str:
    """The failed reads, once each: ``organizations:ListParents (AccessDenied)``."""
    return ", ".join(dict.fromkeys(f"{gap.action} ({gap.error_code})" for gap in gaps))
