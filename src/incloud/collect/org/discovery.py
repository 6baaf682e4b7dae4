"""Reading an AWS Organization from its management account or a delegated administrator.

The structure is read breadth-first from the root (``ListOrganizationalUnitsForParent`` and
``ListAccountsForParent`` per container: two listings per OU, however many accounts), the
policies in bulk (``ListPolicies`` per enabled type, then ``DescribePolicy`` and
``ListTargetsForPolicy`` per policy), and account tags only when a filter needs them; a tag
value that looks like a secret is masked before it is kept or filtered on (``collect.secrets``:
account tags are saved in ``organization.json`` beside every organisation scan).

Without the structure there is nothing to scan: a refused or failed listing of it is an
:class:`~incloud.errors.InputError`. A failed policy read is recorded in
``Organization.gaps``; the controls it would carry are then applied to no account, and every
account's analyses say so.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from ...errors import InputError
from ...snapshot import GLOBAL
from ...snapshot.org import OrgAccount, Organization, OrgPolicy, OrgUnit
from ...snapshot.organizations import RCP, SCP, PolicyType
from ..secrets import scan_tags
from ..session import AwsSession
from ..unit import Unit

ACCOUNT_STATUSES = frozenset({"ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED"})


def discover(management: AwsSession, *, with_tags: bool = False) -> Organization:
    """The organisation ``management`` can read (InputError when it cannot list it)."""
    unit = Unit(session=management, region=GLOBAL, service="organizations")
    described = _required(unit, "describe_organization")["Organization"]
    roots = _required_pages(unit, "list_roots", "Roots")
    if not roots:
        raise InputError("cannot scan the organisation: ListRoots returned no root")
    root = roots[0]
    enabled = {
        str(p.get("Type")) for p in root.get("PolicyTypes", []) if p.get("Status") == "ENABLED"
    }
    units, accounts = _structure(unit, str(root["Id"]), with_tags=with_tags)
    policies = [
        policy for kind in (SCP, RCP) if kind in enabled for policy in _policies(unit, kind)
    ]
    return Organization(
        organization_id=str(described["Id"]),
        management_account_id=str(described.get("MasterAccountId", "")),
        root_id=str(root["Id"]),
        root_name=str(root.get("Name", "Root")),
        scps_enabled=SCP in enabled,
        rcps_enabled=RCP in enabled,
        units=tuple(units),
        accounts=tuple(accounts),
        policies=tuple(policies),
        gaps=tuple(unit.gaps),
    )


def _structure(
    unit: Unit, root_id: str, *, with_tags: bool
) -> tuple[list[OrgUnit], list[OrgAccount]]:
    """Every OU and account below the root, breadth-first."""
    units: list[OrgUnit] = []
    accounts: list[OrgAccount] = []
    queue = deque([root_id])
    while queue:
        parent = queue.popleft()
        for child in _required_pages(
            unit, "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent
        ):
            units.append(OrgUnit(ou_id=child["Id"], name=child.get("Name", ""), parent_id=parent))
            queue.append(child["Id"])
        for listed in _required_pages(
            unit, "list_accounts_for_parent", "Accounts", ParentId=parent
        ):
            accounts.append(_account(unit, listed, parent, with_tags=with_tags))
    return units, accounts


def _account(unit: Unit, listed: dict[str, Any], parent: str, *, with_tags: bool) -> OrgAccount:
    status = str(listed.get("State") or listed.get("Status") or "UNKNOWN")
    tags: dict[str, str] = {}
    if with_tags:
        tags, _ = scan_tags(
            {
                str(t["Key"]): str(t.get("Value", ""))
                for t in _required_pages(
                    unit, "list_tags_for_resource", "Tags", ResourceId=listed["Id"]
                )
            }
        )
    return OrgAccount(
        account_id=str(listed["Id"]),
        name=str(listed.get("Name", "")),
        email=str(listed.get("Email", "")),
        status=status if status in ACCOUNT_STATUSES else "UNKNOWN",
        parent_id=parent,
        tags=tags,
    )


def _policies(unit: Unit, kind: PolicyType) -> list[OrgPolicy]:
    """Every policy of ``kind`` with its document and targets; failures become gaps."""
    found: list[OrgPolicy] = []
    for summary in unit.pages("list_policies", "Policies", Filter=kind):
        policy_id = str(summary["Id"])
        described = unit.call("describe_policy", PolicyId=policy_id)
        content = (described or {}).get("Policy", {}).get("Content")
        document = unit.document(content, "describe_policy") if described else None
        targets = unit.pages("list_targets_for_policy", "Targets", PolicyId=policy_id)
        found.append(
            OrgPolicy(
                policy_id=policy_id,
                name=str(summary.get("Name", "")),
                type=kind,
                aws_managed=bool(summary.get("AwsManaged", False)),
                document=document if isinstance(document, dict) else {},
                targets=tuple(str(t["TargetId"]) for t in targets),
            )
        )
    return found


def _required(unit: Unit, method: str, **params: Any) -> dict[str, Any]:
    """A call the scan cannot go on without."""
    answer = unit.call(method, **params)
    if answer is None:
        raise InputError(f"cannot scan the organisation: {_last_failure(unit)}")
    return answer


def _required_pages(unit: Unit, method: str, key: str, **params: Any) -> list[dict[str, Any]]:
    """A listing the scan cannot go on without (every page of it)."""
    before = len(unit.gaps)
    items = unit.pages(method, key, **params)
    if len(unit.gaps) > before:
        raise InputError(f"cannot scan the organisation: {_last_failure(unit)}")
    return [item for item in items if isinstance(item, dict)]


def _last_failure(unit: Unit) -> str:
    gap = unit.gaps[-1]
    hint = (
        " (run from the management account or a delegated administrator, with "
        "Organizations read access)"
        if "Denied" in gap.error_code or "NotInUse" in gap.error_code
        else ""
    )
    return f"{gap.action} failed: {gap.error_code}: {gap.message}{hint}"
