"""Service resources escalation techniques need, read from the snapshot as data.

Two uses, both by name from the technique catalogue (:mod:`.techniques`):

* a *workload* is an existing resource that runs code as a role (a CodeBuild project and its
  service role, a CloudFormation stack and its service role, a SageMaker notebook instance and
  its execution role): a technique that changes what it runs obtains that role;
* a *prerequisite* is a resource that must exist for a technique to work (an active ECS
  cluster to run a task on, an ECS service to update): the technique's requests on it are
  decided on the collected resources' ARNs, and without one in the principal's account the
  technique gives nothing.

Each entry names the snapshot model, which of its resources count and (for a workload) the
role a resource runs as. What is not collected is not there: the views say when a listing
they depend on failed (:data:`READS`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ....snapshot import Resource, Snapshot
from ....snapshot.autoscaling import AutoScalingGroup
from ....snapshot.batch import BatchComputeEnvironment, BatchJobDefinition, BatchJobQueue
from ....snapshot.cloudformation import CloudFormationStack, CloudFormationStackSet
from ....snapshot.codebuild import CodeBuildProject
from ....snapshot.codedeploy import CodeDeployDeploymentGroup
from ....snapshot.cognitoidentity import CognitoIdentityPool
from ....snapshot.ec2 import Ec2Instance, LaunchTemplate
from ....snapshot.ecs import EcsCluster, EcsService, EcsTask, EcsTaskDefinition
from ....snapshot.glue import GlueDevEndpoint, GlueJob
from ....snapshot.iam import IamRole
from ....snapshot.sagemaker import SageMakerNotebook
from ..decide import PolicySet, Request, evaluate_request
from ..matching import RequestPrincipal
from ..special import is_reserved_role
from .trust import trust_policy_of

Entry = tuple[str, str, str | None]
"""A resource as techniques see it: the ARN requests are made on, its account, and (for a
workload) the ARN of the role it runs as."""


def _nobody(_: Any) -> str | None:
    return None


def _itself(resource: Any) -> str | None:
    arn: str = resource.arn
    return arn


@dataclass(frozen=True)
class Kind:
    """Resources of one snapshot model that a technique can use."""

    model: type[Resource]
    keep: Callable[[Any], bool]
    """Which of them count (an active cluster, a project with a service role); called with
    resources of ``model`` only."""
    role: Callable[[Any], str | None] = _nobody
    """For a workload: the ARN of the role it runs as."""
    listed_by: tuple[str, ...] = ()
    """The reads whose failure leaves paths through these resources undecided."""
    acted_on: Callable[[Any], str | None] = _itself
    """The ARN the technique's requests are made on: the resource's own, or another it
    names (an Auto Scaling group's launch template)."""
    trusted_by: str | None = None
    """For a workload: the service principal its role must trust (the service assumes the
    role to run it); a role that does not is no target."""
    joined: Callable[[Snapshot], list[Entry]] | None = None
    """For a kind that joins resources of several models: its entries, read from the whole
    snapshot (``model``, ``keep``, ``role`` and ``acted_on`` then unused)."""
    passes: Callable[[Any], str | None] | None = None
    """For a workload whose change also makes a request on another resource it names: that
    resource's ARN, on which a ``{passes}`` need is decided (a stack set's administration role,
    restated and so passed again; a deployment group's application, which the revision is
    registered with); a resource naming none cannot be changed that way."""

    def passed(self, snapshot: Snapshot) -> dict[str, str | None]:
        """The role each resource of this kind passes when changed, by the ARN acted on."""
        if self.passes is None:
            return {}
        return {
            arn: self.passes(resource)
            for resource in snapshot.of_type(self.model)
            if (arn := self.acted_on(resource)) is not None and self.keep(resource)
        }

    def collected(self, snapshot: Snapshot) -> list[Entry]:
        """``(ARN acted on, account, role)`` for each resource of this kind that counts, once
        per ARN.
        """
        if self.joined is not None:
            return list({entry[0]: entry for entry in self.joined(snapshot)}.values())
        found: dict[str, Entry] = {}
        for resource in snapshot.of_type(self.model):
            arn = self.acted_on(resource)
            if arn is not None and arn not in found and self.keep(resource):
                found[arn] = (arn, resource.account_id, self.role(resource))
        return list(found.values())


def _followed_templates(snapshot: Snapshot) -> list[Entry]:
    """Launch templates an Auto Scaling group follows (``$Default`` or ``$Latest``) whose
    default version names an instance profile of a collected role: the role is what the
    group's next instance runs as.
    """
    by_arn: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for role in snapshot.of_type(IamRole):
        for profile in role.instance_profile_arns:
            by_arn[profile] = role.arn
            by_name[profile.rsplit("/", 1)[-1]] = role.arn
    templates = {t.arn: t for t in snapshot.of_type(LaunchTemplate)}
    found: list[Entry] = []
    for group in snapshot.of_type(AutoScalingGroup):
        template = templates.get(group.launch_template_arn() or "")
        if template is None:
            continue
        runs_as = by_arn.get(template.instance_profile_arn or "") or by_name.get(
            template.instance_profile_name or ""
        )
        if runs_as is not None:
            found.append((template.arn, template.account_id, runs_as))
    return found


def _usable_queues(snapshot: Snapshot) -> list[Entry]:
    """Enabled, valid Batch job queues that place jobs on at least one enabled, valid
    compute environment: a job submitted to one runs.
    """
    usable = {e.arn for e in snapshot.of_type(BatchComputeEnvironment) if e.usable}
    return [
        (q.arn, q.account_id, None)
        for q in snapshot.of_type(BatchJobQueue)
        if q.state == "ENABLED"
        and q.status == "VALID"
        and any(arn in usable for arn in q.compute_environment_arns)
    ]


def _exec_tasks(snapshot: Snapshot) -> list[Entry]:
    """Running ECS tasks with ECS Exec on, with the task role they run as: the one their
    overrides name, else their task definition's.
    """
    definitions = {d.arn: d for d in snapshot.of_type(EcsTaskDefinition)}
    found: list[Entry] = []
    for task in snapshot.of_type(EcsTask):
        if task.last_status != "RUNNING" or not task.enable_execute_command:
            continue
        definition = definitions.get(task.task_definition_arn or "")
        role = task.task_role_arn or (definition.task_role_arn if definition else None)
        if role is not None:
            found.append((task.arn, task.account_id, role))
    return found


def _deployment_group_roles(snapshot: Snapshot) -> list[Entry]:
    """CodeDeploy deployment groups (EC2/on-premises) with a running instance they target
    whose instance profile carries a collected role: a deployment runs its scripts there as
    that role. A group over instances of several roles gives one (the first by ARN).
    """
    by_profile = {p: r.arn for r in snapshot.of_type(IamRole) for p in r.instance_profile_arns}
    running = [
        (i.account_id, i.region, i.tags, by_profile[i.iam_instance_profile_arn])
        for i in snapshot.of_type(Ec2Instance)
        if i.running and i.iam_instance_profile_arn in by_profile
    ]
    found: list[Entry] = []
    for group in snapshot.of_type(CodeDeployDeploymentGroup):
        where = (group.account_id, group.region)
        roles = sorted(
            {role for *at, tags, role in running if tuple(at) == where and group.targets(tags)}
        )
        if roles:
            found.append((group.arn, group.account_id, roles[0]))
    return found


def _task_definitions_beside(instances: bool) -> Callable[[Snapshot], list[Entry]]:
    """Active ECS task definitions in an account and region with an active cluster (with a
    registered container instance, when ``instances``): a task of one can be run there.
    """

    def joined(snapshot: Snapshot) -> list[Entry]:
        places = {
            (c.account_id, c.region)
            for c in snapshot.of_type(EcsCluster)
            if c.active and (c.registered_container_instances > 0 or not instances)
        }
        return [
            (d.arn, d.account_id, None)
            for d in snapshot.of_type(EcsTaskDefinition)
            if (d.account_id, d.region) in places
        ]

    return joined


def _trusting(service: str) -> Callable[[Any], bool]:
    """Whether a role's trust policy lets ``service`` assume it (decided by the engine)."""
    principal = RequestPrincipal.parse(service)

    def keep(role: IamRole) -> bool:
        trust = trust_policy_of(role, {})
        if trust is None or is_reserved_role(role.arn):
            return False
        request = Request(principal, "sts:AssumeRole", role.arn)
        return evaluate_request(request, PolicySet(resource=trust)).decision == "Allowed"

    return keep


_CLUSTERS = ("ecs:ListClusters", "ecs:DescribeClusters")
_NOTEBOOKS = ("sagemaker:ListNotebookInstances", "sagemaker:DescribeNotebookInstance")
_RESTARTABLE = frozenset({"InService", "Stopped"})
"""Notebook states from which one can be stopped (if running), updated and started again."""

KINDS: dict[str, Kind] = {
    "ecs-cluster": Kind(EcsCluster, lambda c: c.active, listed_by=_CLUSTERS),
    "ecs-container-instances": Kind(
        EcsCluster,
        lambda c: c.active and c.registered_container_instances > 0,
        listed_by=_CLUSTERS,
    ),
    "ecs-service": Kind(
        EcsService, lambda _: True, listed_by=("ecs:ListClusters", "ecs:ListServices")
    ),
    "codebuild-project": Kind(
        CodeBuildProject,
        lambda p: p.service_role_arn is not None,
        lambda p: p.service_role_arn,
        ("codebuild:ListProjects", "codebuild:BatchGetProjects"),
        trusted_by="codebuild.amazonaws.com",
    ),
    "cloudformation-stack": Kind(
        CloudFormationStack,
        lambda s: s.updatable and s.role_arn is not None,
        lambda s: s.role_arn,
        ("cloudformation:DescribeStacks",),
        trusted_by="cloudformation.amazonaws.com",
    ),
    "cloudformation-stack-set": Kind(
        CloudFormationStackSet,
        lambda s: s.execution_role_arn() is not None,
        lambda s: s.execution_role_arn(),
        (
            "cloudformation:ListStackSets",
            "cloudformation:DescribeStackSet",
            "cloudformation:ListStackInstances",
        ),
        passes=lambda s: s.administration_role_arn,
    ),
    "auto-scaling-launch-template": Kind(
        AutoScalingGroup,
        lambda _: True,
        listed_by=("autoscaling:DescribeAutoScalingGroups",),
        acted_on=lambda g: g.launch_template_arn(),
    ),
    "auto-scaling-launch-template-role": Kind(
        LaunchTemplate,
        lambda _: True,
        listed_by=(
            "autoscaling:DescribeAutoScalingGroups",
            "ec2:DescribeLaunchTemplates",
            "ec2:DescribeLaunchTemplateVersions",
        ),
        trusted_by="ec2.amazonaws.com",
        joined=_followed_templates,
    ),
    "glue-job": Kind(GlueJob, lambda _: True, listed_by=("glue:GetJobs",)),
    "emr-service-role": Kind(
        IamRole,
        _trusting("elasticmapreduce.amazonaws.com"),
        listed_by=("iam:GetAccountAuthorizationDetails",),
    ),
    "glue-dev-endpoint": Kind(
        GlueDevEndpoint,
        lambda e: e.status == "READY" and e.role_arn is not None,
        lambda e: e.role_arn,
        ("glue:GetDevEndpoints",),
        trusted_by="glue.amazonaws.com",
    ),
    "sagemaker-notebook-in-service": Kind(
        SageMakerNotebook,
        lambda n: n.status == "InService" and n.role_arn is not None,
        lambda n: n.role_arn,
        _NOTEBOOKS,
        trusted_by="sagemaker.amazonaws.com",
    ),
    "sagemaker-notebook": Kind(
        SageMakerNotebook,
        lambda n: n.status in _RESTARTABLE and n.role_arn is not None,
        lambda n: n.role_arn,
        _NOTEBOOKS,
        trusted_by="sagemaker.amazonaws.com",
    ),
    # Batch queues and job definitions, running ECS tasks, ECS task definitions beside a cluster
    "batch-job-queue": Kind(
        BatchJobQueue,
        lambda _: True,
        listed_by=("batch:DescribeJobQueues", "batch:DescribeComputeEnvironments"),
        joined=_usable_queues,
    ),
    "batch-job-definition": Kind(
        BatchJobDefinition,
        lambda d: d.status == "ACTIVE" and d.job_role_arn is not None,
        lambda d: d.job_role_arn,
        ("batch:DescribeJobDefinitions",),
        trusted_by="ecs-tasks.amazonaws.com",
    ),
    "ecs-exec-task": Kind(
        EcsTask,
        lambda _: True,
        listed_by=(
            "ecs:ListClusters",
            "ecs:ListTasks",
            "ecs:DescribeTasks",
            "ecs:ListTaskDefinitions",
            "ecs:DescribeTaskDefinition",
        ),
        trusted_by="ecs-tasks.amazonaws.com",
        joined=_exec_tasks,
    ),
    "ecs-task-definition-cluster": Kind(
        EcsTaskDefinition,
        lambda _: True,
        listed_by=("ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition", *_CLUSTERS),
        joined=_task_definitions_beside(instances=False),
        passes=lambda d: d.execution_role_arn,
    ),
    "ecs-task-definition-container-instances": Kind(
        EcsTaskDefinition,
        lambda _: True,
        listed_by=("ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition", *_CLUSTERS),
        joined=_task_definitions_beside(instances=True),
        passes=lambda d: d.execution_role_arn,
    ),
    "codedeploy-deployment-group": Kind(
        CodeDeployDeploymentGroup,
        lambda _: True,
        listed_by=(
            "codedeploy:ListApplications",
            "codedeploy:ListDeploymentGroups",
            "codedeploy:BatchGetDeploymentGroups",
            "ec2:DescribeInstances",
        ),
        trusted_by="ec2.amazonaws.com",
        joined=_deployment_group_roles,
        passes=lambda g: g.arn.split(":deploymentgroup:")[0] + f":application:{g.application_name}",
    ),
    "cognito-identity-pool-guests": Kind(
        CognitoIdentityPool,
        lambda p: p.allow_unauthenticated and p.allow_classic_flow,
        listed_by=("cognito-identity:ListIdentityPools", "cognito-identity:DescribeIdentityPool"),
    ),
}
"""Every workload and prerequisite kind a technique may name."""


def reads(names: Iterable[str]) -> tuple[str, ...]:
    """The listings the named kinds are read by."""
    return tuple(dict.fromkeys(op for name in names for op in KINDS[name].listed_by))
