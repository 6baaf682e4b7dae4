"""Administrators under SCPs: what the SCPs take from one principal that they leave others."""

from __future__ import annotations

from typing import Any

import pytest

from incloud.evaluate.iam.controls import Levels
from incloud.evaluate.iam.policy import parse_policy
from incloud.evaluate.iam.principals import PrincipalPolicies
from incloud.evaluate.iam.scp_limits import Subject, administrator_verdict, scp_limit
from tests.fixtures import ACCOUNT

from .organisation import doc

ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}
MFA_OFF = {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}


def _deny(action: str, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": "*", **extra}


def _allow(action: str, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": "*", **extra}


def _levels(*ou: dict[str, Any], full_at_ou: bool = True) -> Levels:
    """Root with FullAWSAccess, an OU with ``ou`` (and FullAWSAccess unless an allow-list)."""
    full = parse_policy(doc(ALLOW_ALL), name="FullAWSAccess")
    at_ou = (full,) if full_at_ou else ()
    ou_policies = tuple(parse_policy(doc(s), name=f"ou-{n}") for n, s in enumerate(ou))
    return ((full,), (*at_ou, *ou_policies))


def _subject(tags: dict[str, str] | None = None, *, service_linked: bool = False) -> Subject:
    return Subject(ALICE, "user", ACCOUNT, "alice", tuple((tags or {}).items()), service_linked)


def _admin(*identity: dict[str, Any]) -> PrincipalPolicies:
    policies = tuple(parse_policy(doc(s), name=f"p{n}") for n, s in enumerate(identity))
    return PrincipalPolicies(ALICE, policies, None)


ADMIN = _admin(ALLOW_ALL)


@pytest.mark.parametrize(
    ("levels", "subject", "status", "says"),
    [
        # no SCPs: the plain verdict
        ((), _subject(), "admin", "every action"),
        # FullAWSAccess everywhere takes nothing
        (_levels(), _subject(), "admin", "every action"),
        # a Deny that names the principal takes what others keep: not an administrator
        (
            _levels(_deny("iam:*", Condition={"ArnLike": {"aws:PrincipalArn": ALICE}})),
            _subject(),
            "not-admin",
            "denied by SCP ou-0 statement 1",
        ),
        # ... by user name, or by tag
        (
            _levels(_deny("iam:*", Condition={"StringEquals": {"aws:username": "alice"}})),
            _subject(),
            "not-admin",
            "denied by SCP",
        ),
        (
            _levels(_deny("*", Condition={"StringEquals": {"aws:PrincipalTag/team": "dev"}})),
            _subject({"team": "dev"}),
            "not-admin",
            "denied by SCP",
        ),
        # the same tag Deny does not bind an untagged principal
        (
            _levels(_deny("*", Condition={"StringEquals": {"aws:PrincipalTag/team": "dev"}})),
            _subject(),
            "admin",
            "every action",
        ),
        # a guardrail binding everyone alike leaves the administrator all anyone has
        (_levels(_deny("organizations:LeaveOrganization")), _subject(), "admin", "every action"),
        (_levels(_deny("iam:*")), _subject(), "admin", "every action"),
        # ... so does an OU allow-list every principal gets alike
        (_levels(_allow("s3:*"), full_at_ou=False), _subject(), "admin", "every action"),
        # an allow-list for tagged principals only takes the rest from the untagged
        (
            _levels(
                _allow("*", Condition={"StringEquals": {"aws:PrincipalTag/role": "admin"}}),
                full_at_ou=False,
            ),
            _subject(),
            "not-admin",
            "no SCP of the level",
        ),
        (
            _levels(
                _allow("*", Condition={"StringEquals": {"aws:PrincipalTag/role": "admin"}}),
                full_at_ou=False,
            ),
            _subject({"role": "admin"}),
            "admin",
            "every action",
        ),
        # an SCP that allows nothing leaves no administrator
        (_levels(_deny("*")), _subject(), "not-admin", "allow no action"),
        # a Deny aimed at the principal on unknown context: administrator only if it holds
        (
            _levels(
                _deny(
                    "iam:*",
                    Condition={"ArnLike": {"aws:PrincipalArn": ALICE}, **MFA_OFF},
                )
            ),
            _subject(),
            "conditional",
            "aws:MultiFactorAuthPresent",
        ),
        # the same condition for everyone (no principal key) binds everyone alike
        (_levels(_deny("iam:*", Condition=MFA_OFF)), _subject(), "admin", "every action"),
        # service-linked roles are not restricted by SCPs
        (_levels(_deny("*")), _subject(service_linked=True), "admin", "every action"),
    ],
)
def test_administrator_under_scps(levels: Levels, subject: Subject, status: str, says: str) -> None:
    verdict = administrator_verdict(ADMIN, subject, levels)
    assert verdict.status == status
    assert says in verdict.reason


def test_scps_only_take_the_verdict_away() -> None:
    """A principal that is not an administrator stays one, and keeps only the services the
    SCPs leave it.
    """
    s3_only = _admin(_allow("s3:*"), _allow("sqs:*"))
    plain = administrator_verdict(s3_only, _subject())
    assert plain.status == "not-admin"
    assert {"s3", "sqs"} <= set(plain.services)
    levels = _levels(_deny("sqs:*", Condition={"ArnLike": {"aws:PrincipalArn": ALICE}}))
    restricted = administrator_verdict(s3_only, _subject(), levels)
    assert restricted.status == "not-admin"
    assert "s3" in restricted.services
    assert "sqs" not in restricted.services


def test_the_limit_names_the_level_and_the_actions_taken() -> None:
    levels = _levels(_deny("iam:CreateUser", Condition={"ArnLike": {"aws:PrincipalArn": ALICE}}))
    limit = scp_limit(levels, _subject())
    assert limit.taken.bit_count() == 1
    assert not limit.leaves_everything
    reason = administrator_verdict(ADMIN, _subject(), levels).reason
    assert "iam:CreateUser" in reason
    assert "ou-0 statement 1" in reason
