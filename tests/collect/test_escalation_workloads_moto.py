"""The escalation techniques on collected Batch resources, running ECS tasks, existing ECS
task definitions, CodeDeploy deployment groups and Cognito identity pools (pathfinding.cloud
batch-001, batch-002, ecs-006, ecs-008, ecs-009, codedeploy-001, cognitoidentity-001), each
built in moto with its non-exploitable twins, and the collectors' reads behind them.

Cases are :class:`~tests.collect.test_escalation_catalogue_moto.Case` s, built the same way
(the same starting principal and administrator role ``target``) with this module's service
resources; a twin (no technique) must not escalate at all.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import pytest
from moto.moto_api import state_manager

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate.iam.escalation import TECHNIQUES, escalation_paths
from incloud.snapshot import Snapshot
from incloud.snapshot.batch import BatchComputeEnvironment, BatchJobDefinition, BatchJobQueue
from incloud.snapshot.codedeploy import CodeDeployDeploymentGroup, Ec2TagFilter
from incloud.snapshot.cognitoidentity import CognitoIdentityPool
from incloud.snapshot.ecs import EcsTask, EcsTaskDefinition
from tests.collect.moto_account import ACCOUNT, make_session, raw_client
from tests.collect.test_escalation_catalogue_moto import (
    ADMIN,
    MOTO_LACKS,
    PROFILE,
    START_USER,
    TARGET_ROLE,
    Case,
    _start,
    _target,
    allow,
    document,
)

BATCH = f"arn:aws:batch:us-east-1:{ACCOUNT}"
JOB_DEFINITION = f"{BATCH}:job-definition/*"
JOB_QUEUE = f"{BATCH}:job-queue/jobs"
TASK_DEFINITION = f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/web:1"
TASKS = "ecs-tasks.amazonaws.com"
PULL_ROLE = f"arn:aws:iam::{ACCOUNT}:role/pull"
_REGISTER_SUBMIT = ["iam:PassRole", "batch:RegisterJobDefinition", "batch:SubmitJob"]


def _case(case_id: str, technique: str | None, *statements: dict[str, Any], setup: str) -> Case:
    """A start allowed ``statements`` beside an administrator role ECS tasks (Batch job
    containers among them) run as, and ``setup``'s resources.
    """
    service = setup.partition("-")[0]
    return Case(
        case_id, technique, statements, service=TASKS, services=("iam", service), setup=setup
    )


CASES: tuple[Case, ...] = (
    _case(
        "batch-register-submit",
        "batch-register-submit",
        allow(_REGISTER_SUBMIT),
        setup="batch-queue",
    ),
    _case(
        "batch-register-submit-twin", None, allow(_REGISTER_SUBMIT), setup="batch-disabled-queue"
    ),
    _case(  # the queue's only compute environment is disabled
        "batch-register-submit-disabled-environment-twin",
        None,
        allow(_REGISTER_SUBMIT),
        setup="batch-disabled-environment",
    ),
    _case(  # SubmitJob on job definitions, not on the queue
        "batch-register-submit-other-queue-twin",
        None,
        allow(["iam:PassRole", "batch:RegisterJobDefinition"]),
        allow("batch:SubmitJob", JOB_DEFINITION),
        setup="batch-queue",
    ),
    _case(
        "batch-submit-job", "batch-submit-job", allow("batch:SubmitJob"), setup="batch-definition"
    ),
    _case(  # SubmitJob on the job definition, not on the queue
        "batch-submit-job-twin",
        None,
        allow("batch:SubmitJob", JOB_DEFINITION),
        setup="batch-definition",
    ),
    _case(  # the definition has no queue to run on
        "batch-submit-job-no-queue-twin",
        None,
        allow("batch:SubmitJob"),
        setup="batch-lone-definition",
    ),
    _case(
        "ecs-execute-command",
        "ecs-execute-command",
        allow(["ecs:ExecuteCommand", "ecs:DescribeTasks"]),
        setup="ecs-exec-task",
    ),
    _case(  # the task runs without ECS Exec
        "ecs-execute-command-twin",
        None,
        allow(["ecs:ExecuteCommand", "ecs:DescribeTasks"]),
        setup="ecs-task",
    ),
    _case(  # ExecuteCommand on tasks, not on their cluster
        "ecs-execute-command-task-only-twin",
        None,
        allow("ecs:ExecuteCommand", f"arn:aws:ecs:us-east-1:{ACCOUNT}:task/*"),
        allow("ecs:DescribeTasks"),
        setup="ecs-exec-task",
    ),
    _case(  # the task cannot be found (DescribeTasks is missing)
        "ecs-execute-command-undescribed-twin",
        None,
        allow("ecs:ExecuteCommand"),
        setup="ecs-exec-task",
    ),
    _case(
        "ecs-run-task-override",
        "ecs-run-task-override",
        allow(["iam:PassRole", "ecs:RunTask"]),
        setup="ecs-task-definition",
    ),
    _case(  # a task definition, no cluster to run it on
        "ecs-run-task-override-twin",
        None,
        allow(["iam:PassRole", "ecs:RunTask"]),
        setup="ecs-lone-task-definition",
    ),
    _case(  # RunTask on another family's definitions only
        "ecs-run-task-override-other-definition-twin",
        None,
        allow("iam:PassRole"),
        allow("ecs:RunTask", TASK_DEFINITION.replace("web:1", "api:*")),
        setup="ecs-task-definition",
    ),
    _case(  # the definition's execution role is passed too
        "ecs-run-task-override-execution-role",
        "ecs-run-task-override",
        allow(["iam:PassRole", "ecs:RunTask"]),
        setup="ecs-task-definition-pull",
    ),
    _case(  # PassRole on the role, not on the definition's execution role
        "ecs-run-task-override-execution-role-twin",
        None,
        allow("iam:PassRole", TARGET_ROLE),
        allow("ecs:RunTask"),
        setup="ecs-task-definition-pull",
    ),
    _case(
        "ecs-start-task-override",
        "ecs-start-task-override",
        allow(["iam:PassRole", "ecs:StartTask"]),
        setup="ecs-instances-task-definition",
    ),
    _case(  # the cluster has no container instance to start the task on
        "ecs-start-task-override-twin",
        None,
        allow(["iam:PassRole", "ecs:StartTask"]),
        setup="ecs-task-definition",
    ),
)


_DEPLOY = [
    "codedeploy:CreateDeployment",
    "codedeploy:RegisterApplicationRevision",
    "codedeploy:GetDeploymentConfig",
]
_AGENT = "the CodeDeploy agent runs on the group's instances and fetches the revision"
DEPLOYMENT_GROUP = f"arn:aws:codedeploy:us-east-1:{ACCOUNT}:deploymentgroup:web/prod"
APPLICATION = f"arn:aws:codedeploy:us-east-1:{ACCOUNT}:application:web"
DEPLOYMENT_CONFIGS = f"arn:aws:codedeploy:us-east-1:{ACCOUNT}:deploymentconfig:*"


def _deploy(case_id: str, technique: str | None, *statements: dict[str, Any], setup: str) -> Case:
    """A start allowed ``statements`` beside a deployment group (``setup``) and the
    administrator role's instance profile.
    """
    return Case(
        case_id,
        technique,
        statements,
        service="ec2.amazonaws.com",
        profile=True,
        services=("iam", "ec2", "codedeploy"),
        setup=setup,
        condition=_AGENT if technique else None,
    )


CASES = (
    *CASES,
    _deploy(
        "codedeploy-create-deployment",
        "codedeploy-create-deployment",
        allow(_DEPLOY),
        setup="codedeploy-tagged",
    ),
    _deploy(  # the group's tag filter matches no instance with the profile
        "codedeploy-create-deployment-twin", None, allow(_DEPLOY), setup="codedeploy-untagged"
    ),
    _deploy(  # the instance the group targets is stopped
        "codedeploy-create-deployment-stopped-twin",
        None,
        allow(_DEPLOY),
        setup="codedeploy-stopped",
    ),
    _deploy(  # CreateDeployment on another group only
        "codedeploy-create-deployment-other-group-twin",
        None,
        allow(_DEPLOY[1:]),
        allow("codedeploy:CreateDeployment", f"{DEPLOYMENT_GROUP}-b"),
        setup="codedeploy-tagged",
    ),
    _deploy(  # every request scoped to the group's own application and group
        "codedeploy-create-deployment-scoped",
        "codedeploy-create-deployment",
        allow("codedeploy:CreateDeployment", DEPLOYMENT_GROUP),
        allow("codedeploy:RegisterApplicationRevision", APPLICATION),
        allow("codedeploy:GetDeploymentConfig", DEPLOYMENT_CONFIGS),
        setup="codedeploy-tagged",
    ),
    _deploy(  # the revision may be registered with another application only
        "codedeploy-create-deployment-scoped-twin",
        None,
        allow("codedeploy:CreateDeployment", DEPLOYMENT_GROUP),
        allow("codedeploy:RegisterApplicationRevision", f"{APPLICATION}-b"),
        allow("codedeploy:GetDeploymentConfig", DEPLOYMENT_CONFIGS),
        setup="codedeploy-tagged",
    ),
    _deploy(  # a revision cannot be registered
        "codedeploy-create-deployment-unregistered-twin",
        None,
        allow(["codedeploy:CreateDeployment", "codedeploy:GetDeploymentConfig"]),
        setup="codedeploy-tagged",
    ),
)


_SET_ROLES = ["iam:PassRole", "cognito-identity:SetIdentityPoolRoles"]
_BASIC_FLOW = "the basic flow hands the pool's guests the role's own permissions (no scope-down)"


def _cognito(case_id: str, technique: str | None, setup: str, *actions: str) -> Case:
    """A start allowed ``actions`` (PassRole and SetIdentityPoolRoles by default) beside an
    identity pool and an administrator role whose trust admits some of its identities
    (``setup``).
    """
    return Case(
        case_id,
        technique,
        (allow(list(actions) or _SET_ROLES),),
        services=("iam", "cognito-identity"),
        setup=setup,
        condition=_BASIC_FLOW if technique else None,
    )


CASES = (
    *CASES,
    _cognito(
        "cognito-set-identity-pool-roles", "cognito-set-identity-pool-roles", "cognito-guests"
    ),
    _cognito("cognito-set-identity-pool-roles-twin", None, "cognito-members"),  # no guests
    _cognito("cognito-set-identity-pool-roles-classic-off-twin", None, "cognito-basic-off"),
    _cognito(  # the role trusts another pool's identities
        "cognito-set-identity-pool-roles-other-pool-twin", None, "cognito-other-pool"
    ),
    _cognito(  # the role trusts the pool's authenticated identities only
        "cognito-set-identity-pool-roles-authenticated-twin", None, "cognito-authenticated"
    ),
    _cognito(  # the role cannot be set on the pool
        "cognito-set-identity-pool-roles-unset-twin", None, "cognito-guests", "iam:PassRole"
    ),
)


def _identity_pool(
    guests: bool = True, audience: str | None = None, amr: str = "unauthenticated"
) -> Callable[[], None]:
    """An identity pool (open to guests or not) and the administrator role ``target``,
    trusting the identities of that pool (or of ``audience``) whose ``amr`` is ``amr``.
    """

    def create() -> None:
        pool = raw_client("cognito-identity").create_identity_pool(
            IdentityPoolName="app", AllowUnauthenticatedIdentities=guests
        )["IdentityPoolId"]
        provider = "cognito-identity.amazonaws.com"
        trust = {
            "Effect": "Allow",
            "Principal": {"Federated": provider},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                "StringEquals": {f"{provider}:aud": audience or pool},
                "ForAnyValue:StringLike": {f"{provider}:amr": amr},
            },
        }
        iam = raw_client("iam")
        iam.create_role(RoleName="target", AssumeRolePolicyDocument=document(trust))
        iam.put_role_policy(RoleName="target", PolicyName="admin", PolicyDocument=document(ADMIN))

    return create


def basic_flow_on(parsed: dict[str, Any], **_: Any) -> None:
    """An after-call hook turning the basic flow on in ``DescribeIdentityPool``'s answer: moto
    5 keeps no ``AllowClassicFlow``.
    """
    parsed["AllowClassicFlow"] = True


def _codedeploy(tag: str, stopped: bool = False) -> Callable[[], None]:
    """An EC2/on-premises application ``web`` whose group ``prod`` targets instances tagged
    ``app=web``, and an instance with the administrator role's profile tagged ``app=tag``.
    """

    def create() -> None:
        codedeploy = raw_client("codedeploy")
        codedeploy.create_application(applicationName="web", computePlatform="Server")
        codedeploy.create_deployment_group(
            applicationName="web",
            deploymentGroupName="prod",
            serviceRoleArn=f"arn:aws:iam::{ACCOUNT}:role/deployer",
            ec2TagFilters=[{"Key": "app", "Value": "web", "Type": "KEY_AND_VALUE"}],
        )
        ec2 = raw_client("ec2")
        (instance,) = ec2.run_instances(
            ImageId="ami-12345678",
            MinCount=1,
            MaxCount=1,
            IamInstanceProfile={"Name": PROFILE},
            TagSpecifications=[
                {"ResourceType": "instance", "Tags": [{"Key": "app", "Value": tag}]}
            ],
        )["Instances"]
        if stopped:
            ec2.stop_instances(InstanceIds=[instance["InstanceId"]])

    return create


def _batch(
    queue: str = "ENABLED",
    environment: str = "ENABLED",
    definition: bool = True,
    with_queue: bool = True,
) -> Callable[[], None]:
    """A Batch compute environment and queue (``queue`` and ``environment`` their states), and
    a job definition whose job role is the administrator role, or none.
    """

    def create() -> None:
        batch = raw_client("batch")
        if with_queue:
            service = raw_client("iam").create_role(
                RoleName="batch-service", AssumeRolePolicyDocument="{}"
            )["Role"]["Arn"]
            compute = batch.create_compute_environment(
                computeEnvironmentName="compute",
                type="UNMANAGED",
                state=environment,
                serviceRole=service,
            )["computeEnvironmentArn"]
            batch.create_job_queue(
                jobQueueName="jobs",
                state=queue,
                priority=1,
                computeEnvironmentOrder=[{"order": 1, "computeEnvironment": compute}],
            )
        if definition:
            batch.register_job_definition(
                jobDefinitionName="nightly",
                type="container",
                containerProperties={
                    "image": "busybox",
                    "vcpus": 1,
                    "memory": 128,
                    "command": ["true"],
                    "jobRoleArn": TARGET_ROLE,
                },
            )

    return create


def _ecs(
    cluster: bool = True,
    instances: bool = False,
    task_role: bool = False,
    run: bool = False,
    execution_role: bool = False,
) -> Callable[[], None]:
    """A task definition ``web`` (its task role the administrator role, or none; with an
    execution role ``pull`` or none), a cluster (with a container instance) and a running
    Fargate task of it, as asked.
    """

    def create() -> None:
        ecs = raw_client("ecs")
        extra = {"taskRoleArn": TARGET_ROLE} if task_role else {}
        if execution_role:
            extra["executionRoleArn"] = PULL_ROLE
        ecs.register_task_definition(
            family="web",
            containerDefinitions=[{"name": "web", "image": "web:1", "memory": 128}],
            **extra,
        )
        if cluster:
            ecs.create_cluster(clusterName="apps")
        if instances:
            (instance,) = raw_client("ec2").run_instances(
                ImageId="ami-12345678", MinCount=1, MaxCount=1
            )["Instances"]
            document = json.dumps({"instanceId": instance["InstanceId"]})
            ecs.register_container_instance(cluster="apps", instanceIdentityDocument=document)
        if run:
            ecs.run_task(cluster="apps", taskDefinition="web", launchType="FARGATE")

    return create


SETUPS: dict[str, Callable[[], None]] = {
    "batch-queue": _batch(definition=False),
    "batch-disabled-queue": _batch(queue="DISABLED", definition=False),
    "batch-disabled-environment": _batch(environment="DISABLED", definition=False),
    "batch-definition": _batch(),
    "batch-lone-definition": _batch(with_queue=False),
    "ecs-exec-task": _ecs(task_role=True, run=True),
    "ecs-task": _ecs(task_role=True, run=True),
    "ecs-task-definition": _ecs(),
    "ecs-task-definition-pull": _ecs(execution_role=True),
    "ecs-lone-task-definition": _ecs(cluster=False),
    "ecs-instances-task-definition": _ecs(instances=True),
    "codedeploy-tagged": _codedeploy("web"),
    "codedeploy-untagged": _codedeploy("api"),
    "codedeploy-stopped": _codedeploy("web", stopped=True),
    "cognito-guests": _identity_pool(),
    "cognito-members": _identity_pool(guests=False),
    "cognito-basic-off": _identity_pool(),
    "cognito-other-pool": _identity_pool(audience="us-east-1:00000000-0000-0000-0000-000000000000"),
    "cognito-authenticated": _identity_pool(amr="authenticated"),
}


def ecs_exec_on(parsed: dict[str, Any], **_: Any) -> None:
    """An after-call hook turning ECS Exec on in ``DescribeTasks`` answers: moto 5 keeps no
    ``enableExecuteCommand`` (``RunTask`` ignores it).
    """
    for task in parsed.get("tasks", []):
        task["enableExecuteCommand"] = True


_BASIC = ("after-call.cognito-identity.DescribeIdentityPool", basic_flow_on)
HOOKS = {
    "ecs-exec-task": ("after-call.ecs.DescribeTasks", ecs_exec_on),
    **dict.fromkeys(
        ("cognito-guests", "cognito-members", "cognito-other-pool", "cognito-authenticated"),
        _BASIC,
    ),
}


@contextmanager
def hooked(session: AwsSession, event: str, handler: Callable[..., Any]) -> Iterator[None]:
    """``handler`` on ``event`` of the session's client of the event's service in us-east-1
    while the block runs (clients are cached across cases: a hook on the session would be
    copied into one once).
    """
    events = session.client(event.split(".")[1], "us-east-1").meta.events
    events.register_first(event, handler)
    try:
        yield
    finally:
        events.unregister(event, handler)


@pytest.fixture
def session(reset_session: AwsSession) -> Iterator[AwsSession]:
    """Every case on the module's one moto account (``conftest.moto_module``), reset; ECS
    tasks stay ``RUNNING`` (moto moves a task on towards ``STOPPED`` at each describe).
    """
    state_manager.set_transition(
        model_name="ecs::task", transition={"progression": "manual", "times": 10**6}
    )
    try:
        yield reset_session
    finally:
        state_manager.unset_transition("ecs::task")


def build(session: AwsSession, case: Case) -> Snapshot:
    """Build the case in the fresh account, collect it with the real collectors."""
    iam = raw_client("iam")
    _start(iam, case)
    _target(iam, case)
    assert case.setup is not None
    SETUPS[case.setup]()
    iam.generate_credential_report()
    hook = HOOKS.get(case.setup)
    with hooked(session, *hook) if hook is not None else nullcontext():
        snapshot = collect(session, services=list(case.services))
    gaps = [g for g in snapshot.gaps if (g.service, g.operation) not in MOTO_LACKS]
    assert not gaps, gaps
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
    paths = escalation_paths(snapshot)
    if case.technique is None:
        assert START_USER not in paths, paths[START_USER].to_json()
        return
    assert START_USER in paths, f"{case.id}: no path"
    path = paths[START_USER]
    assert len(path.steps) == 1, path.to_json()
    assert path.conditions == ((case.condition,) if case.condition else ()), path.to_json()
    assert path.steps[0].technique == case.technique, path.to_json()
    assert path.steps[0].principal == START_USER
    assert path.administrator == TARGET_ROLE


def seed_workloads() -> None:
    """A Batch queue on a valid environment and a job definition with a job role, and a
    running ECS task (what the Batch collector and the ECS task reads need to be exercised).
    """
    _batch()()
    ecs = raw_client("ecs")
    ecs.register_task_definition(
        family="runner",
        containerDefinitions=[{"name": "runner", "image": "runner:1", "memory": 128}],
        taskRoleArn=f"arn:aws:iam::{ACCOUNT}:role/runner",
        executionRoleArn=f"arn:aws:iam::{ACCOUNT}:role/pull",
    )
    _codedeploy_groups()
    raw_client("cognito-identity").create_identity_pool(
        IdentityPoolName="guests", AllowUnauthenticatedIdentities=True
    )
    ecs.create_cluster(clusterName="runners")
    ecs.run_task(
        cluster="runners",
        taskDefinition="runner",
        launchType="FARGATE",
        overrides={"taskRoleArn": f"arn:aws:iam::{ACCOUNT}:role/override"},
    )


def test_batch_is_read_in_bulk(session: AwsSession) -> None:
    _batch()()
    raw_client("batch").register_job_definition(
        jobDefinitionName="roleless",
        type="container",
        containerProperties={"image": "busybox", "vcpus": 1, "memory": 128},
    )

    snapshot = collect(make_session(), services=["batch"])  # its own call counts

    assert not snapshot.gaps
    (environment,) = snapshot.of_type(BatchComputeEnvironment)
    assert environment.usable and environment.name == "compute"
    (queue,) = snapshot.of_type(BatchJobQueue)
    assert (queue.arn, queue.state, queue.status) == (JOB_QUEUE, "ENABLED", "VALID")
    assert queue.compute_environment_arns == (environment.arn,)
    definitions = {d.name: d for d in snapshot.of_type(BatchJobDefinition)}
    assert set(definitions) == {"nightly:1", "roleless:1"}
    assert definitions["nightly:1"].job_role_arn == TARGET_ROLE
    assert definitions["nightly:1"].arn == f"{BATCH}:job-definition/nightly:1"
    assert definitions["roleless:1"].job_role_arn is None
    calls = {c.operation: c.count for c in snapshot.api_calls if c.service == "batch"}
    assert calls == {
        "DescribeComputeEnvironments": 2,  # one per region (us-east-1, eu-west-1)
        "DescribeJobQueues": 2,
        "DescribeJobDefinitions": 2,
    }


def test_running_tasks_are_listed_and_described_per_cluster(session: AwsSession) -> None:
    seed_workloads()
    fresh = make_session()  # its own call counts
    with hooked(fresh, "after-call.ecs.DescribeTasks", ecs_exec_on):
        snapshot = collect(fresh, services=["ecs"])

    assert not snapshot.gaps
    (task,) = snapshot.of_type(EcsTask)
    assert task.described and task.last_status == "RUNNING" and task.enable_execute_command
    assert task.cluster_arn.endswith(":cluster/runners")
    assert task.task_role_arn == f"arn:aws:iam::{ACCOUNT}:role/override"
    (definition,) = snapshot.of_type(EcsTaskDefinition)
    assert task.task_definition_arn == definition.arn
    assert definition.execution_role_arn == f"arn:aws:iam::{ACCOUNT}:role/pull"
    calls = {c.operation: c.count for c in snapshot.api_calls if c.service == "ecs"}
    # One listing per cluster (``runners`` and the Batch environment's), one DescribeTasks
    # for the cluster with a task.
    assert (calls["ListTasks"], calls["DescribeTasks"]) == (2, 1)


class _Refused:
    status_code = 403


def _refuse(**_: Any) -> tuple[_Refused, dict[str, Any]]:
    error = {"Code": "AccessDeniedException", "Message": "not authorized"}
    return _Refused(), {"Error": error, "ResponseMetadata": {"HTTPStatusCode": 403}}


def test_a_refused_describe_leaves_the_task_undescribed_and_a_gap(session: AwsSession) -> None:
    seed_workloads()
    with hooked(session, "before-call.ecs.DescribeTasks", _refuse):
        snapshot = collect(session, services=["ecs"])

    (task,) = snapshot.of_type(EcsTask)
    assert not task.described and not task.enable_execute_command
    (gap,) = snapshot.gaps
    assert (gap.operation, gap.resource_arn) == ("DescribeTasks", task.cluster_arn)
    assert not escalation_paths(snapshot)


def _codedeploy_groups() -> None:
    """An application ``site`` with three groups: by tag filters, by a tag set, by an Auto
    Scaling group.
    """
    codedeploy = raw_client("codedeploy")
    codedeploy.create_application(applicationName="site", computePlatform="Server")
    role = f"arn:aws:iam::{ACCOUNT}:role/deployer"
    codedeploy.create_deployment_group(
        applicationName="site",
        deploymentGroupName="tagged",
        serviceRoleArn=role,
        ec2TagFilters=[{"Key": "tier", "Type": "KEY_ONLY"}],
    )
    codedeploy.create_deployment_group(
        applicationName="site",
        deploymentGroupName="set",
        serviceRoleArn=role,
        ec2TagSet={
            "ec2TagSetList": [
                [{"Key": "app", "Value": "site", "Type": "KEY_AND_VALUE"}],
                [{"Value": "prod", "Type": "VALUE_ONLY"}],
            ]
        },
    )
    codedeploy.create_deployment_group(
        applicationName="site",
        deploymentGroupName="fleet",
        serviceRoleArn=role,
        autoScalingGroups=["site-fleet"],
    )


def test_deployment_groups_are_read_per_application_in_bulk(session: AwsSession) -> None:
    _codedeploy_groups()

    snapshot = collect(make_session(), services=["codedeploy"])  # its own call counts

    assert not snapshot.gaps
    groups = {g.name: g for g in snapshot.of_type(CodeDeployDeploymentGroup)}
    assert set(groups) == {"site/tagged", "site/set", "site/fleet"}
    tagged, tag_set, fleet = groups["site/tagged"], groups["site/set"], groups["site/fleet"]
    assert tagged.arn == f"arn:aws:codedeploy:us-east-1:{ACCOUNT}:deploymentgroup:site/tagged"
    assert tagged.ec2_tag_filters == (Ec2TagFilter(key="tier", type="KEY_ONLY"),)
    assert len(tag_set.ec2_tag_set) == 2 and fleet.auto_scaling_groups == ("site-fleet",)
    calls = {c.operation: c.count for c in snapshot.api_calls if c.service == "codedeploy"}
    assert calls == {
        "ListApplications": 2,  # one per region
        "ListDeploymentGroups": 1,  # one per application
        "BatchGetDeploymentGroups": 1,  # one per hundred groups of an application
    }


def test_a_deployment_group_targets_by_tag_filter_tag_set_or_auto_scaling_group() -> None:
    def group(**fields: Any) -> CodeDeployDeploymentGroup:
        return CodeDeployDeploymentGroup(
            arn="arn:aws:codedeploy:us-east-1:1:deploymentgroup:a/g",
            name="a/g",
            account_id="1",
            region="us-east-1",
            application_name="a",
            **fields,
        )

    key_only = group(ec2_tag_filters=(Ec2TagFilter(key="tier", type="KEY_ONLY"),))
    assert key_only.targets({"tier": "x"}) and not key_only.targets({"app": "tier"})
    value_only = group(ec2_tag_filters=(Ec2TagFilter(value="web", type="VALUE_ONLY"),))
    assert value_only.targets({"any": "web"}) and not value_only.targets({"web": "x"})
    both = group(
        ec2_tag_set=(
            (Ec2TagFilter(key="app", value="site"),),
            (Ec2TagFilter(key="env", value="prod"), Ec2TagFilter(key="env", value="stage")),
        )
    )
    assert both.targets({"app": "site", "env": "stage"})
    assert not both.targets({"app": "site"}) and not both.targets({"env": "prod"})
    fleet = group(auto_scaling_groups=("web",))
    assert fleet.targets({"aws:autoscaling:groupName": "web"}) and not fleet.targets({})
    lambda_group = group(compute_platform="Lambda", ec2_tag_filters=key_only.ec2_tag_filters)
    assert not lambda_group.targets({"tier": "x"})


def test_identity_pools_are_listed_and_described(session: AwsSession) -> None:
    cognito = raw_client("cognito-identity")
    open_pool = cognito.create_identity_pool(
        IdentityPoolName="guests", AllowUnauthenticatedIdentities=True
    )["IdentityPoolId"]
    cognito.create_identity_pool(IdentityPoolName="members", AllowUnauthenticatedIdentities=False)

    fresh = make_session()  # its own call counts
    with hooked(fresh, *_BASIC):
        snapshot = collect(fresh, services=["cognito-identity"])

    assert not snapshot.gaps
    pools = {p.name: p for p in snapshot.of_type(CognitoIdentityPool)}
    assert set(pools) == {"guests", "members"}
    guests, members = pools["guests"], pools["members"]
    assert guests.arn == f"arn:aws:cognito-identity:us-east-1:{ACCOUNT}:identitypool/{open_pool}"
    assert guests.pool_id == open_pool
    assert guests.described and guests.allow_unauthenticated and guests.allow_classic_flow
    assert members.described and not members.allow_unauthenticated
    calls = {c.operation: c.count for c in snapshot.api_calls if c.service == "cognito-identity"}
    assert calls == {"ListIdentityPools": 2, "DescribeIdentityPool": 2}  # per region, per pool
