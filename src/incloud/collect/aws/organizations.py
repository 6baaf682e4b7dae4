"""Organizations collector: which organisation the account belongs to (for trust decisions)."""

from __future__ import annotations

from collections.abc import Iterator

from ...snapshot import GLOBAL, Resource
from ...snapshot.organizations import OrganizationMembership
from ..registry import collector
from ..unit import Unit


@collector(
    service="organizations", scope="global", operations=("organizations:DescribeOrganization",)
)
def collect_organizations(unit: Unit) -> Iterator[Resource]:
    """The account's organisation, if any (not being in one is an answer, not a gap)."""
    answer = unit.call("describe_organization", absent_on=("AWSOrganizationsNotInUseException",))
    if answer is None:
        return
    # Organization and its Id are optional in botocore's model but are the answer: AWS
    # omits them only in a malformed one, whose KeyError is a CollectorError gap.
    organization = answer["Organization"]
    yield OrganizationMembership(
        arn=organization.get("Arn") or unit.arn(f"organization/{organization['Id']}"),
        name=organization["Id"],
        account_id=unit.account_id,
        region=GLOBAL,
        organization_id=organization["Id"],
        management_account_id=organization.get("MasterAccountId", ""),
    )
