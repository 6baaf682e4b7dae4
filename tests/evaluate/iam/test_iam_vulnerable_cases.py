"""The tool-testing cases of BishopFox/iam-vulnerable as evaluation cases.

``fn1``-``fn4`` are policies a tool must flag (privilege escalation is possible): the starting
principal can perform every action of the escalation on its target. ``fp1``-``fp5`` must not
be flagged: the escalation action is denied, by a Deny (fp1-fp3, explicitly) or by a resource
or condition constraint (fp4, fp5, implicitly). The policies and expectations are copied in
``data/iam_vulnerable_tool_cases.json`` (MIT, source noted there); the requests are ours.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from incloud.evaluate.iam.simulate import simulate

DATA = json.loads((Path(__file__).parent / "data" / "iam_vulnerable_tool_cases.json").read_text())
CASES: dict[str, dict[str, Any]] = {case["id"]: case for case in DATA["cases"]}
ACCOUNT = "123456789012"
CURRENT_SESSION = {"aws:TokenIssueTime": "2024-05-01T12:00:00Z"}
"""Temporary credentials issued now (a role session, or a user's GetSessionToken session)."""
HIGH_PRIV_ROLE = f"arn:aws:iam::{ACCOUNT}:role/privesc-high-priv-service-role"
SRE_USER = f"arn:aws:iam::{ACCOUNT}:user/privesc-sre-user"


@dataclass(frozen=True)
class Probe:
    """One request of an escalation: an action on its target."""

    action: str
    resource: str
    context: dict[str, Any] = field(default_factory=lambda: dict(CURRENT_SESSION))


def _own_policy(case_id: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:policy/{CASES[case_id]['policies'][0]['name']}"


ESCALATIONS: dict[str, list[Probe]] = {
    # privesc3: launch an instance with the high-privilege instance profile.
    "fn1": [
        Probe("iam:PassRole", HIGH_PRIV_ROLE, {"iam:PassedToService": "ec2.amazonaws.com"}),
        Probe("ec2:RunInstances", f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*"),
    ],
    # privesc1: write a new default version of the principal's own policy.
    "fn2": [Probe("iam:CreatePolicyVersion", _own_policy("fn2"))],
    "fn3": [Probe("iam:CreatePolicyVersion", _own_policy("fn3"))],
    # NotAction leaves inline policies, PassRole and SSM open.
    "fn4": [
        Probe("iam:PutUserPolicy", f"arn:aws:iam::{ACCOUNT}:user/fn4-exploitableNotAction-user"),
        Probe("iam:PassRole", HIGH_PRIV_ROLE),
        Probe("ssm:sendCommand", f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-0abc"),
    ],
    "fp1": [
        Probe("iam:CreatePolicyVersion", _own_policy("fp1")),
        Probe("iam:CreateAccessKey", SRE_USER),
    ],
    "fp2": [
        Probe("iam:CreateAccessKey", SRE_USER),
        Probe("iam:PassRole", HIGH_PRIV_ROLE),
        Probe("ec2:RunInstances", f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*"),
    ],
    "fp3": [
        Probe("iam:CreatePolicyVersion", _own_policy("fp3")),
        Probe("iam:AttachUserPolicy", SRE_USER),
    ],
    # The principal's own (customer-managed) policy is outside arn:aws:iam::aws:policy/fp4-*.
    "fp4": [Probe("iam:CreatePolicyVersion", _own_policy("fp4"))],
    # Current credentials were not issued before 2020.
    "fp5": [Probe("iam:CreatePolicyVersion", _own_policy("fp5"))],
}
BLOCKED_BY = {
    "fp1": "ExplicitlyDenied",
    "fp2": "ExplicitlyDenied",
    "fp3": "ExplicitlyDenied",
    "fp4": "ImplicitlyDenied",
    "fp5": "ImplicitlyDenied",
}
"""How each must-not-flag case stops the escalation: a Deny, or a resource or condition."""


def _principal(kind: str, name: str) -> str:
    if kind == "user":
        return f"arn:aws:iam::{ACCOUNT}:user/{name}"
    return f"arn:aws:sts::{ACCOUNT}:assumed-role/{name}/attacker"


def _decide(
    case_id: str,
    probe: Probe,
    *,
    principal: str | None = None,
    policies: list[dict[str, Any]] | None = None,
) -> dict[str, object]:
    case = CASES[case_id]
    if principal is None:
        start = case["starting_principals"][0]
        principal = _principal(start["type"], start["name"])
    documents = policies if policies is not None else [p["document"] for p in case["policies"]]
    return simulate(
        {
            "request": {
                "principal": principal,
                "action": probe.action,
                "resource": probe.resource,
                "context": probe.context,
            },
            "identity_policies": documents,
        }
    )


def test_data_file_has_the_nine_cases_and_its_licence() -> None:
    assert sorted(CASES) == ["fn1", "fn2", "fn3", "fn4", "fp1", "fp2", "fp3", "fp4", "fp5"]
    assert "BishopFox/iam-vulnerable" in DATA["_source"]
    assert DATA["_licence"] == "MIT"
    assert "Copyright (c) 2021 Bishop Fox" in DATA["_licence_text"]
    for case_id, case in CASES.items():
        assert case["expected_privesc"] is case_id.startswith("fn"), case_id
        assert case["policies"] and case["starting_principals"], case_id


@pytest.mark.parametrize(
    ("case_id", "start"),
    [
        pytest.param(case_id, index, id=f"{case_id}-{start['type']}")
        for case_id, case in sorted(CASES.items())
        for index, start in enumerate(case["starting_principals"])
    ],
)
def test_escalation_decisions(case_id: str, start: int) -> None:
    """Flagged cases let every starting principal escalate; the others block every step."""
    case = CASES[case_id]
    who = case["starting_principals"][start]
    principal = _principal(who["type"], who["name"])
    for probe in ESCALATIONS[case_id]:
        result = _decide(case_id, probe, principal=principal)
        if case["expected_privesc"]:
            assert result["decision"] == "Allowed", (probe, result)
            assert "conditions" not in result, (probe, result)
        else:
            assert result["decision"] == BLOCKED_BY[case_id], (probe, result)


def test_fn1_needs_both_managed_policies() -> None:
    """Each of fn1's two policies alone misses one step: only their combination escalates."""
    documents = [p["document"] for p in CASES["fn1"]["policies"]]
    for alone in documents:
        decisions = {
            _decide("fn1", probe, policies=[alone])["decision"] for probe in ESCALATIONS["fn1"]
        }
        assert decisions == {"Allowed", "ImplicitlyDenied"}


def test_fn2_resource_constraint_still_constrains() -> None:
    """fn2-* covers the principal's own policy, but not other customer-managed policies."""
    probe = Probe("iam:CreatePolicyVersion", f"arn:aws:iam::{ACCOUNT}:policy/privesc-sre-admin")
    assert _decide("fn2", probe)["decision"] == "ImplicitlyDenied"


def test_fn4_excluded_actions_stay_denied() -> None:
    """The actions fn4 excludes with NotAction are not allowed (implicitly)."""
    for action in ("iam:CreatePolicyVersion", "iam:AttachUserPolicy", "iam:UpdateAssumeRolePolicy"):
        probe = Probe(action, f"arn:aws:iam::{ACCOUNT}:role/privesc-sre-role")
        assert _decide("fn4", probe)["decision"] == "ImplicitlyDenied", action


def test_fp4_matches_only_the_aws_managed_namespace() -> None:
    """fp4's Resource names AWS-managed policies (account "aws"), which customers cannot modify:
    the statement matches, but AWS refuses the change whatever the policies allow.
    """
    probe = Probe("iam:CreatePolicyVersion", "arn:aws:iam::aws:policy/fp4-example")
    result = _decide("fp4", probe)
    assert result["decision"] == "ImplicitlyDenied"
    reasons = result["reasons"]
    assert isinstance(reasons, list)
    assert any("AWS managed policy" in reason for reason in reasons)


def test_token_issue_time_conditions_with_long_term_keys() -> None:
    """Without temporary credentials aws:TokenIssueTime is absent: both date conditions fail."""
    user = _principal("user", "fn3-exploitableConditionConstraint-user")
    for case_id in ("fn3", "fp5"):
        probe = Probe("iam:CreatePolicyVersion", _own_policy(case_id), {})
        assert _decide(case_id, probe, principal=user)["decision"] == "ImplicitlyDenied"


def test_token_issue_time_unknown_gives_the_condition() -> None:
    """With the issue time unknown, each case is allowed only under its own date condition."""
    unknown = {"aws:TokenIssueTime": "<unknown>"}
    fn3 = _decide("fn3", Probe("iam:CreatePolicyVersion", _own_policy("fn3"), unknown))
    fp5 = _decide("fp5", Probe("iam:CreatePolicyVersion", _own_policy("fp5"), unknown))
    assert fn3["conditions"] == ['DateGreaterThan aws:TokenIssueTime "2020-01-01T00:00:01Z"']
    assert fp5["conditions"] == ['DateLessThan aws:TokenIssueTime "2020-01-01T00:00:01Z"']
