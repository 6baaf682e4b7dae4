"""The organisation itself: created by the management account, its OUs, its member accounts.

moto answers CreateAccount at once with ``SUCCEEDED`` (AWS is asynchronous: real code polls
DescribeCreateAccountStatus), puts the account under the root (it is then moved to its OU), and
attaches the AWS managed ``FullAWSAccess`` SCP and ``RCPFullAWSAccess`` RCP to every new OU
and account, as AWS does once those policy types are enabled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .clients import Clients
from .plan import OUS, ROLE_NAME, AccountPlan


@dataclass(frozen=True)
class Structure:
    """The ids moto assigned: the organisation's, its root's, each OU's and each account's."""

    organization_id: str
    management_account_id: str
    root_id: str
    ou_ids: dict[str, str]
    account_ids: tuple[str, ...]
    """In the order of the plans they were created from."""


def _tags(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in pairs]


def build_structure(clients: Clients, plans: tuple[AccountPlan, ...]) -> Structure:
    """Create the organisation (all features), its OUs and the planned accounts, in order."""
    org = clients.management("organizations")
    described = org.create_organization(FeatureSet="ALL")["Organization"]
    root_id = str(org.list_roots()["Roots"][0]["Id"])
    ou_ids: dict[str, str] = {}
    for ou in OUS:
        parent = root_id if ou.parent is None else ou_ids[ou.parent]
        created = org.create_organizational_unit(
            ParentId=parent, Name=ou.name, Tags=_tags((("env", ou.env),))
        )
        ou_ids[ou.path] = str(created["OrganizationalUnit"]["Id"])
    account_ids = tuple(_create_account(org, plan, root_id, ou_ids[plan.ou]) for plan in plans)
    return Structure(
        organization_id=str(described["Id"]),
        management_account_id=str(described["MasterAccountId"]),
        root_id=root_id,
        ou_ids=ou_ids,
        account_ids=account_ids,
    )


def _create_account(org: Any, plan: AccountPlan, root_id: str, ou_id: str) -> str:
    """Create one account with its tags and move it from the root into its OU."""
    status = org.create_account(
        AccountName=plan.name, Email=plan.email, RoleName=ROLE_NAME, Tags=_tags(plan.tags)
    )["CreateAccountStatus"]
    if status["State"] != "SUCCEEDED":
        raise RuntimeError(f"moto did not create {plan.name} at once: {status['State']}")
    account_id = str(status["AccountId"])
    org.move_account(AccountId=account_id, SourceParentId=root_id, DestinationParentId=ou_id)
    return account_id


def remove_role(iam: Any) -> None:
    """Delete the account's ``OrganizationAccountAccessRole``, its policies first (AWS refuses
    to delete a role with policies; moto creates it without any, unlike AWS, which attaches
    AdministratorAccess).
    """
    attached = iam.list_attached_role_policies(RoleName=ROLE_NAME)["AttachedPolicies"]
    for policy in attached:
        iam.detach_role_policy(RoleName=ROLE_NAME, PolicyArn=policy["PolicyArn"])
    for name in iam.list_role_policies(RoleName=ROLE_NAME)["PolicyNames"]:
        iam.delete_role_policy(RoleName=ROLE_NAME, PolicyName=name)
    iam.delete_role(RoleName=ROLE_NAME)
