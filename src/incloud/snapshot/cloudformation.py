"""AWS CloudFormation: stacks and stack sets, with the roles their deployments run as."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource

UPDATABLE = frozenset(
    {
        "CREATE_COMPLETE",
        "UPDATE_COMPLETE",
        "UPDATE_ROLLBACK_COMPLETE",
        "IMPORT_COMPLETE",
        "IMPORT_ROLLBACK_COMPLETE",
    }
)
"""Stack states from which an update (or a change set) can start (CloudFormation User Guide,
"Stack status codes"): a stack that failed to create or rolled back its creation can only be
deleted."""


class CloudFormationStack(Resource):
    """A stack. With a service role (``role_arn``), CloudFormation makes every change of the
    stack as that role: whoever may update the stack deploys a template of their own with it.
    """

    kind: Literal["cloudformation.stack"] = "cloudformation.stack"
    status: str
    role_arn: str | None = None
    """None when the stack deploys with its caller's credentials."""
    notification_arns: tuple[str, ...] = ()
    """The SNS topics the stack's events are published to."""

    service: ClassVar[str] = "cloudformation"
    listed_by: ClassVar[tuple[str, ...]] = ("cloudformation:DescribeStacks",)

    @property
    def updatable(self) -> bool:
        """True when the stack is in a state an update can start from."""
        return self.status in UPDATABLE


class CloudFormationStackSet(Resource):
    """A stack set: ``SELF_MANAGED`` ones deploy through ``administration_role_arn`` into each
    target account's ``execution_role_name`` role; ``SERVICE_MANAGED`` ones through roles AWS
    Organizations creates.
    """

    kind: Literal["cloudformation.stack-set"] = "cloudformation.stack-set"
    permission_model: str = "SELF_MANAGED"
    administration_role_arn: str | None = None
    execution_role_name: str | None = None
    """None when the stack set could not be described."""
    instance_accounts: tuple[str, ...] = ()
    """The accounts the stack set has stack instances in."""

    service: ClassVar[str] = "cloudformation"
    listed_by: ClassVar[tuple[str, ...]] = ("cloudformation:ListStackSets",)

    def execution_role_arn(self) -> str | None:
        """The role the stack set deploys as in its own account, when it deploys there."""
        if (
            self.permission_model != "SELF_MANAGED"
            or self.execution_role_name is None
            or self.account_id not in self.instance_accounts
        ):
            return None
        partition = self.arn.split(":")[1]
        return f"arn:{partition}:iam::{self.account_id}:role/{self.execution_role_name}"
