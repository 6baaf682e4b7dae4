"""AWS CloudFormation collector: stacks (with their service roles, in bulk) and active stack
sets (their roles and the accounts they deploy to).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...snapshot import Resource
from ...snapshot.cloudformation import CloudFormationStack, CloudFormationStackSet
from ..registry import collector
from ..unit import Unit


@collector(
    service="cloudformation",
    scope="regional",
    operations=(
        "cloudformation:DescribeStacks",
        "cloudformation:ListStackSets",
        "cloudformation:DescribeStackSet",
        "cloudformation:ListStackInstances",
    ),
)
def collect_cloudformation(unit: Unit) -> Iterator[Resource]:
    """Every stack (deleted ones are not listed) and active stack set in the region."""
    yield from unit.gather(lambda: _stacks(unit), lambda: _stack_sets(unit))


def _stacks(unit: Unit) -> Iterator[CloudFormationStack]:
    for raw in unit.pages("describe_stacks", "Stacks"):
        # StackId, StackName and StackStatus are required in botocore's model.
        yield CloudFormationStack(
            arn=raw["StackId"],
            name=raw["StackName"],
            account_id=unit.account_id,
            region=unit.region,
            status=raw["StackStatus"],
            role_arn=raw.get("RoleARN"),
            notification_arns=tuple(raw.get("NotificationARNs", ())),
        )


def _stack_sets(unit: Unit) -> list[CloudFormationStackSet]:
    summaries = unit.pages("list_stack_sets", "Summaries", Status="ACTIVE")
    return unit.fan_out(lambda raw: _stack_set(unit, raw), summaries)


def _stack_set(unit: Unit, summary: dict[str, Any]) -> CloudFormationStackSet:
    name = summary["StackSetName"]  # identifies the stack set (optional in the model)
    arn = unit.arn(f"stackset/{summary.get('StackSetId', name)}")
    answer = unit.call("describe_stack_set", resource_arn=arn, StackSetName=name)
    raw = (answer or {}).get("StackSet", {})
    instances = unit.pages("list_stack_instances", "Summaries", StackSetName=name)
    return CloudFormationStackSet(
        arn=raw.get("StackSetARN", arn),
        name=name,
        account_id=unit.account_id,
        region=unit.region,
        permission_model=raw.get("PermissionModel", summary.get("PermissionModel", "SELF_MANAGED")),
        administration_role_arn=raw.get("AdministrationRoleARN"),
        execution_role_name=raw.get("ExecutionRoleName"),
        instance_accounts=tuple(sorted({i["Account"] for i in instances if "Account" in i})),
    )
