"""Snapshot resources for AWS Organizations controls: SCP and RCP levels, memberships."""

from __future__ import annotations

from typing import Any

from tests.fixtures import ACCOUNT

ORG = "o-abc123def4"
MANAGEMENT = "999999999999"
ROOT = ("r-ab12", "Root")
WORKLOADS = ("ou-ab12-workload", "Workloads")


def doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def control(name: str, *statements: dict[str, Any], aws_managed: bool = False) -> dict[str, Any]:
    """One SCP or RCP (``ControlPolicy``)."""
    return {
        "policy_id": f"p-{name.lower()}",
        "name": name,
        "aws_managed": aws_managed,
        "document": doc(*statements),
    }


FULL_AWS_ACCESS = control(
    "FullAWSAccess", {"Effect": "Allow", "Action": "*", "Resource": "*"}, aws_managed=True
)
RCP_FULL_AWS_ACCESS = control(
    "RCPFullAWSAccess",
    {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
    aws_managed=True,
)
DATA_PERIMETER = control(
    "DataPerimeter",
    {
        "Sid": "EnforceOrgIdentities",
        "Effect": "Deny",
        "Principal": "*",
        "Action": ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:AssumeRole"],
        "Resource": "*",
        "Condition": {
            "StringNotEqualsIfExists": {"aws:PrincipalOrgID": ORG},
            "BoolIfExists": {"aws:PrincipalIsAWSService": "false"},
        },
    },
)
"""The typical RCP: only the organisation's principals (and AWS services) get in."""


def level(target: tuple[str, str] | str, *policies: dict[str, Any]) -> dict[str, Any]:
    """One ``ControlLevel``: a target (id, name) or an account id, and its policies."""
    target_id, name = (target, "") if isinstance(target, str) else target
    return {"target_id": target_id, "target_name": name, "policies": list(policies)}


def scp_levels(*ou: dict[str, Any], account: str = ACCOUNT) -> list[dict[str, Any]]:
    """Root, Workloads and the account, each with FullAWSAccess; ``ou`` added at Workloads."""
    return [
        level(ROOT, FULL_AWS_ACCESS),
        level(WORKLOADS, FULL_AWS_ACCESS, *ou),
        level(account, FULL_AWS_ACCESS),
    ]


def rcp_levels(*root: dict[str, Any], account: str = ACCOUNT) -> list[dict[str, Any]]:
    """Root and the account, each with RCPFullAWSAccess; ``root`` added at the root."""
    return [level(ROOT, RCP_FULL_AWS_ACCESS, *root), level(account, RCP_FULL_AWS_ACCESS)]


def controls(
    *,
    account: str = ACCOUNT,
    management: str = MANAGEMENT,
    scps: list[dict[str, Any]] | None = None,
    rcps: list[dict[str, Any]] | None = None,
    scps_enabled: bool = True,
    rcps_enabled: bool = True,
) -> dict[str, Any]:
    """An ``organizations.controls`` resource (levels default to the AWS-managed ones)."""
    return {
        "kind": "organizations.controls",
        "name": f"controls-{account}",
        "arn": f"arn:aws:organizations::{management}:account/{ORG}/{account}",
        "account_id": account,
        "region": "global",
        "organization_id": ORG,
        "management_account_id": management,
        "scps_enabled": scps_enabled,
        "rcps_enabled": rcps_enabled,
        "scp_levels": scp_levels(account=account) if scps is None else scps,
        "rcp_levels": rcp_levels(account=account) if rcps is None else rcps,
    }


def membership(*, account: str = ACCOUNT, management: str = MANAGEMENT) -> dict[str, Any]:
    """An ``organizations.membership`` resource."""
    return {
        "kind": "organizations.membership",
        "name": ORG,
        "arn": f"arn:aws:organizations::{management}:organization/{ORG}",
        "account_id": account,
        "region": "global",
        "organization_id": ORG,
        "management_account_id": management,
    }


def gap(operation: str, *, account: str = ACCOUNT, **fields: Any) -> dict[str, Any]:
    """A collection gap on an Organizations operation."""
    return {
        "account_id": account,
        "region": "global",
        "service": "organizations",
        "operation": operation,
        "error_code": "AccessDeniedException",
        **fields,
    }
