"""The escalation techniques beyond iam-vulnerable's 31 paths, each built in moto with its twin.

Every case is built with plain boto3 in a fresh in-process moto account (one ``mock_aws`` for
the module, every backend reset per case), collected with the real collectors, and searched:
the case's starting principal must escalate with the technique named, and its
non-exploitable twin (one action missing, or the resource out of reach) must not escalate at
all. Cases are data (:data:`CASES`); the technique catalogue's sources are in
``incloud.evaluate.iam.escalation.techniques``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate.iam.escalation import TECHNIQUES, escalation_paths
from incloud.snapshot import Snapshot
from tests.collect.moto_account import ACCOUNT, raw_client
from tests.collect.seed_application import codebuild_project

IAM = f"arn:aws:iam::{ACCOUNT}"
ADMIN = {"Effect": "Allow", "Action": "*", "Resource": "*"}
BOUNDARY = f"{IAM}:policy/boundary"
START_USER = f"{IAM}:user/start"
START_ROLE = f"{IAM}:role/start"
TARGET_ROLE = f"{IAM}:role/target"
OPS_USER = f"{IAM}:user/ops"
PROFILE = "target-profile"
ECS_SERVICE = f"arn:aws:ecs:us-east-1:{ACCOUNT}:service/apps/web"
MOTO_LACKS = {
    ("ec2", "GetEbsDefaultKmsKeyId"),
    ("ec2", "DescribeClientVpnEndpoints"),
    ("lambda", "ListFunctionUrlConfigs"),
}
"""Operations moto's in-process mock does not implement (gaps the engine never reads)."""


def allow(actions: str | list[str], resource: str = "*", **condition: Any) -> dict[str, Any]:
    """An Allow statement (with an optional ``Condition``)."""
    out: dict[str, Any] = {"Effect": "Allow", "Action": actions, "Resource": resource}
    if condition:
        out["Condition"] = condition
    return out


def document(*statements: dict[str, Any]) -> str:
    """A policy document's JSON."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


@dataclass(frozen=True)
class Case:
    """One technique's moto case: who starts, with which policies, against what."""

    id: str
    technique: str | None
    """The technique of the path's first step; None for a twin that must not escalate."""
    identity: tuple[dict[str, Any], ...]
    start: str = "user"
    boundary: tuple[dict[str, Any], ...] = ()
    """The start's permissions boundary (none when empty)."""
    service: str | None = None
    """The service the administrator role trusts (none: no such role)."""
    profile: bool = False
    """The administrator role has an instance profile."""
    instance: str | None = None
    """An instance launched with that profile, left ``running`` or ``stopped``."""
    steps: int = 1
    services: tuple[str, ...] = ("iam",)
    setup: str | None = None
    """The service resources the case needs besides IAM's (a key of :data:`SETUPS`)."""
    condition: str | None = None
    """What the path depends on that no snapshot shows (none: it must be unconditional)."""
    administrator: str | None = None
    """Who holds the rights at the end, when neither the role nor the start itself."""


def _bounded(
    case_id: str, technique: str | None, action: str, start: str = "user", **extra: Any
) -> Case:
    """A principal whose identity policies make it an administrator, held back only by a
    boundary that allows ``action`` (and S3).
    """
    boundary = (allow([action, "s3:*"]),) if action else (allow("s3:*"),)
    return Case(case_id, technique, (ADMIN,), start, boundary, **extra)


def _ecs(case_id: str, technique: str | None, actions: list[str], setup: str | None) -> Case:
    """A start allowed ``actions`` and PassRole to the ECS tasks service, beside an
    administrator role tasks can run as, and ``setup``'s ECS resources.
    """
    return Case(
        case_id,
        technique,
        (allow(["iam:PassRole", *actions]),),
        service="ecs-tasks.amazonaws.com",
        services=("iam", "ecs"),
        setup=setup,
    )


_REGISTER = "ecs:RegisterTaskDefinition"
_PUT_USER = "iam:PutUserPermissionsBoundary"
ECS_CASES = (
    _ecs("ecs-run-task", "ecs-run-task", [_REGISTER, "ecs:RunTask"], "ecs-cluster"),
    _ecs("ecs-run-task-twin", None, [_REGISTER, "ecs:RunTask"], None),  # no cluster
    _ecs(
        "ecs-create-cluster-run-task",
        "ecs-create-cluster-run-task",
        ["ecs:CreateCluster", _REGISTER, "ecs:RunTask"],
        None,
    ),
    Case(  # the role may be passed to Lambda only
        "ecs-create-cluster-run-task-twin",
        None,
        (
            allow("iam:PassRole", StringEquals={"iam:PassedToService": "lambda.amazonaws.com"}),
            allow(["ecs:CreateCluster", _REGISTER, "ecs:RunTask"]),
        ),
        service="ecs-tasks.amazonaws.com",
        services=("iam", "ecs"),
    ),
    _ecs(
        "ecs-create-service", "ecs-create-service", [_REGISTER, "ecs:CreateService"], "ecs-cluster"
    ),
    _ecs("ecs-create-service-twin", None, ["ecs:CreateService"], "ecs-cluster"),
    _ecs(
        "ecs-create-cluster-create-service",
        "ecs-create-cluster-create-service",
        ["ecs:CreateCluster", _REGISTER, "ecs:CreateService"],
        None,
    ),
    _ecs("ecs-create-cluster-create-service-twin", None, ["ecs:CreateCluster", _REGISTER], None),
    _ecs("ecs-start-task", "ecs-start-task", [_REGISTER, "ecs:StartTask"], "ecs-instances"),
    _ecs("ecs-start-task-twin", None, [_REGISTER, "ecs:StartTask"], "ecs-cluster"),
    Case(
        "ecs-update-service",
        "ecs-update-service",
        (allow(["iam:PassRole", _REGISTER]), allow("ecs:UpdateService", ECS_SERVICE)),
        service="ecs-tasks.amazonaws.com",
        services=("iam", "ecs"),
        setup="ecs-service",
    ),
    Case(  # UpdateService on another service only
        "ecs-update-service-twin",
        None,
        (allow(["iam:PassRole", _REGISTER]), allow("ecs:UpdateService", f"{ECS_SERVICE}-b")),
        service="ecs-tasks.amazonaws.com",
        services=("iam", "ecs"),
        setup="ecs-service",
    ),
)
"""The ECS techniques (pathfinding.cloud ecs-001 to ecs-004 and the StartTask, UpdateService
variants): on an existing cluster, service or container instance, or a cluster created."""


def _workload(
    case_id: str, technique: str | None, statement: dict[str, Any], setup: str, service: str
) -> Case:
    """A start allowed ``statement`` beside an existing resource (``setup``) that runs as the
    administrator role (trusting ``service``).
    """
    return Case(
        case_id,
        technique,
        (statement,),
        service=service,
        services=("iam", setup.partition("-")[0]),
        setup=setup,
    )


PROJECT = f"arn:aws:codebuild:us-east-1:{ACCOUNT}:project/build"
DEV_ENDPOINT = f"arn:aws:glue:us-east-1:{ACCOUNT}:devEndpoint/dev"
GLUE_JOB = f"arn:aws:glue:us-east-1:{ACCOUNT}:job"
_STACK_SET = ["cloudformation:CreateStackSet", "cloudformation:CreateStackInstances"]
_INTERPRETER = [
    "bedrock-agentcore:CreateCodeInterpreter",
    "bedrock-agentcore:StartCodeInterpreterSession",
]
_TEMPLATE_VERSION = ["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"]
_LIFECYCLE = [
    "sagemaker:CreateNotebookInstanceLifecycleConfig",
    "sagemaker:StopNotebookInstance",
    "sagemaker:UpdateNotebookInstance",
]
WORKLOAD_CASES = (
    _workload(
        "codebuild-start-build",
        "codebuild-start-build",
        allow("codebuild:StartBuild", PROJECT),
        "codebuild-project",
        "codebuild.amazonaws.com",
    ),
    _workload(  # another project only
        "codebuild-start-build-twin",
        None,
        allow("codebuild:StartBuild", f"{PROJECT}-b"),
        "codebuild-project",
        "codebuild.amazonaws.com",
    ),
    _workload(  # the project's role trusts Lambda: CodeBuild cannot run as it
        "codebuild-start-build-untrusted-twin",
        None,
        allow("codebuild:StartBuild", PROJECT),
        "codebuild-project",
        "lambda.amazonaws.com",
    ),
    _workload(
        "codebuild-start-build-batch",
        "codebuild-start-build-batch",
        allow("codebuild:StartBuildBatch"),
        "codebuild-project",
        "codebuild.amazonaws.com",
    ),
    _workload(
        "codebuild-start-build-batch-twin",
        None,
        allow(["codebuild:BatchGetProjects", "codebuild:ListProjects"]),
        "codebuild-project",
        "codebuild.amazonaws.com",
    ),
    _workload(
        "cloudformation-update-stack",
        "cloudformation-update-stack",
        allow("cloudformation:UpdateStack"),
        "cloudformation-stack",
        "cloudformation.amazonaws.com",
    ),
    _workload(  # the stack has no service role: it deploys with its caller's rights
        "cloudformation-update-stack-twin",
        None,
        allow("cloudformation:UpdateStack"),
        "cloudformation-callers-stack",
        "cloudformation.amazonaws.com",
    ),
    _workload(
        "cloudformation-change-set",
        "cloudformation-change-set",
        allow(["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"]),
        "cloudformation-stack",
        "cloudformation.amazonaws.com",
    ),
    _workload(
        "cloudformation-change-set-twin",
        None,
        allow("cloudformation:CreateChangeSet"),
        "cloudformation-stack",
        "cloudformation.amazonaws.com",
    ),
    _workload(
        "cloudformation-update-stack-set",
        "cloudformation-update-stack-set",
        allow(["iam:PassRole", "cloudformation:UpdateStackSet"]),
        "cloudformation-stack-set",
        "cloudformation.amazonaws.com",
    ),
    _workload(  # the update restates the administration role, which it may not pass
        "cloudformation-update-stack-set-unpassed-twin",
        None,
        allow("cloudformation:UpdateStackSet"),
        "cloudformation-stack-set",
        "cloudformation.amazonaws.com",
    ),
    _workload(  # the stack set deploys nowhere in this account
        "cloudformation-update-stack-set-twin",
        None,
        allow("cloudformation:UpdateStackSet"),
        "cloudformation-idle-stack-set",
        "cloudformation.amazonaws.com",
    ),
    _workload(
        "glue-update-dev-endpoint",
        "glue-update-dev-endpoint",
        allow("glue:UpdateDevEndpoint", DEV_ENDPOINT),
        "glue-dev-endpoint",
        "glue.amazonaws.com",
    ),
    _workload(  # another endpoint only
        "glue-update-dev-endpoint-twin",
        None,
        allow("glue:UpdateDevEndpoint", f"{DEV_ENDPOINT}-b"),
        "glue-dev-endpoint",
        "glue.amazonaws.com",
    ),
    _workload(
        "sagemaker-presigned-notebook-url",
        "sagemaker-presigned-notebook-url",
        allow("sagemaker:CreatePresignedNotebookInstanceUrl"),
        "sagemaker-notebook",
        "sagemaker.amazonaws.com",
    ),
    _workload(  # the notebook is stopped: there is no server to open
        "sagemaker-presigned-notebook-url-twin",
        None,
        allow("sagemaker:CreatePresignedNotebookInstanceUrl"),
        "sagemaker-stopped-notebook",
        "sagemaker.amazonaws.com",
    ),
    _workload(
        "sagemaker-notebook-lifecycle-config",
        "sagemaker-notebook-lifecycle-config",
        allow([*_LIFECYCLE, "sagemaker:StartNotebookInstance"]),
        "sagemaker-stopped-notebook",
        "sagemaker.amazonaws.com",
    ),
    _workload(
        "sagemaker-notebook-lifecycle-config-twin",
        None,
        allow(_LIFECYCLE),
        "sagemaker-stopped-notebook",
        "sagemaker.amazonaws.com",
    ),
)
"""Existing resources that run as the administrator role."""


def _glue(case_id: str, technique: str | None, setup: str | None, *statements: Any) -> Case:
    """A start allowed ``statements`` and PassRole to Glue, beside the administrator role Glue
    may assume (and ``setup``'s Glue jobs).
    """
    return Case(
        case_id,
        technique,
        (allow("iam:PassRole"), *statements),
        service="glue.amazonaws.com",
        services=("iam", "glue"),
        setup=setup,
    )


GLUE_CASES = (
    _glue(
        "glue-update-job",
        "glue-update-job",
        "glue-jobs",
        allow(["glue:UpdateJob", "glue:StartJobRun"], f"{GLUE_JOB}/etl"),
    ),
    _glue(  # one job may be changed, the other run: neither both
        "glue-update-job-twin",
        None,
        "glue-jobs",
        allow("glue:UpdateJob", f"{GLUE_JOB}/etl"),
        allow("glue:StartJobRun", f"{GLUE_JOB}/etl-b"),
    ),
    _glue(
        "glue-update-job-trigger",
        "glue-update-job-trigger",
        "glue-jobs",
        allow(["glue:UpdateJob", "glue:CreateTrigger"]),
    ),
    _glue(  # no job to change
        "glue-update-job-trigger-twin", None, None, allow(["glue:UpdateJob", "glue:CreateTrigger"])
    ),
    _glue(
        "glue-create-job-trigger",
        "glue-create-job-trigger",
        None,
        allow(["glue:CreateJob", "glue:CreateTrigger"]),
    ),
    _glue("glue-create-job-trigger-twin", None, None, allow("glue:CreateJob")),
    _glue(
        "glue-create-session",
        "glue-create-session",
        None,
        allow(["glue:CreateSession", "glue:RunStatement"]),
    ),
    _glue("glue-create-session-twin", None, None, allow("glue:CreateSession")),
)
"""Glue jobs created or changed to run as a passed role."""

_BATCH = [
    "batch:CreateComputeEnvironment",
    "batch:CreateJobQueue",
    "batch:RegisterJobDefinition",
    "batch:SubmitJob",
]
_IMAGEBUILDER = [
    "imagebuilder:CreateComponent",
    "imagebuilder:CreateImageRecipe",
    "imagebuilder:CreateInfrastructureConfiguration",
    "imagebuilder:CreateImage",
]
_AGENTCORE_RUNTIME = [
    "bedrock-agentcore:CreateAgentRuntime",
    "bedrock-agentcore:CreateAgentRuntimeEndpoint",
    "bedrock-agentcore:CreateWorkloadIdentity",
    "bedrock-agentcore:InvokeAgentRuntimeCommand",
]
_AGENTCORE_BROWSER = [
    "bedrock-agentcore:CreateBrowser",
    "bedrock-agentcore:StartBrowserSession",
    "bedrock-agentcore:ConnectBrowserAutomationStream",
]
PASSED_ROLE: tuple[tuple[str, str, list[str], str], ...] = (
    (
        "ssm-automation-document",
        "ssm.amazonaws.com",
        ["ssm:CreateDocument", "ssm:StartAutomationExecution"],
        "ssm:StartAutomationExecution",
    ),
    ("batch-create-environment-submit", "ecs-tasks.amazonaws.com", _BATCH, "batch:CreateJobQueue"),
    (
        "emr-serverless-application",
        "emr-serverless.amazonaws.com",
        ["emr-serverless:CreateApplication", "emr-serverless:StartJobRun"],
        "emr-serverless:StartJobRun",
    ),
    (
        "kinesis-analytics-application",
        "kinesisanalytics.amazonaws.com",
        ["kinesisanalytics:CreateApplication", "kinesisanalytics:StartApplication"],
        "kinesisanalytics:StartApplication",
    ),
    ("braket-create-job", "braket.amazonaws.com", ["braket:CreateJob"], "iam:PassRole"),
    (
        "gamelift-create-fleet",
        "gamelift.amazonaws.com",
        ["gamelift:CreateBuild", "gamelift:RequestUploadCredentials", "gamelift:CreateFleet"],
        "gamelift:RequestUploadCredentials",
    ),
    ("imagebuilder-create-image", "ec2.amazonaws.com", _IMAGEBUILDER, "imagebuilder:CreateImage"),
    (
        "omics-workflow-run",
        "omics.amazonaws.com",
        ["omics:CreateWorkflow", "omics:StartRun"],
        "omics:CreateWorkflow",
    ),
    (
        "sagemaker-create-notebook-lifecycle",
        "sagemaker.amazonaws.com",
        ["sagemaker:CreateNotebookInstanceLifecycleConfig", "sagemaker:CreateNotebookInstance"],
        "sagemaker:CreateNotebookInstanceLifecycleConfig",
    ),
    (
        "bedrock-agentcore-runtime",
        "bedrock-agentcore.amazonaws.com",
        _AGENTCORE_RUNTIME,
        "bedrock-agentcore:InvokeAgentRuntimeCommand",
    ),
    (
        "bedrock-agentcore-browser",
        "bedrock-agentcore.amazonaws.com",
        _AGENTCORE_BROWSER,
        "bedrock-agentcore:ConnectBrowserAutomationStream",
    ),
)
"""Techniques that pass a role to a resource one creates: (technique, the service the role
trusts, the actions besides ``iam:PassRole``, the one the twin lacks)."""
NOTES = {
    "omics-workflow-run": (
        "the run writes the role's credentials to an S3 location the principal can read"
    ),
}
"""The condition a technique's path carries (what no snapshot shows)."""


def _passed_role(technique: str, service: str, actions: list[str], missing: str) -> list[Case]:
    """The technique's case (an administrator role trusting ``service``, with an instance
    profile for EC2) and its twin, allowed everything but ``missing``.
    """
    granted = ["iam:PassRole", *actions]
    profile = service == "ec2.amazonaws.com"
    condition = NOTES.get(technique)
    return [
        Case(
            technique,
            technique,
            (allow(granted),),
            service=service,
            profile=profile,
            condition=condition,
        ),
        Case(
            f"{technique}-twin",
            None,
            (allow([a for a in granted if a != missing]),),
            service=service,
            profile=profile,
        ),
    ]


CASES = (
    _bounded(
        "delete-user-boundary",
        "delete-user-permissions-boundary",
        "iam:DeleteUserPermissionsBoundary",
    ),
    _bounded("delete-user-boundary-twin", None, ""),
    _bounded(
        "delete-role-boundary",
        "delete-role-permissions-boundary",
        "iam:DeleteRolePermissionsBoundary",
        "role",
    ),
    Case(
        "delete-role-boundary-twin",  # the boundary allows the deletion on another role only
        None,
        (ADMIN,),
        "role",
        (allow("iam:DeleteRolePermissionsBoundary", f"{IAM}:role/other"), allow("s3:*")),
    ),
    _bounded("put-user-boundary", "put-user-permissions-boundary", _PUT_USER),
    Case(
        "put-user-boundary-twin",  # only the same boundary may be set again
        None,
        (ADMIN,),
        "user",
        (allow(_PUT_USER, StringEquals={"iam:PermissionsBoundary": BOUNDARY}), allow("s3:*")),
    ),
    _bounded(
        "put-role-boundary",
        "put-role-permissions-boundary",
        "iam:PutRolePermissionsBoundary",
        "role",
    ),
    # a role whose boundary lets it replace users' boundaries, not its own
    _bounded("put-role-boundary-twin", None, _PUT_USER, "role"),
    Case(
        "delete-boundary-then-rewrite",  # the boundary lets the rewrite through but caps it
        "put-user-policy",
        (allow(["iam:DeleteUserPermissionsBoundary", "iam:PutUserPolicy"]),),
        "user",
        (allow(["iam:DeleteUserPermissionsBoundary", "iam:PutUserPolicy"]),),
        steps=2,
    ),
    Case(
        "delete-boundary-then-rewrite-twin",
        None,
        (allow(["iam:DeleteUserPermissionsBoundary", "iam:PutUserPolicy"]),),
        "user",
        (allow("iam:PutUserPolicy"),),
    ),
    Case(
        "lambda-create-add-permission",
        "lambda-create-add-permission",
        (allow(["iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission"]),),
        service="lambda.amazonaws.com",
    ),
    Case(  # the permission it would add cannot overrule its own Deny on invoking
        "lambda-create-add-permission-denied-twin",
        None,
        (
            allow(["iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission"]),
            {"Effect": "Deny", "Action": "lambda:InvokeFunction", "Resource": "*"},
        ),
        service="lambda.amazonaws.com",
    ),
    Case(
        "lambda-create-add-permission-twin",
        None,
        (allow(["iam:PassRole", "lambda:CreateFunction"]),),
        service="lambda.amazonaws.com",
    ),
    Case(
        "ec2-request-spot-instances",
        "ec2-request-spot-instances",
        (allow(["iam:PassRole", "ec2:RequestSpotInstances"]),),
        service="ec2.amazonaws.com",
        profile=True,
    ),
    Case(
        "ec2-request-spot-instances-twin",  # the role has no instance profile to launch with
        None,
        (allow(["iam:PassRole", "ec2:RequestSpotInstances"]),),
        service="ec2.amazonaws.com",
    ),
    Case(
        "ec2-user-data-start",
        "ec2-user-data-start",
        (allow(["ec2:ModifyInstanceAttribute", "ec2:StartInstances"]),),
        service="ec2.amazonaws.com",
        profile=True,
        instance="stopped",
        services=("iam", "ec2"),
    ),
    Case(
        "ec2-user-data-start-twin",  # the instance runs: it would have to be stopped first
        None,
        (allow(["ec2:ModifyInstanceAttribute", "ec2:StartInstances"]),),
        service="ec2.amazonaws.com",
        profile=True,
        instance="running",
        services=("iam", "ec2"),
    ),
    Case(  # the profile's role trusts Lambda, not EC2: the instance gets no credentials
        "ec2-user-data-start-untrusted-twin",
        None,
        (allow(["ec2:ModifyInstanceAttribute", "ec2:StartInstances"]),),
        service="lambda.amazonaws.com",
        profile=True,
        instance="stopped",
        services=("iam", "ec2"),
    ),
    Case(
        "ec2-user-data-stop-start",
        "ec2-user-data-stop-start",
        (allow(["ec2:StopInstances", "ec2:ModifyInstanceAttribute", "ec2:StartInstances"]),),
        service="ec2.amazonaws.com",
        profile=True,
        instance="running",
        services=("iam", "ec2"),
    ),
    Case(
        "ec2-user-data-stop-start-twin",  # the instance's profile is not the administrator's
        None,
        (
            allow(
                ["ec2:StopInstances", "ec2:ModifyInstanceAttribute", "ec2:StartInstances"],
                f"arn:aws:ec2:*:{ACCOUNT}:instance/i-00000000000000000",
            ),
        ),
        service="ec2.amazonaws.com",
        profile=True,
        instance="running",
        services=("iam", "ec2"),
    ),
    *ECS_CASES,
    *WORKLOAD_CASES,
    *GLUE_CASES,
    Case(
        "cloudformation-create-stack-set",
        "cloudformation-create-stack-set",
        (allow(["iam:PassRole", *_STACK_SET]),),
        services=("iam",),
        setup="stack-set-roles",
        administrator=TARGET_ROLE,
    ),
    Case(  # the administrator role trusts someone else: the administration role cannot reach it
        "cloudformation-create-stack-set-twin",
        None,
        (allow(["iam:PassRole", *_STACK_SET]),),
        services=("iam",),
        setup="stack-set-roles-untrusting",
    ),
    Case(
        "delete-create-access-key",
        "delete-create-access-key",
        (allow(["iam:DeleteAccessKey", "iam:CreateAccessKey"], OPS_USER),),
        setup="two-key-administrator",
        administrator=OPS_USER,
    ),
    Case(  # a third key cannot be created, and none may be deleted
        "delete-create-access-key-twin",
        None,
        (allow("iam:CreateAccessKey", OPS_USER),),
        setup="two-key-administrator",
    ),
    Case(  # one key inactive: it still takes one of the two places
        "delete-create-access-key-inactive",
        "delete-create-access-key",
        (allow(["iam:DeleteAccessKey", "iam:CreateAccessKey"], OPS_USER),),
        setup="inactive-key-administrator",
        administrator=OPS_USER,
    ),
    Case(  # an inactive key counts toward the two: no third key, none may be deleted
        "delete-create-access-key-inactive-twin",
        None,
        (allow("iam:CreateAccessKey", OPS_USER),),
        setup="inactive-key-administrator",
    ),
    Case(
        "ec2-launch-template-version",
        "ec2-launch-template-version",
        (allow(["iam:PassRole", *_TEMPLATE_VERSION]),),
        service="ec2.amazonaws.com",
        profile=True,
        services=("iam", "autoscaling"),
        setup="auto-scaling-latest",
        condition="the Auto Scaling group launches an instance from the new version",
    ),
    Case(  # the group is pinned to version 1: a new default changes nothing it launches
        "ec2-launch-template-version-twin",
        None,
        (allow(["iam:PassRole", *_TEMPLATE_VERSION]),),
        service="ec2.amazonaws.com",
        profile=True,
        services=("iam", "autoscaling"),
        setup="auto-scaling-pinned",
    ),
    Case(
        "ec2-launch-template-existing-profile",
        "ec2-launch-template-existing-profile",
        (allow(_TEMPLATE_VERSION),),
        service="ec2.amazonaws.com",
        profile=True,
        services=("iam", "ec2", "autoscaling"),
        setup="auto-scaling-default-profiled",
        condition="the Auto Scaling group launches an instance from the new version",
    ),
    Case(  # the group is pinned to version 1
        "ec2-launch-template-existing-profile-twin",
        None,
        (allow(_TEMPLATE_VERSION),),
        service="ec2.amazonaws.com",
        profile=True,
        services=("iam", "ec2", "autoscaling"),
        setup="auto-scaling-pinned-profiled",
    ),
    Case(
        "bedrock-agentcore-code-interpreter",
        "bedrock-agentcore-code-interpreter",
        (allow(["iam:PassRole", *_INTERPRETER, "bedrock-agentcore:InvokeCodeInterpreter"]),),
        service="bedrock-agentcore.amazonaws.com",
    ),
    Case(  # a session can be started, no code run in it
        "bedrock-agentcore-code-interpreter-twin",
        None,
        (allow(["iam:PassRole", *_INTERPRETER]),),
        service="bedrock-agentcore.amazonaws.com",
    ),
    Case(
        "apprunner-create-service",
        "apprunner-create-service",
        (allow(["iam:PassRole", "apprunner:CreateService"]),),
        service="tasks.apprunner.amazonaws.com",
    ),
    Case(  # the role trusts App Runner's build service (image pulls), not its tasks
        "apprunner-create-service-twin",
        None,
        (allow(["iam:PassRole", "apprunner:CreateService"]),),
        service="build.apprunner.amazonaws.com",
    ),
    *(
        case
        for technique, service, actions, missing in PASSED_ROLE
        for case in _passed_role(technique, service, actions, missing)
    ),
    Case(  # the batch job may be submitted to no job queue but an existing one's
        "batch-create-environment-submit-queue-twin",
        None,
        (
            allow(["iam:PassRole", *_BATCH[:3]]),
            allow("batch:SubmitJob", f"arn:aws:batch:us-east-1:{ACCOUNT}:job-definition/*"),
            allow("batch:SubmitJob", f"arn:aws:batch:us-east-1:{ACCOUNT}:job-queue/prod"),
        ),
        service="ecs-tasks.amazonaws.com",
    ),
    Case(  # the role has no instance profile: Image Builder's instance gets no credentials
        "imagebuilder-create-image-profileless-twin",
        None,
        (allow(["iam:PassRole", *_IMAGEBUILDER]),),
        service="ec2.amazonaws.com",
    ),
    Case(
        "emr-run-job-flow",
        "emr-run-job-flow",
        (allow(["iam:PassRole", "elasticmapreduce:RunJobFlow"]),),
        service="ec2.amazonaws.com",
        profile=True,
        setup="emr-service-role",
    ),
    Case(  # no role in the account trusts EMR: the cluster has no service role to run as
        "emr-run-job-flow-twin",
        None,
        (allow(["iam:PassRole", "elasticmapreduce:RunJobFlow"]),),
        service="ec2.amazonaws.com",
        profile=True,
    ),
    Case(  # the service role may not be passed
        "emr-run-job-flow-service-role-twin",
        None,
        (
            allow("iam:PassRole", TARGET_ROLE),
            allow("elasticmapreduce:RunJobFlow"),
        ),
        service="ec2.amazonaws.com",
        profile=True,
        setup="emr-service-role",
    ),
    Case(  # the role may be passed to Lambda only
        "ssm-automation-document-passed-elsewhere-twin",
        None,
        (
            allow("iam:PassRole", StringEquals={"iam:PassedToService": "lambda.amazonaws.com"}),
            allow(["ssm:CreateDocument", "ssm:StartAutomationExecution"]),
        ),
        service="ssm.amazonaws.com",
    ),
)


@pytest.fixture
def session(reset_session: AwsSession) -> AwsSession:
    """Every case on the module's one moto account (``conftest.moto_module``), reset."""
    return reset_session


def _start(iam: Any, case: Case) -> str:
    """The starting principal, its inline policy and boundary; its ARN."""
    bounded: dict[str, Any] = {}
    if case.boundary:
        iam.create_policy(PolicyName="boundary", PolicyDocument=document(*case.boundary))
        bounded["PermissionsBoundary"] = BOUNDARY
    if case.start == "role":
        trust = {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}
        iam.create_role(RoleName="start", AssumeRolePolicyDocument=document(trust), **bounded)
        iam.put_role_policy(
            RoleName="start", PolicyName="p", PolicyDocument=document(*case.identity)
        )
        return START_ROLE
    iam.create_user(UserName="start", **bounded)
    iam.put_user_policy(UserName="start", PolicyName="p", PolicyDocument=document(*case.identity))
    return START_USER


def _target(iam: Any, case: Case) -> None:
    """The administrator role the case's service runs as (with its profile and instance)."""
    if case.service is None:
        return
    trust = {"Effect": "Allow", "Principal": {"Service": case.service}, "Action": "sts:AssumeRole"}
    iam.create_role(RoleName="target", AssumeRolePolicyDocument=document(trust))
    iam.put_role_policy(RoleName="target", PolicyName="admin", PolicyDocument=document(ADMIN))
    if case.profile:
        iam.create_instance_profile(InstanceProfileName=PROFILE)
        iam.add_role_to_instance_profile(InstanceProfileName=PROFILE, RoleName="target")
    if case.instance is not None:
        ec2 = raw_client("ec2")
        (instance,) = ec2.run_instances(
            ImageId="ami-12345678", MinCount=1, MaxCount=1, IamInstanceProfile={"Name": PROFILE}
        )["Instances"]
        if case.instance == "stopped":
            ec2.stop_instances(InstanceIds=[instance["InstanceId"]])


def user_boundary(parsed: dict[str, Any], **_: Any) -> None:
    """An after-call hook giving the starting user its boundary in the authorisation details:
    moto 5 accepts ``PermissionsBoundary`` on ``CreateUser`` but keeps nothing of it (and
    lacks ``PutUserPermissionsBoundary``), while roles keep theirs.
    """
    for user in parsed.get("UserDetailList", []):
        if user.get("UserName") == "start":
            user["PermissionsBoundary"] = {
                "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                "PermissionsBoundaryArn": BOUNDARY,
            }


def _ecs_cluster() -> None:
    raw_client("ecs").create_cluster(clusterName="apps")


def _ecs_instances() -> None:
    """A cluster with one EC2 container instance registered (where StartTask places tasks)."""
    _ecs_cluster()
    (instance,) = raw_client("ec2").run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1)[
        "Instances"
    ]
    document = json.dumps({"instanceId": instance["InstanceId"]})
    raw_client("ecs").register_container_instance(cluster="apps", instanceIdentityDocument=document)


def _ecs_service() -> None:
    """A cluster running a service ``web`` (its task definition has no task role)."""
    _ecs_cluster()
    ecs = raw_client("ecs")
    ecs.register_task_definition(
        family="web", containerDefinitions=[{"name": "web", "image": "web:1", "memory": 128}]
    )
    ecs.create_service(cluster="apps", serviceName="web", taskDefinition="web", desiredCount=1)


TEMPLATE = json.dumps(
    {"Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "baseline"}}}}
)


def _stack(role: bool) -> Callable[[], None]:
    def create() -> None:
        extra = {"RoleARN": TARGET_ROLE} if role else {}
        raw_client("cloudformation").create_stack(StackName="app", TemplateBody=TEMPLATE, **extra)

    return create


def _stack_set(deployed: bool) -> Callable[[], None]:
    """A self-managed stack set deploying as the administrator role (``target``), with a stack
    instance in this account or none.
    """

    def create() -> None:
        cloudformation = raw_client("cloudformation")
        cloudformation.create_stack_set(
            StackSetName="baseline",
            TemplateBody=TEMPLATE,
            AdministrationRoleARN=f"{IAM}:role/AWSCloudFormationStackSetAdministrationRole",
            ExecutionRoleName="target",
        )
        if deployed:
            cloudformation.create_stack_instances(
                StackSetName="baseline", Accounts=[ACCOUNT], Regions=["us-east-1"]
            )

    return create


def _glue_jobs() -> None:
    glue = raw_client("glue")
    for name in ("etl", "etl-b"):
        command = {"Name": "glueetl", "ScriptLocation": f"s3://scripts/{name}.py"}
        glue.create_job(Name=name, Role=f"{IAM}:role/etl", Command=command)


def _notebook(stopped: bool) -> Callable[[], None]:
    def create() -> None:
        sagemaker = raw_client("sagemaker")
        sagemaker.create_notebook_instance(
            NotebookInstanceName="nb", InstanceType="ml.t2.medium", RoleArn=TARGET_ROLE
        )
        if stopped:
            sagemaker.stop_notebook_instance(NotebookInstanceName="nb")

    return create


def _auto_scaling(version: str, profile: bool = False) -> Callable[[], None]:
    """A launch template (naming the administrator role's instance profile, or none) and an
    Auto Scaling group launching from ``version`` of it.
    """

    def create() -> None:
        data: dict[str, Any] = {"ImageId": "ami-12345678", "InstanceType": "t3.micro"}
        if profile:
            data["IamInstanceProfile"] = {"Name": PROFILE}
        template = raw_client("ec2").create_launch_template(
            LaunchTemplateName="web", LaunchTemplateData=data
        )["LaunchTemplate"]
        raw_client("autoscaling").create_auto_scaling_group(
            AutoScalingGroupName="web",
            LaunchTemplate={"LaunchTemplateId": template["LaunchTemplateId"], "Version": version},
            MinSize=0,
            MaxSize=1,
            AvailabilityZones=["us-east-1a"],
        )

    return create


def _two_key_administrator(inactive: bool = False) -> Callable[[], None]:
    """A user ``ops`` with an administrator policy and both access keys IAM allows a user
    (the first made inactive when ``inactive``: it still counts toward the two).
    """

    def create() -> None:
        iam = raw_client("iam")
        iam.create_user(UserName="ops")
        iam.put_user_policy(UserName="ops", PolicyName="admin", PolicyDocument=document(ADMIN))
        keys = [iam.create_access_key(UserName="ops")["AccessKey"] for _ in range(2)]
        if inactive:
            iam.update_access_key(
                UserName="ops", AccessKeyId=keys[0]["AccessKeyId"], Status="Inactive"
            )

    return create


def _stack_set_roles(trusting_admin: bool) -> Callable[[], None]:
    """A stack set administration role (trusting CloudFormation, allowed to assume any role)
    and an administrator role ``target`` trusting it, or trusting another account.
    """

    def create() -> None:
        iam = raw_client("iam")
        service = {"Service": "cloudformation.amazonaws.com"}
        trust = {"Effect": "Allow", "Principal": service, "Action": "sts:AssumeRole"}
        iam.create_role(RoleName="StackSetAdmin", AssumeRolePolicyDocument=document(trust))
        assume = allow("sts:AssumeRole", f"{IAM}:role/*")
        iam.put_role_policy(
            RoleName="StackSetAdmin", PolicyName="p", PolicyDocument=document(assume)
        )
        who = f"{IAM}:role/StackSetAdmin" if trusting_admin else "arn:aws:iam::210987654321:root"
        trust = {"Effect": "Allow", "Principal": {"AWS": who}, "Action": "sts:AssumeRole"}
        iam.create_role(RoleName="target", AssumeRolePolicyDocument=document(trust))
        iam.put_role_policy(RoleName="target", PolicyName="admin", PolicyDocument=document(ADMIN))

    return create


def _emr_service_role() -> None:
    """A role EMR may assume: the service role a cluster is run with."""
    trust = {
        "Effect": "Allow",
        "Principal": {"Service": "elasticmapreduce.amazonaws.com"},
        "Action": "sts:AssumeRole",
    }
    raw_client("iam").create_role(RoleName="emr-service", AssumeRolePolicyDocument=document(trust))


SETUPS: dict[str, Callable[[], None]] = {
    "emr-service-role": _emr_service_role,
    "stack-set-roles": _stack_set_roles(trusting_admin=True),
    "stack-set-roles-untrusting": _stack_set_roles(trusting_admin=False),
    "two-key-administrator": _two_key_administrator(),
    "inactive-key-administrator": _two_key_administrator(inactive=True),
    "auto-scaling-latest": _auto_scaling("$Latest"),
    "auto-scaling-pinned": _auto_scaling("1"),
    "auto-scaling-default-profiled": _auto_scaling("$Default", profile=True),
    "auto-scaling-pinned-profiled": _auto_scaling("1", profile=True),
    "glue-jobs": _glue_jobs,
    "glue-dev-endpoint": lambda: raw_client("glue").create_dev_endpoint(
        EndpointName="dev", RoleArn=TARGET_ROLE
    ),
    "sagemaker-notebook": _notebook(stopped=False),
    "sagemaker-stopped-notebook": _notebook(stopped=True),
    "cloudformation-stack": _stack(role=True),
    "cloudformation-callers-stack": _stack(role=False),
    "cloudformation-stack-set": _stack_set(deployed=True),
    "cloudformation-idle-stack-set": _stack_set(deployed=False),
    "codebuild-project": lambda: codebuild_project("build", TARGET_ROLE),
    "ecs-cluster": _ecs_cluster,
    "ecs-instances": _ecs_instances,
    "ecs-service": _ecs_service,
}


def build(session: AwsSession, case: Case) -> Snapshot:
    """Build the case in the fresh account, collect it with the real collectors."""
    iam = raw_client("iam")
    start = _start(iam, case)
    _target(iam, case)
    if case.setup is not None:
        SETUPS[case.setup]()
    iam.generate_credential_report()
    event = "after-call.iam.GetAccountAuthorizationDetails"
    hooked = case.start == "user" and bool(case.boundary)
    if hooked:
        session.boto.events.register(event, user_boundary)
    try:
        snapshot = collect(session, services=list(case.services))
    finally:
        if hooked:
            session.boto.events.unregister(event, user_boundary)
    gaps = [g for g in snapshot.gaps if (g.service, g.operation) not in MOTO_LACKS]
    assert not gaps, gaps
    assert start in {r.arn for r in snapshot.resources if r.kind in ("iam.user", "iam.role")}
    return snapshot


def test_every_case_names_a_catalogued_technique_and_each_has_a_twin() -> None:
    known = {t.id for t in TECHNIQUES}
    found = {c.technique for c in CASES if c.technique is not None}
    assert found <= known
    ids = {c.id for c in CASES}
    assert all(f"{c.id}-twin" in ids for c in CASES if c.technique is not None)
    assert all(c.id.endswith("twin") for c in CASES if c.technique is None)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_technique_is_found_and_its_twin_is_not(session: AwsSession, case: Case) -> None:
    snapshot = build(session, case)
    start = START_ROLE if case.start == "role" else START_USER
    paths = escalation_paths(snapshot)
    if case.technique is None:
        assert start not in paths, paths[start].to_json()
        return
    assert start in paths, f"{case.id}: no path"
    path = paths[start]
    assert len(path.steps) == case.steps, path.to_json()
    assert path.conditions == ((case.condition,) if case.condition else ()), path.to_json()
    techniques = [step.technique for step in path.steps]
    assert case.technique in techniques, path.to_json()
    assert path.steps[0].principal == start
    if case.administrator is not None:
        assert path.administrator == case.administrator
    elif case.service is not None:
        assert path.administrator == TARGET_ROLE
    else:  # the principal itself, its boundary lifted (and, maybe, its policy rewritten)
        assert path.administrator == start
        assert any(t.endswith("-permissions-boundary") for t in techniques), techniques
