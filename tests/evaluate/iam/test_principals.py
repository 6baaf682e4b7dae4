"""PolicyIndex: each principal's policies, parsed as ``parse_policy`` would, documents once."""

from __future__ import annotations

from typing import Any

from incloud.evaluate.iam.policy import PolicyError, parse_policy
from incloud.evaluate.iam.principals import PolicyIndex
from incloud.snapshot.iam import IamRole, IamUser
from tests.fixtures import ACCOUNT, build_snapshot

MFA = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
RECENT = {"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}}


def _arn(kind: str, name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:{kind}/{name}"


def _doc(condition: dict[str, Any]) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": condition}
    return {"Version": "2012-10-17", "Statement": [statement]}


def _policy(name: str, document: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "iam.policy",
        "name": name,
        "arn": _arn("policy", name),
        "region": "global",
        "document": document,
    }


def _user(name: str, *attached: str, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "iam.user",
        "name": name,
        "arn": _arn("user", name),
        "region": "global",
        "attached_policy_arns": tuple(_arn("policy", a) for a in attached),
        **fields,
    }


def test_policies_with_one_document_are_parsed_as_their_own() -> None:
    shared = _doc({**MFA, **RECENT})
    reordered = _doc({**RECENT, **MFA})  # the same keys in another order: another document
    snapshot = build_snapshot(
        {
            "resources": [
                _policy("a", shared),
                _policy("b", shared),
                _policy("c", reordered),
                _policy("limit", shared),
                _user("alice", "a", "b", "c", inline_policies={"x": shared, "y": shared}),
                _user("bob", "b", permissions_boundary_arn=_arn("policy", "limit")),
            ]
        }
    )
    index = PolicyIndex(snapshot)
    users = {u.name: u for u in snapshot.of_type(IamUser)}
    alice = index.for_user(users["alice"])
    expected = [
        parse_policy(shared, name="alice inline x"),
        parse_policy(shared, name="alice inline y"),
        parse_policy(shared, name=_arn("policy", "a")),
        parse_policy(shared, name=_arn("policy", "b")),
        parse_policy(reordered, name=_arn("policy", "c")),
    ]
    assert list(alice.identity) == expected
    conditions = [p.statements[0].conditions for p in alice.identity]
    assert conditions[4] != conditions[0]  # the order of its conditions is its own
    bob = index.for_user(users["bob"])
    assert bob.boundary == parse_policy(shared, name=f"boundary {_arn('policy', 'limit')}")
    assert bob.identity[0] is alice.identity[3]  # a managed policy: once per index


def test_a_broken_document_shared_by_policies_names_each_one() -> None:
    broken = {"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "*"}]}
    snapshot = build_snapshot(
        {
            "resources": [
                _policy("a", broken),
                _policy("b", broken),
                _user("alice", "a", "b"),
                {
                    "kind": "iam.role",
                    "name": "ops",
                    "arn": _arn("role", "ops"),
                    "region": "global",
                    "trust_policy": {"Version": "2012-10-17", "Statement": []},
                    "inline_policies": {"p": broken},
                },
            ]
        }
    )
    index = PolicyIndex(snapshot)
    alice = index.for_user(next(snapshot.of_type(IamUser)))
    errors = []
    for name in (_arn("policy", "a"), _arn("policy", "b"), "ops inline p"):
        try:
            parse_policy(broken, name=name)
        except PolicyError as error:
            errors.append(str(error))
    assert alice.invalid == tuple(errors[:2])
    assert not alice.identity
    assert index.for_role(next(snapshot.of_type(IamRole))).invalid == (errors[2],)
