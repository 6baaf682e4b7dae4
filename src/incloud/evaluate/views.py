"""The account-wide views (``incloud iam paths``, ``incloud network exposure``): their
answers, what they read, and what of it could not be read.

A view answers for a whole account, so it applies the engine's gap rule to every read it
depends on: a gap on one of them (for the whole operation, or for one resource) makes its
answer ``unknown`` for that account and region, and the view says so instead of "nothing
found". Pure: snapshot in, answer out; ``report.views`` renders them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import InputError
from ..snapshot import CollectionGap, Snapshot
from ..snapshot.iam import IamPrincipal
from .iam.escalation import Path, Sensitive, escalation_paths
from .iam.escalation.resources import KINDS as ESCALATION_KINDS
from .iam.escalation.resources import reads as escalation_resource_reads
from .network.outcome import Exposure

ESCALATION_READS = ("iam:GetAccountAuthorizationDetails",)
"""Every user, group, role and policy: without them no escalation path can be decided."""

ESCALATION_TARGET_READS = (
    "lambda:ListFunctions",
    "ec2:DescribeInstances",
    *escalation_resource_reads(ESCALATION_KINDS),
)
"""Functions, instances and the other service resources techniques use (ECS clusters and
services, ...): without them, paths through those targets may be missing."""

EXPOSURE_READS = (
    "ec2:DescribeInstances",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeAddresses",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeNetworkAcls",
    "ec2:DescribeRouteTables",
    "ec2:DescribeSubnets",
    "ec2:DescribeVpcs",
    "ec2:DescribeInternetGateways",
    "ec2:DescribeEgressOnlyInternetGateways",
    "ec2:DescribeManagedPrefixLists",
    "ec2:GetManagedPrefixListEntries",
    "elbv2:DescribeLoadBalancers",
    "elbv2:DescribeListeners",
    "elbv2:DescribeTargetGroups",
    "elbv2:DescribeTargetHealth",
    "elb:DescribeLoadBalancers",
    "cloudfront:ListDistributions",
    "cloudfront:GetDistributionConfig",
)
"""Addresses, interfaces, filters, routes, gateways, load balancers and CloudFront: what
the reachability engine follows from the internet to a port."""


def gaps_on(snapshot: Snapshot, actions: Iterable[str]) -> list[CollectionGap]:
    """The snapshot's gaps on any of ``actions`` (``service:Operation``, any case)."""
    wanted = {action.lower() for action in actions}
    return [gap for gap in snapshot.gaps if gap.action.lower() in wanted]


@dataclass(frozen=True)
class PathsView:
    """Privilege-escalation paths, for every principal or one."""

    paths: dict[str, Path]
    """Principal ARN -> its shortest path to administrator (or a sensitive permission)."""
    principals: int
    """Users and roles in the snapshot."""
    unread: tuple[CollectionGap, ...]
    """Gaps on :data:`ESCALATION_READS`: the answer is unknown."""
    partial: tuple[CollectionGap, ...]
    """Gaps on :data:`ESCALATION_TARGET_READS`: paths through those targets may be missing."""
    goals: tuple[Sensitive, ...] = ()
    principal: str | None = None
    """The principal asked about (its ARN), if one was."""
    administrator: bool = False
    """The principal asked about is an administrator already (no path to look for)."""
    organisation: tuple[str, ...] = ()
    """What the organisation's SCPs did, one note per account they concern: applied (levels
    from the root down), not applied and why (paths may then exist that the SCPs block: the
    answer over-approximates, it is not unknown), the management account (exempt), or SCPs
    not enabled. Empty when no scanned account is in an organisation."""

    @property
    def complete(self) -> bool:
        """True when nothing the answer depends on failed to be read."""
        return not self.unread and not self.partial


def paths_view(
    snapshot: Snapshot, principal: str | None = None, goals: Sequence[Sensitive] = ()
) -> PathsView:
    """The escalation paths of ``snapshot`` (only ``principal``'s when given: an ARN or a
    name; InputError when the snapshot holds no such user or role and IAM was read).
    """
    from .iam.controls import OrganisationControls
    from .iam.principals import PolicyIndex
    from .iam.scp_limits import Subject, administrator_verdict

    unread = tuple(gaps_on(snapshot, ESCALATION_READS))
    partial = tuple(gaps_on(snapshot, ESCALATION_TARGET_READS))
    principals = list(snapshot.of_type(IamPrincipal))
    controls = OrganisationControls(snapshot)
    notes = controls.notes("SCP")
    paths = escalation_paths(snapshot, scps=controls.scps, sensitive=list(goals))
    if principal is None:
        return PathsView(paths, len(principals), unread, partial, tuple(goals), organisation=notes)
    named = [p for p in principals if principal in (p.arn, p.name)]
    if not named and not unread:
        raise InputError(f"no user or role {principal!r} in the snapshot")
    if len(named) > 1:
        arns = ", ".join(sorted(p.arn for p in named))
        raise InputError(f"{principal!r} names several principals; give the ARN: {arns}")
    arn = named[0].arn if named else principal
    administrator = False
    if named:
        levels = controls.scp(named[0].account_id).levels
        policies = PolicyIndex(snapshot).for_principal(named[0])
        verdict = administrator_verdict(policies, Subject.of(named[0]), levels)
        administrator = verdict.status == "admin"
    return PathsView(
        {arn: paths[arn]} if arn in paths else {},
        len(principals),
        unread,
        partial,
        tuple(goals),
        principal=arn,
        administrator=administrator,
        organisation=notes,
    )


@dataclass(frozen=True)
class ExposureView:
    """Everything the internet can open, and where that could not be decided."""

    exposures: tuple[Exposure, ...]
    endpoints: int
    """Network interfaces and load balancers in the snapshot."""
    unread: tuple[CollectionGap, ...]
    """Gaps on :data:`EXPOSURE_READS`: exposure in their regions is unknown."""

    @property
    def complete(self) -> bool:
        """True when nothing the answer depends on failed to be read."""
        return not self.unread


def exposure_view(snapshot: Snapshot) -> ExposureView:
    """Every exposure in ``snapshot``, sorted, with the gaps that leave it unknown."""
    from ..snapshot.ec2 import NetworkInterface
    from ..snapshot.elb import ClassicLoadBalancer
    from ..snapshot.elbv2 import LoadBalancer
    from .network.reachability import analyse

    reach = analyse(snapshot)
    exposures = sorted(
        reach.exposures(), key=lambda e: (e.kind, e.address, e.protocol, e.ports.ranges)
    )
    endpoints = sum(
        len(list(snapshot.of_type(kind)))
        for kind in (NetworkInterface, LoadBalancer, ClassicLoadBalancer)
    )
    return ExposureView(tuple(exposures), endpoints, tuple(gaps_on(snapshot, EXPOSURE_READS)))
