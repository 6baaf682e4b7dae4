"""A resource policy's own Deny confines what its Allow opens to everyone, when it surely binds
every stranger (IAM User Guide, "Policy evaluation logic" and "Condition operators").
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from incloud.evaluate.iam.exposure import _covers, analyse
from incloud.wildcards import wildcard_match

OWNER = "123456789012"
BUCKET = "arn:aws:s3:::data"


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


OPEN_READ = {
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:GetObject",
    "Resource": f"{BUCKET}/*",
}


def deny(condition: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [BUCKET, f"{BUCKET}/*"],
    }
    if condition is not None:
        statement["Condition"] = condition
    return statement | overrides


def test_deny_unless_through_the_endpoint_confines_the_open_read() -> None:
    fence = deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})
    exposure = analyse(policy(OPEN_READ, fence), OWNER)
    assert exposure.public == ()
    assert exposure.confined and "aws:SourceVpce" in exposure.confined[0]


def test_deny_unless_in_a_foreign_organisation_names_that_organisation() -> None:
    fence = deny({"StringNotEquals": {"aws:PrincipalOrgID": "o-stranger000"}})
    exposure = analyse(policy(OPEN_READ, fence), OWNER)
    assert exposure.public == ()
    assert exposure.organisations == {"o-stranger000"}


def test_deny_unless_an_account_names_the_account() -> None:
    fence = deny({"StringNotEquals": {"aws:PrincipalAccount": ["999988887777", OWNER]}})
    exposure = analyse(policy(OPEN_READ, fence), OWNER)
    assert exposure.public == ()
    assert exposure.accounts == {"999988887777"}


def test_an_unconditional_deny_to_everyone_leaves_nothing_open() -> None:
    exposure = analyse(policy(OPEN_READ, deny()), OWNER)
    assert exposure.public == ()
    assert "denied to everyone" in exposure.confined[0]


def test_deny_from_public_addresses_only_is_not_a_fence() -> None:
    # NotIpAddress of a public range: a stranger inside that range escapes the Deny
    fence = deny({"NotIpAddress": {"aws:SourceIp": "52.94.0.0/16"}})
    assert analyse(policy(OPEN_READ, fence), OWNER).public


def test_deny_from_everywhere_but_private_addresses_is_a_fence() -> None:
    fence = deny({"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8"]}})
    assert analyse(policy(OPEN_READ, fence), OWNER).public == ()


def test_deny_that_names_a_role_only_binds_nobody_else() -> None:
    fence = deny(
        {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
        Principal={"AWS": f"arn:aws:iam::{OWNER}:role/x"},
    )
    assert analyse(policy(OPEN_READ, fence), OWNER).public


def test_deny_by_not_action_or_not_principal_proves_nothing() -> None:
    by_not_action = deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}})
    del by_not_action["Action"]
    by_not_action["NotAction"] = "s3:PutObject"
    not_principal = deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}})
    del not_principal["Principal"]
    not_principal["NotPrincipal"] = {"AWS": f"arn:aws:iam::{OWNER}:root"}
    assert analyse(policy(OPEN_READ, by_not_action), OWNER).public
    assert analyse(policy(OPEN_READ, not_principal), OWNER).public


def test_for_any_value_and_positive_operators_are_not_fences() -> None:
    qualified = deny({"ForAnyValue:StringNotEquals": {"aws:SourceVpce": "vpce-1"}})
    positive = deny({"StringEquals": {"aws:SourceVpce": "vpce-1"}})
    assert analyse(policy(OPEN_READ, qualified), OWNER).public
    assert analyse(policy(OPEN_READ, positive), OWNER).public


def test_a_deny_on_another_bucket_is_not_a_fence() -> None:
    fence = deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}, Resource="arn:aws:s3:::Data/*")
    assert analyse(policy(OPEN_READ, fence), OWNER).public


def test_an_allow_by_not_action_is_covered_only_by_a_deny_of_everything() -> None:
    everything_but = {
        "Effect": "Allow",
        "Principal": "*",
        "NotAction": "s3:DeleteBucket",
        "Resource": f"{BUCKET}/*",
    }
    condition = {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}
    assert analyse(policy(everything_but, deny(condition)), OWNER).public
    assert analyse(policy(everything_but, deny(condition, Action="*")), OWNER).public == ()


# Soundness of the cover test: whenever it says a Deny pattern covers an Allow pattern, every
# name the Allow pattern matches is matched by the Deny pattern.

ALPHABET = "ab"
patterns = st.text(alphabet="ab*?", min_size=0, max_size=5)


def names(max_length: int) -> list[str]:
    return [
        "".join(letters)
        for length in range(max_length + 1)
        for letters in itertools.product(ALPHABET, repeat=length)
    ]


NAMES = names(7)


@settings(max_examples=400, deadline=None)
@given(
    denied=st.lists(patterns, min_size=1, max_size=2),
    allowed=st.lists(patterns, min_size=1, max_size=2),
)
def test_cover_is_sound(denied: list[str], allowed: list[str]) -> None:
    if not _covers(tuple(denied), tuple(allowed), None, ignore_case=False):
        return
    for name in NAMES:
        if any(wildcard_match(a, name) for a in allowed):
            assert any(wildcard_match(d, name) for d in denied), (denied, allowed, name)
