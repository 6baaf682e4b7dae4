"""Properties of the evaluation logic over small generated policies and requests.

IAM User Guide, "Policy evaluation logic": an explicit Deny in any policy overrides any Allow, and
permissions only come from Allow statements. So adding a Deny statement can never turn a
decision into "Allowed" (it never widens access), and adding an Allow statement to an
identity-based policy can never turn "Allowed" into a denial (it never narrows access), nor lift
an explicit deny. Each property runs at most 200 deterministic examples.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incloud.evaluate.iam.simulate import simulate

Json = dict[str, Any]

ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"
PRINCIPALS = {
    "user": f"arn:aws:iam::{ACCOUNT}:user/alice",
    "session": f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s1",
    "root": f"arn:aws:iam::{ACCOUNT}:root",
    "external": f"arn:aws:iam::{OTHER_ACCOUNT}:user/bob",
}
ACTIONS = ["s3:GetObject", "s3:PutObject", "iam:PassRole", "ec2:RunInstances"]
ACTION_PATTERNS = [*ACTIONS, "s3:*", "s3:Get*", "iam:*", "*"]
RESOURCES = ["arn:aws:s3:::b/k1", "arn:aws:s3:::b/k2", f"arn:aws:iam::{ACCOUNT}:role/r"]
RESOURCE_PATTERNS = [*RESOURCES, "arn:aws:s3:::b/*", "arn:aws:s3:::b/k?", "*"]
CONDITIONS: list[Json | None] = [
    None,
    {"StringEquals": {"aws:PrincipalTag/team": "blue"}},
    {"StringNotEqualsIfExists": {"aws:PrincipalTag/team": "red"}},
    {"Bool": {"aws:SecureTransport": "true"}},
    {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
    {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
    {"Null": {"aws:TokenIssueTime": "true"}},
    {"ForAnyValue:StringEquals": {"aws:TagKeys": ["team", "owner"]}},
]
RESOURCE_PRINCIPALS: list[Any] = [
    "*",
    {"AWS": ACCOUNT},
    {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
    {"AWS": PRINCIPALS["user"]},
    {"AWS": f"arn:aws:iam::{ACCOUNT}:role/app"},
    {"AWS": PRINCIPALS["session"]},
    {"AWS": OTHER_ACCOUNT},
    {"AWS": PRINCIPALS["external"]},
]
CONTEXT_VALUES: dict[str, list[Any]] = {
    "aws:PrincipalTag/team": ["blue", "red", "<unknown>"],
    "aws:SecureTransport": [True, False, "<unknown>"],
    "aws:SourceIp": ["203.0.113.5", "198.51.100.1", "<unknown>"],
    "aws:TokenIssueTime": ["2024-05-01T12:00:00Z", "<unknown>"],
    "aws:TagKeys": [["team"], ["cost-center"], "<unknown>"],
}
PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _one_or_list(items: list[str]) -> str | list[str]:
    return items[0] if len(items) == 1 else items


@st.composite
def statements(draw: st.DrawFn, effect: str, *, principal: bool = False) -> Json:
    """One statement of ``effect``: Action or NotAction, Resource or NotResource, a condition."""
    statement: Json = {"Effect": effect}
    if principal:
        statement["Principal"] = draw(st.sampled_from(RESOURCE_PRINCIPALS))
    actions = draw(st.lists(st.sampled_from(ACTION_PATTERNS), min_size=1, max_size=2, unique=True))
    statement["NotAction" if draw(st.integers(0, 3)) == 0 else "Action"] = _one_or_list(actions)
    resources = draw(
        st.lists(st.sampled_from(RESOURCE_PATTERNS), min_size=1, max_size=2, unique=True)
    )
    statement["NotResource" if draw(st.integers(0, 4)) == 0 else "Resource"] = _one_or_list(
        resources
    )
    condition = draw(st.sampled_from(CONDITIONS))
    if condition is not None:
        statement["Condition"] = condition
    return statement


@st.composite
def policies(draw: st.DrawFn, *, principal: bool = False, max_size: int = 3) -> Json:
    effects = st.sampled_from(["Allow", "Allow", "Deny"])
    found = draw(
        st.lists(
            effects.flatmap(lambda effect: statements(effect, principal=principal)),
            min_size=1,
            max_size=max_size,
        )
    )
    return {"Version": "2012-10-17", "Statement": found}


@st.composite
def simulations(draw: st.DrawFn) -> Json:
    """A simulator input: a request and a few policies of several types."""
    kind = draw(st.sampled_from(sorted(PRINCIPALS)))
    request: Json = {
        "principal": PRINCIPALS[kind],
        "action": draw(st.sampled_from(ACTIONS)),
        "resource": draw(st.sampled_from(RESOURCES)),
    }
    if kind == "external":
        request["resource_account"] = ACCOUNT
    context = {}
    for key, values in CONTEXT_VALUES.items():
        value = draw(st.sampled_from([None, *values]))
        if value is not None:
            context[key] = value
    request["context"] = context
    case: Json = {
        "request": request,
        "identity_policies": draw(st.lists(policies(), min_size=0, max_size=2)),
    }
    if draw(st.booleans()):
        case["resource_policy"] = draw(policies(principal=True))
    if draw(st.integers(0, 3)) == 0:
        case["permission_boundary"] = draw(policies(max_size=2))
    if kind == "session" and draw(st.integers(0, 3)) == 0:
        case["session_policy"] = draw(policies(max_size=2))
    if draw(st.integers(0, 3)) == 0:
        case["scps"] = [[{"Version": "2012-10-17", "Statement": [_full_access()]}]]
    return case


def _full_access() -> Json:
    return {"Effect": "Allow", "Action": "*", "Resource": "*"}


@st.composite
def with_added_deny(draw: st.DrawFn) -> tuple[Json, Json]:
    """A simulation, and a copy with one more Deny statement in one of its policies."""
    case = draw(simulations())
    changed = copy.deepcopy(case)
    targets = ["new identity policy"]
    if changed["identity_policies"]:
        targets.append("identity policy")
    for slot in ("resource_policy", "permission_boundary", "session_policy"):
        if slot in changed:
            targets.append(slot)
    if "scps" in changed:
        targets.append("scps")
    target = draw(st.sampled_from(targets))
    if target == "new identity policy":
        deny = draw(statements("Deny"))
        changed["identity_policies"].append({"Version": "2012-10-17", "Statement": [deny]})
    elif target == "identity policy":
        index = draw(st.integers(0, len(changed["identity_policies"]) - 1))
        changed["identity_policies"][index]["Statement"].append(draw(statements("Deny")))
    elif target == "resource_policy":
        changed[target]["Statement"].append(draw(statements("Deny", principal=True)))
    elif target == "scps":
        changed["scps"][0][0]["Statement"].append(draw(statements("Deny")))
    else:
        changed[target]["Statement"].append(draw(statements("Deny")))
    return case, changed


@st.composite
def with_added_allow(draw: st.DrawFn) -> tuple[Json, Json]:
    """A simulation, and a copy with one more Allow statement in an identity-based policy."""
    case = draw(simulations())
    changed = copy.deepcopy(case)
    allow = draw(statements("Allow"))
    if changed["identity_policies"] and draw(st.booleans()):
        index = draw(st.integers(0, len(changed["identity_policies"]) - 1))
        changed["identity_policies"][index]["Statement"].append(allow)
    else:
        changed["identity_policies"].append({"Version": "2012-10-17", "Statement": [allow]})
    return case, changed


@PROPERTY_SETTINGS
@given(with_added_deny())
def test_adding_a_deny_never_widens(pair: tuple[Json, Json]) -> None:
    before, after = (simulate(case)["decision"] for case in pair)
    if before != "Allowed":
        assert after != "Allowed", pair
    if before == "ExplicitlyDenied":
        assert after == "ExplicitlyDenied", pair


@PROPERTY_SETTINGS
@given(with_added_allow())
def test_adding_an_identity_allow_never_narrows(pair: tuple[Json, Json]) -> None:
    before, after = (simulate(case)["decision"] for case in pair)
    if before == "Allowed":
        assert after == "Allowed", pair
    if before == "ExplicitlyDenied":
        assert after == "ExplicitlyDenied", pair


@PROPERTY_SETTINGS
@given(simulations())
def test_a_blanket_identity_deny_always_denies(case: Json) -> None:
    """A Deny of every action on every resource in an identity policy decides every request."""
    case["identity_policies"].append(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
    )
    assert simulate(case)["decision"] == "ExplicitlyDenied", case
