"""Organisation controls in the checks: administrator verdicts under SCPs, resource grants
under RCPs, and the note a finding carries where they could not be applied.

The controls are read once per evaluation (``analyses.organisation_controls``). SCPs and RCPs
only ever take access away (Organizations User Guide, "SCP effects on permissions", "RCP
effects on permissions": neither grants anything), so where an account's controls are not in
the snapshot a check still judges without them (the safe direction) and says so: a failing
finding gets the binding's note in its reason and as ``organisation_controls`` evidence. Where
controls are applied and change a verdict, the reason names the SCP or RCP that did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...snapshot import JsonDict, Resource
from ...snapshot.iam import IamPrincipal
from ..context import Context
from ..iam.admin import AdminVerdict
from ..iam.policy import PolicyError, parse_policy
from ..iam.principals import PrincipalPolicies
from ..iam.rcps import RCP_SERVICES, Caller, Perimeter, of_account, of_organisation, strangers
from ..iam.scp_limits import Subject, administrator_verdict
from .analyses import organisation_controls


def administrator(
    principal: IamPrincipal, policies: PrincipalPolicies, ctx: Context
) -> AdminVerdict:
    """``admin_verdict`` of the principal, with its account's SCPs applied where they bind it
    (not a service-linked role; not in the management account).
    """
    binding = ctx.analysis(organisation_controls).scp(principal.account_id)
    return administrator_verdict(policies, Subject.of(principal), binding.levels)


def scp_note(ctx: Context, accounts: Iterable[str]) -> str:
    """Why SCPs could not be applied to any of ``accounts`` ("" when they were, or none bind)."""
    return "; ".join(ctx.analysis(organisation_controls).scp_notes(accounts))


def scps_applied(ctx: Context, account: str) -> bool:
    """True when ``account``'s SCPs were applied."""
    return ctx.analysis(organisation_controls).scp(account).applies


def with_note(reason: str, note: str, evidence: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """A failing finding's reason and evidence, with a controls note when there is one."""
    if not note:
        return reason, dict(evidence)
    return f"{reason} (note: {note})", {**evidence, "organisation_controls": note}


@dataclass
class Review:
    """What the RCPs leave of some grants: those still open, those blocked (with the RCP that
    blocks each), the conditions some pass only under, and the note when the resource
    account's RCPs could not be applied.
    """

    open: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    only_if: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def evidence(self) -> dict[str, Any]:
        """Evidence keys for what the RCPs did (none when they did nothing)."""
        found: dict[str, Any] = {}
        if self.blocked:
            found["blocked_by_rcp"] = self.blocked
        if self.only_if:
            found["open_unless_rcp"] = self.only_if
        if self.note:
            found["organisation_controls"] = self.note
        return found

    def explain(self, reason: str) -> str:
        """A failing reason with what the RCPs left conditional, and the note."""
        if self.only_if:
            reason += f" (the RCPs let it through only if: {'; '.join(self.only_if)})"
        if self.note:
            reason += f" (note: {self.note})"
        return reason


def _perimeter(
    ctx: Context, item: Resource, service: str, tags: Mapping[str, str] | None
) -> Perimeter | str | None:
    """The resource account's RCPs for ``item``, the note saying why they could not be
    applied, or None when none bind it (another service, no organisation, the management
    account, RCPs not enabled).
    """
    if service not in RCP_SERVICES:
        return None
    binding = ctx.analysis(organisation_controls).rcp(item.account_id)
    if binding.unapplied:
        return binding.note
    if not binding.applies:
        return None
    return Perimeter(
        binding.levels,
        owner=item.account_id,
        organization_id=binding.organization_id,
        service=service,
        resource_arn=item.arn,
        tags=tags,
    )


def review(
    ctx: Context,
    item: Resource,
    service: str,
    document: JsonDict,
    grants: Mapping[str, list[str]],
    *,
    tags: Mapping[str, str] | None = None,
) -> Review:
    """What the RCPs leave of ``grants``: each maps what is open (a statement label, an account
    or an organisation id) to the labels of the statements that open it; a key that is a
    statement label is screened for strangers, an account or organisation id for its
    principals.
    """
    perimeter = _perimeter(ctx, item, service, tags)
    found = Review()
    if perimeter is None or isinstance(perimeter, str):
        found.open = list(grants)
        found.note = perimeter or ""
        return found
    try:
        policy = parse_policy(document, kind="resource")
    except PolicyError:
        found.open = list(grants)
        return found
    by_label = {statement.label: statement for statement in policy.statements}
    for grantee, labels in grants.items():
        statements = [by_label[label] for label in labels if label in by_label]
        screen = perimeter.screen(statements, _callers(grantee, labels))
        if screen.blocked:
            found.blocked.append(f"{grantee}: {screen.reason}")
        else:
            found.open.append(grantee)
            public = grantee in labels  # a statement label: say which statement
            found.only_if += [f"{grantee}: {c}" if public else c for c in screen.only_if]
    return found


def _callers(grantee: str, labels: list[str]) -> tuple[Caller, ...]:
    """Who a grant opens the resource to: strangers for a public statement (its own label),
    a principal of a named account or organisation otherwise.
    """
    if grantee in labels:
        return strangers()
    if grantee.isdigit():
        return of_account(grantee)
    return of_organisation(grantee)
