"""Every privilege-escalation path of BishopFox/iam-vulnerable, built in moto, collected, found.

``tests/evaluate/iam/escalation/test_iam_vulnerable_paths.py`` builds each case of
``iam_vulnerable_paths.json`` straight into a snapshot. Here each case is built with plain boto3
calls in its own in-process moto account (one ``mock_aws`` for the module, every backend reset
before each test, so no case sees another's principals), the real collector reads it back (IAM,
plus Lambda or EC2 where the case has a function or an instance), and the escalation engine
runs on that snapshot: what the engine needs (policy versions, instance profiles, a function's
execution role, group membership, login profiles) has to survive the API, the collector and
the snapshot. The expectations (techniques, user-only paths, tool-case support, the starting
user in place of ``var.aws_assume_role_arn``) are that module's.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate.iam.escalation import ADMINISTRATOR, TECHNIQUES, Path, escalation_paths
from incloud.snapshot import Snapshot
from incloud.snapshot.awslambda import LambdaFunction
from incloud.snapshot.cloudformation import CloudFormationStack
from incloud.snapshot.ec2 import Ec2Instance
from incloud.snapshot.iam import IamPolicy, IamRole, IamUser
from tests.collect.moto_account import raw_client
from tests.evaluate.iam.escalation.test_iam_vulnerable_paths import (
    CASES,
    GROUP_ONLY,
    IAM,
    MUST_FLAG,
    MUST_NOT,
    PATHS,
    TECHNIQUE,
    TOOL_SUPPORT,
    USER_ONLY,
    _check_path,
    _starts,
    _substitute,
)

ADMIN_DOCUMENT = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}
"""The more permissive, non-default version an attacker with SetDefaultPolicyVersion needs
(made with ``CreatePolicyVersion`` and ``SetAsDefault`` false: IAM API Reference,
CreatePolicyVersion; "Versioning IAM policies" in the IAM User Guide)."""

FUNCTION = "privesc-high-priv-lambda"
"""The existing function of privesc17 (runs as privesc-high-priv-lambda-role2)."""
PROFILE = "privesc-high-priv-service-profile"
STACK = "privesc-cloudformation-stack"
EXISTING = {"privesc19": "privesc-glue-devendpoint", "privesc-sageUpdateURL": "privesc-notebook"}
"""The development endpoint and notebook instance the Glue and SageMaker modules create."""
"""The stack the CloudFormation module creates with the high-privilege service role."""
INSTANCE_CASES = ("privesc-ssm-command", "privesc-ssm-session", "privesc-instanceConnect")
"""Cases whose Terraform (the EC2 module) starts an instance with the high-privilege profile."""
MOTO_LACKS = {
    ("ec2", "GetEbsDefaultKmsKeyId"),
    ("ec2", "DescribeClientVpnEndpoints"),
    ("lambda", "ListFunctionUrlConfigs"),
}
"""Operations moto's in-process mock does not implement (gaps, and nothing the engine reads)."""


@pytest.fixture
def session(reset_session: AwsSession) -> AwsSession:
    """Every case on the module's one moto account (``conftest.moto_module``), reset."""
    return reset_session


def _documents(case: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The case's managed policies: one statement each when the statements are split over
    several policies (fn1, fp2), else the case's document in every one.
    """
    names = case["attached_policies"]
    statements = (case["policy_document"] or {}).get("Statement", [])
    if len(names) > 1 and len(statements) == len(names):
        return [
            (name, {"Version": "2012-10-17", "Statement": [statement]})
            for name, statement in zip(names, statements, strict=True)
        ]
    return [(name, case["policy_document"]) for name in names]


def _supporting(iam: Any, case_id: str, starting_user: str | None) -> None:
    """The groups (with their member users) and roles the case's escalation would use."""
    case = CASES[case_id]
    supporting = dict(case.get("supporting_resources") or {})
    if case["kind"] == "tool_test":
        for other in TOOL_SUPPORT:
            supporting.update(CASES[other]["supporting_resources"])
    # a user with a password has a login profile; CreateLoginProfile needs one without
    with_password = "iam:CreateLoginProfile" not in (case["enabling_actions"] or [])
    for name, support in supporting.items():
        if support["type"] != "group":
            continue
        iam.create_group(GroupName=name)
        for policy in support["policies"]:
            iam.put_group_policy(
                GroupName=name,
                PolicyName=policy["name"],
                PolicyDocument=json.dumps(policy["document"]),
            )
        for member in support["members"]:
            iam.create_user(UserName=member)
            iam.add_user_to_group(GroupName=name, UserName=member)
            if with_password:
                iam.create_login_profile(UserName=member, Password="Correct-Horse-9-Battery")
    for name, support in supporting.items():
        if support["type"] != "role":
            continue
        trust = _substitute(support["trust_policy"], starting_user)
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
        for policy in support["policies"]:
            if policy["document"] is None:
                continue  # AmazonSSMManagedInstanceCore, which moto does not ship
            iam.put_role_policy(
                RoleName=name,
                PolicyName=policy["name"],
                PolicyDocument=json.dumps(policy["document"]),
            )
        if support.get("instance_profile"):
            iam.create_instance_profile(InstanceProfileName=support["instance_profile"])
            iam.add_role_to_instance_profile(
                InstanceProfileName=support["instance_profile"], RoleName=name
            )


def _compute(case_id: str) -> None:
    """The function or instance the case's Terraform creates outside IAM."""
    if case_id == "privesc17":
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("handler.py", "def handle(event, context):\n    return event\n")
        raw_client("lambda").create_function(
            FunctionName=FUNCTION,
            Runtime="python3.12",
            Role=f"{IAM}:role/privesc-high-priv-lambda-role2",
            Handler="handler.handle",
            Code={"ZipFile": archive.getvalue()},
        )
    if case_id == "privesc-cfUpdateStack":  # the CloudFormation module's stack
        raw_client("cloudformation").create_stack(
            StackName=STACK,
            TemplateBody=json.dumps({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}),
            RoleARN=SERVICE_ROLE,
        )
    if case_id == "privesc19":  # the Glue module's development endpoint
        raw_client("glue").create_dev_endpoint(
            EndpointName=EXISTING[case_id], RoleArn=_become_role(case_id)
        )
    if case_id == "privesc-sageUpdateURL":  # the SageMaker module's notebook instance
        raw_client("sagemaker").create_notebook_instance(
            NotebookInstanceName=EXISTING[case_id],
            InstanceType="ml.t2.medium",
            RoleArn=_become_role(case_id),
        )
    if case_id in INSTANCE_CASES:
        raw_client("ec2").run_instances(
            ImageId="ami-12345678",
            MinCount=1,
            MaxCount=1,
            IamInstanceProfile={"Name": PROFILE},
        )


def build_case(case_id: str, *, second_version: bool = False) -> None:
    """The case's principals, policies and supporting resources, created in moto."""
    case = CASES[case_id]
    iam = raw_client("iam")
    users = [p["name"] for p in case["starting_principals"] if p["type"] == "user"]
    starting_user = users[0] if users else None
    policy_arns = []
    for name, document in _documents(case):
        arn = iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(document))["Policy"][
            "Arn"
        ]
        if second_version:
            iam.create_policy_version(
                PolicyArn=arn, PolicyDocument=json.dumps(ADMIN_DOCUMENT), SetAsDefault=False
            )
        policy_arns.append(arn)
    _supporting(iam, case_id, starting_user)
    for principal in case["starting_principals"]:
        name = principal["name"]
        if principal["type"] == "role":
            trust = _substitute(principal["trust_policy"], starting_user)
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
            for arn in policy_arns:
                iam.attach_role_policy(RoleName=name, PolicyArn=arn)
            continue
        iam.create_user(UserName=name)
        if case_id in GROUP_ONLY:
            group = f"{case_id}-group"
            iam.create_group(GroupName=group)
            iam.add_user_to_group(GroupName=group, UserName=name)
            for arn in policy_arns:
                iam.attach_group_policy(GroupName=group, PolicyArn=arn)
        else:
            for arn in policy_arns:
                iam.attach_user_policy(UserName=name, PolicyArn=arn)
    _compute(case_id)
    # an account usually has a credential report already; the collector then reads it at once
    # ("Getting credential reports for your AWS account", IAM User Guide)
    iam.generate_credential_report()


def services(case_id: str) -> list[str]:
    """The collectors a case needs: IAM, and Lambda or EC2 for its function or instance."""
    if case_id == "privesc17":
        return ["iam", "lambda"]
    if case_id in INSTANCE_CASES:
        return ["iam", "ec2"]
    if case_id == "privesc-cfUpdateStack":
        return ["iam", "cloudformation"]
    if case_id == "privesc19":
        return ["iam", "glue"]
    if case_id == "privesc-sageUpdateURL":
        return ["iam", "sagemaker"]
    return ["iam"]


def collected(session: AwsSession, case_id: str, *, second_version: bool = False) -> Snapshot:
    """Build the case in the (fresh) moto account and collect it with the real collector."""
    build_case(case_id, second_version=second_version)
    snapshot = collect(session, services=services(case_id))
    gaps = [g for g in snapshot.gaps if (g.service, g.operation) not in MOTO_LACKS]
    assert not gaps, gaps
    return snapshot


# -- what each path must look like -------------------------------------------------------

GRANTS = frozenset(t.id for t in TECHNIQUES if t.yields == "grant")
"""Techniques that rewrite a principal's own policies (any of them, where iam:* allows all)."""
ANY = frozenset(t.id for t in TECHNIQUES)
SRE_USER = f"{IAM}:user/privesc-sre-user"
SRE_ROLE = f"{IAM}:role/privesc-sre-role"
SERVICE_ROLE = f"{IAM}:role/privesc-high-priv-service-role"
REWRITES_ITSELF = {
    "privesc1": "policy",
    "privesc2": "policy",
    "fn2": "policy",
    "fn3": "policy",
    "privesc7": "user",
    "privesc10": "user",
    "privesc8": "group",
    "privesc11": "group",
}
"""Paths of one grant step on the start's own policies, and what the step rewrites."""
REWRITES_ITS_ROLE = ("privesc9", "privesc12")
"""The role rewrites its own policies; the user rewrites the role's, then assumes it."""
VIA_SRE = {"privesc4": SRE_USER, "privesc5": SRE_USER, "privesc6": SRE_USER, "privesc14": SRE_ROLE}
"""Paths that obtain an SRE principal (iam:*), which then rewrites its own policies."""

Expected = tuple[str, frozenset[str], frozenset[str], str | None]
"""One step: principal, allowed techniques, allowed targets, resource (None: any)."""


def _one(value: str) -> frozenset[str]:
    return frozenset({value})


def _become_role(case_id: str) -> str:
    """The high-privilege role a become path ends in: the case's own supporting role."""
    if case_id == "fn1":
        return SERVICE_ROLE
    supporting = CASES[case_id]["supporting_resources"]
    (role,) = (name for name, s in supporting.items() if s["type"] == "role")
    return f"{IAM}:role/{role}"


def expected_steps(case_id: str, start: str, snapshot: Snapshot) -> list[Expected]:
    """The step list a correct engine reports for ``case_id`` from ``start``.

    Where several techniques are equally short (the SRE principal's iam:* rewrites itself in
    any of five ways; fn4's NotAction leaves both self-grants and PassRole methods open), any
    of them is accepted.
    """
    technique = _one(TECHNIQUE[case_id]) if case_id in TECHNIQUE else ANY
    admin = _one(ADMINISTRATOR)
    case = CASES[case_id]
    if case_id in REWRITES_ITSELF:
        kind = REWRITES_ITSELF[case_id]
        resource = {
            "policy": f"{IAM}:policy/{case['attached_policies'][0]}",
            "user": start,
            "group": f"{IAM}:group/{case_id}-group",
        }[kind]
        return [(start, technique, admin, resource)]
    if case_id in REWRITES_ITS_ROLE:
        role = _starts(case_id)["role"]
        if start == role:
            return [(start, technique, admin, role)]
        return [
            (start, technique, _one(role), role),
            (start, _one("assume-role"), _one(role), role),
        ]
    if case_id in VIA_SRE:
        sre = VIA_SRE[case_id]
        return [(start, technique, _one(sre), sre), (sre, GRANTS, admin, None)]
    if case_id == "privesc13":  # the user joins the SRE group, then uses its iam:*
        group = f"{IAM}:group/privesc-sre-group"
        return [(start, technique, _one(start), group), (start, GRANTS, admin, None)]
    if case_id == "privesc-assumerole":
        middle = f"{IAM}:role/privesc-AssumeRole-intermediate-role"
        end = f"{IAM}:role/privesc-AssumeRole-ending-role"
        return [(start, technique, _one(middle), middle), (middle, technique, _one(end), end)]
    if case_id == "fn4":  # a self-grant, or a PassRole method to the service role
        return [(start, technique, frozenset({ADMINISTRATOR, SERVICE_ROLE}), None)]
    role = _become_role(case_id)
    resource = role
    if case_id == "privesc17":
        (function,) = snapshot.of_type(LambdaFunction)
        assert (function.name, function.role_arn) == (FUNCTION, role)
        resource = function.arn
    elif case_id == "privesc-cfUpdateStack":
        (stack,) = snapshot.of_type(CloudFormationStack)
        assert (stack.name, stack.role_arn) == (STACK, role)
        resource = stack.arn
    elif case_id in EXISTING:
        (existing,) = (r for r in snapshot.resources if r.name == EXISTING[case_id])
        resource = existing.arn
    elif case_id in INSTANCE_CASES:
        (instance,) = snapshot.of_type(Ec2Instance)
        assert instance.iam_instance_profile_arn == f"{IAM}:instance-profile/{PROFILE}"
        resource = instance.arn
    return [(start, technique, _one(role), resource)]


def check_steps(path: Path, case_id: str, start: str, snapshot: Snapshot) -> None:
    """The path is the expected one, step by step, and ends with the right administrator."""
    _check_path(path, case_id, start)
    if case_id in TECHNIQUE:
        assert path.steps[0].technique == TECHNIQUE[case_id], path.to_json()
    expected = expected_steps(case_id, start, snapshot)
    assert len(path.steps) == len(expected), path.to_json()
    for step, (principal, techniques, targets, resource) in zip(path.steps, expected, strict=True):
        assert step.principal == principal, path.to_json()
        assert step.technique in techniques, path.to_json()
        assert step.target in targets, path.to_json()
        assert resource is None or step.resource == resource, path.to_json()
        assert (step.effect == "grant") == (step.technique in GRANTS), step
    last = path.steps[-1]
    holder = last.principal if last.target == ADMINISTRATOR else last.target
    assert path.administrator == holder


def _collected_principals(snapshot: Snapshot) -> set[str]:
    return {p.arn for p in (*snapshot.of_type(IamUser), *snapshot.of_type(IamRole))}


# -- the tests --------------------------------------------------------------------------------


def test_the_cases_are_the_31_paths_and_the_tool_cases() -> None:
    assert len(PATHS) == 31
    assert set(TECHNIQUE) - {"fn1", "fn2", "fn3"} == set(PATHS)
    assert all(CASES[c]["kind"] == "tool_test" for c in (*MUST_FLAG, *MUST_NOT))


@pytest.mark.parametrize("case_id", PATHS)
def test_every_path_is_found_from_its_starting_principals(
    session: AwsSession, case_id: str
) -> None:
    snapshot = collected(session, case_id, second_version=case_id == "privesc2")
    paths = escalation_paths(snapshot)
    starts = _starts(case_id)
    assert set(starts.values()) <= _collected_principals(snapshot)
    for kind, start in starts.items():
        if kind == "role" and case_id in USER_ONLY:
            # a role session has no user of its own to attach to or join a group with
            assert start not in paths, paths[start].to_json()
            continue
        assert start in paths, f"{case_id}: no path from {start}"
        check_steps(paths[start], case_id, start, snapshot)


@pytest.mark.parametrize("second_version", [False, True], ids=["one-version", "two-versions"])
def test_set_default_policy_version_needs_a_second_version(
    session: AwsSession, second_version: bool
) -> None:
    snapshot = collected(session, "privesc2", second_version=second_version)
    (policy,) = (p for p in snapshot.of_type(IamPolicy) if not p.aws_managed)
    # the default stays v1 (CreatePolicyVersion without SetAsDefault), its document collected
    assert (policy.version_count, policy.default_version_id) == (1 + second_version, "v1")
    assert policy.document == CASES["privesc2"]["policy_document"]
    paths = escalation_paths(snapshot)
    starts = set(_starts("privesc2").values())
    if not second_version:
        assert not starts & set(paths), paths
        return
    assert starts <= set(paths)
    for start in starts:
        assert paths[start].conditions == (
            "a non-default version of privesc2-SetExistingDefaultPolicyVersion grants more",
        )


def test_assume_role_chain_goes_through_same_account_trust(session: AwsSession) -> None:
    snapshot = collected(session, "privesc-assumerole")
    start = _starts("privesc-assumerole")["role"]
    (role,) = (r for r in snapshot.of_type(IamRole) if r.arn == start)
    assert not role.attached_policy_arns
    assert not role.inline_policies  # only the next role's trust policy lets it move
    path = escalation_paths(snapshot)[start]
    check_steps(path, "privesc-assumerole", start, snapshot)
    assert path.administrator == f"{IAM}:role/privesc-AssumeRole-ending-role"
    assert all("trust policy" in step.statements[0] for step in path.steps)
    assert not path.conditions


@pytest.mark.parametrize("case_id", MUST_FLAG)
def test_tool_cases_that_must_be_flagged(session: AwsSession, case_id: str) -> None:
    snapshot = collected(session, case_id)
    paths = escalation_paths(snapshot)
    for start in _starts(case_id).values():
        assert start in paths, f"{case_id}: no path from {start}"
        check_steps(paths[start], case_id, start, snapshot)
        assert not paths[start].conditions
        if case_id == "fn4":  # only actions the NotAction leaves allowed
            actions = [a for step in paths[start].steps for a in step.actions]
            assert not [
                a for a in actions if a.startswith(("iam:Update", "iam:Create", "iam:Attach"))
            ]


@pytest.mark.parametrize("case_id", MUST_NOT)
def test_tool_cases_that_must_not_be_flagged(session: AwsSession, case_id: str) -> None:
    snapshot = collected(session, case_id)
    paths = escalation_paths(snapshot)
    starts = set(_starts(case_id).values())
    assert starts <= _collected_principals(snapshot)
    assert not starts & set(paths), paths
    # not for want of targets: the SRE user beside them (iam:*) does escalate
    assert SRE_USER in paths
