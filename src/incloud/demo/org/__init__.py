"""A simulated AWS Organization of Northwind Notes in moto: 50 accounts, for tests, the
benchmark and ``incloud demo --org``.

The management account is moto's default 123456789012; it creates the organisation (all
features) and holds no workload. Under the root: ``Production`` (with the nested
``Production/Payments``), ``Staging``, ``Development``, ``Sandbox`` and ``Security``. Member
accounts are named after their OU (``prod-01``, ``payments-01``, ``dev-03``, ...), reachable at
``<name>@aws.northwind-notes.example``, and tagged ``env`` (prod, staging, dev, sandbox; the
Payments and Security accounts are prod too), ``team``, and ``compliance=pci-dss`` in Payments.
Account ids are moto's (random); the order of ``OrgSeed.accounts`` and every name are fixed
(:mod:`.plan`).

Each member account has a small workload in every region and some deliberate defects, so the
organisation's roll-up ranks accounts by failures (:mod:`.workloads`). Designed differences:

``DenyPrivilegeEscalation`` (SCP, on ``Production``; :mod:`.controls`)
  ``ci-runner`` can rewrite its own managed policy (:mod:`.subjects`): iam.privilege-escalation
  should pass in ``prod-01`` (SCP attached to its OU) and ``payments-01`` (inherited from the
  parent OU), and fail in ``dev-01`` (no SCP).
``EnforceOrgIdentitiesOnS3`` (RCP, on ``Production/Payments``)
  ``northwind-<account>-shared-reports`` has a public bucket policy:
  s3.bucket-policy-not-public should pass in ``payments-01`` and fail in ``prod-01`` (the
  parent OU: RCPs inherit downwards only) and ``sandbox-01``.
Role missing
  The fifth account (``security-01``) and every twentieth after it (3 of 50) lose their
  ``OrganizationAccountAccessRole``: the collector's iam:GetRole after AssumeRole answers
  NoSuchEntity, so it cannot enter them.

``OrgSeed.scp`` and ``OrgSeed.rcp`` list the exact ARNs on each side, with their accounts
(``protected``, ``unprotected``).

Scaling down: every OU and both controls always exist; the accounts are the first ``n`` of one
sequence (``prod-01``, ``payments-01``, ``dev-01``, ``sandbox-01``, ``security-01``,
``staging-01``, then interleaved by weight). From 5 accounts on, every designed difference
above is present. With 3 or 4, the last account (``dev-01`` or ``sandbox-01``) loses its role
instead and holds no subject: 3 keep both protected sides and the RCP's parent-OU contrast but
no unprotected ``ci-runner``; 4 lose only ``sandbox-01``'s bucket. With 1 or 2 no role is
removed.

Seeding cost: about 14 calls per account (CreateAccount, MoveAccount, AssumeRole, a security
group and a queue per region, a bucket, a role, plus defects and subjects); ``OrgSeed.calls``
and ``OrgSeed.seconds`` report it. 50 accounts: 722 calls in 8.5-10 s on two cores (more
under load), about half of it creating each account's eight boto3 clients (about 17 ms each;
EC2's are the slowest).

moto 5.2.5 behaviour designed around:

* STS AssumeRole checks neither that the role exists nor its trust policy: the credentials it
  issues act in the account named in the role's ARN, and keep working after the role is
  deleted. Only iam:GetRole tells a missing role, which is what the collector verifies.
* CreateAccount creates ``OrganizationAccountAccessRole`` with the management account's trust
  policy but no permissions policy (AWS attaches AdministratorAccess); it answers
  ``SUCCEEDED`` at once (AWS is asynchronous) and leaves the account under the root.
* Account ids are random digits and ListAccounts orders by join time: refer to accounts by name.
  The management account is listed as ``master`` (``master@example.com``).
* ``FullAWSAccess`` and ``RCPFullAWSAccess`` are attached to the root, every OU and every
  account from the start, before either policy type is enabled; the root's ``PolicyTypes``
  (ListRoots) is what says a type is enabled. DescribeOrganization's deprecated
  ``AvailablePolicyTypes`` always lists the SCP type only.
* Organisation policies are stored, not enforced: nothing moto answers depends on them.
* Bucket names are global across accounts, as in AWS: they carry the account's name.
* moto maps every request's access key to its account by searching all accounts' IAM keys, so
  requests slow down a little as accounts are added.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import MappingProxyType

from .clients import Clients
from .controls import ESCALATION_CHECK, PUBLIC_BUCKET_CHECK, Attached, attach_controls
from .model import ControlSeed, MemberAccount, Misconfiguration, OrgSeed, Subject
from .plan import ROLE_NAME, AccountPlan, plan_accounts, under
from .structure import build_structure, remove_role
from .subjects import seed_escalation_user, seed_public_bucket
from .workloads import seed_workload

__all__ = [
    "DEFAULT_REGIONS",
    "ControlSeed",
    "MemberAccount",
    "Misconfiguration",
    "OrgSeed",
    "Subject",
    "org_demo",
    "seed_organization",
]

DEFAULT_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")
"""The regions every member account has a workload in."""

Placed = tuple[str, Subject]
"""A control's subject and the OU path of its account."""


def seed_organization(
    endpoint_url: str, *, accounts: int = 50, regions: tuple[str, ...] = DEFAULT_REGIONS
) -> OrgSeed:
    """Create the organisation on the moto server at ``endpoint_url``: OUs, ``accounts`` member
    accounts with their workloads in ``regions``, the SCP and the RCP.

    Run it once against a fresh server (names are fixed). Raises
    :class:`~incloud.errors.InputError` for fewer than one account or no region.
    """
    started = time.perf_counter()
    plans = plan_accounts(accounts, regions)
    clients = Clients(endpoint_url)
    structure = build_structure(clients, plans)
    members: list[MemberAccount] = []
    escalation: list[Placed] = []
    public: list[Placed] = []
    for plan, account_id in zip(plans, structure.account_ids, strict=True):
        member, users, buckets = _seed_member(clients, plan, account_id, regions)
        members.append(member)
        escalation += users
        public += buckets
    scp, rcp = attach_controls(clients, structure)
    return OrgSeed(
        management_account_id=structure.management_account_id,
        organization_id=structure.organization_id,
        root_id=structure.root_id,
        ou_ids=MappingProxyType(dict(structure.ou_ids)),
        accounts=tuple(members),
        role_name=ROLE_NAME,
        regions=regions,
        scp=_control(scp, ESCALATION_CHECK, escalation),
        rcp=_control(rcp, PUBLIC_BUCKET_CHECK, public),
        calls=clients.calls,
        seconds=round(time.perf_counter() - started, 3),
    )


def _seed_member(
    clients: Clients, plan: AccountPlan, account_id: str, regions: tuple[str, ...]
) -> tuple[MemberAccount, list[Placed], list[Placed]]:
    """Enter one account through its role, seed it, and remove the role if planned."""
    member = clients.member(account_id)
    defects = seed_workload(member, plan, regions)
    users, buckets = [], []
    if plan.escalation_user:
        users.append((plan.ou, Subject(account_id, seed_escalation_user(member))))
    if plan.public_bucket:
        buckets.append((plan.ou, Subject(account_id, seed_public_bucket(member, plan))))
    if plan.role_missing:
        remove_role(member("iam"))
    account = MemberAccount(
        account_id=account_id,
        name=plan.name,
        email=plan.email,
        ou=plan.ou,
        tags=MappingProxyType(dict(plan.tags)),
        home_region=plan.home_region,
        role_missing=plan.role_missing,
        misconfigurations=defects,
    )
    return account, users, buckets


def _control(attached: Attached, check_id: str, subjects: list[Placed]) -> ControlSeed:
    """Describe a control and split its subjects by whether they are under its target."""
    return ControlSeed(
        policy_id=attached.policy_id,
        name=attached.name,
        policy_type=attached.policy_type,
        content=attached.content,
        target_ids=(attached.target_id,),
        target_ous=(attached.target_ou,),
        check_id=check_id,
        protected=tuple(s for ou, s in subjects if under(ou, attached.target_ou)),
        unprotected=tuple(s for ou, s in subjects if not under(ou, attached.target_ou)),
    )


@contextmanager
def org_demo(
    *,
    accounts: int = 50,
    regions: tuple[str, ...] = DEFAULT_REGIONS,
    separate_process: bool = False,
) -> Iterator[tuple[str, OrgSeed]]:
    """Start a demo server with fake credentials in the environment, seed the organisation,
    and yield ``(endpoint_url, seed)``; the server stops (and its state is lost) on exit.

    Only one in-process demo server may run per process; ``separate_process`` runs moto as a
    child process (:class:`~incloud.demo.server.DemoServer`).
    """
    from ..run import demo_environment
    from ..server import DemoServer

    with DemoServer(separate_process=separate_process) as server, demo_environment():
        seeded = seed_organization(server.endpoint_url, accounts=accounts, regions=regions)
        yield server.endpoint_url, seeded
