"""The privilege-escalation technique catalogue, as data.

Each technique names the requests an attacker must be allowed to make (action and the resource
it is made on), what kind of target it needs in the account, and what it yields: the target
principal's permissions (``become``), or administrator rights for a principal whose policies it
rewrites (``grant``). Sources: Rhino Security Labs, "AWS IAM Privilege Escalation - Methods and
Mitigation" (Spencer Gietzen, 2018; numbered methods 1-21), BishopFox iam-vulnerable
(privesc paths of the same numbers plus the SageMaker, CodeBuild, SSM, EC2 Instance Connect,
CloudFormation UpdateStack and AssumeRole paths), and Datadog's pathfinding.cloud catalogue
(path ids such as ``ec2-002``; the others by the name the catalogue gives them, its required
permissions joined by ``+``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RHINO = "Rhino Security Labs, AWS IAM Privilege Escalation - Methods and Mitigation"
BISHOPFOX = "BishopFox iam-vulnerable"
PATHFINDING = "pathfinding.cloud"
ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"
"""The AWS managed policy a replaced permissions boundary names: a boundary that allows
everything leaves the principal exactly its identity policies' permissions."""

Target = Literal[
    "user",  # another IAM user's credentials
    "role-trust",  # a role whose trust policy lets the principal assume it
    "role-retrust",  # a role whose trust policy the principal can rewrite
    "pass-role",  # a role passed to a new service resource (the role must trust the service)
    "lambda-function",  # an existing Lambda function and its execution role
    "instance",  # an existing running EC2 instance and its instance profile's role
    "stopped-instance",  # an existing stopped EC2 instance and its instance profile's role
    "workload",  # an existing collected resource that runs as a role (``resources.KINDS``)
    "stack-set-execution",  # a role a passed stack set administration role may assume
    "join-group",  # a group the user adds itself to
    "self-user",  # the principal's own user (policies rewritten)
    "self-role",  # the principal's own role (policies rewritten)
    "unbound-user",  # the principal's own user, its permissions boundary lifted
    "unbound-role",  # the principal's own role, its permissions boundary lifted
    "group",  # a group (its members' policies rewritten)
    "policy-version",  # a customer managed policy (every principal it is attached to)
    "default-version",  # the same, only when the policy has another version
]
"""What a technique acts on; ``graph`` turns each into edges from the account's state."""


@dataclass(frozen=True)
class Need:
    """One request the technique needs: an action on a resource.

    ``resource`` is a template: ``{target}`` (the target's ARN), ``{prerequisite}`` (a collected
    resource of the technique's prerequisite kind: allowed on one of them is enough),
    ``{region}``, ``{account}``.
    ``context`` holds condition keys whose value the technique chooses (the boundary policy a
    ``Put*PermissionsBoundary`` request names): the request is decided with them known.
    """

    action: str
    resource: str = "{target}"
    context: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Technique:
    """One escalation technique."""

    id: str
    title: str
    target: Target
    needs: tuple[Need, ...]
    yields: Literal["become", "grant"]
    source: str
    service: str | None = None
    """For ``pass-role`` and existing service resources: the service principal the role must
    trust (also the ``iam:PassedToService`` value)."""
    requires_instance_profile: bool = False
    workload: str | None = None
    """For a ``workload`` target: the kind of resource (a key of ``resources.KINDS``)."""
    prerequisite: str | None = None
    """A kind of resource (``resources.KINDS``) that must exist in the principal's account
    (an ECS cluster to run a task on); none collected there, no edge."""
    note: str | None = None
    """What the technique also waits on that no snapshot shows: its steps are conditional,
    with this as their condition."""
    self_granted: tuple[str, ...] = ()
    """Actions the technique grants the principal itself in a resource policy it writes
    (``lambda:AddPermission``): decided with that policy as the resource's, so the principal's
    own policies need not allow them, while a Deny, a boundary or an SCP still refuses."""


def _pass(
    tid: str,
    title: str,
    service: str,
    *actions: str | Need,
    resource: str,
    source: str,
    prerequisite: str | None = None,
) -> Technique:
    """A role passed to a new resource of ``service`` (the role must trust it); ``actions``
    made on ``resource`` unless given as a :class:`Need` of their own.
    """
    needs = (a if isinstance(a, Need) else Need(a, resource) for a in actions)
    return Technique(
        tid,
        title,
        "pass-role",
        (Need("iam:PassRole"), *needs),
        "become",
        source,
        service=service,
        prerequisite=prerequisite,
    )


def _ecs(how: Literal["run", "service", "start", "update"], create_cluster: bool) -> Technique:
    """A task definition whose task role is the role, registered and started: run once, kept
    running by a new service, placed on a container instance, or swapped into an existing
    service. On an existing cluster (a collected active one in the account), or on one the
    principal creates (``ecs:CreateCluster``).
    """
    action, title, ident = {
        "run": ("ecs:RunTask", "run it", "run-task"),
        "service": ("ecs:CreateService", "start it as a new service", "create-service"),
        "start": ("ecs:StartTask", "start it on a container instance", "start-task"),
        "update": ("ecs:UpdateService", "put it into an existing service", "update-service"),
    }[how]
    source = {
        ("run", False): f"{PATHFINDING} ecs-004 (iam:PassRole + ecs:RegisterTaskDefinition + "
        "ecs:RunTask); Rhino Security Labs, Weaponizing ECS Task Definitions (2020)",
        ("run", True): f"{PATHFINDING} ecs-002 (iam:PassRole + ecs:CreateCluster + "
        "ecs:RegisterTaskDefinition + ecs:RunTask)",
        ("service", False): f"{PATHFINDING} ecs-003 (iam:PassRole + ecs:RegisterTaskDefinition + "
        "ecs:CreateService)",
        ("service", True): f"{PATHFINDING} ecs-001 (iam:PassRole + ecs:CreateCluster + "
        "ecs:RegisterTaskDefinition + ecs:CreateService)",
    }.get(
        (how, create_cluster), f"{PATHFINDING} iam:PassRole + ecs:RegisterTaskDefinition + {action}"
    )
    cluster = (Need("ecs:CreateCluster", "*"),) if create_cluster else ()
    last = Need(action, "{prerequisite}" if how == "update" else "*")
    prerequisite = {"update": "ecs-service", "start": "ecs-container-instances"}.get(
        how, "ecs-cluster"
    )
    return _pass(
        f"ecs-create-cluster-{ident}" if create_cluster else f"ecs-{ident}",
        ("Create a cluster, register" if create_cluster else "Register")
        + f" a task definition whose task role is the role and {title}",
        "ecs-tasks.amazonaws.com",
        *cluster,
        "ecs:RegisterTaskDefinition",
        last,
        resource="*",
        source=source,
        prerequisite=None if create_cluster else prerequisite,
    )


def _boundary(kind: Literal["user", "role"], verb: Literal["Delete", "Put"]) -> Technique:
    """Lift one's own permissions boundary: delete it, or replace it with
    :data:`ADMINISTRATOR_ACCESS` (a boundary that allows everything). Either leaves the principal
    its identity policies' permissions (IAM User Guide, "Permissions boundaries for IAM
    entities"). The request is made on the principal itself; a ``Put`` is decided with
    ``iam:PermissionsBoundary`` set to the policy it names, so a condition pinning the boundary
    to another policy cuts it.
    """
    noun = kind.capitalize()
    action = f"iam:{verb}{noun}PermissionsBoundary"
    context = (("iam:PermissionsBoundary", ADMINISTRATOR_ACCESS),) if verb == "Put" else ()
    what = "Delete" if verb == "Delete" else "Replace with AdministratorAccess"
    return Technique(
        f"{verb.lower()}-{kind}-permissions-boundary",
        f"{what} the permissions boundary of one's own {kind}",
        "unbound-user" if kind == "user" else "unbound-role",
        (Need(action, context=context),),
        "become",
        f"{PATHFINDING} {action}",
    )


def _existing(tid: str, title: str, workload: str, *actions: str, source: str) -> Technique:
    """Change what an existing resource runs (``resources.KINDS[workload]``) and run it: its
    role's permissions. Every action is requested on the resource itself.
    """
    return Technique(
        tid,
        title,
        "workload",
        tuple(Need(action) for action in actions),
        "become",
        source,
        workload=workload,
    )


def _instance_user_data(state: Literal["running", "stopped"]) -> Technique:
    """Rewrite the user data of an existing instance whose profile carries a role and boot it
    (cloud-init told to run the script on every boot): a running instance must be stopped
    first (``ModifyInstanceAttribute`` refuses ``userData`` on a running one, EC2 API
    Reference), a stopped one only started.
    """
    stop = (Need("ec2:StopInstances"),) if state == "running" else ()
    title = "Stop an instance whose profile carries the role, rewrite its user data, start it"
    if state == "stopped":
        title = (
            "Rewrite the user data of a stopped instance whose profile carries the role, start it"
        )
    return Technique(
        "ec2-user-data-stop-start" if state == "running" else "ec2-user-data-start",
        title,
        "instance" if state == "running" else "stopped-instance",
        (*stop, Need("ec2:ModifyInstanceAttribute"), Need("ec2:StartInstances")),
        "become",
        f"{PATHFINDING} ec2-002 (ec2:ModifyInstanceAttribute + ec2:StopInstances + "
        "ec2:StartInstances)",
    )


_FUNCTION = "arn:aws:lambda:{region}:{account}:function:*"
_TRIGGER = "arn:aws:glue:{region}:{account}:trigger/*"
_STACK_SET = "arn:aws:cloudformation:{region}:{account}:stackset/*"

TECHNIQUES: tuple[Technique, ...] = (
    # Credentials of another user (Rhino 4, 5, 6).
    Technique(
        "create-access-key",
        "Create an access key for another user",
        "user",
        (Need("iam:CreateAccessKey"),),
        "become",
        f"{RHINO} #4; {BISHOPFOX} privesc4",
    ),
    Technique(
        "create-login-profile",
        "Set a console password for a user that has none",
        "user",
        (Need("iam:CreateLoginProfile"),),
        "become",
        f"{RHINO} #5; {BISHOPFOX} privesc5",
    ),
    Technique(
        "delete-create-access-key",
        "Delete one of the two access keys of another user, then create one",
        "user",
        (Need("iam:DeleteAccessKey"), Need("iam:CreateAccessKey")),
        "become",
        f"{PATHFINDING} iam-003 (iam:CreateAccessKey + iam:DeleteAccessKey)",
    ),
    Technique(
        "update-login-profile",
        "Reset another user's console password",
        "user",
        (Need("iam:UpdateLoginProfile"),),
        "become",
        f"{RHINO} #6; {BISHOPFOX} privesc6",
    ),
    # Roles (Rhino 14; iam-vulnerable privesc-assumerole).
    Technique(
        "assume-role",
        "Assume a role whose trust policy allows it",
        "role-trust",
        (Need("sts:AssumeRole"),),
        "become",
        f"{BISHOPFOX} privesc-assumerole",
    ),
    Technique(
        "update-assume-role-policy",
        "Rewrite a role's trust policy to trust oneself, then assume it",
        "role-retrust",
        (Need("iam:UpdateAssumeRolePolicy"), Need("sts:AssumeRole")),
        "become",
        f"{RHINO} #14; {BISHOPFOX} privesc14",
    ),
    # Rewriting one's own (or a reachable principal's) policies (Rhino 1, 2, 7-13).
    Technique(
        "attach-user-policy",
        "Attach AdministratorAccess to a user",
        "self-user",
        (Need("iam:AttachUserPolicy"),),
        "grant",
        f"{RHINO} #7; {BISHOPFOX} privesc7",
    ),
    Technique(
        "attach-group-policy",
        "Attach AdministratorAccess to a group",
        "group",
        (Need("iam:AttachGroupPolicy"),),
        "grant",
        f"{RHINO} #8; {BISHOPFOX} privesc8",
    ),
    Technique(
        "attach-role-policy",
        "Attach AdministratorAccess to a role",
        "self-role",
        (Need("iam:AttachRolePolicy"),),
        "grant",
        f"{RHINO} #9; {BISHOPFOX} privesc9",
    ),
    Technique(
        "put-user-policy",
        "Write an administrator inline policy on a user",
        "self-user",
        (Need("iam:PutUserPolicy"),),
        "grant",
        f"{RHINO} #10; {BISHOPFOX} privesc10",
    ),
    Technique(
        "put-group-policy",
        "Write an administrator inline policy on a group",
        "group",
        (Need("iam:PutGroupPolicy"),),
        "grant",
        f"{RHINO} #11; {BISHOPFOX} privesc11",
    ),
    Technique(
        "put-role-policy",
        "Write an administrator inline policy on a role",
        "self-role",
        (Need("iam:PutRolePolicy"),),
        "grant",
        f"{RHINO} #12; {BISHOPFOX} privesc12",
    ),
    Technique(
        "create-policy-version",
        "Create a new default version of an attached managed policy",
        "policy-version",
        (Need("iam:CreatePolicyVersion"),),
        "grant",
        f"{RHINO} #1; {BISHOPFOX} privesc1",
    ),
    Technique(
        "set-default-policy-version",
        "Make another (more permissive) version of an attached managed policy the default",
        "default-version",
        (Need("iam:SetDefaultPolicyVersion"),),
        "grant",
        f"{RHINO} #2; {BISHOPFOX} privesc2",
    ),
    Technique(
        "add-user-to-group",
        "Add oneself to a more privileged group",
        "join-group",
        (Need("iam:AddUserToGroup"),),
        "become",
        f"{RHINO} #13; {BISHOPFOX} privesc13",
    ),
    # Passing a role to a new service resource (Rhino 3, 15, 16, 18, 20, 21; BishopFox).
    Technique(
        "ec2-run-instances",
        "Launch an instance with an existing instance profile of the role",
        "pass-role",
        (
            Need("iam:PassRole"),
            Need("ec2:RunInstances", "arn:aws:ec2:{region}:{account}:instance/*"),
        ),
        "become",
        f"{RHINO} #3; {BISHOPFOX} privesc3",
        service="ec2.amazonaws.com",
        requires_instance_profile=True,
    ),
    _pass(
        "lambda-create-invoke",
        "Create a function running as the role and invoke it",
        "lambda.amazonaws.com",
        "lambda:CreateFunction",
        "lambda:InvokeFunction",
        resource=_FUNCTION,
        source=f"{RHINO} #15; {BISHOPFOX} privesc15",
    ),
    _pass(
        "lambda-create-event-source",
        "Create a function running as the role, triggered by an event source mapping",
        "lambda.amazonaws.com",
        "lambda:CreateFunction",
        "lambda:CreateEventSourceMapping",
        resource=_FUNCTION,
        source=f"{RHINO} #16; {BISHOPFOX} privesc16",
    ),
    _pass(
        "glue-create-dev-endpoint",
        "Create a Glue development endpoint running as the role",
        "glue.amazonaws.com",
        "glue:CreateDevEndpoint",
        resource="arn:aws:glue:{region}:{account}:devEndpoint/*",
        source=f"{RHINO} #18; {BISHOPFOX} privesc18",
    ),
    _pass(
        "glue-create-job",
        "Create and start a Glue job running as the role",
        "glue.amazonaws.com",
        "glue:CreateJob",
        "glue:StartJobRun",
        resource="arn:aws:glue:{region}:{account}:job/*",
        source=f"incloud, by analogy with {RHINO} #18",
    ),
    _pass(
        "cloudformation-create-stack",
        "Create a stack whose service role is the role",
        "cloudformation.amazonaws.com",
        "cloudformation:CreateStack",
        resource="arn:aws:cloudformation:{region}:{account}:stack/*",
        source=f"{RHINO} #20; {BISHOPFOX} privesc20",
    ),
    _pass(
        "datapipeline-create",
        "Create and activate a pipeline running as the role",
        "datapipeline.amazonaws.com",
        "datapipeline:CreatePipeline",
        "datapipeline:PutPipelineDefinition",
        "datapipeline:ActivatePipeline",
        resource="arn:aws:datapipeline:{region}:{account}:pipeline/*",
        source=f"{RHINO} #21; {BISHOPFOX} privesc21",
    ),
    _pass(
        "codebuild-create-project",
        "Create a CodeBuild project running as the role and start a build",
        "codebuild.amazonaws.com",
        "codebuild:CreateProject",
        "codebuild:StartBuild",
        resource="arn:aws:codebuild:{region}:{account}:project/*",
        source=f"{BISHOPFOX} privesc-codeBuildProject",
    ),
    _pass(
        "codebuild-create-project-batch",
        "Create a CodeBuild project running as the role and start a batch build",
        "codebuild.amazonaws.com",
        "codebuild:CreateProject",
        "codebuild:StartBuildBatch",
        resource="arn:aws:codebuild:{region}:{account}:project/*",
        source=f"{BISHOPFOX} privesc-codeBuildProject",
    ),
    _pass(
        "sagemaker-create-notebook",
        "Create a notebook instance running as the role and open it",
        "sagemaker.amazonaws.com",
        "sagemaker:CreateNotebookInstance",
        "sagemaker:CreatePresignedNotebookInstanceUrl",
        resource="arn:aws:sagemaker:{region}:{account}:notebook-instance/*",
        source=f"{BISHOPFOX} privesc-sageNotebook",
    ),
    _pass(
        "sagemaker-create-training-job",
        "Create a training job running as the role",
        "sagemaker.amazonaws.com",
        "sagemaker:CreateTrainingJob",
        resource="arn:aws:sagemaker:{region}:{account}:training-job/*",
        source=f"{BISHOPFOX} privesc-sageTraining",
    ),
    _pass(
        "sagemaker-create-processing-job",
        "Create a processing job running as the role",
        "sagemaker.amazonaws.com",
        "sagemaker:CreateProcessingJob",
        resource="arn:aws:sagemaker:{region}:{account}:processing-job/*",
        source=f"{BISHOPFOX} privesc-sageProcessing",
    ),
    _ecs("run", create_cluster=False),
    # Existing resources that run as a role.
    Technique(
        "lambda-update-code",
        "Replace the code of an existing function running as the role",
        "lambda-function",
        (Need("lambda:UpdateFunctionCode"),),
        "become",
        f"{RHINO} #17; {BISHOPFOX} privesc17",
        service="lambda.amazonaws.com",
    ),
    Technique(
        "ssm-send-command",
        "Run a command on an instance whose profile carries the role",
        "instance",
        (Need("ssm:SendCommand"),),
        "become",
        f"{BISHOPFOX} privesc-ssm-command",
    ),
    Technique(
        "ssm-start-session",
        "Open a shell on an instance whose profile carries the role",
        "instance",
        (Need("ssm:StartSession"),),
        "become",
        f"{BISHOPFOX} privesc-ssm-session",
    ),
    Technique(
        "ec2-instance-connect",
        "Push an SSH key to an instance whose profile carries the role",
        "instance",
        (Need("ec2-instance-connect:SendSSHPublicKey"),),
        "become",
        f"{BISHOPFOX} privesc-instanceConnect",
    ),
    _existing(
        "glue-update-dev-endpoint",
        "Add one's SSH key to an existing Glue development endpoint running as the role",
        "glue-dev-endpoint",
        "glue:UpdateDevEndpoint",
        source=f"{RHINO} #19; {BISHOPFOX} privesc19",
    ),
    _existing(
        "cloudformation-update-stack",
        "Update an existing stack whose service role is the role",
        "cloudformation-stack",
        "cloudformation:UpdateStack",
        source=f"{BISHOPFOX} privesc-cfUpdateStack; {PATHFINDING} cloudformation:UpdateStack",
    ),
    _existing(
        "sagemaker-presigned-notebook-url",
        "Open an existing notebook instance running as the role",
        "sagemaker-notebook-in-service",
        "sagemaker:CreatePresignedNotebookInstanceUrl",
        source=f"{BISHOPFOX} privesc-sageUpdateURL",
    ),
    # Lifting one's own permissions boundary (pathfinding.cloud IAM paths).
    _boundary("user", "Delete"),
    _boundary("role", "Delete"),
    _boundary("user", "Put"),
    _boundary("role", "Put"),
    # New service resources running as a passed role (pathfinding.cloud).
    Technique(
        "lambda-create-add-permission",
        "Create a function running as the role, let oneself invoke it (resource policy), invoke it",
        "pass-role",
        (
            Need("iam:PassRole"),
            Need("lambda:CreateFunction", _FUNCTION),
            Need("lambda:AddPermission", _FUNCTION),
            Need("lambda:InvokeFunction", _FUNCTION),
        ),
        "become",
        f"{PATHFINDING} lambda-006 (iam:PassRole + lambda:CreateFunction + lambda:AddPermission)",
        service="lambda.amazonaws.com",
        self_granted=("lambda:InvokeFunction",),
    ),
    Technique(
        "ec2-request-spot-instances",
        "Request a spot instance with an existing instance profile of the role",
        "pass-role",
        (
            Need("iam:PassRole"),
            Need(
                "ec2:RequestSpotInstances",
                "arn:aws:ec2:{region}:{account}:spot-instances-request/*",
            ),
        ),
        "become",
        f"{PATHFINDING} ec2-003 (iam:PassRole + ec2:RequestSpotInstances)",
        service="ec2.amazonaws.com",
        requires_instance_profile=True,
    ),
    # Existing instances booted with new user data (pathfinding.cloud ec2-002).
    _instance_user_data("running"),
    _instance_user_data("stopped"),
    # ECS tasks started from a task definition with a passed task role (pathfinding.cloud).
    _ecs("run", create_cluster=True),
    _ecs("service", create_cluster=False),
    _ecs("service", create_cluster=True),
    _ecs("start", create_cluster=False),
    _ecs("update", create_cluster=False),
    # Existing CodeBuild projects: a build started with a buildspec of one's own runs as the
    # project's service role (pathfinding.cloud CodeBuild paths).
    _existing(
        "codebuild-start-build",
        "Start a build of an existing project, overriding its buildspec",
        "codebuild-project",
        "codebuild:StartBuild",
        source=f"{PATHFINDING} codebuild:StartBuild (existing project, buildspec override)",
    ),
    _existing(
        "codebuild-start-build-batch",
        "Start a batch build of an existing project, overriding its buildspec",
        "codebuild-project",
        "codebuild:StartBuildBatch",
        source=f"{PATHFINDING} codebuild:StartBuildBatch (existing project, buildspec override)",
    ),
    # Existing CloudFormation stacks and stack sets that deploy as a role.
    _existing(
        "cloudformation-change-set",
        "Create and execute a change set on an existing stack whose service role is the role",
        "cloudformation-stack",
        "cloudformation:CreateChangeSet",
        "cloudformation:ExecuteChangeSet",
        source=f"{PATHFINDING} cloudformation:CreateChangeSet + cloudformation:ExecuteChangeSet",
    ),
    _existing(
        "cloudformation-update-stack-set",
        "Update a self-managed stack set that deploys into its own account as the role",
        "cloudformation-stack-set",
        "cloudformation:UpdateStackSet",
        source=f"{PATHFINDING} cloudformation:UpdateStackSet",
    ),
    Technique(
        "cloudformation-create-stack-set",
        "Create a stack set with the role as its administration role and deploy it into the "
        "account, as an execution role the administration role may assume",
        "stack-set-execution",
        (
            Need("iam:PassRole"),
            Need("cloudformation:CreateStackSet", _STACK_SET),
            Need("cloudformation:CreateStackInstances", _STACK_SET),
        ),
        "become",
        f"{PATHFINDING} cloudformation-003 (iam:PassRole + cloudformation:CreateStackSet + "
        "cloudformation:CreateStackInstances)",
        service="cloudformation.amazonaws.com",
    ),
    # Glue jobs changed to run as a passed role, started or triggered (pathfinding.cloud).
    _pass(
        "glue-update-job",
        "Point an existing Glue job at the role and a script of one's own, and run it",
        "glue.amazonaws.com",
        Need("glue:UpdateJob", "{prerequisite}"),
        Need("glue:StartJobRun", "{prerequisite}"),
        resource="{prerequisite}",
        source=f"{PATHFINDING} iam:PassRole + glue:UpdateJob + glue:StartJobRun",
        prerequisite="glue-job",
    ),
    _pass(
        "glue-update-job-trigger",
        "Point an existing Glue job at the role and a script of one's own, and trigger it",
        "glue.amazonaws.com",
        Need("glue:UpdateJob", "{prerequisite}"),
        Need("glue:CreateTrigger", _TRIGGER),
        resource="{prerequisite}",
        source=f"{PATHFINDING} iam:PassRole + glue:UpdateJob + glue:CreateTrigger",
        prerequisite="glue-job",
    ),
    _pass(
        "glue-create-session",
        "Create a Glue interactive session running as the role and run a statement in it",
        "glue.amazonaws.com",
        "glue:CreateSession",
        "glue:RunStatement",
        resource="arn:aws:glue:{region}:{account}:session/*",
        source=f"{PATHFINDING} glue-007 (iam:PassRole + glue:CreateSession + glue:RunStatement)",
    ),
    _pass(
        "glue-create-job-trigger",
        "Create a Glue job running as the role, started by a trigger of one's own",
        "glue.amazonaws.com",
        "glue:CreateJob",
        Need("glue:CreateTrigger", _TRIGGER),
        resource="arn:aws:glue:{region}:{account}:job/*",
        source=f"{PATHFINDING} iam:PassRole + glue:CreateJob + glue:CreateTrigger",
    ),
    # A launch template an Auto Scaling group follows, given a new default version.
    Technique(
        "ec2-launch-template-version",
        "Add a launch template version with the role's instance profile, make it the default "
        "of a template an Auto Scaling group launches from",
        "pass-role",
        (
            Need("iam:PassRole"),
            Need("ec2:CreateLaunchTemplateVersion", "{prerequisite}"),
            Need("ec2:ModifyLaunchTemplate", "{prerequisite}"),
        ),
        "become",
        f"{PATHFINDING} iam:PassRole + ec2:CreateLaunchTemplateVersion + ec2:ModifyLaunchTemplate",
        service="ec2.amazonaws.com",
        requires_instance_profile=True,
        prerequisite="auto-scaling-launch-template",
        note="the Auto Scaling group launches an instance from the new version",
    ),
    Technique(
        "ec2-launch-template-existing-profile",
        "Add a launch template version with new user data, keeping the instance profile of the "
        "role, and make it the default of a template an Auto Scaling group launches from",
        "workload",
        (Need("ec2:CreateLaunchTemplateVersion"), Need("ec2:ModifyLaunchTemplate")),
        "become",
        f"{PATHFINDING} ec2-004 (ec2:CreateLaunchTemplateVersion + ec2:ModifyLaunchTemplate)",
        workload="auto-scaling-launch-template-role",
        note="the Auto Scaling group launches an instance from the new version",
    ),
    _pass(
        "apprunner-create-service",
        "Create an App Runner service whose instance role is the role",
        "tasks.apprunner.amazonaws.com",
        "apprunner:CreateService",
        resource="arn:aws:apprunner:{region}:{account}:service/*",
        source=f"{PATHFINDING} apprunner-001 (iam:PassRole + apprunner:CreateService)",
    ),
    _pass(
        "bedrock-agentcore-code-interpreter",
        "Create a Bedrock AgentCore code interpreter whose execution role is the role, and run "
        "code in a session of it",
        "bedrock-agentcore.amazonaws.com",
        "bedrock-agentcore:CreateCodeInterpreter",
        "bedrock-agentcore:StartCodeInterpreterSession",
        "bedrock-agentcore:InvokeCodeInterpreter",
        resource="*",
        source=f"{PATHFINDING} bedrock-001 (iam:PassRole + bedrock-agentcore:CreateCodeInterpreter"
        " + StartCodeInterpreterSession + InvokeCodeInterpreter)",
    ),
    # SageMaker notebook instances restarted with a lifecycle configuration of one's own.
    Technique(
        "sagemaker-notebook-lifecycle-config",
        "Attach a lifecycle configuration of one's own to a notebook instance running as the "
        "role, and restart it",
        "workload",
        (
            Need(
                "sagemaker:CreateNotebookInstanceLifecycleConfig",
                "arn:aws:sagemaker:{region}:{account}:notebook-instance-lifecycle-config/*",
            ),
            Need("sagemaker:StopNotebookInstance"),
            Need("sagemaker:UpdateNotebookInstance"),
            Need("sagemaker:StartNotebookInstance"),
        ),
        "become",
        f"{PATHFINDING} sagemaker:CreateNotebookInstanceLifecycleConfig + "
        "sagemaker:StopNotebookInstance + sagemaker:UpdateNotebookInstance + "
        "sagemaker:StartNotebookInstance",
        workload="sagemaker-notebook",
    ),
)
"""Every technique the graph knows."""
