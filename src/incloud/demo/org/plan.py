"""The organisation's shape as data: its OUs, and each account's place, name, tags and workload.

Pure and deterministic (no AWS, no randomness). Accounts come from one fixed sequence and an
organisation of ``n`` accounts is its first ``n``: the first six accounts open one OU each, in
the order the designed differences need them (Production, Production/Payments, Development,
Sandbox, Security, Staging); the rest are interleaved in proportion to :attr:`OuSpec.weight`
(smooth weighted round-robin), so 50 accounts fill the OUs 10/6/8/12/8/6. Only which accounts
lose their role depends on ``n`` (:func:`role_missing_positions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...errors import InputError

ROLE_NAME = "OrganizationAccountAccessRole"
"""The role CreateAccount makes in each new account, trusted by the management account."""

EMAIL_DOMAIN = "aws.northwind-notes.example"
"""Member accounts' root e-mail domain (``.example`` is reserved: nothing is ever sent)."""

Defect = Literal[
    "open-ssh",  # bastion-sg admits 22 from 0.0.0.0/0 in the home region
    "open-ssh-all-regions",  # the same in every region
    "public-queue",  # the home region's queue lets anyone send (Principal "*")
    "unencrypted-queues",  # every queue created with SSE-SQS off
    "star-policy",  # an unattached customer managed policy allowing * on *
]
"""A deliberate misconfiguration of the baseline workload (see :mod:`.workloads`)."""

DEFECT_CYCLE: tuple[tuple[Defect, ...], ...] = (
    (),
    ("open-ssh",),
    ("public-queue",),
    (),
    ("open-ssh", "unencrypted-queues"),
    ("star-policy",),
    ("open-ssh-all-regions", "public-queue", "unencrypted-queues", "star-policy"),
)
"""Account ``i`` gets ``DEFECT_CYCLE[i % 7]``: three in seven clean, one "legacy" account with
every defect, the others one or two; a cycle of 7 against 6 OUs varies them within each OU."""


@dataclass(frozen=True)
class OuSpec:
    """One organisational unit: where it sits, and what its accounts are called and tagged."""

    path: str
    """``Production`` or, for a nested OU, ``Production/Payments``: the key of ``ou_ids``."""
    slug: str
    """Prefix of its accounts' names: ``prod`` gives ``prod-01``, ``prod-02``, ..."""
    env: str
    """The ``env`` tag of its accounts."""
    teams: tuple[str, ...]
    """Its accounts' ``team`` tags, in turn."""
    weight: int
    """How many of the 50-account organisation's accounts it holds."""
    extra_tags: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        """The OU's own name (the last part of its path)."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def parent(self) -> str | None:
        """The parent OU's path, or None under the root."""
        head, _, _ = self.path.rpartition("/")
        return head or None


OUS: tuple[OuSpec, ...] = (
    OuSpec("Production", "prod", "prod", ("web", "data", "platform"), 10),
    OuSpec(
        "Production/Payments",
        "payments",
        "prod",
        ("payments",),
        6,
        (("compliance", "pci-dss"),),
    ),
    OuSpec("Staging", "staging", "staging", ("web", "data"), 8),
    OuSpec("Development", "dev", "dev", ("web", "data", "platform"), 12),
    OuSpec("Sandbox", "sandbox", "sandbox", ("research", "web"), 8),
    OuSpec("Security", "security", "prod", ("security",), 6),
)
"""Five OUs under the root and one nested under Production; parents come before children."""

OU_BY_PATH = {ou.path: ou for ou in OUS}

FIRST_PLACEMENTS = (
    "Production",
    "Production/Payments",
    "Development",
    "Sandbox",
    "Security",
    "Staging",
)
"""The OUs of the first six accounts: the four of the designed differences first."""

ESCALATION_ACCOUNTS = ("prod-01", "payments-01", "dev-01")
"""Accounts holding the ``ci-runner`` user (see :mod:`.subjects`)."""
PUBLIC_BUCKET_ACCOUNTS = ("prod-01", "payments-01", "sandbox-01")
"""Accounts holding a ``shared-reports`` bucket with a public policy."""


@dataclass(frozen=True)
class AccountPlan:
    """One member account as it will be created."""

    position: int
    name: str
    email: str
    ou: str
    """The OU's path (a key of :data:`OU_BY_PATH`)."""
    tags: tuple[tuple[str, str], ...]
    home_region: str
    """Where its bucket and single-region defects go."""
    defects: tuple[Defect, ...]
    role_missing: bool
    escalation_user: bool
    public_bucket: bool


def placements(count: int) -> list[str]:
    """The OU path of each of the first ``count`` accounts of the sequence."""
    order = list(FIRST_PLACEMENTS[:count])
    weights = {ou.path: ou.weight - FIRST_PLACEMENTS.count(ou.path) for ou in OUS}
    total = sum(weights.values())
    current = dict.fromkeys(weights, 0)
    while len(order) < count:
        for path, weight in weights.items():
            current[path] += weight
        chosen = max(current, key=current.__getitem__)  # ties: the earlier OU in OUS
        current[chosen] -= total
        order.append(chosen)
    return order


def role_missing_positions(count: int) -> frozenset[int]:
    """Positions of the accounts whose role is deleted: none below 3 accounts, the last one
    below 5 (a small organisation has no account to spare), then the fifth account and every
    twentieth after it (3 of 50). From 5 accounts on these never hold a designed subject.
    """
    if count < 3:
        return frozenset()
    if count < 5:
        return frozenset({count - 1})
    return frozenset(range(4, count, 20))


def plan_accounts(count: int, regions: tuple[str, ...]) -> tuple[AccountPlan, ...]:
    """The ``count`` member accounts, in creation order.

    Raises :class:`InputError` for fewer than one account or no region.
    """
    if count < 1:
        raise InputError(f"an organisation needs at least one member account, not {count}")
    if not regions:
        raise InputError("an organisation needs at least one region")
    missing = role_missing_positions(count)
    seen: dict[str, int] = {}
    plans = []
    for position, path in enumerate(placements(count)):
        ou = OU_BY_PATH[path]
        number = seen.get(path, 0)
        seen[path] = number + 1
        name = f"{ou.slug}-{number + 1:02d}"
        lost = position in missing
        tags = (("env", ou.env), ("team", ou.teams[number % len(ou.teams)]), *ou.extra_tags)
        plans.append(
            AccountPlan(
                position=position,
                name=name,
                email=f"{name}@{EMAIL_DOMAIN}",
                ou=path,
                tags=tags,
                home_region=regions[position % len(regions)],
                defects=DEFECT_CYCLE[position % len(DEFECT_CYCLE)],
                role_missing=lost,
                escalation_user=name in ESCALATION_ACCOUNTS and not lost,
                public_bucket=name in PUBLIC_BUCKET_ACCOUNTS and not lost,
            )
        )
    return tuple(plans)


def under(ou: str, target: str) -> bool:
    """True when the OU at path ``ou`` is ``target`` or nested below it (inheriting its
    policies).
    """
    return ou == target or ou.startswith(target + "/")
