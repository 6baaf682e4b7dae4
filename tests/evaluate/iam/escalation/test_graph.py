"""Small graphs: what cuts an escalation edge and what keeps it conditionally."""

from __future__ import annotations

from typing import Any

import pytest

from incloud.evaluate.iam.escalation import (
    ADMINISTRATOR,
    TECHNIQUES,
    EscalationGraph,
    Sensitive,
    escalation_paths,
)
from incloud.snapshot import Snapshot
from tests.fixtures import ACCOUNT, build_snapshot

IAM = f"arn:aws:iam::{ACCOUNT}"
ALICE = f"{IAM}:user/alice"
BOB = f"{IAM}:user/bob"
ADMIN_DOC = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def _doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _allow(action: str, resource: str = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def _user(name: str, *statements: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "kind": "iam.user",
        "name": name,
        "arn": f"{IAM}:user/{name}",
        "region": "global",
        "inline_policies": {"p": _doc(*statements)} if statements else {},
        **fields,
    }


def _role(
    name: str, trust: dict[str, Any], *statements: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    return {
        "kind": "iam.role",
        "name": name,
        "arn": f"{IAM}:role/{name}",
        "region": "global",
        "trust_policy": trust,
        "inline_policies": {"p": _doc(*statements)} if statements else {},
        **fields,
    }


def _policy(name: str, document: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "kind": "iam.policy",
        "name": name,
        "arn": f"{IAM}:policy/{name}",
        "region": "global",
        "document": document,
        **fields,
    }


def _snapshot(*resources: dict[str, Any]) -> Snapshot:
    return build_snapshot({"resources": list(resources)})


def test_self_escalation_reaches_the_administrator_node() -> None:
    paths = escalation_paths(_snapshot(_user("alice", _allow("iam:AttachUserPolicy"))))
    (step,) = paths[ALICE].steps
    assert (step.technique, step.target, step.resource) == (
        "attach-user-policy",
        ADMINISTRATOR,
        ALICE,
    )
    assert step.statements == ("allowed by identity-based policy alice inline p statement 1",)
    assert not paths[ALICE].conditions


def test_a_deny_cuts_the_edge() -> None:
    deny = {"Effect": "Deny", "Action": "iam:Attach*", "Resource": "*"}
    assert not escalation_paths(_snapshot(_user("alice", _allow("iam:AttachUserPolicy"), deny)))


def test_a_permissions_boundary_cuts_the_edge() -> None:
    boundary = _policy("boundary", _doc(_allow("s3:*")))
    alice = _user("alice", _allow("iam:AttachUserPolicy"), permissions_boundary_arn=boundary["arn"])
    assert not escalation_paths(_snapshot(boundary, alice))


def test_a_resource_constraint_cuts_the_edge() -> None:
    alice = _user("alice", _allow("iam:AttachUserPolicy", BOB))
    assert not escalation_paths(_snapshot(alice, _user("bob")))


def test_a_condition_that_can_never_hold_cuts_the_edge() -> None:
    # a session issued before 2020 cannot be used now; aws:username is the user's own name
    past = {"DateLessThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}}
    other = {"StringEquals": {"aws:username": "bob"}}
    for condition in (past, other):
        alice = _user("alice", _allow("iam:PutUserPolicy", Condition=condition))
        assert not escalation_paths(_snapshot(alice))


def test_a_condition_that_may_hold_keeps_the_edge_and_says_so() -> None:
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    paths = escalation_paths(_snapshot(_user("alice", _allow("iam:PutUserPolicy", Condition=mfa))))
    (step,) = paths[ALICE].steps
    assert step.conditions == ('Bool aws:MultiFactorAuthPresent "true"',)
    assert paths[ALICE].conditions == step.conditions
    assert paths[ALICE].to_json()["conditional"] is True


def test_principal_tags_are_known() -> None:
    condition = {"StringEquals": {"aws:PrincipalTag/team": "platform"}}
    alice = _user("alice", _allow("iam:PutUserPolicy", Condition=condition), tags={"team": "web"})
    assert not escalation_paths(_snapshot(alice))
    alice = _user(
        "alice", _allow("iam:PutUserPolicy", Condition=condition), tags={"team": "platform"}
    )
    assert not escalation_paths(_snapshot(alice))[ALICE].conditions


def test_credentials_of_another_user_then_the_admin() -> None:
    alice = _user("alice", _allow("iam:CreateAccessKey", BOB))
    bob = _user("bob", _allow("*"))
    path = escalation_paths(_snapshot(alice, bob))[ALICE]
    assert [(s.principal, s.technique, s.target) for s in path.steps] == [
        (ALICE, "create-access-key", BOB)
    ]
    assert path.administrator == BOB
    assert BOB not in escalation_paths(_snapshot(alice, bob))  # administrators are not reported


def test_login_profile_techniques_follow_the_password_state() -> None:
    alice = _user("alice", _allow("iam:CreateLoginProfile"))
    assert ALICE in escalation_paths(_snapshot(alice, _user("bob", _allow("*"))))
    bob_with_password = _user("bob", _allow("*"), password_enabled=True)
    assert not escalation_paths(_snapshot(alice, bob_with_password))
    keys = [{"number": 1, "active": True}, {"number": 2, "active": False}]
    alice = _user("alice", _allow("iam:CreateAccessKey"))
    assert not escalation_paths(_snapshot(alice, _user("bob", _allow("*"), access_keys=keys)))


def test_pass_role_needs_a_trusting_role_and_an_instance_profile() -> None:
    alice = _user("alice", _allow("iam:PassRole"), _allow("ec2:RunInstances"))
    ec2_trust = _doc(
        {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    )
    profile = (f"{IAM}:instance-profile/admin",)
    with_profile = _role("admin", ec2_trust, _allow("*"), instance_profile_arns=profile)
    path = escalation_paths(_snapshot(alice, with_profile))[ALICE]
    assert path.steps[0].actions == ("iam:PassRole", "ec2:RunInstances")
    assert not escalation_paths(_snapshot(alice, _role("admin", ec2_trust, _allow("*"))))
    lambda_trust = _doc(
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    )
    assert not escalation_paths(
        _snapshot(alice, _role("admin", lambda_trust, _allow("*"), instance_profile_arns=profile))
    )
    # iam:PassedToService is known: a PassRole limited to Lambda does not serve EC2
    limited = _allow(
        "iam:PassRole", Condition={"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}
    )
    alice = _user("alice", limited, _allow("ec2:RunInstances"))
    assert not escalation_paths(_snapshot(alice, with_profile))


def test_policy_versions() -> None:
    own = _policy("own", _doc(_allow("iam:SetDefaultPolicyVersion")))
    alice = _user("alice", attached_policy_arns=(own["arn"],))
    assert not escalation_paths(_snapshot(own, alice))
    own = _policy("own", _doc(_allow("iam:SetDefaultPolicyVersion")), version_count=2)
    path = escalation_paths(_snapshot(own, alice))[ALICE]
    assert path.steps[0].resource == own["arn"]
    assert path.conditions == ("a non-default version of own grants more",)
    managed = _policy("aws-managed", _doc(_allow("iam:CreatePolicyVersion")), aws_managed=True)
    alice = _user("alice", attached_policy_arns=(managed["arn"],))
    assert not escalation_paths(_snapshot(managed, alice))


def test_rewriting_another_principals_policy_needs_a_way_to_become_it() -> None:
    trust = _doc({"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "sts:AssumeRole"})
    alice = _user("alice", _allow("iam:PutRolePolicy", f"{IAM}:role/ops"))
    assert not escalation_paths(_snapshot(alice, _role("ops", _doc(_allow("s3:*")))))
    path = escalation_paths(_snapshot(alice, _role("ops", trust)))[ALICE]
    assert [s.technique for s in path.steps] == ["put-role-policy", "assume-role"]
    assert path.administrator == f"{IAM}:role/ops"


def test_a_deny_on_assume_role_cuts_a_trust_edge() -> None:
    trust = _doc({"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "sts:AssumeRole"})
    deny = {"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "*"}
    admin = _role("admin", trust, _allow("*"))
    assert ALICE in escalation_paths(_snapshot(_user("alice"), admin))
    assert not escalation_paths(_snapshot(_user("alice", deny), admin))


def test_the_catalogue_is_data_with_sources() -> None:
    ids = [t.id for t in TECHNIQUES]
    assert len(ids) == len(set(ids))
    assert all(t.source and t.needs for t in TECHNIQUES)
    graph = EscalationGraph(_snapshot(_user("alice")))
    assert graph.starts() == [ALICE]


def test_an_scp_deny_cuts_the_edge() -> None:
    from incloud.evaluate.iam.policy import parse_policy

    snapshot = _snapshot(_user("alice", _allow("iam:AttachUserPolicy")))
    allow_all = parse_policy(_doc(_allow("*")), name="FullAWSAccess")
    deny = parse_policy(
        _doc({"Effect": "Deny", "Action": "iam:Attach*", "Resource": "*"}), name="NoIam"
    )
    assert escalation_paths(snapshot, scps={ACCOUNT: ((allow_all,),)})
    assert not escalation_paths(snapshot, scps={ACCOUNT: ((allow_all,), (allow_all, deny))})


def test_a_sensitive_permission_is_a_goal_like_administrator() -> None:
    payroll = "arn:aws:s3:::payroll/*"
    alice = _user("alice", _allow("iam:CreateAccessKey", BOB))
    bob = _user("bob", _allow("s3:GetObject", payroll))
    carol = _user("carol", _allow("s3:GetObject", "arn:aws:s3:::public/*"))
    snapshot = _snapshot(alice, bob, carol)
    assert not escalation_paths(snapshot)
    goal = Sensitive.parse(f"s3:GetObject={payroll}")
    paths = escalation_paths(snapshot, sensitive=[goal])
    assert set(paths) == {ALICE}  # bob holds it already; carol cannot reach it
    path = paths[ALICE]
    assert (path.goal, path.administrator) == (f"s3:GetObject on {payroll}", BOB)
    assert [s.technique for s in path.steps] == ["create-access-key"]


def test_sensitive_permissions_parse_strictly() -> None:
    assert Sensitive.parse("iam:PassRole") == Sensitive("iam:PassRole", "*")
    for bad in ("PassRole", "iam:", "s3 GetObject=x"):
        with pytest.raises(ValueError, match="not an IAM action"):
            Sensitive.parse(bad)


def test_joining_a_group_is_searched_when_it_shortens_a_path() -> None:
    # alice can only join groups; the admins group makes its members administrators
    admins = {
        "kind": "iam.group",
        "name": "admins",
        "arn": f"{IAM}:group/admins",
        "region": "global",
        "inline_policies": {"all": _doc(_allow("*"))},
    }
    ops = {
        "kind": "iam.group",
        "name": "ops",
        "arn": f"{IAM}:group/ops",
        "region": "global",
        "inline_policies": {"keys": _doc(_allow("iam:CreateAccessKey", BOB))},
    }
    alice = _user("alice", _allow("iam:AddUserToGroup", f"{IAM}:group/ops"))
    bob = _user("bob", _allow("*"))
    path = escalation_paths(_snapshot(admins, ops, alice, bob))[ALICE]
    # join ops (which may mint bob's keys), then become bob
    assert [(s.technique, s.resource) for s in path.steps] == [
        ("add-user-to-group", f"{IAM}:group/ops"),
        ("create-access-key", BOB),
    ]
    assert path.steps[1].principal == ALICE
