"""The account-wide analyses checks share, each built once per evaluation (``ctx.analysis``).

Each is a module-level builder taking the evaluation's context, so an analysis is known by
its builder and one may build on another: reachability reuses the topology the database route
checks index, instead of indexing the network twice.
"""

from __future__ import annotations

from ..context import Context
from ..iam.controls import OrganisationControls
from ..iam.escalation import Path, escalation_paths
from ..iam.principals import PolicyIndex
from ..network.core import Network
from ..network.reachability import Reachability


def policy_index(ctx: Context) -> PolicyIndex:
    """Every principal's policies (users through their groups), parsed once."""
    return PolicyIndex(ctx.snapshot)


def organisation_controls(ctx: Context) -> OrganisationControls:
    """Every account's SCPs and RCPs, parsed, and where they could not be applied."""
    return OrganisationControls(ctx.snapshot)


def escalation(ctx: Context) -> dict[str, Path]:
    """The shortest escalation path of every principal that has one, to administrator or a
    ``--sensitive`` permission, under the SCPs of the accounts where they apply.
    """
    return escalation_paths(
        ctx.snapshot,
        scps=ctx.analysis(organisation_controls).scps,
        sensitive=list(ctx.settings.sensitive_permissions),
        index=ctx.analysis(policy_index),
    )


def topology(ctx: Context) -> Network:
    """The snapshot's subnets, route tables, ACLs and gateways, indexed."""
    return Network(ctx.snapshot)


def reachability(ctx: Context) -> Reachability:
    """What the internet can open, on the shared topology."""
    return Reachability(ctx.snapshot, ctx.analysis(topology))
