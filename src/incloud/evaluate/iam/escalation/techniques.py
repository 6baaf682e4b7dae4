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

from . import families
from .services import SERVICE_TECHNIQUES
from .technique import BISHOPFOX, PATHFINDING, RHINO, Need, Technique

_FUNCTION = "arn:aws:lambda:{region}:{account}:function:*"
_TRIGGER = "arn:aws:glue:{region}:{account}:trigger/*"
_STACK_SET = "arn:aws:cloudformation:{region}:{account}:stackset/*"

_EARLIER: tuple[Technique, ...] = (
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
    families.passed_role(
        "lambda-create-invoke",
        "Create a function running as the role and invoke it",
        "lambda.amazonaws.com",
        "lambda:CreateFunction",
        "lambda:InvokeFunction",
        resource=_FUNCTION,
        source=f"{RHINO} #15; {BISHOPFOX} privesc15",
    ),
    families.passed_role(
        "lambda-create-event-source",
        "Create a function running as the role, triggered by an event source mapping",
        "lambda.amazonaws.com",
        "lambda:CreateFunction",
        "lambda:CreateEventSourceMapping",
        resource=_FUNCTION,
        source=f"{RHINO} #16; {BISHOPFOX} privesc16",
    ),
    families.passed_role(
        "glue-create-dev-endpoint",
        "Create a Glue development endpoint running as the role",
        "glue.amazonaws.com",
        "glue:CreateDevEndpoint",
        resource="arn:aws:glue:{region}:{account}:devEndpoint/*",
        source=f"{RHINO} #18; {BISHOPFOX} privesc18",
    ),
    families.passed_role(
        "glue-create-job",
        "Create and start a Glue job running as the role",
        "glue.amazonaws.com",
        "glue:CreateJob",
        "glue:StartJobRun",
        resource="arn:aws:glue:{region}:{account}:job/*",
        source=f"incloud, by analogy with {RHINO} #18",
    ),
    families.passed_role(
        "cloudformation-create-stack",
        "Create a stack whose service role is the role",
        "cloudformation.amazonaws.com",
        "cloudformation:CreateStack",
        resource="arn:aws:cloudformation:{region}:{account}:stack/*",
        source=f"{RHINO} #20; {BISHOPFOX} privesc20",
    ),
    families.passed_role(
        "datapipeline-create",
        "Create and activate a pipeline running as the role",
        "datapipeline.amazonaws.com",
        "datapipeline:CreatePipeline",
        "datapipeline:PutPipelineDefinition",
        "datapipeline:ActivatePipeline",
        resource="arn:aws:datapipeline:{region}:{account}:pipeline/*",
        source=f"{RHINO} #21; {BISHOPFOX} privesc21",
    ),
    families.passed_role(
        "codebuild-create-project",
        "Create a CodeBuild project running as the role and start a build",
        "codebuild.amazonaws.com",
        "codebuild:CreateProject",
        "codebuild:StartBuild",
        resource="arn:aws:codebuild:{region}:{account}:project/*",
        source=f"{BISHOPFOX} privesc-codeBuildProject",
    ),
    families.passed_role(
        "codebuild-create-project-batch",
        "Create a CodeBuild project running as the role and start a batch build",
        "codebuild.amazonaws.com",
        "codebuild:CreateProject",
        "codebuild:StartBuildBatch",
        resource="arn:aws:codebuild:{region}:{account}:project/*",
        source=f"{BISHOPFOX} privesc-codeBuildProject",
    ),
    families.passed_role(
        "sagemaker-create-notebook",
        "Create a notebook instance running as the role and open it",
        "sagemaker.amazonaws.com",
        "sagemaker:CreateNotebookInstance",
        "sagemaker:CreatePresignedNotebookInstanceUrl",
        resource="arn:aws:sagemaker:{region}:{account}:notebook-instance/*",
        source=f"{BISHOPFOX} privesc-sageNotebook",
    ),
    families.passed_role(
        "sagemaker-create-training-job",
        "Create a training job running as the role",
        "sagemaker.amazonaws.com",
        "sagemaker:CreateTrainingJob",
        resource="arn:aws:sagemaker:{region}:{account}:training-job/*",
        source=f"{BISHOPFOX} privesc-sageTraining",
    ),
    families.passed_role(
        "sagemaker-create-processing-job",
        "Create a processing job running as the role",
        "sagemaker.amazonaws.com",
        "sagemaker:CreateProcessingJob",
        resource="arn:aws:sagemaker:{region}:{account}:processing-job/*",
        source=f"{BISHOPFOX} privesc-sageProcessing",
    ),
    families.ecs_task("run", create_cluster=False),
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
    families.existing_workload(
        "glue-update-dev-endpoint",
        "Add one's SSH key to an existing Glue development endpoint running as the role",
        "glue-dev-endpoint",
        "glue:UpdateDevEndpoint",
        source=f"{RHINO} #19; {BISHOPFOX} privesc19",
    ),
    families.existing_workload(
        "cloudformation-update-stack",
        "Update an existing stack whose service role is the role",
        "cloudformation-stack",
        "cloudformation:UpdateStack",
        source=f"{BISHOPFOX} privesc-cfUpdateStack; {PATHFINDING} cloudformation:UpdateStack",
    ),
    families.existing_workload(
        "sagemaker-presigned-notebook-url",
        "Open an existing notebook instance running as the role",
        "sagemaker-notebook-in-service",
        "sagemaker:CreatePresignedNotebookInstanceUrl",
        source=f"{BISHOPFOX} privesc-sageUpdateURL",
    ),
    # Lifting one's own permissions boundary (pathfinding.cloud IAM paths).
    families.boundary_change("user", "Delete"),
    families.boundary_change("role", "Delete"),
    families.boundary_change("user", "Put"),
    families.boundary_change("role", "Put"),
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
    families.instance_user_data("running"),
    families.instance_user_data("stopped"),
    # ECS tasks started from a task definition with a passed task role (pathfinding.cloud).
    families.ecs_task("run", create_cluster=True),
    families.ecs_task("service", create_cluster=False),
    families.ecs_task("service", create_cluster=True),
    families.ecs_task("start", create_cluster=False),
    families.ecs_task("update", create_cluster=False),
    # Existing CodeBuild projects: a build started with a buildspec of one's own runs as the
    # project's service role (pathfinding.cloud CodeBuild paths).
    families.existing_workload(
        "codebuild-start-build",
        "Start a build of an existing project, overriding its buildspec",
        "codebuild-project",
        "codebuild:StartBuild",
        source=f"{PATHFINDING} codebuild:StartBuild (existing project, buildspec override)",
    ),
    families.existing_workload(
        "codebuild-start-build-batch",
        "Start a batch build of an existing project, overriding its buildspec",
        "codebuild-project",
        "codebuild:StartBuildBatch",
        source=f"{PATHFINDING} codebuild:StartBuildBatch (existing project, buildspec override)",
    ),
    # Existing CloudFormation stacks and stack sets that deploy as a role.
    families.existing_workload(
        "cloudformation-change-set",
        "Create and execute a change set on an existing stack whose service role is the role",
        "cloudformation-stack",
        "cloudformation:CreateChangeSet",
        "cloudformation:ExecuteChangeSet",
        source=f"{PATHFINDING} cloudformation:CreateChangeSet + cloudformation:ExecuteChangeSet",
    ),
    Technique(  # an update restates the administration role: a PassRole (CloudFormation API
        # Reference, UpdateStackSet AdministrationRoleARN: a customised one must be given again)
        "cloudformation-update-stack-set",
        "Update a self-managed stack set that deploys into its own account as the role",
        "workload",
        (Need("iam:PassRole", "{passes}"), Need("cloudformation:UpdateStackSet")),
        "become",
        f"{PATHFINDING} cloudformation-004 (iam:PassRole + cloudformation:UpdateStackSet)",
        service="cloudformation.amazonaws.com",
        workload="cloudformation-stack-set",
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
    families.passed_role(
        "glue-update-job",
        "Point an existing Glue job at the role and a script of one's own, and run it",
        "glue.amazonaws.com",
        Need("glue:UpdateJob", "{prerequisite}"),
        Need("glue:StartJobRun", "{prerequisite}"),
        resource="{prerequisite}",
        source=f"{PATHFINDING} iam:PassRole + glue:UpdateJob + glue:StartJobRun",
        prerequisite="glue-job",
    ),
    families.passed_role(
        "glue-update-job-trigger",
        "Point an existing Glue job at the role and a script of one's own, and trigger it",
        "glue.amazonaws.com",
        Need("glue:UpdateJob", "{prerequisite}"),
        Need("glue:CreateTrigger", _TRIGGER),
        resource="{prerequisite}",
        source=f"{PATHFINDING} iam:PassRole + glue:UpdateJob + glue:CreateTrigger",
        prerequisite="glue-job",
    ),
    families.passed_role(
        "glue-create-session",
        "Create a Glue interactive session running as the role and run a statement in it",
        "glue.amazonaws.com",
        "glue:CreateSession",
        "glue:RunStatement",
        resource="arn:aws:glue:{region}:{account}:session/*",
        source=f"{PATHFINDING} glue-007 (iam:PassRole + glue:CreateSession + glue:RunStatement)",
    ),
    families.passed_role(
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
    families.passed_role(
        "apprunner-create-service",
        "Create an App Runner service whose instance role is the role",
        "tasks.apprunner.amazonaws.com",
        "apprunner:CreateService",
        resource="arn:aws:apprunner:{region}:{account}:service/*",
        source=f"{PATHFINDING} apprunner-001 (iam:PassRole + apprunner:CreateService)",
    ),
    families.passed_role(
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
)

TECHNIQUES: tuple[Technique, ...] = (*_EARLIER, *SERVICE_TECHNIQUES)
"""Every technique the graph knows, in the order the search tries them."""
