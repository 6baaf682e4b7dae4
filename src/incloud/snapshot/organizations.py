"""AWS Organizations: the organisation an account belongs to and the controls that bind it.

Service control policies (SCPs) limit what principals in an account may do; resource control
policies (RCPs) limit what may be done to the account's resources. Both are attached at the
root, at organisational units and at the account, and a request must be allowed at *every*
level from the root down to the account (Organizations User Guide, "SCP evaluation" and "RCP
evaluation"). Neither binds the management account, nor service-linked roles.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Frozen, JsonDict, Resource

PolicyType = Literal["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]
"""The two authorisation policy types of AWS Organizations."""

SCP: PolicyType = "SERVICE_CONTROL_POLICY"
RCP: PolicyType = "RESOURCE_CONTROL_POLICY"


class OrganizationMembership(Resource):
    """The account's organisation (``DescribeOrganization``); absent when it belongs to none."""

    kind: Literal["organizations.membership"] = "organizations.membership"
    organization_id: str
    management_account_id: str = ""

    service: ClassVar[str] = "organizations"

    def in_use(self) -> bool:
        """Membership is account metadata, not a workload."""
        return False

    @property
    def is_management_account(self) -> bool:
        """True when the scanned account manages the organisation (SCPs do not apply to it)."""
        return self.account_id == self.management_account_id


class ControlPolicy(Frozen):
    """One SCP or RCP with its document (``DescribePolicy``)."""

    policy_id: str
    name: str
    aws_managed: bool = False
    document: JsonDict = {}


class ControlLevel(Frozen):
    """The policies of one type attached directly to one target: the root, an OU, or the
    account itself (``ListPoliciesForTarget``).
    """

    target_id: str
    """``r-...`` for the root, ``ou-...`` for an organisational unit, or the account id."""
    target_name: str = ""
    policies: tuple[ControlPolicy, ...] = ()


class OrganizationControls(Resource):
    """The SCPs and RCPs that bind this account, level by level from the root down.

    ``scps_enabled`` and ``rcps_enabled`` say whether the policy type is enabled at the root;
    when it is not, that type restricts nothing and its levels are empty. When it is, every
    level must allow a request (an empty level allows nothing). Collected from the management
    account (or a delegated administrator); a member account reading its own controls gets
    them only when it has Organizations read access, and otherwise the reads are gaps.
    """

    kind: Literal["organizations.controls"] = "organizations.controls"
    organization_id: str
    management_account_id: str
    scps_enabled: bool = False
    rcps_enabled: bool = False
    scp_levels: tuple[ControlLevel, ...] = ()
    rcp_levels: tuple[ControlLevel, ...] = ()

    service: ClassVar[str] = "organizations"
    listed_by: ClassVar[tuple[str, ...]] = (
        "organizations:ListRoots",
        "organizations:ListParents",
        "organizations:ListPoliciesForTarget",
        "organizations:DescribePolicy",
    )

    def in_use(self) -> bool:
        """Controls are organisation metadata, not a workload."""
        return False

    @property
    def is_management_account(self) -> bool:
        """Neither SCPs nor RCPs bind the management account."""
        return self.account_id == self.management_account_id
