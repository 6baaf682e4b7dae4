"""IAM collection makes the same calls for 3 users as for 60: bulk reads only."""

from __future__ import annotations

import math

from moto import mock_aws

from incloud.collect.runner import collect
from incloud.snapshot import Snapshot
from incloud.snapshot.iam import IamGroup, IamUser
from tests.collect.moto_account import make_session, raw_client

GAAD = ("iam", "GetAccountAuthorizationDetails")
GAAD_PAGE = 100
"""GetAccountAuthorizationDetails' default page size (MaxItems), per the IAM API reference."""


def collect_iam_with_users(count: int) -> Snapshot:
    """A fresh account with ``count`` users, each with an access key and a group of its own."""
    with mock_aws():
        iam = raw_client("iam")
        for n in range(count):
            iam.create_user(UserName=f"user-{n:03d}")
            iam.create_group(GroupName=f"team-{n:03d}")
            iam.add_user_to_group(GroupName=f"team-{n:03d}", UserName=f"user-{n:03d}")
            iam.create_access_key(UserName=f"user-{n:03d}")
        return collect(make_session(), services=["iam"])


def call_counts(snapshot: Snapshot) -> dict[tuple[str, str], int]:
    return {(c.service, c.operation): c.count for c in snapshot.api_calls if c.service == "iam"}


def test_iam_calls_do_not_grow_with_users(aws_env: None) -> None:
    small = collect_iam_with_users(3)
    large = collect_iam_with_users(60)

    # The bulk data is complete: every user, with its group and key.
    users = {u.name: u for u in large.of_type(IamUser)}
    assert len(users) == 60
    assert users["user-042"].groups == ("team-042",)
    assert [k.number for k in users["user-042"].access_keys] == [1]
    assert len(list(large.of_type(IamGroup))) == 60
    assert large.gaps == small.gaps == ()

    small_calls, large_calls = call_counts(small), call_counts(large)
    assert set(small_calls) == set(large_calls)
    # Only the bulk listing may page; moto never truncates it, real IAM pages by 100.
    assert {k: v for k, v in large_calls.items() if k != GAAD} == {
        k: v for k, v in small_calls.items() if k != GAAD
    }
    assert large_calls[GAAD] <= math.ceil(60 / GAAD_PAGE) + 1
    assert sum(large_calls.values()) <= 10, large_calls
