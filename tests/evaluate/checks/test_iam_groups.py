"""``iam.group-not-full-admin``: the group named with the members it makes administrators, each
member judged as ``iam.user-not-full-admin`` judges it (boundary, break-glass, SCPs).
"""

from __future__ import annotations

from typing import Any

import pytest

from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.evaluate.finding import Finding
from incloud.evaluate.settings import Settings
from tests.fixtures import ACCOUNT, build_snapshot

from ..iam.organisation import control, controls, gap, membership, scp_levels

IAM = f"arn:aws:iam::{ACCOUNT}"
ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"
NOT_APPLIED = "SCPs not applied to account 123456789012"


def _admin_policy() -> dict[str, Any]:
    return {
        "kind": "iam.policy",
        "name": "AdministratorAccess",
        "arn": ADMIN_POLICY,
        "region": "global",
        "aws_managed": True,
        "document": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
        },
    }


def _group(name: str = "admins", **fields: Any) -> dict[str, Any]:
    return {
        "kind": "iam.group",
        "name": name,
        "arn": f"{IAM}:group/{name}",
        "region": "global",
        "attached_policy_arns": [ADMIN_POLICY],
        **fields,
    }


def _user(name: str, *groups: str, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "iam.user",
        "name": name,
        "arn": f"{IAM}:user/{name}",
        "region": "global",
        "groups": list(groups or ["admins"]),
        **fields,
    }


def _judge(
    resources: list[dict[str, Any]],
    gaps: list[dict[str, Any]] | None = None,
    settings: Settings | None = None,
) -> Finding:
    snapshot = build_snapshot({"resources": [_admin_policy(), *resources], "gaps": gaps or []})
    check = all_checks()["iam.group-not-full-admin"]
    findings = evaluate(snapshot, [check], settings).findings
    (finding,) = [f for f in findings if f.resource_name == "admins"]
    return finding


def test_fails_naming_the_group_and_its_members() -> None:
    finding = _judge([_group(), _user("alice"), _user("bob")])
    assert finding.verdict is Verdict.FAIL
    assert finding.reason.startswith("makes 2 of its 2 members full administrators: alice, bob")
    assert finding.evidence["members"] == ["alice", "bob"]
    assert finding.evidence["administrators"] == ["alice", "bob"]
    assert finding.resource == f"{IAM}:group/admins"


def test_a_bounded_member_is_named_but_not_counted() -> None:
    boundary = {
        "kind": "iam.policy",
        "name": "s3-only",
        "arn": f"{IAM}:policy/s3-only",
        "region": "global",
        "document": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
        },
    }
    finding = _judge(
        [
            boundary,
            _group(),
            _user("alice"),
            _user("capped", permissions_boundary_arn=f"{IAM}:policy/s3-only"),
        ]
    )
    assert finding.verdict is Verdict.FAIL
    assert finding.evidence["administrators"] == ["alice"]
    assert finding.evidence["members"] == ["alice", "capped"]
    assert "capped" in finding.evidence["not_administrators"]


def test_members_of_other_groups_and_accounts_are_not_members() -> None:
    other = _user("stranger", account_id="210987654321", arn="arn:aws:iam::210987654321:user/x")
    finding = _judge([_group(), _group("readers"), _user("reader", "readers"), other])
    assert finding.verdict is Verdict.PASS
    assert finding.evidence["latent_administrator"] is True


def test_its_own_policies_decide_not_those_of_its_members() -> None:
    # alice is an administrator through her own inline policy, not through this group
    star = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
    finding = _judge(
        [_group(attached_policy_arns=[]), _user("alice", inline_policies={"all": star})]
    )
    assert finding.verdict is Verdict.PASS
    assert "some actions are not allowed" in finding.reason


@pytest.mark.parametrize("declared", ["admins", f"{IAM}:group/admins"])
def test_a_declared_break_glass_group_passes(declared: str) -> None:
    settings = Settings(break_glass=frozenset({declared}))
    finding = _judge([_group(), _user("alice")], settings=settings)
    assert finding.verdict is Verdict.PASS
    assert finding.evidence["break_glass"] is True


def test_break_glass_members_do_not_excuse_the_others() -> None:
    settings = Settings(break_glass=frozenset({"alice"}))
    finding = _judge([_group(), _user("alice"), _user("bob")], settings=settings)
    assert finding.verdict is Verdict.FAIL
    assert finding.evidence["administrators"] == ["bob"]
    only = _judge([_group(), _user("alice")], settings=settings)
    assert only.verdict is Verdict.PASS


AIMED_AT_ALICE = control(
    "DenyAlice",
    {
        "Effect": "Deny",
        "Action": "iam:*",
        "Resource": "*",
        "Condition": {"ArnLike": {"aws:PrincipalArn": f"{IAM}:user/alice"}},
    },
)
NO_IAM = control("NoIam", {"Effect": "Deny", "Action": "iam:*", "Resource": "*"})
NOTHING = control("Nothing", {"Effect": "Deny", "Action": "*", "Resource": "*"})

SCP_CASES = [
    pytest.param([], [], Verdict.FAIL, ["alice"], id="no-organisation"),
    pytest.param(
        [controls(scps=scp_levels(AIMED_AT_ALICE))], [], Verdict.PASS, [], id="aimed-deny-spares"
    ),
    pytest.param(
        [controls(scps=scp_levels(NO_IAM))], [], Verdict.FAIL, ["alice"], id="guardrail-for-all"
    ),
    pytest.param(
        [controls(scps=scp_levels(NOTHING))], [], Verdict.PASS, [], id="scps-allow-nothing"
    ),
    pytest.param([membership()], [], Verdict.FAIL, ["alice"], id="member-without-controls-noted"),
    pytest.param(
        [controls(scps=scp_levels(AIMED_AT_ALICE))],
        [gap("ListPoliciesForTarget")],
        Verdict.FAIL,
        ["alice"],
        id="gap-on-the-controls-noted",
    ),
]


@pytest.mark.parametrize(("organisation", "gaps", "verdict", "administrators"), SCP_CASES)
def test_scps_judge_each_member_as_the_user_check_does(
    organisation: list[dict[str, Any]],
    gaps: list[dict[str, Any]],
    verdict: Verdict,
    administrators: list[str],
) -> None:
    resources = [_group(), _user("alice"), *organisation]
    finding = _judge(resources, gaps)
    user = evaluate(
        build_snapshot({"resources": [_admin_policy(), *resources], "gaps": gaps}),
        [all_checks()["iam.user-not-full-admin"]],
    ).findings[0]
    assert finding.verdict is verdict is user.verdict
    assert finding.evidence.get("administrators", []) == administrators
    noted = "organisation_controls" in finding.evidence
    assert noted is (NOT_APPLIED in user.reason)
    if verdict is Verdict.PASS:
        assert "no member is an administrator through them: alice:" in finding.reason


def test_an_scp_aimed_at_one_member_leaves_the_other_named() -> None:
    resources = [_group(), _user("alice"), _user("bob"), controls(scps=scp_levels(AIMED_AT_ALICE))]
    finding = _judge(resources)
    assert finding.verdict is Verdict.FAIL
    assert finding.evidence["administrators"] == ["bob"]
    assert "DenyAlice" in finding.evidence["not_administrators"]["alice"]


def test_conditional_administrators_are_said_to_be_so() -> None:
    vpn = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "*",
                "Resource": "*",
                "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
            }
        ],
    }
    finding = _judge([_group(attached_policy_arns=[], inline_policies={"vpn": vpn}), _user("a")])
    assert finding.verdict is Verdict.FAIL
    assert "administrators when their policy conditions hold: a" in finding.reason
