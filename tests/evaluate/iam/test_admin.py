"""Administrator analysis over the action universe, including services the dataset lacks."""

from __future__ import annotations

from typing import Any

import pytest

from incloud.evaluate.iam.actions import universe
from incloud.evaluate.iam.admin import admin_verdict
from incloud.evaluate.iam.policy import parse_policy
from incloud.evaluate.iam.principals import PrincipalPolicies


def _verdict(*statements: dict[str, Any], boundary: dict[str, Any] | None = None) -> str:
    identity = tuple(
        parse_policy({"Version": "2012-10-17", "Statement": [s]}, name=f"p{i}")
        for i, s in enumerate(statements)
    )
    bound = None
    if boundary is not None:
        bound = parse_policy({"Version": "2012-10-17", "Statement": [boundary]}, name="b")
    return admin_verdict(PrincipalPolicies("arn:aws:iam::1:user/u", identity, bound)).status


ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}


def test_unknown_service_patterns_are_flagged_beyond_the_dataset() -> None:
    coverage = universe().expand(("madeupservice:*",))
    assert coverage.bits == 0
    assert coverage.beyond_dataset
    assert not universe().knows_service("madeupservice")


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        ((ALLOW_ALL,), "admin"),
        # every known service, one by one: as powerful as "*" for what is known
        (
            (
                {
                    "Effect": "Allow",
                    "Action": [
                        f"{p}:*" for p in sorted({n.split(":")[0] for n in universe().names})
                    ],
                    "Resource": "*",
                },
            ),
            "admin",
        ),
        # a Deny on a service the dataset does not know removes nothing known: still admin
        ((ALLOW_ALL, {"Effect": "Deny", "Action": "madeupservice:*", "Resource": "*"}), "admin"),
        # NotAction naming an unknown service allows every known action
        (({"Effect": "Allow", "NotAction": "madeupservice:*", "Resource": "*"},), "admin"),
        # an Allow on an unknown service grants nothing known
        (({"Effect": "Allow", "Action": "madeupservice:*", "Resource": "*"},), "not-admin"),
        (
            (ALLOW_ALL, {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}),
            "not-admin",
        ),
        (
            (
                {
                    "Effect": "Allow",
                    "Action": "*",
                    "Resource": "*",
                    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
                },
            ),
            "conditional",
        ),
    ],
)
def test_admin_verdicts(statements: tuple[dict[str, Any], ...], expected: str) -> None:
    assert _verdict(*statements) == expected


def test_boundary_caps_admin() -> None:
    boundary = {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
    assert _verdict(ALLOW_ALL, boundary=boundary) == "not-admin"
    assert _verdict(ALLOW_ALL, boundary=ALLOW_ALL) == "admin"


def test_services_administered_are_named() -> None:
    policy = parse_policy(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["s3:*", "kms:*", "ec2:Describe*"], "Resource": "*"}
            ],
        }
    )
    verdict = admin_verdict(PrincipalPolicies("arn:aws:iam::1:role/r", (policy,), None))
    assert verdict.status == "not-admin"
    assert set(verdict.services) == {"s3", "kms"}
