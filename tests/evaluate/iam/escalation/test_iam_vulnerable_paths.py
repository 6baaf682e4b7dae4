"""Every privilege-escalation path of BishopFox/iam-vulnerable, found from its starting principals.

Each case's policy, starting user and role and supporting resources (copied in
``data/iam_vulnerable_paths.json``, MIT, source noted there) are built into a snapshot. The
Terraform variable ``var.aws_assume_role_arn`` (who may assume the starting role) becomes the
starting user. Resources Terraform creates outside IAM that the snapshot models (the Lambda
function of privesc17, the EC2 instance with the high-privilege profile of the SSM and EC2
Instance Connect paths) are added; Glue endpoints, stacks and notebooks are not collected.
"""

from __future__ import annotations

import json
from pathlib import Path as FilePath
from typing import Any

import pytest

from incloud.evaluate.iam.escalation import ADMINISTRATOR, EscalationGraph, Path, escalation_paths
from incloud.snapshot import Snapshot
from tests.fixtures import ACCOUNT, build_snapshot

DATA = json.loads((FilePath(__file__).parent / "data" / "iam_vulnerable_paths.json").read_text())
CASES: dict[str, dict[str, Any]] = {case["id"]: case for case in DATA["cases"]}
IAM = f"arn:aws:iam::{ACCOUNT}"
GROUP_ONLY = {"privesc8", "privesc11", "privesc13"}
"""Paths that work from the user, through its group, and not from the role."""
USER_ONLY = {*GROUP_ONLY, "privesc7", "privesc10"}
"""Paths that need a user to act on: a role session with ``iam:AttachUserPolicy`` or
``iam:PutUserPolicy`` has no user of its own and none whose credentials it can obtain, so
(like the group paths) these are not exploitable from the role alone."""
TOOL_SUPPORT = ("privesc3", "privesc4")
"""The tool cases come without supporting resources: they get the high-privilege service role
with its instance profile (privesc3) and the SRE user, group and role (privesc4), the targets
their escalations would use."""

TECHNIQUE = {
    "privesc1": "create-policy-version",
    "privesc2": "set-default-policy-version",
    "privesc3": "ec2-run-instances",
    "privesc4": "create-access-key",
    "privesc5": "create-login-profile",
    "privesc6": "update-login-profile",
    "privesc7": "attach-user-policy",
    "privesc8": "attach-group-policy",
    "privesc9": "attach-role-policy",
    "privesc10": "put-user-policy",
    "privesc11": "put-group-policy",
    "privesc12": "put-role-policy",
    "privesc13": "add-user-to-group",
    "privesc14": "update-assume-role-policy",
    "privesc15": "lambda-create-invoke",
    "privesc16": "lambda-create-event-source",
    "privesc17": "lambda-update-code",
    "privesc18": "glue-create-dev-endpoint",
    "privesc19": "glue-update-dev-endpoint",
    "privesc20": "cloudformation-create-stack",
    "privesc21": "datapipeline-create",
    "privesc-assumerole": "assume-role",
    "privesc-cfUpdateStack": "cloudformation-update-stack",
    "privesc-codeBuildProject": "codebuild-create-project",
    "privesc-instanceConnect": "ec2-instance-connect",
    "privesc-sageNotebook": "sagemaker-create-notebook",
    "privesc-sageProcessing": "sagemaker-create-processing-job",
    "privesc-sageTraining": "sagemaker-create-training-job",
    "privesc-sageUpdateURL": "sagemaker-presigned-notebook-url",
    "privesc-ssm-command": "ssm-send-command",
    "privesc-ssm-session": "ssm-start-session",
    "fn1": "ec2-run-instances",
    "fn2": "create-policy-version",
    "fn3": "create-policy-version",
}
PATHS = sorted(c["id"] for c in CASES.values() if c["kind"] == "privesc_path")
MUST_FLAG = ["fn1", "fn2", "fn3", "fn4"]
MUST_NOT = ["fp1", "fp2", "fp3", "fp4", "fp5"]


def _iam(kind: str, name: str, **fields: Any) -> dict[str, Any]:
    return {
        "kind": f"iam.{kind}",
        "name": name,
        "arn": f"{IAM}:{kind}/{name}",
        "region": "global",
        **fields,
    }


def _substitute(document: Any, starting_user: str | None) -> Any:
    text = json.dumps(document)
    assumer = f"{IAM}:user/{starting_user}" if starting_user else "arn:aws:iam::999999999999:root"
    text = text.replace("${var.aws_assume_role_arn}", assumer)
    for kind in ("user", "role"):
        marker = f"${{aws_iam_{kind}."
        while marker in text:
            start = text.index(marker)
            end = text.index("}", start)
            name = text[start + len(marker) : end].removesuffix(".arn")
            text = text[:start] + f"{IAM}:{kind}/{name}" + text[end + 1 :]
    return json.loads(text)


def _supporting(
    supporting: dict[str, Any], starting_user: str | None, resources: list[dict[str, Any]]
) -> dict[str, list[str]]:
    """Add the supporting groups and roles; return the groups of each member user."""
    members: dict[str, list[str]] = {}
    for name, support in supporting.items():
        if support["type"] == "group":
            for member in support["members"]:
                members.setdefault(member, []).append(name)
            inline = {p["name"]: p["document"] for p in support["policies"]}
            resources.append(_iam("group", name, inline_policies=inline))
        else:
            inline = {p["name"]: p["document"] for p in support["policies"] if p["document"]}
            profiles = (
                (f"{IAM}:instance-profile/{support['instance_profile']}",)
                if support.get("instance_profile")
                else ()
            )
            resources.append(
                _iam(
                    "role",
                    name,
                    trust_policy=_substitute(support["trust_policy"], starting_user),
                    inline_policies=inline,
                    instance_profile_arns=profiles,
                )
            )
    return members


def case_snapshot(case_id: str, *, policy_versions: int = 1) -> Snapshot:
    """The case's principals, policies and supporting resources as a snapshot."""
    case = CASES[case_id]
    resources: list[dict[str, Any]] = []
    policy_arns = [f"{IAM}:policy/{name}" for name in case["attached_policies"]]
    statements = (case["policy_document"] or {}).get("Statement", [])
    if len(policy_arns) > 1 and len(statements) == len(policy_arns):
        documents = [{"Version": "2012-10-17", "Statement": [s]} for s in statements]
    else:
        documents = [case["policy_document"]] * len(policy_arns)
    for name, document in zip(case["attached_policies"], documents, strict=True):
        resources.append(_iam("policy", name, document=document, version_count=policy_versions))
    users = {p["name"] for p in case["starting_principals"] if p["type"] == "user"}
    starting_user = next(iter(users), None)
    creates_password = "iam:CreateLoginProfile" in (case["enabling_actions"] or [])
    supporting = dict(case.get("supporting_resources") or {})
    if case["kind"] == "tool_test":
        for other in TOOL_SUPPORT:
            supporting.update(CASES[other]["supporting_resources"])
    members = _supporting(supporting, starting_user, resources)
    for member, groups in members.items():
        resources.append(
            _iam("user", member, groups=tuple(groups), password_enabled=not creates_password)
        )
    for principal in case["starting_principals"]:
        name = principal["name"]
        if principal["type"] == "role":
            trust = _substitute(principal["trust_policy"], starting_user)
            resources.append(
                _iam("role", name, trust_policy=trust, attached_policy_arns=tuple(policy_arns))
            )
        elif case_id in GROUP_ONLY:
            resources.append(_iam("group", f"{case_id}-group", attached_policy_arns=policy_arns))
            resources.append(_iam("user", name, groups=(f"{case_id}-group",)))
        else:
            resources.append(_iam("user", name, attached_policy_arns=tuple(policy_arns)))
    resources += _compute(case_id)
    return build_snapshot({"resources": resources})


PROFILE = f"{IAM}:instance-profile/privesc-high-priv-service-profile"
EXISTING: dict[str, dict[str, Any]] = {
    "privesc19": {
        "kind": "glue.dev-endpoint",
        "name": "privesc-glue-devendpoint",
        "arn": f"arn:aws:glue:us-east-1:{ACCOUNT}:devEndpoint/privesc-glue-devendpoint",
    },
    "privesc-sageUpdateURL": {
        "kind": "sagemaker.notebook-instance",
        "name": "privesc-notebook",
        "arn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:notebook-instance/privesc-notebook",
    },
}
"""The Glue development endpoint and SageMaker notebook the Glue and SageMaker modules create,
each running as the case's supporting role."""


def _compute(case_id: str) -> list[dict[str, Any]]:
    """Non-IAM resources the Terraform of a path creates (the ones incloud collects)."""
    if case_id == "privesc17":
        return [
            {
                "kind": "lambda.function",
                "name": "privesc-high-priv-lambda",
                "arn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:privesc-high-priv-lambda",
                "role_arn": f"{IAM}:role/privesc-high-priv-lambda-role2",
            }
        ]
    if case_id in EXISTING:
        (role,) = (
            n for n, r in CASES[case_id]["supporting_resources"].items() if r["type"] == "role"
        )
        return [{**EXISTING[case_id], "role_arn": f"{IAM}:role/{role}"}]
    if case_id == "privesc-cfUpdateStack":  # the CloudFormation module's stack
        return [
            {
                "kind": "cloudformation.stack",
                "name": "privesc-cloudformation-stack",
                "arn": f"arn:aws:cloudformation:us-east-1:{ACCOUNT}:stack/"
                "privesc-cloudformation-stack/0d2d3c30-0000-4000-8000-000000000000",
                "status": "CREATE_COMPLETE",
                "role_arn": f"{IAM}:role/privesc-high-priv-service-role",
            }
        ]
    if case_id in ("privesc-ssm-command", "privesc-ssm-session", "privesc-instanceConnect"):
        return [
            {
                "kind": "ec2.instance",
                "name": "i-0123456789abcdef0",
                "instance_id": "i-0123456789abcdef0",
                "arn": f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-0123456789abcdef0",
                "iam_instance_profile_arn": PROFILE,
            }
        ]
    return []


def _starts(case_id: str) -> dict[str, str]:
    return {
        p["type"]: f"{IAM}:{p['type']}/{p['name']}" for p in CASES[case_id]["starting_principals"]
    }


def _check_path(path: Path, case_id: str, start: str) -> None:
    assert path.start == start
    techniques = [step.technique for step in path.steps]
    if case_id in TECHNIQUE:
        assert TECHNIQUE[case_id] in techniques, techniques
    assert path.steps[0].principal == start
    for step in path.steps:
        assert step.actions
        assert step.resource
        # each step names the statement that allows it (a trust policy alone for AssumeRole)
        assert step.statements, step
    last = path.steps[-1]
    assert last.target in (ADMINISTRATOR, path.administrator)


def test_the_data_has_31_paths_and_10_tool_cases() -> None:
    assert len(PATHS) == 31
    assert len([c for c in CASES.values() if c["kind"] == "tool_test"]) == 10


@pytest.mark.parametrize("case_id", PATHS)
def test_every_path_is_found_from_its_starting_principals(case_id: str) -> None:
    snapshot = case_snapshot(case_id, policy_versions=2 if case_id == "privesc2" else 1)
    paths = escalation_paths(snapshot)
    for kind, start in _starts(case_id).items():
        if kind == "role" and case_id in USER_ONLY:
            assert start not in paths, paths[start].to_json()
            continue
        assert start in paths, f"{case_id}: no path from {start}"
        _check_path(paths[start], case_id, start)


def test_set_default_policy_version_needs_a_second_version() -> None:
    paths = escalation_paths(case_snapshot("privesc2"))
    assert not set(_starts("privesc2").values()) & set(paths)
    paths = escalation_paths(case_snapshot("privesc2", policy_versions=2))
    path = paths[_starts("privesc2")["user"]]
    assert path.conditions == (
        "a non-default version of privesc2-SetExistingDefaultPolicyVersion grants more",
    )


def test_assume_role_chain_goes_through_same_account_trust() -> None:
    start = _starts("privesc-assumerole")["role"]
    path = escalation_paths(case_snapshot("privesc-assumerole"))[start]
    assert [s.technique for s in path.steps] == ["assume-role", "assume-role"]
    assert [s.target for s in path.steps] == [
        f"{IAM}:role/privesc-AssumeRole-intermediate-role",
        f"{IAM}:role/privesc-AssumeRole-ending-role",
    ]
    assert path.administrator == f"{IAM}:role/privesc-AssumeRole-ending-role"
    assert "trust policy" in path.steps[0].statements[0]
    assert not path.conditions


def test_create_access_key_then_self_escalation_step_list() -> None:
    start = _starts("privesc4")["user"]
    path = escalation_paths(case_snapshot("privesc4"))[start]
    first, second = path.steps
    assert (first.technique, first.target) == ("create-access-key", f"{IAM}:user/privesc-sre-user")
    assert first.actions == ("iam:CreateAccessKey",)
    assert "privesc4-CreateAccessKey" in first.statements[0]
    assert second.principal == f"{IAM}:user/privesc-sre-user"
    assert second.target == ADMINISTRATOR
    assert second.effect == "grant"


@pytest.mark.parametrize("case_id", sorted(EXISTING))
def test_paths_through_existing_resources_need_the_resource(case_id: str) -> None:
    start = _starts(case_id)["user"]
    snapshot = case_snapshot(case_id)
    path = escalation_paths(snapshot)[start]
    assert not path.conditions
    assert path.steps[0].resource == EXISTING[case_id]["arn"]
    kept = [r.model_dump() for r in snapshot.resources if r.arn != EXISTING[case_id]["arn"]]
    without = Snapshot.model_validate({**snapshot.model_dump(), "resources": kept})
    assert start not in escalation_paths(without)


@pytest.mark.parametrize("case_id", MUST_FLAG)
def test_tool_cases_that_must_be_flagged(case_id: str) -> None:
    paths = escalation_paths(case_snapshot(case_id))
    for start in _starts(case_id).values():
        assert start in paths, f"{case_id}: no path from {start}"
        _check_path(paths[start], case_id, start)
        assert not paths[start].conditions


@pytest.mark.parametrize("case_id", MUST_NOT)
def test_tool_cases_that_must_not_be_flagged(case_id: str) -> None:
    paths = escalation_paths(case_snapshot(case_id))
    assert not set(_starts(case_id).values()) & set(paths), paths


def test_a_permissive_trust_policy_alone_is_not_a_path() -> None:
    snapshot = case_snapshot("permissive-trust")
    role = f"{IAM}:role/privesc-permissive-role-trust"
    assert role not in escalation_paths(snapshot)
    # the SRE user (iam:*, not sts:*) reaches it only by rewriting its trust policy
    graph = EscalationGraph(snapshot)
    assert role in graph.starts()
    edges = graph.edges(f"{IAM}:user/privesc-sre-user")
    edges = [e for e in edges if e.target == role and e.step.effect == "become"]
    assert [e.step.technique for e in edges] == ["update-assume-role-policy"]
