"""Escalation never goes through what AWS protects: AWS managed policies and reserved roles.

IAM User Guide, "AWS managed policies" (no account can change them) and "Service-linked roles"
(only the owning service changes them; IAM Identity Center roles are protected alike). Each case
has a control: the same account with an ordinary customer resource, where the path exists, so
the absence is the special case and not a broken setup. Reserved resources come first in the
snapshot, so a part of targets decided on a reserved representative would also lose the
ordinary ones.
"""

from __future__ import annotations

from typing import Any

from incloud.evaluate.iam.escalation import EscalationGraph, escalation_paths
from incloud.snapshot import Snapshot
from tests.fixtures import ACCOUNT, build_snapshot

ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
ADMIN = {"Effect": "Allow", "Action": "*", "Resource": "*"}
SLR_PATH = "/aws-service-role/sagemaker.amazonaws.com/"
SSO_PATH = "/aws-reserved/sso.amazonaws.com/"


def _doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _allow(*actions: str) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": list(actions), "Resource": "*"}


def _alice(*actions: str, attached: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "kind": "iam.user",
        "name": "alice",
        "arn": ALICE,
        "region": "global",
        "inline_policies": {"p": _doc(_allow(*actions))},
        "attached_policy_arns": attached,
    }


def _role(name: str, trust: dict[str, Any], *, path: str = "/", admin: bool = True) -> Any:
    return {
        "kind": "iam.role",
        "name": name,
        "arn": f"arn:aws:iam::{ACCOUNT}:role{path}{name}",
        "path": path,
        "region": "global",
        "trust_policy": trust,
        "inline_policies": {"p": _doc(ADMIN)} if admin else {},
    }


def _trust(principal: dict[str, Any]) -> dict[str, Any]:
    return _doc({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"})


def _managed(arn: str, *, aws_managed: bool) -> dict[str, Any]:
    return {
        "kind": "iam.policy",
        "name": arn.rsplit("/", 1)[-1],
        "arn": arn,
        "region": "global",
        "aws_managed": aws_managed,
        "document": _doc(_allow("s3:GetObject")),
    }


def _snapshot(*resources: dict[str, Any]) -> Snapshot:
    return build_snapshot({"resources": list(resources)})


def _techniques(snapshot: Snapshot) -> list[str]:
    path = escalation_paths(snapshot).get(ALICE)
    return [] if path is None else [step.technique for step in path.steps]


# -- AWS managed policies ---------------------------------------------------------------------


def test_create_policy_version_on_star_gives_nothing_through_an_aws_managed_policy() -> None:
    aws = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    alice = _alice("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", attached=(aws,))
    assert _techniques(_snapshot(_managed(aws, aws_managed=True), alice)) == []


def test_a_hand_made_aws_namespace_policy_is_still_protected() -> None:
    """The ``aws`` account in the ARN decides, even when the snapshot's flag says otherwise."""
    aws = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    alice = _alice("iam:CreatePolicyVersion", attached=(aws,))
    assert _techniques(_snapshot(_managed(aws, aws_managed=False), alice)) == []
    graph = EscalationGraph(_snapshot(_managed(aws, aws_managed=False), alice))
    assert not [e for e in graph.edges(ALICE) if e.step.technique == "create-policy-version"]


def test_control_a_customer_managed_policy_is_rewritten() -> None:
    aws = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    mine = f"arn:aws:iam::{ACCOUNT}:policy/dev"
    alice = _alice("iam:CreatePolicyVersion", attached=(aws, mine))
    snapshot = _snapshot(_managed(aws, aws_managed=False), _managed(mine, aws_managed=False), alice)
    path = escalation_paths(snapshot)[ALICE]
    assert [(s.technique, s.resource) for s in path.steps] == [("create-policy-version", mine)]


# -- reserved roles ---------------------------------------------------------------------------

_PASS = ("iam:PassRole", "sagemaker:CreateTrainingJob")


def test_pass_role_to_a_service_linked_role_is_not_reported() -> None:
    slr = _role(
        "AWSServiceRoleForSageMaker", _trust({"Service": "sagemaker.amazonaws.com"}), path=SLR_PATH
    )
    assert _techniques(_snapshot(_alice(*_PASS), slr)) == []


def test_control_pass_role_to_a_customer_role_with_the_same_trust() -> None:
    trust = _trust({"Service": "sagemaker.amazonaws.com"})
    slr = _role("AWSServiceRoleForSageMaker", trust, path=SLR_PATH)
    mine = _role("training", trust, path="/service-role/")
    path = escalation_paths(_snapshot(_alice(*_PASS), slr, mine))[ALICE]
    assert [(s.technique, s.target) for s in path.steps] == [
        ("sagemaker-create-training-job", mine["arn"])
    ]


def test_a_reserved_role_is_never_rewritten_then_assumed() -> None:
    """A hand-made trust naming alice lets her assume each role; only the customer role can
    also be rewritten into an administrator (AttachRolePolicy on the reserved one fails).
    """
    actions = ("iam:AttachRolePolicy", "iam:PutRolePolicy", "sts:AssumeRole")
    trust = _trust({"AWS": ALICE})
    sso = _role("AWSReservedSSO_Dev_0123456789abcdef", trust, path=SSO_PATH, admin=False)
    slr = _role("AWSServiceRoleForSageMaker", trust, path=SLR_PATH, admin=False)
    graph = EscalationGraph(_snapshot(_alice(*actions), sso, slr))
    grants = [e for e in graph.edges(ALICE) if e.step.effect == "grant"]
    assert grants == []
    assert _techniques(_snapshot(_alice(*actions), sso, slr)) == []
    mine = _role("dev", trust, admin=False)
    path = escalation_paths(_snapshot(_alice(*actions), sso, slr, mine))[ALICE]
    assert [s.target for s in path.steps] == [mine["arn"], mine["arn"]]
    assert path.steps[-1].technique == "assume-role"


def test_a_reserved_role_trust_policy_is_never_rewritten() -> None:
    actions = ("iam:UpdateAssumeRolePolicy", "sts:AssumeRole")
    slr = _role(
        "AWSServiceRoleForSageMaker", _trust({"Service": "sagemaker.amazonaws.com"}), path=SLR_PATH
    )
    sso = _role(
        "AWSReservedSSO_Admin_0123456789abcdef",
        _trust({"Federated": f"arn:aws:iam::{ACCOUNT}:saml-provider/AWSSSO_x"}),
        path=SSO_PATH,
    )
    assert _techniques(_snapshot(_alice(*actions), slr, sso)) == []
    mine = _role("ops", _trust({"Service": "ec2.amazonaws.com"}))
    path = escalation_paths(_snapshot(_alice(*actions), slr, sso, mine))[ALICE]
    assert [(s.technique, s.target) for s in path.steps] == [
        ("update-assume-role-policy", mine["arn"])
    ]
