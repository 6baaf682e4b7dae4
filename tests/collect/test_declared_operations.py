"""Collectors call only what they declare, so the README's IAM policy is complete."""

from __future__ import annotations

import botocore.session
import pytest

from incloud.collect.registry import (
    IAM_ACTION_FOR_OPERATION,
    all_collectors,
    required_permissions,
)
from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import all_checks
from tests.collect.moto_account import seed_everything

BOTOCORE = botocore.session.get_session()

SESSION_OPERATIONS = {"sts:GetCallerIdentity", "ec2:DescribeRegions"}
"""Called by every scan outside any collector (identity and region checks)."""


def declared() -> set[str]:
    return {op for item in all_collectors().values() for op in item.operations}


def test_every_call_of_a_full_collection_is_declared(session: AwsSession) -> None:
    seed_everything()

    snapshot = collect(session)

    called = {f"{c.service}:{c.operation}" for c in snapshot.api_calls}
    allowed = declared() | SESSION_OPERATIONS
    assert called - allowed == set(), "collectors called operations they did not declare"
    # The seeded account reaches every declared operation, so none is stale either.
    assert declared() - called == set(), "declared operations the collection never used"
    assert all(c.count > 0 for c in snapshot.api_calls)


def test_session_operations_are_in_the_required_permissions() -> None:
    assert set(required_permissions()) >= SESSION_OPERATIONS


def test_required_permissions_name_iam_actions_for_every_declared_operation() -> None:
    permissions = set(required_permissions())
    for operation in declared():
        assert IAM_ACTION_FOR_OPERATION.get(operation, operation) in permissions
    # API names that are not IAM actions must not leak into the policy.
    assert not set(IAM_ACTION_FOR_OPERATION) & permissions
    assert "s3:ListAllMyBuckets" in permissions
    assert all(not p.startswith("s3control:") for p in permissions)


@pytest.mark.parametrize("operation", sorted(declared() | SESSION_OPERATIONS))
def test_declared_operations_exist_in_the_api(operation: str) -> None:
    """Declarations use API operation names, as the call counter and gaps record them."""
    service, name = operation.split(":")
    assert name in BOTOCORE.get_service_model(service).operation_names


@pytest.mark.parametrize("check_id", sorted(all_checks()))
def test_check_requirements_are_declared_operations(check_id: str) -> None:
    """A check's ``requires`` (and its resource's ``listed_by``) must name operations a
    collector records gaps under, or a failed read could never make the verdict unknown.
    """
    item = all_checks()[check_id]
    known = {op.lower() for op in declared()}
    for action in (*item.requires, *item.resource.listed_by):
        assert action.lower() in known, f"{check_id}: {action} is not a declared operation"
