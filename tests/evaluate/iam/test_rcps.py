"""RCPs applied to a resource policy's grants: blocked, open, or open only under conditions."""

from __future__ import annotations

from typing import Any

import pytest

from incloud.evaluate.iam.policy import parse_policy
from incloud.evaluate.iam.rcps import Perimeter, of_account, of_organisation, strangers
from tests.fixtures import ACCOUNT

from .organisation import DATA_PERIMETER, ORG, RCP_FULL_AWS_ACCESS, doc

BUCKET = "arn:aws:s3:::public-assets"
OBJECTS = f"{BUCKET}/*"
OTHER = "111122223333"


def _rcp(document: dict[str, Any], name: str = "rcp") -> Any:
    return parse_policy(document, kind="resource", name=name)


def _perimeter(*root: dict[str, Any]) -> Perimeter:
    full = _rcp(RCP_FULL_AWS_ACCESS["document"], "RCPFullAWSAccess")
    extra = tuple(_rcp(document, f"rcp{n} at r-ab12") for n, document in enumerate(root))
    return Perimeter(
        ((full, *extra), (full,)),
        owner=ACCOUNT,
        organization_id=ORG,
        service="s3",
        resource_arn=BUCKET,
    )


def _grant(action: str | list[str], resource: str | list[str] = OBJECTS) -> Any:
    statement = {"Effect": "Allow", "Principal": "*", "Action": action, "Resource": resource}
    return _rcp(doc(statement)).statements[0]


def _deny(action: str | list[str], resource: str | list[str] = "*", **extra: Any) -> Any:
    return doc(
        {"Effect": "Deny", "Principal": "*", "Action": action, "Resource": resource, **extra}
    )


OUTSIDE_ORG = {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": ORG}}


@pytest.mark.parametrize(
    ("rcps", "grant", "blocked"),
    [
        # RCPFullAWSAccess alone restricts nothing
        ((), _grant("s3:GetObject"), False),
        # the data perimeter denies anonymous callers and other organisations' principals
        ((DATA_PERIMETER["document"],), _grant("s3:GetObject"), True),
        ((DATA_PERIMETER["document"],), _grant("s3:*", [BUCKET, OBJECTS]), True),
        ((DATA_PERIMETER["document"],), _grant("*"), True),
        # a Deny of part of what the statement allows leaves the rest open
        ((_deny("s3:GetObject", Condition=OUTSIDE_ORG),), _grant("s3:Get*"), False),
        ((_deny("s3:Get*", Condition=OUTSIDE_ORG),), _grant("s3:Get*"), True),
        # a Deny of only principals in no organisation lets other organisations in
        (
            (_deny("s3:*", Condition={"Null": {"aws:PrincipalOrgID": "true"}}),),
            _grant("s3:*"),
            False,
        ),
        # a Deny of other resources does not touch this bucket
        (
            (_deny("s3:*", "arn:aws:s3:::other/*", Condition=OUTSIDE_ORG),),
            _grant("s3:GetObject"),
            False,
        ),
        # a Deny on the bucket's objects covers a grant on all of them
        ((_deny("s3:*", OBJECTS, Condition=OUTSIDE_ORG),), _grant("s3:GetObject"), True),
        (
            (_deny("s3:*", "arn:aws:s3:::public-*", Condition=OUTSIDE_ORG),),
            _grant("s3:GetObject"),
            True,
        ),
        # ... but a Deny on some of them does not cover a grant on all
        (
            (_deny("s3:*", f"{BUCKET}/secret/*", Condition=OUTSIDE_ORG),),
            _grant("s3:GetObject"),
            False,
        ),
    ],
)
def test_public_grants(rcps: tuple[dict[str, Any], ...], grant: Any, blocked: bool) -> None:
    assert _perimeter(*rcps).screen([grant], strangers()).blocked is blocked


def test_a_deny_on_unknown_context_leaves_the_grant_open_under_a_condition() -> None:
    tls = _deny("s3:*", Condition={"BoolIfExists": {"aws:SecureTransport": "false"}})
    screen = _perimeter(tls).screen([_grant("s3:GetObject")], strangers())
    assert not screen.blocked
    assert screen.only_if
    assert all("aws:SecureTransport" in c for c in screen.only_if)


def test_a_grant_blocked_for_some_callers_and_conditional_for_others_stays_open() -> None:
    no_organisation = _deny("s3:*", Condition={"Null": {"aws:PrincipalOrgID": "true"}})
    tls = _deny("s3:*", Condition={"BoolIfExists": {"aws:SecureTransport": "false"}})
    screen = _perimeter(no_organisation, tls).screen([_grant("s3:GetObject")], strangers())
    assert not screen.blocked
    assert screen.only_if == (
        'a principal of another organisation: not (BoolIfExists aws:SecureTransport "false")',
    )


def test_the_reason_names_the_rcp_and_its_level() -> None:
    screen = _perimeter(DATA_PERIMETER["document"]).screen([_grant("s3:GetObject")], strangers())
    assert "explicitly denied by RCP rcp0 at r-ab12 statement 1" in screen.reason


def test_named_accounts_and_organisations() -> None:
    perimeter = _perimeter(DATA_PERIMETER["document"])
    grant = _grant("s3:GetObject")
    # an account may belong to the organisation: the perimeter cannot tell
    named = perimeter.screen([grant], of_account(OTHER))
    assert not named.blocked
    assert named.only_if
    # another organisation is outside it for certain
    assert perimeter.screen([grant], of_organisation("o-partner0000")).blocked
    # a perimeter by account list decides a named account
    by_account = _deny(
        "s3:*", Condition={"StringNotEqualsIfExists": {"aws:PrincipalAccount": [ACCOUNT]}}
    )
    assert _perimeter(by_account).screen([grant], of_account(OTHER)).blocked
    assert not _perimeter(by_account).screen([grant], of_account(ACCOUNT)).blocked
